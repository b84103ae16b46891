using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AdvisorBot.Contracts;
using AdvisorBot.Core.Feedback;

namespace AdvisorBot.Desk;

/// <summary>A question for <c>POST /api/desk/ask</c>.</summary>
public sealed record AskRequest(
    [property: Description("The question, 1 to 2,000 characters.")] string? Question,
    [property: Description("How many passages to return, 1 to 10; default Search:DefaultTop."), Range(1, DeskApi.MaxTop)] int? Top = null);

/// <summary>
/// The answer: the fields of the command line's <c>search --json</c> line (<c>question</c>,
/// <c>answered</c>, <c>confidence</c>, <c>passages[]</c>, each passage exactly as there), plus the
/// <c>answerId</c> to give feedback on.
/// </summary>
public sealed record AskResponse(
    [property: Description("Identifies this answer for POST /api/desk/feedback.")] string AnswerId,
    string Question,
    bool Answered,
    double Confidence,
    IReadOnlyList<PassageJson> Passages)
{
    public static AskResponse From(string answerId, SearchLine line) => new(answerId, line.Question, line.Answered, line.Confidence, line.Passages);
}

/// <summary>Feedback for <c>POST /api/desk/feedback</c>: on an answer, on a passage, or on one passage of an answer.</summary>
public sealed record FeedbackRequest(
    [property: Description("An answerId from /ask (or from a chat answer).")] string? AnswerId,
    [property: Description("A passage id, as in passages[].id.")] string? PassageId,
    [property: Description("true if it helped, false if not.")] bool? Helpful,
    [property: Description("Optional, at most 2,000 characters.")] string? Comment);

public sealed record FeedbackResponse(bool Recorded, string? AnswerId, string? PassageId, bool Helpful);

/// <summary>What <c>GET /api/desk/unanswered</c> returns: questions declined or marked unhelpful, most recent first.</summary>
public sealed record UnansweredResponse(IReadOnlyList<UnansweredQuestion> Questions);

/// <summary>What <c>GET /api/desk/feedback</c> returns: the feedback given, most recent first.</summary>
public sealed record FeedbackListResponse(IReadOnlyList<FeedbackRecord> Feedback);

/// <summary>A reload that swapped in the knowledge (or found it unchanged).</summary>
public sealed record ReloadResponse(bool Reloaded, bool Changed, int Passages, int Articles, string Fingerprint);
