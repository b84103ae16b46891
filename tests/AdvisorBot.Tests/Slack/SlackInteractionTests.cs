using System.Net;
using System.Text.Json;
using AdvisorBot.Slack;

namespace AdvisorBot.Tests.Slack;

/// <summary>Button clicks and the slash command: acknowledged at once, answered where they belong.</summary>
public class SlackInteractionTests : IAsyncLifetime
{
    private SlackStandIn _standIn = null!;
    private SlackTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _standIn = await SlackStandIn.StartAsync();
        _host = await SlackTestHost.StartAsync(_standIn);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task Helpful_on_an_answer_thanks_the_clicker_privately_and_leaves_the_answer_alone()
    {
        var (answer, ts) = await AskAsync("Does Flask come with an ORM?");
        var hook = _standIn.ResponseUrl("T0TEAM0001/1/helpful");

        var ack = await _host.PostInteractionAsync(SlackPayloads.BlockActions(answer, answer.FeedbackButtons.Single(button => button.Label == "Helpful"), "1700000100.000001", hook, threadTs: ts));
        var thanks = await _standIn.NextAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(SlackCall.ResponseUrl, thanks.Kind);
        Assert.Equal("/hooks/T0TEAM0001/1/helpful", thanks.Path);
        Assert.Null(thanks.Authorization);
        Assert.False(thanks.Bool("replace_original"));
        Assert.Equal("ephemeral", thanks.String("response_type"));
        Assert.Contains("glad it helped", thanks.String("text"));
    }

    [Fact]
    public async Task More_like_this_answers_in_the_same_thread()
    {
        var (answer, ts) = await AskAsync("Does Flask come with an ORM?");

        await _host.PostInteractionAsync(SlackPayloads.BlockActions(answer, answer.Buttons.Single(button => button.Label == "More like this"), "1700000100.000002",
            _standIn.ResponseUrl("T0TEAM0001/1/more"), threadTs: ts));
        var more = await _standIn.NextAsync();

        Assert.Equal(SlackCall.PostMessage, more.Kind);
        Assert.Equal(ts, more.String("thread_ts"));
        Assert.Contains(more.Texts, text => text.Contains("\n> ", StringComparison.Ordinal));
        Assert.Contains(more.Texts, text => text.StartsWith("Sources:\n• ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_slash_command_is_acknowledged_at_once_and_its_questions_are_posted_in_a_thread_of_the_channel()
    {
        _standIn.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var ack = await _host.PostCommandAsync(SlackPayloads.Command("/choose-framework", _standIn.ResponseUrl("T0TEAM0001/1/command")));
        var starter = await _standIn.NextAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.False(_standIn.Gate.Task.IsCompleted);
        using var body = JsonDocument.Parse(await ack.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("text").GetString()));
        // In the channel: one line naming who is choosing; the questions go in its thread.
        Assert.Equal(SlackCall.PostMessage, starter.Kind);
        Assert.Equal(SlackPayloads.Channel, starter.String("channel"));
        Assert.Null(starter.String("thread_ts"));
        Assert.Contains($"<@{SlackPayloads.User}>", starter.String("text"));
        Assert.Empty(starter.Buttons);
        _standIn.Gate.SetResult();
        var step = await _standIn.NextAsync();
        Assert.Equal(SlackCall.PostMessage, step.Kind);
        Assert.Equal(SlackPayloads.Channel, step.String("channel"));
        Assert.Equal(starter.Ts, step.String("thread_ts"));
        Assert.NotEmpty(step.Buttons);
    }

    [Fact]
    public async Task In_a_direct_message_the_slash_command_posts_its_first_question_without_a_thread()
    {
        await _host.PostCommandAsync(SlackPayloads.Command("/choose-framework", _standIn.ResponseUrl("T0TEAM0001/1/dm"), channel: "D0DIRECT01"));
        var step = await _standIn.NextAsync();

        Assert.Equal(SlackCall.PostMessage, step.Kind);
        Assert.Null(step.String("thread_ts"));
        Assert.NotEmpty(step.Buttons);
    }

    [Fact]
    public async Task Where_the_bot_may_not_post_the_slash_command_reply_goes_to_the_person_alone()
    {
        _standIn.Respond = call => call.Kind == SlackCall.PostMessage ? Microsoft.AspNetCore.Http.Results.Json(new { ok = false, error = "not_in_channel" }) : null;

        await _host.PostCommandAsync(SlackPayloads.Command("/choose-framework", _standIn.ResponseUrl("T0TEAM0001/1/private")));
        var refused = await _standIn.NextAsync();
        var alone = await _standIn.NextAsync();

        Assert.Equal(SlackCall.PostMessage, refused.Kind);
        Assert.Equal(SlackCall.ResponseUrl, alone.Kind);
        Assert.Equal("ephemeral", alone.String("response_type"));
        Assert.False(alone.Bool("replace_original"));
        Assert.NotEmpty(alone.Buttons);
    }

    [Fact]
    public async Task An_ssl_check_is_answered_200_and_an_unknown_command_gets_an_explanation()
    {
        var sslCheck = await _host.PostSignedAsync(SlackEndpoints.CommandsPath, "ssl_check=1&token=verification-token-unused", "application/x-www-form-urlencoded");
        var unknown = await _host.PostCommandAsync(SlackPayloads.Command("/weather", _standIn.ResponseUrl("T0TEAM0001/1/weather"), text: "in Paris"));

        Assert.Equal(HttpStatusCode.OK, sslCheck.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        using var body = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("/choose-framework", body.RootElement.GetProperty("text").GetString());
        Assert.Empty(_standIn.All);
    }

    [Fact]
    public async Task Malformed_commands_and_interactions_are_bad_requests()
    {
        var noUser = SlackPayloads.Command("/choose-framework", _standIn.ResponseUrl("x"));
        noUser.Remove("user_id");
        var badUrl = SlackPayloads.Command("/choose-framework", _standIn.ResponseUrl("x"));
        badUrl["response_url"] = "file:///etc/passwd";

        var missing = await _host.PostCommandAsync(noUser);
        var unsafeUrl = await _host.PostCommandAsync(badUrl);
        var noPayload = await _host.PostSignedAsync(SlackEndpoints.InteractionsPath, "nothing=here", "application/x-www-form-urlencoded");
        var notJson = await _host.PostSignedAsync(SlackEndpoints.InteractionsPath, "payload=%7Bnot", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("user_id", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unsafeUrl.StatusCode);
        Assert.Contains("response_url", await unsafeUrl.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Empty(_standIn.All);
    }

    [Fact]
    public async Task A_click_whose_value_is_not_one_of_the_bots_buttons_is_a_bad_request_saying_what_a_value_must_be()
    {
        var payload = """{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"},"actions":[{"action_id":"a","value":"flow:answer:building"}]}""";

        var response = await _host.PostSignedAsync(SlackEndpoints.InteractionsPath, SlackPayloads.Form(new Dictionary<string, string> { ["payload"] = payload }), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("flow:answer:STEP:OPTION", await response.Content.ReadAsStringAsync());
        Assert.Empty(_standIn.All);
    }

    private async Task<(SlackCall Answer, string Ts)> AskAsync(string question)
    {
        var ts = SlackPayloads.NewTs();
        await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention(question, ts)));
        return (await _standIn.NextAsync(), ts);
    }
}
