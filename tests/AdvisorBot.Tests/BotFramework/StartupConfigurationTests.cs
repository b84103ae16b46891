using AdvisorBot.BotFramework;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.Tests.BotFramework.Support;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>Settings that cannot work stop the bot at start-up with a message naming them,
/// instead of every Teams message failing later.</summary>
public class StartupConfigurationTests
{
    [Theory]
    [InlineData("MicrosoftAppPassword", null, "MicrosoftAppPassword")]
    [InlineData("MicrosoftAppType", "SingleTenant", "MicrosoftAppTenantId")]
    [InlineData("MicrosoftAppType", "UserAssignedMSI", "not supported")]
    [InlineData("MicrosoftAppType", "SomethingElse", "MicrosoftAppType must be")]
    [InlineData("ToBotFromChannelOpenIdMetadataUrl", "http://login.example.com/keys", "ToBotFromChannelOpenIdMetadataUrl must be an absolute https URL")]
    [InlineData("ToChannelFromBotLoginUrl", "not a url", "ToChannelFromBotLoginUrl must be")]
    [InlineData("BotFramework:OutboundMaxAttempts", "0", "OutboundMaxAttempts")]
    public async Task A_setting_that_cannot_work_stops_start_up_and_is_named(string key, string? value, string message)
    {
        await using var channel = await ChannelService.StartAsync();

        // One bad setting may fail several options that read it (the resilience handler's too): all say why.
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => BotUnderTest.StartAsync(channel, new Dictionary<string, string?> { [key] = value }));
        var error = thrown is AggregateException aggregate ? Assert.IsType<OptionsValidationException>(aggregate.InnerExceptions[0]) : Assert.IsType<OptionsValidationException>(thrown);

        Assert.Contains(message, error.Message);
        Assert.DoesNotContain(BotUnderTest.AppPassword, error.Message);
    }

    [Fact]
    public void The_defaults_are_the_public_Azure_clouds()
    {
        var options = new BotFrameworkOptions { MicrosoftAppId = "app" };

        Assert.Equal(new Uri("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"), options.TokenEndpoint());
        Assert.Equal("https://api.botframework.com/.default", options.OAuthScope());
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.ToBotFromChannelOpenIdMetadataUrl);
        Assert.Equal("https://api.botframework.com", options.ToBotFromChannelTokenIssuer);
        Assert.Equal("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", options.ToBotFromEmulatorOpenIdMetadataUrl);
    }

    [Fact]
    public void A_single_tenant_app_gets_its_token_from_its_own_tenant()
    {
        var options = new BotFrameworkOptions { MicrosoftAppId = "app", MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = "0d9a6a2e-5e7b-4d8f-8b7e-1f2a3b4c5d6e" };

        Assert.Equal(new Uri("https://login.microsoftonline.com/0d9a6a2e-5e7b-4d8f-8b7e-1f2a3b4c5d6e/oauth2/v2.0/token"), options.TokenEndpoint());
    }
}
