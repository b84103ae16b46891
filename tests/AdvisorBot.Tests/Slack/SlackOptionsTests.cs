using Microsoft.Extensions.Options;

namespace AdvisorBot.Tests.Slack;

/// <summary>Bad Slack settings stop start-up with the setting named.</summary>
public class SlackOptionsTests
{
    [Theory]
    [InlineData("Slack:ApiBaseUrl", "not a url")]
    [InlineData("Slack:ApiBaseUrl", "ftp://slack.example/api/")]
    [InlineData("Slack:Workers", "0")]
    [InlineData("Slack:QueueCapacity", "0")]
    public async Task An_invalid_setting_stops_start_up_naming_it(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SlackTestHost.StartAsync(null, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message);
    }
}
