using AdvisorBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Tests.Hosting;

/// <summary>Every settings section is checked at start-up: a value that cannot work stops the bot
/// with the setting named, instead of misbehaving on the first message.</summary>
public class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Search:DefaultTop", "0", "Search:DefaultTop")]
    [InlineData("Search:MinConfidence", "2", "Search:MinConfidence")]
    [InlineData("Search:QuestionWorkers", "0", "Search:QuestionWorkers")]
    [InlineData("Storage:DatabasePath", " ", "Storage:DatabasePath")]
    [InlineData("Knowledge:RetireAfter", "02:00:00", "Knowledge:RetireAfter")]
    [InlineData("DirectLine:ConversationPermitLimit", "0", "DirectLine:ConversationPermitLimit")]
    [InlineData("Turns:WorkingSignalInterval", "00:00:00", "Turns:WorkingSignalInterval")]
    [InlineData("Flow:Expiry", "-01:00:00", "Flow:Expiry")]
    public async Task A_setting_that_cannot_work_stops_start_up_and_is_named(string key, string value, string named)
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
            ["Storage:DatabasePath"] = Path.Combine(data.Path, "advisorbot.db"),
            [key] = value,
        };

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => LoopbackBot.StartAsync(settings));

        var failures = thrown is AggregateException aggregate ? aggregate.InnerExceptions : [thrown];
        Assert.Contains(failures, failure => failure is OptionsValidationException && failure.Message.Contains(named, StringComparison.Ordinal));
    }
}
