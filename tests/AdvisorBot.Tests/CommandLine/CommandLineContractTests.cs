using System.Text.Json;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.CommandLine;

public class CommandLineContractTests
{
    [Fact]
    public async Task Search_json_prints_one_line_per_question_with_the_contract_fields()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunWithInputAsync("Does Alpha have an ORM?\n\nWhat's the weather in Berlin?\n", "search", "--json", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);

        using var answered = JsonDocument.Parse(run.Lines[0]);
        var root = answered.RootElement;
        Assert.Equal("Does Alpha have an ORM?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
        var passage = root.GetProperty("passages")[0];
        Assert.Equal("alpha-guide/alpha-features/1", passage.GetProperty("id").GetString());
        Assert.Equal("The Alpha Guide > Alpha Features", passage.GetProperty("heading").GetString());
        Assert.Contains("object-relational mapper", passage.GetProperty("text").GetString());
        Assert.True(passage.GetProperty("score").GetDouble() > 0);
        var source = passage.GetProperty("source");
        Assert.Equal("The Alpha Guide", source.GetProperty("title").GetString());
        Assert.Equal("Alpha Weekly", source.GetProperty("publisher").GetString());
        Assert.Equal("Ada Writer", source.GetProperty("author").GetString());
        Assert.Equal("https://example.org/alpha", source.GetProperty("url").GetString());

        using var declined = JsonDocument.Parse(run.Lines[1]);
        Assert.False(declined.RootElement.GetProperty("answered").GetBoolean());
        Assert.Equal(0, declined.RootElement.GetProperty("passages").GetArrayLength());
    }

    [Fact]
    public async Task Search_top_sets_how_many_passages_come_back()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunWithInputAsync("alpha admin panel\n", "search", "--json", "--top", "1", "--knowledge", corpus.Path);

        using var line = JsonDocument.Parse(run.Lines[0]);
        Assert.Equal(1, line.RootElement.GetProperty("passages").GetArrayLength());
    }

    [Fact]
    public async Task Sections_json_lists_every_passage_with_id_heading_text_and_source()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunAsync("sections", "--json", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        var passages = run.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(7, passages.Count);
        Assert.All(passages, passage =>
        {
            Assert.False(string.IsNullOrEmpty(passage.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(passage.GetProperty("heading").GetString()));
            Assert.False(string.IsNullOrEmpty(passage.GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(passage.GetProperty("source").GetProperty("title").GetString()));
        });
        Assert.Equal(passages.Count, passages.Select(passage => passage.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Ask_prints_passages_with_their_heading_and_a_source_line()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunAsync("ask", "Does Alpha have an ORM?", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        // The first passage is numbered 1, under its heading (after a hedge, when the bot is unsure).
        Assert.Matches(@"(^|\n)1\. The Alpha Guide > Alpha Features\n", run.Output);
        Assert.Contains("Source: The Alpha Guide — Alpha Weekly, Ada Writer (2024-01-02) <https://example.org/alpha>", run.Output);
    }

    [Fact]
    public async Task Ask_declines_plainly_and_names_what_it_can_answer()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunAsync("ask", "Who won the 2018 world cup?", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("I don't have a good answer", run.Output);
        Assert.Contains("Alpha and Beta", run.Output);
        Assert.Contains("Does Alpha have an admin panel?", run.Output);
    }

    [Fact]
    public async Task Eval_prints_the_retrieval_metrics()
    {
        using var corpus = SmallCorpus.Create();
        var questions = corpus.Write("questions.jsonl", """
            {"question": "Does Alpha have an ORM?", "evidence": ["built-in object-relational mapper"]}
            {"question": "How do I deploy Beta?", "evidence": ["WSGI server such as Gunicorn"]}
            {"question": "What's the weather in Berlin?", "evidence": []}
            """);
        var run = await CliRun.RunAsync("eval", questions, "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("R@1: 1.000", run.Output);
        Assert.Contains("R@3: 1.000", run.Output);
        Assert.Contains("MRR@10: 1.000", run.Output);
        Assert.Contains("unanswerable declined: 1/1", run.Output);
        Assert.Contains("answerable wrongly declined: 0/2", run.Output);
    }

    [Fact]
    public async Task Eval_counts_a_miss_as_a_miss()
    {
        using var corpus = SmallCorpus.Create();
        var questions = corpus.Write("questions.jsonl", """
            {"question": "Does Alpha have an ORM?", "evidence": ["a phrase that is in no passage"]}
            """);
        var run = await CliRun.RunAsync("eval", questions, "--knowledge", corpus.Path);

        Assert.Contains("R@1: 0.000", run.Output);
        Assert.Contains("MRR@10: 0.000", run.Output);
    }

    [Fact]
    public async Task Index_writes_a_file_that_the_other_verbs_open_with_index()
    {
        using var corpus = SmallCorpus.Create();
        using var output = new TempDirectory();
        var file = Path.Combine(output.Path, "index.db");

        var index = await CliRun.RunAsync("index", "--out", file, "--knowledge", corpus.Path);
        Assert.Equal(0, index.ExitCode);
        Assert.Contains("7 passages from 2 articles", index.Output);

        var fromFile = await CliRun.RunWithInputAsync("Does Alpha have an ORM?\n", "search", "--json", "--index", file);
        var fromFolder = await CliRun.RunWithInputAsync("Does Alpha have an ORM?\n", "search", "--json", "--knowledge", corpus.Path);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(fromFolder.Output, fromFile.Output);
    }

    [Fact]
    public async Task A_bad_knowledge_file_fails_with_its_name_and_line_and_a_non_zero_exit()
    {
        using var corpus = SmallCorpus.Create();
        corpus.Write("broken.md", "no front matter here\n");
        var run = await CliRun.RunAsync("ask", "anything", "--knowledge", corpus.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("broken.md:1", run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("ask")]
    [InlineData("search", "--top", "0")]
    [InlineData("search", "--top", "lots")]
    [InlineData("eval")]
    [InlineData("no-such-verb")]
    public async Task Usage_errors_exit_non_zero_and_say_what_is_wrong(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
    }

    [Theory]
    [InlineData("ask", "x")]
    [InlineData("ask", "11")]
    [InlineData("ask", "100")]
    [InlineData("search", "2.5")]
    public async Task Top_outside_1_to_10_is_refused_in_the_words_of_the_setting_not_a_type_name(string verb, string top)
    {
        using var corpus = SmallCorpus.Create();
        string[] args = verb == "ask" ? ["ask", "Alpha framework", "--top", top, "--knowledge", corpus.Path] : ["search", "--json", "--top", top, "--knowledge", corpus.Path];

        var run = await CliRun.RunWithInputAsync("alpha framework\n", args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"--top must be a whole number from 1 to 10, not '{top}'", run.Error);
        Assert.DoesNotContain("System.", run.Error);
        Assert.DoesNotContain("Int32", run.Error);
    }

    [Fact]
    public async Task Eval_of_a_missing_file_fails_clearly()
    {
        var run = await CliRun.RunAsync("eval", "/nonexistent/questions.jsonl");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    [Fact]
    public async Task Ask_explain_shows_each_signal_for_each_passage()
    {
        using var corpus = SmallCorpus.Create();
        var run = await CliRun.RunAsync("ask", "Does Alpha have an ORM?", "--explain", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, line => line.StartsWith("concept #orm", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => line.StartsWith("confidence=", StringComparison.Ordinal) && line.Contains("best cosine="));
        Assert.Contains(run.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^[\d.]+ alpha-guide/alpha-features/1: bm25=[\d.]+ coverage=[\d.]+ cosine=-?[\d.]+ subject fit=[\d.]+$"));
    }

    [Fact]
    public async Task Eval_with_the_bm25_baseline_measures_plain_lucene_on_the_same_passages()
    {
        using var corpus = SmallCorpus.Create();
        var questions = corpus.Write("questions.jsonl", """
            {"question": "Does Alpha have an object-relational mapper?", "evidence": ["object-relational mapper"]}
            {"question": "How do I bake bread?", "evidence": []}
            """);

        var run = await CliRun.RunAsync("eval", questions, "--baseline", "bm25", "--knowledge", corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("R@1: 1.000", run.Output);
        Assert.Contains("unanswerable declined: 1/1", run.Output);
    }

    [Fact]
    public async Task Eval_refuses_an_unknown_baseline()
    {
        using var corpus = SmallCorpus.Create();
        var questions = corpus.Write("questions.jsonl", "{\"question\": \"x\", \"evidence\": []}\n");

        var run = await CliRun.RunAsync("eval", questions, "--baseline", "tfidf", "--knowledge", corpus.Path);

        Assert.NotEqual(0, run.ExitCode);
    }
}
