using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AdvisorBot.Desk;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Tests.Desk;

/// <summary>The desk API answers only callers with the configured key, and is off without one.</summary>
public sealed class DeskApiAuthTests : SmallCorpusDeskTest
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/desk/ask" },
        { "POST", "/api/desk/feedback" },
        { "GET", "/api/desk/unanswered" },
        { "POST", "/api/desk/reload" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_key_every_endpoint_is_401_saying_how_to_send_one(string method, string path)
    {
        using var response = await Host.Client.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task With_a_wrong_key_every_endpoint_is_401(string method, string path)
    {
        var request = Request(method, path);
        request.Headers.Add(DeskApiKeyFilter.HeaderName, DeskTestHost.ApiKey + "x");

        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_key_of_the_same_length_or_a_prefix_of_the_key_is_401()
    {
        foreach (var key in new[] { DeskTestHost.ApiKey[..^1] + "X", DeskTestHost.ApiKey[..8], "" })
        {
            var request = Request("GET", "/api/desk/unanswered");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await Host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_key_works_in_the_x_api_key_header_and_as_a_bearer_token()
    {
        var header = Request("GET", "/api/desk/unanswered");
        header.Headers.Add(DeskApiKeyFilter.HeaderName, DeskTestHost.ApiKey);
        var bearer = Request("GET", "/api/desk/unanswered");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DeskTestHost.ApiKey);

        using var withHeader = await Host.Client.SendAsync(header);
        using var withBearer = await Host.Client.SendAsync(bearer);

        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
    }

    [Fact]
    public async Task The_key_is_checked_before_the_body_is_read()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/desk/ask") { Content = new StringContent("{ not json", null, "application/json") };

        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task With_no_key_configured_the_api_is_503_and_says_how_to_enable_it_while_the_page_still_works()
    {
        await using var host = await DeskTestHost.StartAsync(Knowledge.Path, new Dictionary<string, string?> { ["Desk:ApiKey"] = null });

        using var api = await host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "Does Alpha have an ORM?" });
        using var page = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("disabled until Desk:ApiKey is set", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_key_too_short_to_protect_anything_stops_start_up_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DeskTestHost.StartAsync(Knowledge.Path, new Dictionary<string, string?> { ["Desk:ApiKey"] = "secret" }));

        Assert.Contains("Desk:ApiKey must be at least 16 characters", error.Message);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? JsonContent.Create(new { question = "Does Alpha have an ORM?" }) : null,
    };
}
