using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.Contracts;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Desk;

/// <summary>What the desk API answers, and how it refuses bad input.</summary>
public sealed class DeskApiContractTests : SmallCorpusDeskTest
{
    [Fact]
    public async Task Ask_answers_with_the_same_passages_as_the_command_lines_search_json_plus_an_answer_id()
    {
        const string question = "Does Alpha have an ORM?";
        var cli = await CliRun.RunWithInputAsync(question + "\n", "search", "--json", "--knowledge", Knowledge.Path);

        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question });
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = JsonNode.Parse(Assert.Single(cli.Lines))!.AsObject();
        foreach (var field in new[] { "question", "answered", "confidence", "passages" })
            Assert.True(JsonNode.DeepEquals(expected[field], answer[field]), $"{field}: expected {expected[field]?.ToJsonString()}, got {answer[field]?.ToJsonString()}");
        Assert.Equal("alpha-guide/alpha-features/1", answer["passages"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("The Alpha Guide", answer["passages"]![0]!["source"]!["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(answer["answerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ask_top_sets_how_many_passages_come_back_within_1_to_10()
    {
        using var one = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "Alpha admin panel", top = 1 });
        using var tooMany = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "Alpha admin panel", top = 11 });

        Assert.Single((await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passages").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("top must be a whole number from 1 to 10.", await tooMany.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("99999999999")]
    [InlineData("2.5")]
    [InlineData("\"three\"")]
    public async Task Ask_top_that_is_not_a_whole_number_from_1_to_10_is_refused_saying_so(string top)
    {
        using var response = await Host.ApiClient.PostAsync("/api/desk/ask",
            new StringContent($"{{\"question\": \"Alpha framework\", \"top\": {top}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("top must be a whole number from 1 to 10.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_field_the_api_does_not_read_is_refused_by_name_not_ignored()
    {
        using var ask = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "Alpha framework", limit = 3 });
        using var feedback = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId = "a", helpful = true, comments = "typo" });

        Assert.Equal(HttpStatusCode.BadRequest, ask.StatusCode);
        Assert.Equal("limit is not a field of this request; it reads question and top.", (await ask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, feedback.StatusCode);
        Assert.Equal("comments is not a field of this request; it reads answerId, passageId, helpful and comment.", (await feedback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_question_the_knowledge_cannot_answer_is_declined_and_listed_as_unanswered()
    {
        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "What's the weather in Berlin?" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var unanswered = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");

        Assert.False(answer.GetProperty("answered").GetBoolean());
        Assert.Empty(answer.GetProperty("passages").EnumerateArray());
        var listed = Assert.Single(unanswered.GetProperty("questions").EnumerateArray());
        Assert.Equal("What's the weather in Berlin?", listed.GetProperty("question").GetString());
        Assert.Equal(1, listed.GetProperty("declined").GetInt32());
        Assert.Equal(["desk"], listed.GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
    }

    [Fact]
    public async Task Unanswered_groups_the_same_question_from_every_channel_counts_it_and_lists_the_newest_first()
    {
        await AskAsync("What's the weather in Berlin?");
        var chat = new DirectLineClient(Host.Client);
        await chat.StartAsync();
        await chat.SayAsync("what's the weather in berlin");
        await AskAsync("Who won the world cup?");

        var unanswered = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");
        var questions = unanswered.GetProperty("questions").EnumerateArray().ToList();

        Assert.Equal(2, questions.Count);
        Assert.Equal("Who won the world cup?", questions[0].GetProperty("question").GetString());
        Assert.Equal(2, questions[1].GetProperty("times").GetInt32());
        Assert.Equal(["desk", "webchat"], questions[1].GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
        var limited = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered?limit=1");
        Assert.Single(limited.GetProperty("questions").EnumerateArray());
    }

    [Fact]
    public async Task Unhelpful_feedback_on_an_answer_lists_its_question_as_unanswered()
    {
        var answerId = (await AskAsync("Does Alpha have an ORM?")).GetProperty("answerId").GetString();

        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId, helpful = false, comment = "It does not say which databases." });
        var unanswered = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetBoolean());
        var listed = Assert.Single(unanswered.GetProperty("questions").EnumerateArray());
        Assert.Equal("Does Alpha have an ORM?", listed.GetProperty("question").GetString());
        Assert.Equal(1, listed.GetProperty("markedUnhelpful").GetInt32());
    }

    [Fact]
    public async Task Helpful_feedback_and_feedback_on_a_passage_are_recorded_without_listing_anything()
    {
        var answer = await AskAsync("Does Alpha have an ORM?");
        var answerId = answer.GetProperty("answerId").GetString();
        var passageId = answer.GetProperty("passages")[0].GetProperty("id").GetString();

        using var helpful = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId, helpful = true });
        using var onPassageOfAnswer = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId, passageId, helpful = true });
        using var onPassage = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { passageId = "beta-notes/beta-routing/1", helpful = true });

        Assert.Equal(HttpStatusCode.OK, helpful.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onPassageOfAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onPassage.StatusCode);
        Assert.Empty((await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered")).GetProperty("questions").EnumerateArray());
    }

    [Fact]
    public async Task Feedback_on_an_unknown_answer_or_passage_is_404()
    {
        using var unknownAnswer = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId = "0000000000000000", helpful = false });
        using var unknownPassage = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { passageId = "no-such/passage/1", helpful = false });

        Assert.Equal(HttpStatusCode.NotFound, unknownAnswer.StatusCode);
        Assert.Contains("No answer has the id '0000000000000000'", await unknownAnswer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownPassage.StatusCode);
    }

    [Fact]
    public async Task Feedback_without_what_it_is_about_or_without_helpful_is_400_saying_what_is_missing()
    {
        var answerId = (await AskAsync("Does Alpha have an ORM?")).GetProperty("answerId").GetString();

        using var noId = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { helpful = false });
        using var noHelpful = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId });
        using var foreignPassage = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId, passageId = "beta-notes/beta-routing/1", helpful = false });
        using var longComment = await Host.ApiClient.PostAsJsonAsync("/api/desk/feedback", new { answerId, helpful = false, comment = new string('c', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Contains("answerId", await noId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noHelpful.StatusCode);
        Assert.Contains("helpful is required", await noHelpful.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, foreignPassage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longComment.StatusCode);
    }

    [Theory]
    [InlineData("{\"question\": \"Does Alpha have an ORM?\"", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"question\": 42}", "question must be a JSON string")]
    [InlineData("", "empty")]
    [InlineData("null", "not null")]
    [InlineData("{}", "question is required")]
    [InlineData("{\"question\": \"   \"}", "question is required")]
    public async Task A_bad_ask_body_is_400_with_the_reason(string body, string reason)
    {
        using var response = await Host.ApiClient.PostAsync("/api/desk/ask", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_question_over_2000_characters_is_refused_with_its_length_and_the_limit()
    {
        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = new string('q', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2,001 characters long; ask in at most 2,000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_question_of_exactly_2000_characters_is_answered()
    {
        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = "Alpha ORM " + new string('x', 1990) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_413_whether_its_length_is_declared_or_not()
    {
        var big = JsonSerializer.Serialize(new { question = "Does Alpha have an ORM?", padding = new string('p', 70_000) });
        using var declared = await Host.ApiClient.PostAsync("/api/desk/ask", new StringContent(big, Encoding.UTF8, "application/json"));
        var chunkedContent = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunkedContent.Headers.ContentType = new("application/json");
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/desk/ask") { Content = chunkedContent };
        chunked.Headers.TransferEncodingChunked = true;
        using var undeclared = await Host.ApiClient.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, undeclared.StatusCode);
        Assert.Contains("64 KB", await declared.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await Host.ApiClient.PostAsync("/api/desk/ask", new StringContent("question=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("ten")]
    public async Task Unanswered_refuses_a_limit_outside_1_to_500(string limit)
    {
        using var response = await Host.ApiClient.GetAsync($"/api/desk/unanswered?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit must be", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_four_endpoints_and_the_api_key()
    {
        var document = await Host.Client.GetFromJsonAsync<JsonElement>("/openapi/desk.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/api/desk/ask", "/api/desk/feedback", "/api/desk/reload", "/api/desk/unanswered"], paths);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var ask = document.GetProperty("paths").GetProperty("/api/desk/ask").GetProperty("post");
        Assert.True(ask.GetProperty("responses").TryGetProperty("413", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("AskResponse").GetProperty("properties").TryGetProperty("passages", out _));
        Assert.True(schemas.GetProperty("PassageJson").GetProperty("properties").TryGetProperty("source", out _));
    }

    private async Task<JsonElement> AskAsync(string question)
    {
        using var response = await Host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
