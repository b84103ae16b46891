using System.Net;
using System.Text;
using System.Text.Json;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Hosting;

/// <summary>Errors over HTTP are problem details (RFC 9457) that say what to fix in the caller's
/// terms, never naming the host's internal types or the parser's byte positions.</summary>
public sealed class ProblemDetailsTests : SmallCorpusDeskTest
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("AdvisorBot.", body);
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("BytePosition", body);
        using var document = JsonDocument.Parse(body);
        Assert.Equal((int)status, document.RootElement.GetProperty("status").GetInt32());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task A_desk_question_of_the_wrong_type_is_a_400_saying_which_field_and_what_it_takes()
    {
        using var response = await Host.ApiClient.PostAsync("/api/desk/ask", new StringContent("""{"question": 42}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("question must be a JSON string.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_json_to_the_desk_is_a_400_naming_the_line()
    {
        using var response = await Host.ApiClient.PostAsync("/api/desk/ask", new StringContent("{\"question\": ", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("The body is not valid JSON (line 1)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_activity_with_a_field_of_the_wrong_type_is_a_400_problem()
    {
        using var response = await Host.Client.PostAsync("/api/messages", new StringContent("""{"type": "message", "text": 42}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("text must be a JSON string", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_status_without_a_body_of_its_own_still_gets_a_problem_body()
    {
        using var unknown = await Host.Client.GetAsync("/no-such-page");

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }
}
