using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AdvisorBot.Desk;
using AdvisorBot.Tests.Support;
using Xunit.Abstractions;

namespace AdvisorBot.Tests.Desk;

/// <summary>
/// The desk page and the health probes over HTTP on loopback, as a browser, a load balancer or an
/// uptime monitor asks for them: the page and its assets compressed when the client accepts it,
/// and HEAD answered wherever GET is.
/// </summary>
public sealed class DeskPageHttpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DeskTestHost _host = null!;
    private HttpClient _raw = null!;

    public async Task InitializeAsync()
    {
        _host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        // No automatic decompression: the test sees the bytes on the wire and their Content-Encoding.
        _raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Web_Chats_bundle_comes_compressed_to_a_browser_that_accepts_it_and_unpacks_to_the_file_itself(string encoding)
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(DeskPage.ContentDirectory, "webchat.js"));

        using var response = await GetAsync("/desk/webchat.js", encoding);
        var wire = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(original, Decompress(wire, encoding));
        output.WriteLine($"webchat.js: {original.Length:N0} bytes, {wire.Length:N0} bytes as {encoding} ({100.0 * wire.Length / original.Length:0.0}%)");
        Assert.True(wire.Length < original.Length / 3, $"{encoding}: {wire.Length:N0} of {original.Length:N0} bytes");
    }

    [Fact]
    public async Task A_client_that_accepts_no_compression_gets_the_bundle_as_it_is()
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(DeskPage.ContentDirectory, "webchat.js"));

        using var response = await GetAsync("/desk/webchat.js", acceptEncoding: null);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_page_and_its_own_script_and_style_come_compressed_too()
    {
        foreach (var path in new[] { "/", "/desk/desk.js", "/desk/desk.css" })
        {
            using var response = await GetAsync(path, "br");
            Assert.True(response.IsSuccessStatusCode, path);
            Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task Answers_of_the_APIs_are_never_compressed_since_they_carry_tokens_and_questions()
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var conversation = await _raw.SendAsync(start);
        using var ask = new HttpRequestMessage(HttpMethod.Post, "/api/desk/ask") { Content = JsonContent.Create(new { question = "Does Flask come with an ORM?" }) };
        ask.Headers.Add(DeskApiKeyFilter.HeaderName, DeskTestHost.ApiKey);
        ask.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var answer = await _raw.SendAsync(ask);

        Assert.True(conversation.IsSuccessStatusCode);
        Assert.Empty(conversation.Content.Headers.ContentEncoding);
        Assert.True(answer.IsSuccessStatusCode);
        Assert.Empty(answer.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/healthz", "application/json")]
    [InlineData("/readyz", "application/json")]
    [InlineData("/desk/webchat.js", "text/javascript")]
    public async Task HEAD_is_answered_wherever_GET_is_with_the_same_headers_and_no_body(string path, string mediaType)
    {
        using var get = await _raw.GetAsync(path);
        using var head = await _raw.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        if (path == "/")
            Assert.Equal(get.Headers.GetValues("Content-Security-Policy"), head.Headers.GetValues("Content-Security-Policy"));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(acceptEncoding));
        return await _raw.SendAsync(request);
    }

    private static byte[] Decompress(byte[] wire, string encoding)
    {
        using var input = new MemoryStream(wire);
        using Stream decompressing = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var result = new MemoryStream();
        decompressing.CopyTo(result);
        return result.ToArray();
    }
}
