using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.DirectLine;

/// <summary>Every Direct Line call but starting a conversation needs that conversation's token.</summary>
public sealed class DirectLineTokenTests : IAsyncLifetime
{
    private readonly TempDirectory _knowledge = SmallCorpus.Create();
    private readonly TestTime _time = new();
    private DeskTestHost _host = null!;
    private DirectLineClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await DeskTestHost.StartAsync(_knowledge.Path, services: services => services.AddSingleton<TimeProvider>(_time));
        _client = new DirectLineClient(_host.Client);
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _knowledge.Dispose();
    }

    [Fact]
    public async Task Reading_or_posting_without_a_token_is_401()
    {
        using var read = await _client.GetRawAsync(token: "");
        using var post = await PostWithAuthorizationAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains("Authorization: Bearer", await read.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_made_up_or_non_bearer_token_is_401(string authorization)
    {
        using var response = await PostWithAuthorizationAsync(authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_with_the_right_conversation_but_a_forged_secret_is_401()
    {
        var forged = _client.ConversationId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        using var response = await _client.GetRawAsync(token: forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task One_conversations_token_does_not_open_another_conversation()
    {
        var other = new DirectLineClient(_host.Client);
        await other.StartAsync();

        using var read = await _client.GetRawAsync(conversationId: other.ConversationId);
        using var post = await _client.PostRawAsync(new { type = "message", text = "hello" }, conversationId: other.ConversationId);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Single(await other.PollAsync());
    }

    [Fact]
    public async Task An_expired_token_is_403_and_a_refreshed_one_keeps_the_conversation_going()
    {
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _client.Token);
        _time.Advance(TimeSpan.FromMinutes(20));
        using var refreshed = await _host.Client.SendAsync(refresh);
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        var oldToken = _client.Token;
        _time.Advance(TimeSpan.FromMinutes(20));

        using var withOld = await _client.GetRawAsync(token: oldToken);
        _client.Token = body.GetProperty("token").GetString()!;
        using var withNew = await _client.GetRawAsync();

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(_client.ConversationId, body.GetProperty("conversationId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        Assert.Contains("TokenExpired", await withOld.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
    }

    [Fact]
    public async Task Starting_with_a_token_returns_the_conversation_it_was_issued_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _client.Token);

        using var response = await _host.Client.SendAsync(request);
        var conversation = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_client.ConversationId, conversation.GetProperty("conversationId").GetString());
        // Starting it again does not welcome twice.
        Assert.Single(await _client.PollAsync());
    }

    [Fact]
    public async Task Posting_more_than_64_KB_is_413()
    {
        using var response = await _client.PostRawAsync(new { type = "message", text = new string('a', 70_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_not_an_activity_is_400_with_the_reason()
    {
        using var notJson = await PostBodyAsync("{\"type\": \"message\", ");
        using var noType = await PostBodyAsync("{\"text\": \"hi\"}");
        using var badType = await PostBodyAsync("{\"type\": \"deleteEverything\"}");
        using var badText = await PostBodyAsync("{\"type\": \"message\", \"text\": {\"nested\": true}}");

        Assert.All([notJson, noType, badType, badText], response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.Contains("not valid JSON", await notJson.Content.ReadAsStringAsync());
        Assert.Contains("no type", await noType.Content.ReadAsStringAsync());
        Assert.Contains("deleteEverything", await badType.Content.ReadAsStringAsync());
        Assert.Contains("text must be a string", await badText.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostWithAuthorizationAsync(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_client.ConversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", text = "hello" }),
        };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization.StartsWith("Basic", StringComparison.Ordinal) ? authorization : "Bearer " + authorization);
        return _host.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostBodyAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_client.ConversationId}/activities")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _client.Token);
        return _host.Client.SendAsync(request);
    }
}
