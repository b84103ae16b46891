using AdvisorBot.CommandLine;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>The flow's data in <c>knowledge/choose-framework.yml</c>: checked at load, citing only
/// passages that exist and that say what the reason says, and carried wherever the knowledge goes.</summary>
public class FlowDataTests
{
    private static readonly string FlowFile = File.ReadAllText(Path.Combine(RepositoryPaths.Knowledge, FlowDefinition.FileName));

    [Fact]
    public void The_flow_has_the_steps_and_options_of_the_contract_in_order()
    {
        var flow = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow;

        Assert.NotNull(flow);
        Assert.Equal(FlowContract.Steps.Select(step => step.Step), flow.Steps.Select(step => step.Key));
        foreach (var (step, options) in FlowContract.Steps)
            Assert.Equal(options, flow.FindStep(step)!.Options.Select(option => option.Key));
        Assert.Equal(["django", "flask"], flow.Frameworks.Select(framework => framework.Key));
    }

    [Fact]
    public async Task Every_passage_the_flow_can_cite_is_listed_by_sections_json()
    {
        var flow = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;
        var listed = await SectionsListing.TextByIdAsync();

        Assert.All(flow.CitedPassages, passage => Assert.True(listed.ContainsKey(passage.Id), $"{passage.Id} is not listed"));
        Assert.All(flow.CitedPassages, passage => Assert.Equal(listed[passage.Id], passage.Text));
    }

    [Fact]
    public void Every_reason_shares_its_key_words_with_the_passage_it_cites()
    {
        // A guard against citing the wrong id: the reason restates its passage, so they share
        // several content words (stemmed; short words and the frameworks' names aside).
        var flow = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;
        using var stemmer = new Stemmer();
        HashSet<string> Words(string text) => stemmer.Stem(Tokenizer.Words(text).Where(word => word.Length >= 4 && word is not ("django" or "flask")).ToList()).ToHashSet();
        var reasons = flow.Steps.SelectMany(step => step.Options).SelectMany(option => option.Evidence).Select(evidence => (evidence.Reason, evidence.Passage))
            .Concat(flow.GeneralReasons.Values.SelectMany(list => list).Select(reason => (Reason: reason.Text, reason.Passage)));

        Assert.All(reasons, pair =>
        {
            var shared = Words(pair.Reason).Intersect(Words(pair.Passage.Heading + " " + pair.Passage.Text)).ToList();
            Assert.True(shared.Count >= 3, $"\"{pair.Reason}\" shares only [{string.Join(", ", shared)}] with {pair.Passage.Id}");
        });
    }

    [Theory]
    [InlineData("pebble-django-vs-flask/flask-overview/1", "pebble-django-vs-flask/no-such-section/1", "passage 'pebble-django-vs-flask/no-such-section/1' does not exist")]
    [InlineData("  timeline:\n", "  timelines:\n", "unknown step 'timelines'")]
    [InlineData("      ecommerce:\n", "      ecomerce:\n", "unknown option 'ecomerce' in step 'building'")]
    [InlineData("            weight: 3\n            reason: Flask provides only", "            weight: lots\n            reason: Flask provides only", "must be a number, not 'lots'")]
    [InlineData("            weight: 3\n            reason: Flask provides only", "            weight: \"3\"\n            reason: Flask provides only", "must be a number")]
    [InlineData("            weight: 3\n            reason: Flask provides only", "            weight: -3\n            reason: Flask provides only", "must be greater than 0")]
    [InlineData("          flask:\n            weight: 3\n            reason: Flask provides only", "          falsk:\n            weight: 3\n            reason: Flask provides only", "unknown framework 'falsk'")]
    [InlineData("    question: How soon does it need to ship?\n", "    questoin: How soon does it need to ship?\n", "unknown key 'questoin'")]
    [InlineData("  flask: Flask\n", "  flask: Bottle\n", "framework 'Bottle' is not one of the subjects")]
    [InlineData("phrases: [medium, ", "phrases: [medium, small, ", "phrase 'small' of option 'medium' of step 'size' is also a phrase of option 'small'")]
    [InlineData("both: [beginner, experienced]", "both: [beginner, expert]", "'both' of option 'mixed' of step 'team' names 'expert', which is not another option of the step")]
    [InlineData("both: [beginner, experienced]", "both: [beginner]", "'both' of option 'mixed' of step 'team' must name two different options")]
    [InlineData("both: [beginner, experienced]", "both: [mixed, experienced]", "names 'mixed', which is not another option of the step")]
    [InlineData("counts: {endpoints: 16-60", "counts: {endpoints: 10-60", "the count of endpoints of option 'medium' of step 'size' overlaps that of option 'small'")]
    [InlineData("counts: {endpoints: 16-60", "counts: {endpoints: 60-16", "runs from 60 down to 16")]
    [InlineData("counts: {endpoints: 16-60", "counts: {endpoints: some", "must be a range such as 1-15, or 100+")]
    [InlineData("counts: {endpoints: 16-60", "counts: {API endpoints: 16-60", "must be one word in lower case")]
    [InlineData("not_before: [team, ", "not_before: [dev team, ", "a word of 'not_before' of step 'size' must be one word in lower case")]
    [InlineData("not_before: [team, teams, dev, devs, developers, engineers, company, startup, group, crew, budget]", "not_before: team", "'not_before' of step 'size' must be a list")]
    [InlineData("clear: 6\n", "clear: [6\n", "is not valid YAML")]
    public void Bad_flow_data_stops_the_load_naming_file_and_line(string find, string replace, string problem)
    {
        var (error, expectedLine) = LoadWith(find, replace);

        Assert.Equal(FlowDefinition.FileName, error.File);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{FlowDefinition.FileName}:", error.Message);
        // Broken YAML is named by file; everything else by file and line.
        if (!problem.Contains("YAML"))
            Assert.Equal(expectedLine, error.Line);
    }

    [Fact]
    public void An_option_without_a_label_stops_the_load()
    {
        var (error, _) = LoadWith("        label: Medium\n", "");

        Assert.Equal(FlowDefinition.FileName, error.File);
        Assert.Contains("option 'medium' of step 'size' has no 'label'", error.Message);
        Assert.Equal(Line(FlowFile.Replace("        label: Medium\n", ""), "        counts: {endpoints: 16-60"), error.Line);
    }

    [Fact]
    public void An_option_given_twice_stops_the_load_at_the_second()
    {
        var option = "      medium:\n        label: Medium\n";
        var text = FlowFile.Replace(option, option + option);
        using var directory = CopyOfKnowledge(text);

        var error = Assert.Throws<KnowledgeLoadException>(() => KnowledgeBase.Load(directory.Path));
        Assert.Contains("Duplicate key medium", error.Message);
        Assert.Equal(Line(text, option) + 2, error.Line);
    }

    [Fact]
    public void A_missing_step_stops_the_load()
    {
        var start = FlowFile.IndexOf("  priority:\n", StringComparison.Ordinal);
        var end = FlowFile.IndexOf("# Reasons that hold", StringComparison.Ordinal);
        using var directory = CopyOfKnowledge(FlowFile[..start] + FlowFile[end..]);

        var error = Assert.Throws<KnowledgeLoadException>(() => KnowledgeBase.Load(directory.Path));
        Assert.Contains("step 'priority' is missing", error.Message);
    }

    [Fact]
    public async Task Chat_refuses_to_start_on_bad_flow_data_and_says_where_it_is()
    {
        using var directory = CopyOfKnowledge(FlowFile.Replace("pebble-django-vs-flask/flask-overview/1", "pebble-django-vs-flask/gone/1"));
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework"], knowledge: directory.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Replies);
        Assert.Matches(@"^error: choose-framework\.yml:\d+: passage 'pebble-django-vs-flask/gone/1' does not exist", run.Stderr);
    }

    [Fact]
    public void The_flow_file_is_part_of_the_knowledge_fingerprint()
    {
        using var changed = CopyOfKnowledge(FlowFile.Replace("clear: 6", "clear: 7"));

        Assert.NotEqual(KnowledgeBase.Load(RepositoryPaths.Knowledge).Fingerprint, KnowledgeBase.Load(changed.Path).Fingerprint);
    }

    [Fact]
    public async Task A_saved_index_carries_the_flow_and_chat_runs_it_from_the_index()
    {
        using var output = new TempDirectory();
        var indexFile = Path.Combine(output.Path, "index.db");
        PassageIndex.Save(KnowledgeBase.Load(RepositoryPaths.Knowledge), indexFile);
        using (var opened = KnowledgeSnapshot.Open(indexFile))
            Assert.Equal(KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!.Steps.Select(step => step.Question), opened.Knowledge.Flow!.Steps.Select(step => step.Question));

        var scenario = Scenario.All[0];
        using var stdout = new StringWriter();
        var code = await Cli.RunAsync(
            ["chat", "--json", "--index", indexFile, "--db", Path.Combine(output.Path, "state.db")],
            stdout, new StringWriter(), new StringReader(string.Join('\n', ["/choose-framework", .. scenario.AnswerKeys])));

        Assert.Equal(0, code);
        var run = ChatRun.Parse(code, stdout.ToString(), "");
        Assert.Equal(scenario.Expect, run.Last.GetProperty("recommendation").GetProperty("framework").GetString());
    }

    [Fact]
    public async Task Without_flow_data_the_command_says_the_chooser_is_not_available()
    {
        using var corpus = SmallCorpus.Create();
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "Does Alpha have an admin panel?"], knowledge: corpus.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["notice", "answer"], run.Kinds);
        Assert.Contains("isn't available", run.Replies[0].GetProperty("text").GetString());
    }

    private static (KnowledgeLoadException Error, int ExpectedLine) LoadWith(string find, string replace)
    {
        Assert.Contains(find, FlowFile);
        var text = FlowFile.Replace(find, replace);
        using var directory = CopyOfKnowledge(text);
        var error = Assert.Throws<KnowledgeLoadException>(() => KnowledgeBase.Load(directory.Path));
        // The line of the first changed line of the replacement, in the changed file.
        var firstChanged = replace.Split('\n').Zip(find.Split('\n')).First(pair => pair.First != pair.Second).First;
        return (error, Line(text, firstChanged));
    }

    private static int Line(string text, string lineStart)
    {
        var index = text.IndexOf(lineStart, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{lineStart}' not found");
        return text[..index].Count(ch => ch == '\n') + 1;
    }

    private static TempDirectory CopyOfKnowledge(string flowText)
    {
        var directory = new TempDirectory();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Knowledge))
            File.Copy(file, Path.Combine(directory.Path, Path.GetFileName(file)));
        directory.Write(FlowDefinition.FileName, flowText);
        return directory;
    }
}
