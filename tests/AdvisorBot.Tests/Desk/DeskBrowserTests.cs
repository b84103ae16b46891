using System.Net.Http.Json;
using System.Text.Json;
using AdvisorBot.Hosting;
using AdvisorBot.Knowledge;
using AdvisorBot.Tests.Support;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AdvisorBot.Tests.Desk;

/// <summary>
/// The desk page in a real browser (Debian's Chromium, headless) against the real host on
/// loopback, with the shipped knowledge: Web Chat loads from the host, questions are answered
/// with cards that quote the passage and its source, feedback reaches the desk API.
/// </summary>
public sealed class DeskBrowserTests(ChromiumBrowser browser, ITestOutputHelper output) : IClassFixture<ChromiumBrowser>
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_question_asked_on_the_page_is_answered_once_with_its_passage_and_source_and_not_helpful_lands_in_unanswered(string screen)
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        const string question = "Does Flask come with an ORM?";
        var expected = host.Service<KnowledgeProvider>().Current.Searcher.Search(question).Best!.Passage;
        await RunAsync(host, "answer", ViewportNamed(screen), page =>
        {
            var before = page.Activities.Count;
            var answer = page.Ask(question);
            // The question and one answer: no plain-text copy of the card beside it, and yet the
            // answer's plain text is there for a screen reader.
            Assert.Equal(before + 2, page.Activities.Count);
            var shown = page.Activities[^1];
            Assert.Empty(shown.FindElements(By.CssSelector(".webchat__text-content")));
            Assert.Contains("Also: ", page.ScreenReaderText(shown));
            // The next step offered above the send box.
            Assert.Contains("Choose a framework", page.SuggestedActions);
            var (pageWidth, contentWidth) = page.Widths();
            Assert.True(contentWidth <= pageWidth, $"the page is {contentWidth}px wide in a {pageWidth}px window");
            page.Screenshot($"answer-{screen}");
            var text = answer.Text;
            Assert.Contains(expected.Heading, text);
            // Its first line as the card shows it: a list item's "- " is drawn as a bullet.
            Assert.Contains(expected.Text.Split('\n')[0].TrimStart('-', '*', ' '), text);
            Assert.Contains($"Source: {expected.Source.Title}", text);

            page.Open(answer, "Not helpful");
            var thanks = page.Send(answer, "");
            Assert.Contains("Thanks for telling me", thanks.Text);
        });

        var unanswered = await host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");
        var listed = Assert.Single(unanswered.GetProperty("questions").EnumerateArray());
        Assert.Equal(question, listed.GetProperty("question").GetString());
        Assert.Equal(1, listed.GetProperty("markedUnhelpful").GetInt32());
        Assert.Equal(["webchat"], listed.GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
    }

    [Fact]
    public async Task Markup_typed_into_the_page_is_shown_as_text_and_never_runs()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        const string hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        const string markedUpQuestion = "<i>Does Flask come with an ORM?</i>";
        await RunAsync(host, "markup", Viewport.Desktop, page =>
        {
            var title = page.Driver.Title;

            page.Ask(hostile);
            var answer = page.Ask(markedUpQuestion);

            Assert.Contains(page.UserBubbles, bubble => bubble.Contains(hostile, StringComparison.Ordinal));
            // The answer card's heading repeats the question: its tags as text, not as elements.
            Assert.Contains(markedUpQuestion, answer.Text);
            Assert.Empty(page.Driver.FindElements(By.CssSelector("#webchat img[src='x'], #webchat script")));
            Assert.Equal(title, page.Driver.Title);
        });
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task The_guided_flow_is_clicked_through_to_a_recommendation_that_quotes_its_sources(string screen)
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        await RunAsync(host, "flow", ViewportNamed(screen), page =>
        {
            var card = page.Ask("/choose-framework");
            page.Screenshot($"flow-first-step-{screen}");
            for (var step = 0; step < 15 && !card.Text.Contains("Recommendation:", StringComparison.Ordinal); step++)
            {
                // Each step's options, numbered 1..n as the card shows them, whole on a phone too; pick the first.
                var options = DeskPageDriver.Options(card);
                Assert.NotEmpty(options);
                Assert.Equal(Enumerable.Range(1, options.Count).Select(n => $"{n}."), options.Select(option => option.Text.Split(' ')[0]));
                Assert.All(options, option => Assert.DoesNotContain("…", option.Text));
                card = page.Click(options[0]);
            }

            Assert.Contains("Recommendation:", card.Text);
            var (_, transcriptHeight) = page.TranscriptSize();
            Assert.True(screen == "phone" || card.Size.Height <= transcriptHeight, $"the recommendation is {card.Size.Height}px tall in a {transcriptHeight}px transcript");
            page.ScrollTo(card);
            page.Screenshot($"flow-recommendation-{screen}");
            // Its passages are one click away, each with its source.
            Assert.DoesNotContain("Source:", card.Text);
            page.Toggle(card, "Sources");
            Assert.Contains("Source:", card.Text);
        });
    }

    [Fact]
    public async Task Suggestions_change_with_each_answer_never_offer_its_question_again_all_show_and_survive_feedback()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        await RunAsync(host, "suggestions", Viewport.Phone, page =>
        {
            // Asked in other words than the example "Does Flask come with an ORM?".
            var first = page.Ask("does flask have an orm");
            var afterFirst = page.SuggestedActions;
            Assert.DoesNotContain("Does Flask come with an ORM?", afterFirst);
            page.Ask("Is Django good for large-scale apps?");
            var afterSecond = page.SuggestedActions;
            Assert.DoesNotContain("Is Django good for large-scale apps?", afterSecond);
            Assert.NotEqual(afterFirst, afterSecond);
            // Every suggestion is whole on screen: nothing (a carousel arrow) lies over any of them.
            Assert.All(page.SuggestedActionButtons, button => Assert.True(page.IsUncovered(button), $"\"{button.Text}\" is covered"));
            page.Screenshot("suggestions-phone");

            var answer = page.LastCard;
            var thanks = page.Click(answer, "Helpful");
            Assert.Contains("Thanks", thanks.Text);
            // Rated once: the answer's feedback buttons no longer take clicks; the suggestions stay.
            Assert.All(DeskPageDriver.Buttons(answer).Where(button => button.Text.Trim() is "Helpful" or "Not helpful"), button => Assert.False(button.Enabled));
            Assert.Equal(afterSecond, page.SuggestedActions);
            // Card text is not turned into guessed links (a file name, a domain-like word).
            Assert.Empty(page.GuessedLinks());
        });
    }

    [Fact]
    public async Task Not_helpful_asks_what_was_missing_and_the_words_reach_the_desk_api()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        const string why = "It does not say which databases Flask supports.";
        await RunAsync(host, "not-helpful", Viewport.Desktop, page =>
        {
            var answer = page.Ask("Does Flask come with an ORM?");
            page.Open(answer, "Not helpful");
            page.Screenshot("not-helpful-desktop");
            var thanks = page.Send(answer, why);
            Assert.Contains("Thanks for telling me", thanks.Text);
        });

        var given = await host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/feedback");
        var record = Assert.Single(given.GetProperty("feedback").EnumerateArray());
        Assert.False(record.GetProperty("helpful").GetBoolean());
        Assert.Equal(why, record.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Show_more_becomes_show_less_once_open()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        await RunAsync(host, "show-more", Viewport.Desktop, page =>
        {
            var answer = page.Ask("Does Flask come with an ORM?");
            page.Toggle(answer, "Show more");
            Assert.Contains("Show less", DeskPageDriver.Buttons(answer).Select(button => button.Text.Trim()));
            Assert.DoesNotContain("Show more", DeskPageDriver.Buttons(answer).Select(button => button.Text.Trim()));
            page.Toggle(answer, "Show less");
            Assert.Contains("Show more", DeskPageDriver.Buttons(answer).Select(button => button.Text.Trim()));
        });
    }

    [Fact]
    public async Task A_flow_steps_options_read_at_AA_contrast_and_its_cancel_is_a_plain_button_not_a_red_bar()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        await RunAsync(host, "flow-contrast", Viewport.Desktop, page =>
        {
            var step = page.Ask("/choose-framework");
            var options = DeskPageDriver.Options(step);
            Assert.NotEmpty(options);
            Assert.All(options, option => Assert.True(page.Contrast(option) >= 4.5, $"\"{option.Text}\" reads at {page.Contrast(option):0.0}:1"));
            var cancel = DeskPageDriver.Buttons(step).Single(button => button.Text.Trim() == "Cancel");
            Assert.True(cancel.Size.Width < step.Size.Width / 2, $"Cancel is {cancel.Size.Width}px of a {step.Size.Width}px card");
            Assert.False(page.IsReddish(cancel), "Cancel is red");
            page.ScrollTo(step);
            page.Screenshot("flow-step-one-desktop");
        });
    }

    [Fact]
    public async Task The_open_page_carries_on_after_the_host_restarts_without_a_reload()
    {
        // The host keeps its state in one file and comes back on the same address, as a
        // deployment's restart does; the page stays open throughout.
        using var data = new TempDirectory();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{port}", ["Storage:DatabasePath"] = Path.Combine(data.Path, "advisorbot.db") };
        DeskTestHost? host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge, settings);
        using var driver = browser.Start(Viewport.Desktop);
        var page = new DeskPageDriver(driver);
        try
        {
            page.Open(host.BaseAddress);
            await Task.Run(() => page.Ask("Does Flask come with an ORM?"));
            await host!.DisposeAsync();
            host = null;
            // The page says it lost the connection, and once the host is back, reconnects by itself.
            Assert.Contains("Reconnecting", await Task.Run(page.WaitForStatus));
            host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge, settings);
            await Task.Run(page.WaitUntilStatusGone);

            var answer = await Task.Run(() => page.Ask("Is Django good for a REST API?"));

            Assert.Contains("Source:", answer.Text);
            Assert.Equal(3, page.Cards.Count); // the welcome and both answers, in the one conversation
            Assert.Equal(["Does Flask come with an ORM?", "Is Django good for a REST API?"], page.UserBubbles.Select(bubble => bubble.Trim()));
        }
        catch
        {
            output.WriteLine($"Screenshot: {page.Screenshot("restart-failed")}");
            foreach (var line in page.ConsoleErrors())
                output.WriteLine(line);
            throw;
        }
        finally
        {
            driver.Quit();
            if (host is not null)
                await host.DisposeAsync();
        }
    }

    private static Viewport ViewportNamed(string name) => name == Viewport.Phone.Name ? Viewport.Phone : Viewport.Desktop;

    /// <summary>Opens the page in a browser of the given size, runs <paramref name="steps"/>, and
    /// checks the browser logged no error (a Content-Security-Policy violation, a failed request, a
    /// script error). Screenshots (the last view, and the view at a failure) go to
    /// <see cref="DeskPageDriver.ScreenshotDirectory"/>; their paths are in the test output.</summary>
    private async Task RunAsync(DeskTestHost host, string name, Viewport viewport, Action<DeskPageDriver> steps)
    {
        name = $"{name}-{viewport.Name}";
        using var driver = browser.Start(viewport);
        var page = new DeskPageDriver(driver);
        try
        {
            page.Open(host.BaseAddress);
            await Task.Run(() => steps(page));
            var errors = page.ConsoleErrors();
            Assert.True(errors.Count == 0, "the browser logged:\n" + string.Join("\n", errors));
        }
        catch
        {
            output.WriteLine($"Screenshot: {page.Screenshot(name + "-failed")}");
            throw;
        }
        finally
        {
            output.WriteLine($"Screenshot: {page.Screenshot(name + "-last")}");
            driver.Quit();
        }
    }
}
