using System.CommandLine;
using System.Globalization;
using AdvisorBot.Contracts;
using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Hosting;
using AdvisorBot.Knowledge;
using Microsoft.Extensions.Options;

namespace AdvisorBot.CommandLine;

/// <summary>The verbs of the one executable (contracts in the README).</summary>
public static class Cli
{
    /// <param name="services">Replaces services of the verbs' host (a test's seam).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null,
        Action<IServiceCollection>? services = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        stdin ??= Console.In;

        // `serve` is the default verb, and host options (--urls, --environment) belong to it.
        if (args.Length == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && !IsHelpOrVersion(args[0])))
            args = ["serve", .. args];
        // The server's start-up errors become one error: line where the process ends (Program).
        if (args[0] == "serve")
            return await BotHost.RunAsync(args[1..]);

        var knowledgeOption = new Option<string?>("--knowledge")
        {
            Description = "Folder of articles (default: ./knowledge, else the copy beside the executable)",
            Recursive = true,
        };
        var indexOption = new Option<string?>("--index")
        {
            Description = "Open this index file (written by the 'index' verb) instead of indexing the folder",
            Recursive = true,
        };

        var root = new RootCommand("AdvisorBot: answers Django-or-Flask questions with quoted passages from its articles. Without a verb it serves the bot over HTTP.");
        root.Options.Add(knowledgeOption);
        root.Options.Add(indexOption);

        IHost Host(ParseResult parse) => HostWith(parse, new Dictionary<string, string?>());
        IHost HostWith(ParseResult parse, IReadOnlyDictionary<string, string?> more)
        {
            var overrides = VerbHost.KnowledgeOverrides(parse.GetValue(knowledgeOption), parse.GetValue(indexOption));
            foreach (var (key, value) in more)
                overrides[key] = value;
            return VerbHost.Build(overrides, stderr, services);
        }

        root.Subcommands.Add(new Command("serve", "Run the bot over HTTP (the default); ASP.NET Core options such as --urls apply"));
        root.Subcommands.Add(AskCommand(Host, stdout));
        root.Subcommands.Add(SearchCommand(Host, stdout, stdin));
        root.Subcommands.Add(SectionsCommand(Host, stdout));
        root.Subcommands.Add(IndexCommand(Host, stdout));
        root.Subcommands.Add(EvalCommand(Host, stdout));
        root.Subcommands.Add(ChatCommand.Create(HostWith, stdout, stderr, stdin));
        root.Subcommands.Add(BotFramework.Teams.TeamsPackageCommand.Create(stdout, stderr, VerbHost.Configuration));

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (Exception error) when (StartupErrors.Describe(error) is { } line)
        {
            await stderr.WriteLineAsync($"error: {line}");
            return 1;
        }
    }

    private static bool IsHelpOrVersion(string arg) => arg is "--help" or "-h" or "-?" or "--version";

    /// <summary>The current knowledge of a verb's host, kept open while the verb uses it.</summary>
    private static KnowledgeLease Knowledge(IHost host) => host.Services.GetRequiredService<KnowledgeProvider>().Acquire();

    private static Command AskCommand(Func<ParseResult, IHost> host, TextWriter stdout)
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes" };
        var top = TopOption();
        var explain = new Option<bool>("--explain") { Description = "Also show how the question was read and scored" };
        var command = new Command("ask", "Answer one question with the best passages, readable in a terminal") { question, top, explain };
        command.SetAction(parse =>
        {
            using var verbHost = host(parse);
            using var lease = Knowledge(verbHost);
            var snapshot = lease.Snapshot;
            if (parse.GetValue(explain))
                stdout.WriteLine(snapshot.Searcher.Explain(parse.GetValue(question) ?? "").ToString());
            var result = snapshot.Searcher.Search(parse.GetValue(question) ?? "", parse.GetValue(top));
            stdout.Write(TerminalText.Render(result, snapshot.Knowledge));
            return 0;
        });
        return command;
    }

    private static Command SearchCommand(Func<ParseResult, IHost> host, TextWriter stdout, TextReader stdin)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON lines (the only format; kept for clarity)" };
        var top = TopOption();
        var command = new Command("search", "Read questions from standard input, one a line; print one JSON line of results for each") { json, top };
        command.SetAction(parse =>
        {
            using var verbHost = host(parse);
            using var lease = Knowledge(verbHost);
            var snapshot = lease.Snapshot;
            while (stdin.ReadLine() is { } line)
            {
                if (line.Length == 0)
                    continue;
                stdout.WriteLine(JsonOutput.Line(JsonOutput.ToJson(snapshot.Searcher.Search(line, parse.GetValue(top)))));
            }
            return 0;
        });
        return command;
    }

    private static Command SectionsCommand(Func<ParseResult, IHost> host, TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON line per passage (the only format; kept for clarity)" };
        var command = new Command("sections", "List every indexed passage: id, heading, text, source") { json };
        command.SetAction(parse =>
        {
            using var verbHost = host(parse);
            using var lease = Knowledge(verbHost);
            foreach (var passage in lease.Snapshot.Knowledge.Passages)
                stdout.WriteLine(JsonOutput.Line(JsonOutput.ToJson(passage)));
            return 0;
        });
        return command;
    }

    private static Command IndexCommand(Func<ParseResult, IHost> host, TextWriter stdout)
    {
        var output = new Option<string>("--out", "-o") { Description = "Index file to write", DefaultValueFactory = _ => "data/index.db" };
        var command = new Command("index", "Build the passage index from the knowledge folder and save it to a file") { output };
        command.SetAction(parse =>
        {
            using var verbHost = host(parse);
            var directory = VerbHost.KnowledgeDirectory(verbHost);
            // Always from the folder, with the host's search settings (its vector cache too).
            using var snapshot = KnowledgeSnapshot.Build(directory, verbHost.Services.GetRequiredService<IOptions<SearchOptions>>().Value);
            var path = parse.GetValue(output)!;
            snapshot.Save(path);
            var vectors = snapshot.Vectors is { } built ? $", with their vectors ({built.Embedded} embedded, {built.Reused} from the cache)" : "";
            stdout.WriteLine($"Indexed {snapshot.Knowledge.Passages.Count} passages from {snapshot.Knowledge.Articles.Count} articles in {directory} into {Path.GetFullPath(path)}{vectors}");
            return 0;
        });
        return command;
    }

    private static Command EvalCommand(Func<ParseResult, IHost> host, TextWriter stdout)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Question sets to measure, as JSON lines: {\"question\": ..., \"evidence\": [...]}", Arity = ArgumentArity.ZeroOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list each question that missed" };
        var baseline = new Option<string?>("--baseline") { Description = "Measure a baseline instead of the bot's search: 'bm25' is Lucene's plain BM25 (StandardAnalyzer) over the same passages" };
        baseline.AcceptOnlyFromAmong("bm25");
        var fit = new Option<FileInfo[]>("--fit") { Description = "Fit the confidence model on these question sets (the development sets), write it to --out, and measure every set given with it", AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo?>("--out") { Description = $"Where --fit writes the model (default src/AdvisorBot.Core/Search/{ConfidenceModel.FileName}, which the build embeds)" };
        var command = new Command("eval", "Measure retrieval on question sets: R@1, R@3, MRR@10, declines; or fit the confidence model on them") { files, verbose, baseline, fit, output };
        command.Validators.Add(result =>
        {
            var fitting = result.GetValue(fit) is { Length: > 0 };
            if (fitting && result.GetValue(baseline) is not null)
                result.AddError("--fit fits the bot's own confidence; it cannot be used with --baseline");
            if (result.GetValue(output) is not null && !fitting)
                result.AddError("--out is where --fit writes the model; give --fit too");
            if (!fitting && result.GetValue(files) is not { Length: > 0 })
                result.AddError("give a question set to measure (or --fit with the sets to fit on)");
        });
        command.SetAction(parse =>
        {
            var fitSets = (parse.GetValue(fit) ?? []).Select(ReadSet).ToList();
            var sets = (parse.GetValue(files) ?? []).Select(ReadSet).ToList();
            if (sets.Count == 0)
                sets = fitSets;
            using var verbHost = host(parse);
            using var lease = Knowledge(verbHost);
            var snapshot = lease.Snapshot;
            var searcher = snapshot.Searcher;
            if (fitSets.Count > 0)
            {
                if (snapshot.Vectors is null)
                    throw new InvalidOperationException("the confidence model is for search by meaning; fit it with Search:Semantic on");
                var model = ConfidenceFitting.Fit(searcher, fitSets.SelectMany(set => set.Questions).ToList(), fitSets.Select(set => set.Name).ToList());
                var target = parse.GetValue(output)?.FullName ?? Path.Combine("src", "AdvisorBot.Core", "Search", ConfidenceModel.FileName);
                File.WriteAllText(target, model.ToJson());
                stdout.WriteLine($"fitted on {string.Join(", ", model.FittedOn)}: bias {model.Bias.ToString(CultureInfo.InvariantCulture)}, "
                    + string.Join(", ", model.Weights.Select(weight => $"{weight.Key} {weight.Value.ToString(CultureInfo.InvariantCulture)}")));
                stdout.WriteLine($"wrote {Path.GetFullPath(target)}; rebuild to ship it");
                searcher = searcher.WithConfidence(model);
            }
            foreach (var (name, questions) in sets)
            {
                RetrievalReport report;
                if (parse.GetValue(baseline) is null)
                    report = RetrievalEvaluation.Run(searcher, questions);
                else
                {
                    using var bm25 = new Bm25Baseline(snapshot.Knowledge);
                    report = RetrievalEvaluation.Run(bm25.Search, questions);
                }
                if (sets.Count > 1)
                    stdout.WriteLine($"{name}:");
                Print(report, parse.GetValue(verbose));
            }
            return 0;
        });
        return command;

        static (string Name, IReadOnlyList<EvaluationQuestion> Questions) ReadSet(FileInfo path)
        {
            if (!path.Exists)
                throw new IOException($"{path.FullName} does not exist");
            using var reader = path.OpenText();
            return (path.Name, EvaluationQuestion.ReadJsonLines(reader, path.Name));
        }

        void Print(RetrievalReport report, bool misses)
        {
            string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
            stdout.WriteLine($"questions: {report.Answerable} answerable, {report.Unanswerable} unanswerable");
            stdout.WriteLine($"R@1: {F(report.RecallAt1)}");
            stdout.WriteLine($"R@3: {F(report.RecallAt3)}");
            stdout.WriteLine($"MRR@10: {F(report.MrrAt10)}");
            stdout.WriteLine($"unanswerable declined: {report.UnanswerableDeclined}/{report.Unanswerable}");
            stdout.WriteLine($"answerable wrongly declined: {report.AnswerableDeclined}/{report.Answerable}");
            if (misses)
            {
                foreach (var outcome in report.Outcomes.Where(o => o.Question.IsAnswerable ? o.FirstRelevantRank != 1 : o.Answered))
                    stdout.WriteLine($"  miss: {outcome.Question.Question} -> answered={outcome.Answered} rank={outcome.FirstRelevantRank?.ToString(CultureInfo.InvariantCulture) ?? "-"} top={outcome.TopPassageId}");
            }
        }
    }

    /// <summary>--top: a whole number within the range <c>Search:DefaultTop</c> and the desk API
    /// allow. Parsed here, not by System.CommandLine's default parser, whose error for "x" names
    /// the .NET type it wanted.</summary>
    private static Option<int?> TopOption()
    {
        var top = new Option<int?>("--top", "-n")
        {
            Description = $"How many passages to return (1-{SearchOptions.MaxTop}; default Search:DefaultTop, 3)",
            CustomParser = result =>
            {
                if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= SearchOptions.MaxTop)
                    return value;
                result.AddError($"--top must be a whole number from 1 to {SearchOptions.MaxTop}, not '{string.Join(' ', result.Tokens.Select(token => token.Value))}'");
                return null;
            },
        };
        return top;
    }
}
