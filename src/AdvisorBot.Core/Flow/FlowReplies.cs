using System.Globalization;
using System.Text;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Flow;

/// <summary>The flow's replies: a step with its options, the recommendation, and its notices.
/// Every one has a complete plain-text form; buttons mirror the numbered options.</summary>
public static class FlowReplies
{
    public const string HowToAnswer = "Answer with a number, an option, or in your own words. You can also say back, restart, cancel or help.";

    private static readonly ReplyChoice StartAgain = new("Start again", StartFlowAction.Instance, ChoiceStyle.Primary);

    public static Reply Step(FlowDefinition definition, FlowStep step, string? preface = null, bool offerToStop = false)
    {
        var number = definition.Steps.ToList().FindIndex(candidate => candidate.Key == step.Key) + 1;
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(preface))
            text.Append(preface.Trim()).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Question {number} of {definition.Steps.Count}: {step.Question}\n");
        for (var i = 0; i < step.Options.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {step.Options[i].Label}\n");
        text.Append(HowToAnswer);

        var choices = step.Options.Select(option => new ReplyChoice(option.Label, new FlowAnswerAction(step.Key, option.Key))).ToList();
        if (number > 1)
        {
            choices.Add(new ReplyChoice("Back", FlowBackAction.Instance));
            choices.Add(new ReplyChoice("Start over", RestartFlowAction.Instance));
        }
        // Not styled as danger: leaving the questions loses nothing worth a red warning.
        choices.Add(new ReplyChoice(offerToStop ? "Stop" : "Cancel", CancelFlowAction.Instance));
        return new Reply
        {
            Kind = ReplyKind.FlowStep,
            Title = step.Question,
            Text = text.ToString(),
            Choices = choices,
            Step = new FlowStepPrompt(number, definition.Steps.Count, step.Question, string.IsNullOrWhiteSpace(preface) ? null : preface.Trim(), HowToAnswer),
        };
    }

    public static string Help(FlowStep step) =>
        $"{step.Help}\n\nHow this works: answer with the number or the name of an option, or describe yours in a few words. "
        + "Type back to change your previous answer, restart to start over, or cancel to stop. "
        + "You can ask me a question about Django or Flask at any point; I'll answer it and come back to this question.";

    public static string Expectation(FlowStep step) =>
        $"Please answer with a number from 1 to {step.Options.Count}, the name of an option, or a few words that describe yours.";

    public static Reply Recommendation(FlowOutcome outcome)
    {
        var recommendation = outcome.Recommendation;
        var label = outcome.Framework.Label;
        var text = new StringBuilder();
        text.Append(recommendation.Headline);
        text.Append(CultureInfo.InvariantCulture,
            $" (Your answers weigh {Weight(outcome.Totals[outcome.Framework.Key])} for {label} against {Weight(outcome.Totals[outcome.RunnerUp.Key])} for {outcome.RunnerUp.Label}.)\n\n");

        text.Append("Why:\n");
        for (var i = 0; i < recommendation.Reasons.Count; i++)
        {
            var reason = recommendation.Reasons[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {reason.Text}");
            if (reason.Answer is not null)
                text.Append(CultureInfo.InvariantCulture, $" (You said: {reason.Answer}.)");
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"   From \"{reason.Passage.Heading}\":\n");
            foreach (var line in reason.Passage.Text.Split('\n'))
                text.Append("   > ").Append(line).Append('\n');
            text.Append("   ").Append(SourceLine.Format(reason.Passage.Source)).Append('\n');
        }

        text.Append("\nWhat would have changed it:\n");
        foreach (var change in recommendation.WhatWouldChange)
            text.Append("- ").Append(change).Append('\n');

        text.Append("\nYour answers:\n");
        foreach (var answer in recommendation.Answers)
            text.Append(CultureInfo.InvariantCulture, $"- {answer.Question} {answer.Answer ?? "(not answered)"}\n");
        text.Append("\nType /choose-framework to start again, or ask me anything about the two frameworks.");

        return new Reply
        {
            Kind = ReplyKind.Recommendation,
            Title = $"Recommendation: {label}",
            Text = text.ToString(),
            Passages = recommendation.Reasons.Select(reason => reason.Passage).DistinctBy(passage => passage.Id).Select(passage => new QuotedPassage(passage)).ToList(),
            Choices = [StartAgain],
            Recommendation = recommendation,
        };
    }

    public static Reply Cancelled() => Notice(
        "Okay, I've stopped the framework chooser and forgotten its answers. Type /choose-framework whenever you want to start again, or just ask me a question.",
        StartAgain);

    public static Reply Expired(TimeSpan expiry) => Notice(
        $"Your previous framework-chooser session expired: it was left alone for more than {Describe(expiry)}, so I've set it aside rather than pick up where it stopped. Type /choose-framework (or press Start again) to begin a new one.",
        StartAgain);

    public static Reply NoneUnderWay() => Notice(
        "There's no framework chooser under way (it has finished or was cancelled). Would you like to start a new one?",
        StartAgain);

    public static Reply NotAvailable() => Notice(
        $"The framework chooser isn't available: the knowledge base has no {FlowDefinition.FileName}. You can still ask me questions.");

    public static Reply Busy() => Notice(
        "I was handling several of your messages at once and couldn't apply that one. Please send it again.");

    private static Reply Notice(string text, params ReplyChoice[] choices) =>
        new() { Kind = ReplyKind.Notice, Text = text, Choices = choices };

    private static string Weight(double weight) => weight.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A time span as people say it: "24 hours", "30 minutes", "2 days".</summary>
    public static string Describe(TimeSpan span)
    {
        static string Plural(double value, string unit) =>
            $"{value.ToString("0.##", CultureInfo.InvariantCulture)} {unit}{(value == 1 ? "" : "s")}";
        if (span.TotalHours >= 48 && span.TotalDays % 1 == 0)
            return Plural(span.TotalDays, "day");
        if (span.TotalHours >= 1)
            return Plural(span.TotalHours, "hour");
        if (span.TotalMinutes >= 1)
            return Plural(span.TotalMinutes, "minute");
        return Plural(span.TotalSeconds, "second");
    }
}
