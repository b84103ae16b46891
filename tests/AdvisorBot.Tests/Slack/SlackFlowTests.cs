using System.Net;

namespace AdvisorBot.Tests.Slack;

/// <summary>/choose-framework end to end: the guided flow (the same engine every channel uses)
/// driven through Slack's slash command, a typed answer in the flow's thread, and button clicks
/// that replace the message they came from, until the recommendation.</summary>
public class SlackFlowTests
{
    private const int MaxTurns = 20;

    [Fact]
    public async Task The_slash_command_runs_the_guided_flow_through_a_typed_answer_and_button_clicks_to_a_recommendation()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);

        var ack = await host.PostCommandAsync(SlackPayloads.Command("/choose-framework", standIn.ResponseUrl("T0TEAM0001/1/command")));
        var starter = await standIn.NextAsync();
        var first = await standIn.NextAsync();
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(SlackCall.PostMessage, first.Kind);
        Assert.NotEmpty(first.Buttons);
        // The flow runs in a thread of its own, not in the channel for everyone.
        var flowMessageTs = starter.Ts!;
        Assert.Equal(flowMessageTs, first.String("thread_ts"));

        // The first answer typed in the flow's thread, as a mention (the bot sees only those in channels).
        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("1", SlackPayloads.NewTs(), threadTs: flowMessageTs)));
        var message = await standIn.NextAsync();
        Assert.Equal(SlackCall.PostMessage, message.Kind);
        Assert.Equal(flowMessageTs, message.String("thread_ts"));
        Assert.NotEqual(first.Texts, message.Texts);
        var messageTs = message.Ts!;

        // Then click: the first button is always the first option of the current question.
        for (var turn = 0; turn < MaxTurns && !IsRecommendation(message); turn++)
        {
            Assert.NotEmpty(message.Buttons);
            var hook = standIn.ResponseUrl($"T0TEAM0001/click/{turn}");
            var clicked = await host.PostInteractionAsync(SlackPayloads.BlockActions(message, message.Buttons[0], messageTs, hook, threadTs: flowMessageTs));
            Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
            message = await standIn.NextAsync();
            Assert.Equal(SlackCall.ResponseUrl, message.Kind);
            Assert.Equal($"/hooks/T0TEAM0001/click/{turn}", message.Path);
            Assert.True(message.Bool("replace_original"));
        }

        Assert.True(IsRecommendation(message), $"no recommendation after {MaxTurns} clicks; last message: {message.String("text")}");
        Assert.Contains(message.Texts, text => text.StartsWith("Recommendation", StringComparison.Ordinal));
        Assert.Contains(message.Texts, text => text.Contains("\n> ", StringComparison.Ordinal));
        Assert.Contains(message.Texts, text => text.StartsWith("Source: ", StringComparison.Ordinal));
        Assert.Empty(standIn.Pending());
    }

    private static bool IsRecommendation(SlackCall message) =>
        message.Blocks.Any(block => block.TryGetProperty("block_id", out var id) && id.GetString() == "recommendation");
}
