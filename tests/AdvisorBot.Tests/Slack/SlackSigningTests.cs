using System.Net;
using System.Text;
using System.Text.Json;
using AdvisorBot.Slack;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Slack;

/// <summary>Every Slack request is checked against its signature on the raw body before anything
/// is parsed; a forged, tampered, stale or unsigned request gets 401 and no work is done.</summary>
public class SlackSigningTests : IClassFixture<SlackSigningTests.Hosts>
{
    // Slack's published example ("Verifying requests from Slack").
    private const string VectorSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const long VectorTimestamp = 1531420618;
    private const string VectorBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string VectorSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private readonly Hosts _hosts;

    public SlackSigningTests(Hosts hosts) => _hosts = hosts;

    /// <summary>One stand-in and one host for the whole class: refusals leave no state behind.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        public SlackStandIn StandIn { get; private set; } = null!;
        public SlackTestHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            StandIn = await SlackStandIn.StartAsync();
            Host = await SlackTestHost.StartAsync(StandIn);
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await StandIn.DisposeAsync();
        }
    }

    [Fact]
    public void The_published_test_vector_computes_to_the_published_signature()
    {
        Assert.Equal(VectorSignature, SlackSignature.Compute(VectorSecret, "1531420618", Encoding.UTF8.GetBytes(VectorBody)));
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(VectorSecret, "1531420618", VectorSignature, Encoding.UTF8.GetBytes(VectorBody),
            DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp)));
    }

    [Fact]
    public async Task The_published_test_vector_is_accepted_on_the_wire_when_the_clock_says_2018()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn, new Dictionary<string, string?> { ["Slack:SigningSecret"] = VectorSecret },
            new TestTime(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + 12)));

        var response = await host.PostSignedAsync(SlackEndpoints.CommandsPath, VectorBody, "application/x-www-form-urlencoded",
            at: DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), signature: VectorSignature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", answer.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("/webhook-collect", answer.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_published_test_vector_is_refused_today_as_stale()
    {
        await using var host = await SlackTestHost.StartAsync(_hosts.StandIn, new Dictionary<string, string?> { ["Slack:SigningSecret"] = VectorSecret });

        var response = await host.PostSignedAsync(SlackEndpoints.CommandsPath, VectorBody, "application/x-www-form-urlencoded",
            at: DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), signature: VectorSignature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string> Forgeries()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { SlackEndpoints.EventsPath, SlackEndpoints.CommandsPath, SlackEndpoints.InteractionsPath })
        {
            foreach (var forgery in new[] { "tampered body", "wrong secret", "stale timestamp", "future timestamp", "no signature", "no timestamp", "no headers", "malformed signature", "malformed timestamp" })
                data.Add(path, forgery);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_request_is_refused_with_401(string path, string forgery)
    {
        var body = BodyFor(path);
        var host = _hosts.Host;
        var now = DateTimeOffset.UtcNow;
        // Timestamps travel in whole seconds, so a second past the limit could be read as on it:
        // stale and future ones are well past it.
        var pastTheLimit = SlackSignature.MaxAge + TimeSpan.FromSeconds(10);
        var response = forgery switch
        {
            "tampered body" => await SendTamperedAsync(host, path, body, now),
            "wrong secret" => await host.PostSignedAsync(path, body, ContentType(path), secret: "not-the-signing-secret"),
            "stale timestamp" => await host.PostSignedAsync(path, body, ContentType(path), at: now - pastTheLimit),
            "future timestamp" => await host.PostSignedAsync(path, body, ContentType(path), at: now + pastTheLimit),
            "no signature" => await host.PostSignedAsync(path, body, ContentType(path), withSignature: false),
            "no timestamp" => await host.PostSignedAsync(path, body, ContentType(path), withTimestamp: false),
            "no headers" => await host.PostSignedAsync(path, body, ContentType(path), withTimestamp: false, withSignature: false),
            "malformed signature" => await host.PostSignedAsync(path, body, ContentType(path), signature: "v0=zz"),
            "malformed timestamp" => await SendWithTimestampAsync(host, path, body, "yesterday"),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The standard problem body for 401, and nothing about why: a forger learns nothing.
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("detail", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_within_the_five_minute_window_is_accepted()
    {
        var challenge = JsonSerializer.Serialize(new { token = "unused", challenge = "within-window", type = "url_verification" });

        var fourMinutesOld = await _hosts.Host.PostSignedAsync(SlackEndpoints.EventsPath, challenge, "application/json", at: DateTimeOffset.UtcNow - TimeSpan.FromMinutes(4));
        var fourMinutesAhead = await _hosts.Host.PostSignedAsync(SlackEndpoints.EventsPath, challenge, "application/json", at: DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4));

        Assert.Equal(HttpStatusCode.OK, fourMinutesOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fourMinutesAhead.StatusCode);
    }

    [Fact]
    public async Task A_refused_event_is_never_answered()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        var forged = JsonSerializer.Serialize(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", SlackPayloads.NewTs())));
        var stale = await host.PostSignedAsync(SlackEndpoints.EventsPath, forged, "application/json", at: DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var tampered = await SendTamperedAsync(host, SlackEndpoints.EventsPath, forged, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);

        // A genuine event in the same channel is handled after anything queued before it.
        var genuineTs = SlackPayloads.NewTs();
        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Is Django good for large projects?", genuineTs)));
        var answer = await standIn.NextAsync();

        Assert.Equal(genuineTs, answer.String("thread_ts"));
        Assert.Empty(standIn.Pending());
        Assert.Single(standIn.All);
    }

    [Fact]
    public async Task The_endpoints_do_not_exist_without_a_signing_secret()
    {
        await using var host = await SlackTestHost.StartAsync(_hosts.StandIn, new Dictionary<string, string?> { ["Slack:SigningSecret"] = null });

        foreach (var path in new[] { SlackEndpoints.EventsPath, SlackEndpoints.CommandsPath, SlackEndpoints.InteractionsPath })
        {
            var response = await host.PostSignedAsync(path, BodyFor(path), ContentType(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task The_signing_secret_can_come_from_SLACK_SIGNING_SECRET()
    {
        // Environment variables reach configuration under their own names; setting the process
        // environment here would leak into the other tests' hosts running alongside.
        const string secret = "secret-from-the-environment-variable";
        await using var host = await SlackTestHost.StartAsync(_hosts.StandIn, new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = null,
            [SlackOptions.SigningSecretVariable] = secret,
        });
        var challenge = JsonSerializer.Serialize(new { token = "unused", challenge = "from-env", type = "url_verification" });

        var signedWithIt = await host.PostSignedAsync(SlackEndpoints.EventsPath, challenge, "application/json", secret: secret);
        var signedWithAnother = await host.PostSignedAsync(SlackEndpoints.EventsPath, challenge, "application/json");

        Assert.Equal(HttpStatusCode.OK, signedWithIt.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedWithAnother.StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_413_before_it_is_read_whole()
    {
        var huge = JsonSerializer.Serialize(new { type = "url_verification", challenge = new string('x', SlackEndpoints.MaxBodyBytes) });

        var response = await _hosts.Host.PostSignedAsync(SlackEndpoints.EventsPath, huge, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string BodyFor(string path) => path switch
    {
        SlackEndpoints.EventsPath => JsonSerializer.Serialize(new { token = "unused", challenge = "forged-challenge", type = "url_verification" }),
        SlackEndpoints.CommandsPath => SlackPayloads.Form(SlackPayloads.Command("/choose-framework", new Uri("https://hooks.slack.com/commands/T0/1/abc"))),
        _ => SlackPayloads.Form(new Dictionary<string, string> { ["payload"] = """{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"},"actions":[{"action_id":"a","value":"flow:start"}]}""" }),
    };

    private static string ContentType(string path) => path == SlackEndpoints.EventsPath ? "application/json" : "application/x-www-form-urlencoded";

    /// <summary>Signs the body, then sends it with one character changed.</summary>
    private static async Task<HttpResponseMessage> SendTamperedAsync(SlackTestHost host, string path, string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackSignature.Compute(SlackTestHost.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body));
        var index = body.IndexOf('e', StringComparison.Ordinal);
        var tampered = body[..index] + "E" + body[(index + 1)..];
        return await host.PostSignedAsync(path, tampered, ContentType(path), at: at, signature: signature);
    }

    private static async Task<HttpResponseMessage> SendWithTimestampAsync(SlackTestHost host, string path, string body, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(body, Encoding.UTF8, ContentType(path)) };
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(SlackTestHost.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return await host.Client.SendAsync(request);
    }
}
