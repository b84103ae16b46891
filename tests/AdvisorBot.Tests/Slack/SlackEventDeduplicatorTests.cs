using AdvisorBot.Slack;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Slack;

/// <summary>Remembering answered events costs bounded memory: entries expire after an hour (well
/// past Slack's last retry) and the oldest go first when there are too many.</summary>
public class SlackEventDeduplicatorTests
{
    [Fact]
    public void An_event_is_claimed_once_until_it_expires()
    {
        var clock = new TestTime(DateTimeOffset.Parse("2026-11-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var deduplicator = new SlackEventDeduplicator(clock);

        Assert.True(deduplicator.TryClaim("event:Ev1", "message:T:C:1"));
        Assert.False(deduplicator.TryClaim("event:Ev1"));
        Assert.False(deduplicator.TryClaim("event:Ev2", "message:T:C:1"));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(deduplicator.TryClaim("event:Ev1"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(deduplicator.TryClaim("event:Ev1"));
    }

    [Fact]
    public void A_failed_claim_claims_nothing_and_a_released_one_can_be_claimed_again()
    {
        var deduplicator = new SlackEventDeduplicator(new TestTime(DateTimeOffset.UnixEpoch));

        Assert.True(deduplicator.TryClaim("a"));
        Assert.False(deduplicator.TryClaim("b", "a"));
        Assert.True(deduplicator.TryClaim("b"));
        deduplicator.Release("a");
        Assert.True(deduplicator.TryClaim("a"));
    }

    [Fact]
    public void Past_the_limit_the_oldest_entries_are_forgotten_first()
    {
        var deduplicator = new SlackEventDeduplicator(new TestTime(DateTimeOffset.UnixEpoch));

        for (var i = 0; i <= SlackEventDeduplicator.MaxEntries; i++)
            Assert.True(deduplicator.TryClaim($"event:{i}"));

        Assert.True(deduplicator.TryClaim("event:0"));
        Assert.False(deduplicator.TryClaim($"event:{SlackEventDeduplicator.MaxEntries}"));
    }
}
