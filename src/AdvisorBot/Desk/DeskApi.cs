using System.Globalization;
using AdvisorBot.Contracts;
using AdvisorBot.Http;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Knowledge;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AdvisorBot.Desk;

/// <summary>
/// The support desk's JSON API under <c>/api/desk</c>, for the agents' tooling: ask a question,
/// give feedback, list what the knowledge base does not answer well, reload the knowledge. Every
/// endpoint needs the API key (<see cref="DeskApiKeyFilter"/>).
/// </summary>
public static class DeskApi
{
    public const string Prefix = "/api/desk";

    /// <summary>The channel the API's questions and feedback are recorded under.</summary>
    public const string Channel = "desk";

    private const string Caller = "desk-api";
    private const int MaxIdLength = 200;
    private const int MaxCommentLength = 2000;
    /// <summary>Most passages an ask returns: the most <c>Search:DefaultTop</c> may be.</summary>
    public const int MaxTop = AdvisorBot.Core.Search.SearchOptions.MaxTop;
    private const int MaxUnanswered = 500;

    public static RouteGroupBuilder MapDeskApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix)
            .WithGroupName(DeskSetup.OpenApiDocumentName)
            .WithTags("Support desk")
            .AddEndpointFilter<DeskApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/ask", AskAsync)
            .WithName("Ask")
            .WithSummary("Answer a question with the best passages, each with its source")
            .WithDescription("The answer has the fields of the command line's `search --json` (question, answered, confidence, passages[]) plus answerId for feedback. Declined questions are recorded and show in /unanswered.")
            .WithJsonBody<AskRequest>()
            .Produces<AskResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/feedback", FeedbackAsync)
            .WithName("Feedback")
            .WithSummary("Record whether an answer or a passage helped")
            .WithDescription("Give answerId (from /ask or a chat answer), passageId, or both (a passage of that answer). Answers marked unhelpful show in /unanswered.")
            .WithJsonBody<FeedbackRequest>()
            .Produces<FeedbackResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/unanswered", UnansweredAsync)
            .WithName("Unanswered")
            .WithSummary("Questions declined or marked unhelpful, from every channel")
            .WithDescription("Grouped by question (case, spacing and punctuation aside), counted, the most recently asked first. Optional query limit=1..500 (default 100).")
            .Produces<UnansweredResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/feedback", ListFeedbackAsync)
            .WithName("FeedbackGiven")
            .WithSummary("The feedback given in every channel, the most recent first")
            .WithDescription("Each record names the question the person asked (for \"more like this\", the question that led to it), the passage rated, helpful or not, the words given and the channel (msteams, slack, webchat, desk). Optional query limit=1..500 (default 100).")
            .Produces<FeedbackListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("/reload", ReloadAsync)
            .WithName("Reload")
            .WithSummary("Reload the knowledge and swap it in")
            .WithDescription("Rebuilds the index from the knowledge folder (or reopens Knowledge:IndexFile). All or nothing: if any file is bad the reload is refused with 422 naming the file, and the current knowledge keeps answering.")
            .Produces<ReloadResponse>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return group;
    }

    private static async Task<IResult> AskAsync(HttpContext http, KnowledgeProvider knowledge, FeedbackStore feedback)
    {
        var (request, error) = await DeskJsonBody.ReadAsync<AskRequest>(http.Request, http.RequestAborted);
        if (error is not null)
            return error;
        var question = request!.Question?.Trim();
        if (string.IsNullOrEmpty(question))
            return DeskJsonBody.BadRequest("question is required: send {\"question\": \"...\"} with the question as text.");
        if (question.Length > ConversationEngine.MaxQuestionLength)
            return DeskJsonBody.BadRequest($"The question is {question.Length:N0} characters long; ask in at most {ConversationEngine.MaxQuestionLength:N0}.");
        if (request.Top is < 1 or > MaxTop)
            return DeskJsonBody.BadRequest($"top must be {JsonBodyError.WholeNumber(typeof(AskRequest).GetProperty(nameof(AskRequest.Top)))}.");

        // The lease keeps this snapshot open even if a reload swaps in another meanwhile.
        using var lease = knowledge.Acquire();
        var result = await lease.Snapshot.Searcher.SearchAsync(question, request.Top, http.RequestAborted);
        var answerId = await feedback.RecordAnswerAsync(Channel, Caller, Caller, question, result.Answered, result.Confidence, result.Hits.Select(hit => hit.Passage.Id).ToList(), http.RequestAborted);
        return Results.Json(AskResponse.From(answerId, JsonOutput.ToJson(result)), JsonOutput.Options);
    }

    private static async Task<IResult> FeedbackAsync(HttpContext http, KnowledgeProvider knowledge, FeedbackStore feedback)
    {
        var (request, error) = await DeskJsonBody.ReadAsync<FeedbackRequest>(http.Request, http.RequestAborted);
        if (error is not null)
            return error;
        var answerId = Blank(request!.AnswerId);
        var passageId = Blank(request.PassageId);
        if (answerId is null && passageId is null)
            return DeskJsonBody.BadRequest("Give answerId (from /ask), passageId, or both.");
        if (answerId?.Length > MaxIdLength || passageId?.Length > MaxIdLength)
            return DeskJsonBody.BadRequest($"answerId and passageId are at most {MaxIdLength} characters.");
        if (request.Helpful is not { } helpful)
            return DeskJsonBody.BadRequest("helpful is required: true if it helped, false if not.");
        var comment = Blank(request.Comment);
        if (comment?.Length > MaxCommentLength)
            return DeskJsonBody.BadRequest($"The comment is {comment.Length:N0} characters long; at most {MaxCommentLength:N0} are kept.");

        RecordedAnswer? answer = null;
        if (answerId is not null && (answer = await feedback.FindAnswerAsync(answerId, http.RequestAborted)) is null)
            return DeskJsonBody.Problem(StatusCodes.Status404NotFound, "Unknown answer", $"No answer has the id '{answerId}'.");
        if (passageId is not null)
        {
            if (answer is not null && !answer.PassageIds.Contains(passageId, StringComparer.Ordinal))
                return DeskJsonBody.BadRequest($"The passage '{passageId}' is not one of that answer's passages.");
            // A passage of a recorded answer counts even if a reload has since removed it.
            if (answer is null && knowledge.Current.Knowledge.FindPassage(passageId) is null)
                return DeskJsonBody.Problem(StatusCodes.Status404NotFound, "Unknown passage", $"No passage has the id '{passageId}'.");
        }

        if (!await feedback.RecordFeedbackAsync(answerId, passageId, helpful, comment, Channel, Caller, http.RequestAborted))
            return DeskJsonBody.Problem(StatusCodes.Status404NotFound, "Unknown answer", $"No answer has the id '{answerId}'.");
        return Results.Json(new FeedbackResponse(true, answerId, passageId, helpful), JsonOutput.Options);
    }

    private static async Task<IResult> UnansweredAsync(HttpContext http, FeedbackStore feedback)
    {
        var (limit, problem) = ReadLimit(http);
        return problem ?? Results.Json(new UnansweredResponse(await feedback.UnansweredAsync(limit, http.RequestAborted)), JsonOutput.Options);
    }

    private static async Task<IResult> ListFeedbackAsync(HttpContext http, FeedbackStore feedback)
    {
        var (limit, problem) = ReadLimit(http);
        return problem ?? Results.Json(new FeedbackListResponse(await feedback.FeedbackAsync(limit, http.RequestAborted)), JsonOutput.Options);
    }

    /// <summary>The optional <c>limit</c> query of a listing: 1..500, 100 when absent.</summary>
    private static (int Limit, IResult? Problem) ReadLimit(HttpContext http)
    {
        var limit = 100;
        var limitText = http.Request.Query["limit"];
        if (limitText.Count > 0 && (limitText.Count > 1 || !int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxUnanswered))
            return (0, DeskJsonBody.BadRequest($"limit must be a whole number from 1 to {MaxUnanswered}."));
        return (limit, null);
    }

    /// <summary>The rebuild runs on the provider's own thread; the request waits for it without
    /// holding a pool thread, so the answer says what was swapped in, as before.</summary>
    private static async Task<IResult> ReloadAsync(HttpContext http, KnowledgeProvider knowledge)
    {
        var result = await knowledge.ReloadAsync(http.RequestAborted);
        if (!result.Succeeded)
        {
            return Results.Problem(
                title: "Reload refused",
                detail: $"{result.Error} The knowledge loaded before (fingerprint {result.Fingerprint}) keeps answering.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["error"] = result.Error, ["fingerprint"] = result.Fingerprint });
        }
        return Results.Json(new ReloadResponse(true, result.Changed, result.Passages, result.Articles, result.Fingerprint), JsonOutput.Options);
    }

    /// <summary>
    /// Describes the JSON body in the OpenAPI document. Not <c>Accepts&lt;T&gt;</c>: that also makes
    /// routing refuse other content types with an empty 415 before the API key is checked, where
    /// <see cref="DeskJsonBody"/> says what to send instead.
    /// </summary>
    private static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            };
        });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
