using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.DirectLine;

/// <summary>A Direct Line 3.0 client as Web Chat uses it (polling), for tests over HTTP.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    /// <summary>The conversation; set it (with <see cref="Token"/>) to carry on one started elsewhere.</summary>
    public string ConversationId { get; set; } = "";

    public string Token { get; set; } = "";

    public string Watermark { get; private set; } = "";

    public async Task<JsonElement> StartAsync()
    {
        using var response = await http.PostAsync("/v3/directline/conversations", content: null);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var conversation = await response.Content.ReadFromJsonAsync<JsonElement>();
        ConversationId = conversation.GetProperty("conversationId").GetString()!;
        Token = conversation.GetProperty("token").GetString()!;
        return conversation;
    }

    public Task<HttpResponseMessage> PostRawAsync(object activity, string? conversationId = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{Uri.EscapeDataString(conversationId ?? ConversationId)}/activities")
        {
            Content = JsonContent.Create(activity),
        };
        Authorize(request, token);
        return http.SendAsync(request);
    }

    /// <summary>Posts an activity and returns the id the endpoint gave it.</summary>
    public async Task<string> PostAsync(object activity)
    {
        using var response = await PostRawAsync(activity);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    public Task<string> SayAsync(string text) =>
        PostAsync(new { type = "message", from = new { id = "tester", name = "Tess" }, text, channelData = new { clientActivityID = Guid.NewGuid().ToString("N") } });

    public Task<string> ClickAsync(string action) =>
        PostAsync(new { type = "message", from = new { id = "tester" }, value = new { action }, channelData = new { postBack = true } });

    public Task<HttpResponseMessage> GetRawAsync(string? watermark = null, string? conversationId = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{Uri.EscapeDataString(conversationId ?? ConversationId)}/activities?watermark={Uri.EscapeDataString(watermark ?? Watermark)}");
        Authorize(request, token);
        return http.SendAsync(request);
    }

    /// <summary>The activities since the last poll; moves the watermark on.</summary>
    public async Task<IReadOnlyList<JsonObject>> PollAsync()
    {
        using var response = await GetRawAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var set = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Watermark = set["watermark"]!.GetValue<string>();
        return set["activities"]!.AsArray().Select(activity => activity!.AsObject()).ToList();
    }

    /// <summary>The bot's messages since the last poll (its typing activities, shown while a turn takes a while, are not messages).</summary>
    public async Task<IReadOnlyList<JsonObject>> BotMessagesAsync() =>
        (await PollAsync()).Where(activity => activity["from"]?["role"]?.GetValue<string>() == "bot" && activity["type"]?.GetValue<string>() == "message").ToList();

    private void Authorize(HttpRequestMessage request, string? token)
    {
        var value = token ?? Token;
        if (value.Length > 0)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
    }

    /// <summary>The Adaptive Card of a bot message.</summary>
    public static JsonObject Card(JsonObject activity)
    {
        var attachment = activity["attachments"]!.AsArray().Single()!.AsObject();
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        return attachment["content"]!.AsObject();
    }

    /// <summary>Every text of a card (its TextBlocks, however nested), as Web Chat shows it.</summary>
    public static IReadOnlyList<string> Texts(JsonNode card) => MarkdownShown.Of(Markdown(card));

    /// <summary>Every text of a card as written on the wire (Markdown).</summary>
    public static IReadOnlyList<string> Markdown(JsonNode card) =>
        card switch
        {
            JsonObject obj when obj["type"]?.GetValue<string>() == "TextBlock" => [obj["text"]!.GetValue<string>()],
            JsonObject obj => obj.SelectMany(pair => pair.Value is null ? [] : Markdown(pair.Value)).ToList(),
            JsonArray array => array.SelectMany(item => item is null ? [] : Markdown(item)).ToList(),
            _ => [],
        };

    /// <summary>What can be clicked on the card that talks to the bot, as (title, action value):
    /// its buttons and its tappable rows, in order; "Show more" toggles stay in the card and are left out.</summary>
    public static IReadOnlyList<(string Title, string Action)> Buttons(JsonNode card) =>
        card switch
        {
            JsonObject obj when obj["type"]?.GetValue<string>() is "Action.Submit" or "Action.Execute" =>
                [(obj["title"]!.GetValue<string>(), obj["data"]!["action"]!.GetValue<string>())],
            // A button that opens a form ("Not helpful" asks why): by its own title, with what the form sends.
            JsonObject obj when obj["type"]?.GetValue<string>() == "Action.ShowCard" =>
                Buttons(obj["card"]!).Select(sent => (obj["title"]!.GetValue<string>(), sent.Action)).ToList(),
            JsonObject obj => obj.SelectMany(pair => pair.Value is null ? [] : Buttons(pair.Value)).ToList(),
            JsonArray array => array.SelectMany(item => item is null ? [] : Buttons(item)).ToList(),
            _ => [],
        };
}
