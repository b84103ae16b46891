using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Authentication;
using AdvisorBot.BotFramework.Connector;
using AdvisorBot.Tests.BotFramework.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>The connector calls other than a reply (a new message, an update) go out the same
/// way: escaped ids, the bot's token; and keys published only as certificates are read too.</summary>
public class ConnectorClientTests(BotFrameworkWorldFixture fixture) : IClassFixture<BotFrameworkWorldFixture>
{
    private BotFrameworkWorld World => fixture.World;

    private Activity Outgoing(string conversation, string? replyTo = null) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = World.Channel.ServiceUrl,
        ChannelId = "msteams",
        Conversation = new ConversationAccount(conversation),
        From = new ChannelAccount(TeamsActivities.BotId),
        ReplyToId = replyTo,
        Text = "Hello",
    };

    [Fact]
    public async Task A_new_message_goes_to_the_conversation_and_an_update_replaces_the_activity()
    {
        var conversation = TeamsActivities.NewConversationId();
        using var scope = World.Bot.Services.CreateScope();
        var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();

        var sent = await connector.SendAsync(Outgoing(conversation), CancellationToken.None);
        var updated = await connector.UpdateAsync("1:card@id;x", Outgoing(conversation) with { Text = "Updated" }, CancellationToken.None);

        Assert.True(sent.Succeeded);
        Assert.StartsWith("sent-", sent.ActivityId);
        Assert.True(updated.Succeeded);
        var requests = World.Channel.ConnectorRequests.Where(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation))).ToList();
        Assert.Equal(("POST", $"/connector/v3/conversations/{Uri.EscapeDataString(conversation)}/activities"), (requests[0].Method, requests[0].RawTarget));
        Assert.Equal(("PUT", $"/connector/v3/conversations/{Uri.EscapeDataString(conversation)}/activities/1%3Acard%40id%3Bx"), (requests[1].Method, requests[1].RawTarget));
        Assert.Equal("Updated", requests[1].Text);
        Assert.Equal("1:card@id;x", requests[1].Activity.GetProperty("id").GetString());
        Assert.All(requests, request => Assert.StartsWith("Bearer " + ChannelService.AccessTokenPrefix, request.Authorization));
    }

    [Fact]
    public async Task The_bots_token_is_never_sent_to_a_plain_http_service_url_off_this_machine()
    {
        using var scope = World.Bot.Services.CreateScope();
        var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();

        var result = await connector.SendAsync(Outgoing("conversation") with { ServiceUrl = "http://connector.example.net/" }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("refusing to send the bot's token", result.Failure);
    }

    [Fact]
    public async Task Keys_published_only_as_certificates_are_read_with_their_endorsements()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var json = JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", use = "sig", kid = "cert-key", x5t = "ignored", x5c = new[] { Convert.ToBase64String(certificate.RawData) }, endorsements = new[] { "msteams" } },
                new { kty = "EC", use = "sig", kid = "ec-key", crv = "P-256", x = "AA", y = "AA" },
            },
        });

        var keys = BotSigningKeys.SigningKeysOf(new JsonWebKeySet(json));

        var key = Assert.Single(keys);
        Assert.Equal("cert-key", key.KeyId);
        Assert.Equal(["msteams"], key.Endorsements);
        // The certificate's key checks a signature made with its private key.
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "issuer",
            Audience = "audience",
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "cert-key" }, SecurityAlgorithms.RsaSha256),
        });
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters { ValidIssuer = "issuer", ValidAudience = "audience", IssuerSigningKeys = [key.Key] });
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
