using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// Reads <c>choose-framework.yml</c> and checks it against the articles it cites. Whatever is
/// wrong (a misspelt key, a missing label, a weight that is not a number, a passage id that no
/// article has) stops the load with a <see cref="KnowledgeLoadException"/> naming the file and
/// line, so a bad edit never reaches a conversation.
/// </summary>
public static partial class FlowDefinitionParser
{
    /// <summary>Longest option label: Slack cuts button text at 75 characters.</summary>
    public const int MaxLabelLength = 75;

    private const string DefaultIntro = "Let's find the framework that fits your project. I'll ask a few quick questions.";

    public static FlowDefinition Parse(string yaml, string file, Func<string, Passage?> findPassage, IReadOnlyList<Subject> subjects)
    {
        var root = Load(yaml, file);
        var context = new Context(file, findPassage);
        var fields = context.Fields(root, "the flow", ["intro", "frameworks", "strength", "steps", "general"], ["frameworks", "strength", "steps"]);

        var intro = fields.TryGetValue("intro", out var introNode) ? context.Text(introNode, "intro") : DefaultIntro;
        var frameworks = ParseFrameworks(context, fields["frameworks"], subjects);
        context.Frameworks = frameworks.Select(framework => framework.Key).ToList();
        var strength = ParseStrength(context, fields["strength"]);
        var steps = ParseSteps(context, fields["steps"]);
        var general = fields.TryGetValue("general", out var generalNode)
            ? ParseGeneral(context, generalNode)
            : new Dictionary<string, IReadOnlyList<FlowReason>>();
        return new FlowDefinition(intro, frameworks, steps, strength, general);
    }

    private static YamlMappingNode Load(string yaml, string file)
    {
        if (KnowledgeYaml.LoadRoot(yaml, file) is not YamlMappingNode root)
            throw new KnowledgeLoadException(file, 1, "must be a mapping with 'frameworks', 'strength' and 'steps'");
        return root;
    }

    private static List<FlowFramework> ParseFrameworks(Context context, YamlNode node, IReadOnlyList<Subject> subjects)
    {
        var frameworks = new List<FlowFramework>();
        foreach (var (keyNode, labelNode) in context.Mapping(node, "frameworks").Children)
        {
            var key = context.Key(keyNode);
            var label = context.Text(labelNode, $"the name of framework '{key}'");
            // The flow recommends what the articles compare, nothing they do not cover.
            if (subjects.Count > 0 && !subjects.Any(subject => subject.Name.Equals(label, StringComparison.OrdinalIgnoreCase)))
                throw context.Error(labelNode, $"framework '{label}' is not one of the subjects in {Vocabulary.FileName} ({string.Join(", ", subjects.Select(subject => subject.Name))})");
            frameworks.Add(new FlowFramework(key, label));
        }
        if (frameworks.Count < 2)
            throw context.Error(node, "'frameworks' must name at least two frameworks to choose between");
        return frameworks;
    }

    private static FlowStrength ParseStrength(Context context, YamlNode node)
    {
        var fields = context.Fields(node, "strength", ["clear", "leaning"], ["clear", "leaning"]);
        var clear = context.Number(fields["clear"], "strength 'clear'");
        var leaning = context.Number(fields["leaning"], "strength 'leaning'");
        if (leaning > clear)
            throw context.Error(fields["leaning"], "strength 'leaning' must not be above 'clear'");
        return new FlowStrength(clear, leaning);
    }

    private static List<FlowStep> ParseSteps(Context context, YamlNode node)
    {
        var mapping = context.Mapping(node, "steps");
        var steps = new List<FlowStep>();
        foreach (var (keyNode, stepNode) in mapping.Children)
        {
            var key = context.Key(keyNode);
            var optionKeys = FlowContract.OptionsOf(key)
                ?? throw context.Error(keyNode, $"unknown step '{key}' (the steps are: {string.Join(", ", FlowContract.Steps.Select(step => step.Step))})");
            steps.Add(ParseStep(context, key, stepNode, optionKeys));
        }
        var missing = FlowContract.Steps.Select(step => step.Step).Except(steps.Select(step => step.Key)).ToList();
        if (missing.Count > 0)
            throw context.Error(node, $"step '{missing[0]}' is missing");
        return steps;
    }

    private static FlowStep ParseStep(Context context, string key, YamlNode node, IReadOnlyList<string> optionKeys)
    {
        var fields = context.Fields(node, $"step '{key}'", ["question", "help", "not_before", "options"], ["question", "options"]);
        var question = context.Text(fields["question"], $"the question of step '{key}'");
        var help = fields.TryGetValue("help", out var helpNode) ? context.Text(helpNode, $"the help of step '{key}'") : "";
        var notBefore = new List<string>();
        if (fields.TryGetValue("not_before", out var notBeforeNode))
        {
            foreach (var wordNode in context.Sequence(notBeforeNode, $"'not_before' of step '{key}'"))
            {
                var word = context.Text(wordNode, $"a word of 'not_before' of step '{key}'");
                if (Tokenizer.Words(word) is not [var only] || only != word)
                    throw context.Error(wordNode, $"a word of 'not_before' of step '{key}' must be one word in lower case, such as team (found '{word}')");
                notBefore.Add(word);
            }
        }
        var options = new List<FlowOption>();
        var phraseOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var boths = new List<YamlNode?>();
        var countNodes = new List<YamlNode?>();
        foreach (var (optionKeyNode, optionNode) in context.Mapping(fields["options"], $"the options of step '{key}'").Children)
        {
            var optionKey = context.Key(optionKeyNode);
            if (!optionKeys.Contains(optionKey))
                throw context.Error(optionKeyNode, $"unknown option '{optionKey}' in step '{key}' (its options are: {string.Join(", ", optionKeys)})");
            options.Add(ParseOption(context, key, optionKey, optionNode, phraseOwners, out var both, out var counts));
            boths.Add(both);
            countNodes.Add(counts);
        }
        var missing = optionKeys.Except(options.Select(option => option.Key)).ToList();
        if (missing.Count > 0)
            throw context.Error(fields["options"], $"option '{missing[0]}' of step '{key}' is missing");
        foreach (var (option, both) in options.Zip(boths))
        {
            if (both is null)
                continue;
            if (option.Both.Count != 2 || option.Both[0] == option.Both[1])
                throw context.Error(both, $"'both' of option '{option.Key}' of step '{key}' must name two different options");
            if (option.Both.FirstOrDefault(other => other == option.Key || !optionKeys.Contains(other)) is { } wrong)
                throw context.Error(both, $"'both' of option '{option.Key}' of step '{key}' names '{wrong}', which is not another option of the step (its options are: {string.Join(", ", optionKeys)})");
        }
        // A count two options hold could mean either: "30 endpoints" must say which.
        for (var second = 1; second < options.Count; second++)
        {
            foreach (var first in options.Take(second))
            {
                if (options[second].Counts.FirstOrDefault(count => first.Counts.Any(other => other.Unit == count.Unit && (other.Max is null || count.Min <= other.Max) && (count.Max is null || other.Min <= count.Max))) is { } overlap)
                    throw context.Error(countNodes[second]!, $"the count of {overlap.Unit} of option '{options[second].Key}' of step '{key}' overlaps that of option '{first.Key}'; a count must mean one option");
            }
        }
        return new FlowStep(key, question, help, options) { NotBefore = notBefore };
    }

    private static FlowOption ParseOption(Context context, string step, string key, YamlNode node, Dictionary<string, string> phraseOwners, out YamlNode? bothNode, out YamlNode? countsNode)
    {
        var what = $"option '{key}' of step '{step}'";
        var fields = context.Fields(node, what, ["label", "phrases", "both", "counts", "evidence"], ["label"]);
        var label = context.Text(fields["label"], $"the label of {what}");
        if (label.Length > MaxLabelLength)
            throw context.Error(fields["label"], $"the label of {what} is {label.Length} characters long; buttons show at most {MaxLabelLength}");
        var phrases = new List<string>();
        if (fields.TryGetValue("phrases", out var phrasesNode))
        {
            foreach (var phraseNode in context.Sequence(phrasesNode, $"the phrases of {what}"))
            {
                var phrase = context.Text(phraseNode, $"a phrase of {what}");
                var words = Tokenizer.Words(phrase);
                if (words.Count == 0)
                    throw context.Error(phraseNode, $"phrase '{phrase}' of {what} has no words");
                // A phrase that means two options of one step could never be matched to either.
                var normalized = string.Join(' ', words);
                if (!phraseOwners.TryAdd(normalized, key) && phraseOwners[normalized] != key)
                    throw context.Error(phraseNode, $"phrase '{phrase}' of {what} is also a phrase of option '{phraseOwners[normalized]}'");
                phrases.Add(phrase);
            }
        }
        var evidence = new List<FlowEvidence>();
        if (fields.TryGetValue("evidence", out var evidenceNode))
        {
            foreach (var (frameworkNode, itemNode) in context.Mapping(evidenceNode, $"the evidence of {what}").Children)
            {
                var framework = context.FrameworkKey(frameworkNode);
                var item = context.Fields(itemNode, $"the evidence for {framework} of {what}", ["weight", "reason", "passage"], ["weight", "reason", "passage"]);
                evidence.Add(new FlowEvidence(
                    framework,
                    context.Number(item["weight"], $"the weight for {framework} of {what}", positive: true),
                    context.Text(item["reason"], $"the reason for {framework} of {what}"),
                    context.Passage(item["passage"])));
            }
        }
        var both = new List<string>();
        bothNode = fields.GetValueOrDefault("both");
        if (bothNode is not null)
        {
            foreach (var otherNode in context.Sequence(bothNode, $"'both' of {what}"))
                both.Add(context.Text(otherNode, $"an option named in 'both' of {what}"));
        }
        var counts = new List<FlowCount>();
        countsNode = fields.GetValueOrDefault("counts");
        if (countsNode is not null)
        {
            foreach (var (unitNode, rangeNode) in context.Mapping(countsNode, $"the counts of {what}").Children)
            {
                var unit = context.Text(unitNode, $"what a count of {what} counts");
                if (Tokenizer.Words(unit) is not [var word] || word != unit)
                    throw context.Error(unitNode, $"what a count of {what} counts must be one word in lower case, such as endpoints (found '{unit}')");
                var range = context.Text(rangeNode, $"the count of {unit} of {what}");
                var bounds = CountRange().Match(range);
                if (!bounds.Success)
                    throw context.Error(rangeNode, $"the count of {unit} of {what} must be a range such as 1-15, or 100+ for no upper bound (found '{range}')");
                var min = double.Parse(bounds.Groups["min"].Value, CultureInfo.InvariantCulture);
                double? max = bounds.Groups["max"].Success ? double.Parse(bounds.Groups["max"].Value, CultureInfo.InvariantCulture) : null;
                if (max < min)
                    throw context.Error(rangeNode, $"the count of {unit} of {what} runs from {min} down to {max}; write the smaller number first");
                counts.Add(new FlowCount(unit, min, max));
            }
        }
        return new FlowOption(key, label, phrases, evidence) { Both = both, Counts = counts };
    }

    [GeneratedRegex(@"^\s*(?<min>\d+)\s*(?:-\s*(?<max>\d+)|\+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CountRange();

    private static Dictionary<string, IReadOnlyList<FlowReason>> ParseGeneral(Context context, YamlNode node)
    {
        var general = new Dictionary<string, IReadOnlyList<FlowReason>>(StringComparer.Ordinal);
        foreach (var (frameworkNode, listNode) in context.Mapping(node, "general").Children)
        {
            var framework = context.FrameworkKey(frameworkNode);
            var reasons = new List<FlowReason>();
            foreach (var itemNode in context.Sequence(listNode, $"the general reasons for {framework}"))
            {
                var item = context.Fields(itemNode, $"a general reason for {framework}", ["reason", "passage"], ["reason", "passage"]);
                reasons.Add(new FlowReason(context.Text(item["reason"], $"a general reason for {framework}"), context.Passage(item["passage"])));
            }
            general[framework] = reasons;
        }
        return general;
    }

    /// <summary>The file being read, and the checks every node goes through.</summary>
    private sealed class Context(string file, Func<string, Passage?> findPassage)
    {
        public IReadOnlyList<string> Frameworks { get; set; } = [];

        public KnowledgeLoadException Error(YamlNode node, string problem) => new(file, (int)node.Start.Line, problem);

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping");

        public YamlSequenceNode Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list");

        /// <summary>A mapping's fields by name, refusing names it does not know and requiring the required ones.</summary>
        public Dictionary<string, YamlNode> Fields(YamlNode node, string what, string[] allowed, string[] required)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in Mapping(node, what).Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(key))
                    throw Error(keyNode, $"unknown key '{key}' in {what} (allowed: {string.Join(", ", allowed)})");
                fields[key] = value;
            }
            foreach (var key in required)
            {
                if (!fields.ContainsKey(key))
                    throw Error(node, $"{what} has no '{key}'");
            }
            return fields;
        }

        public string Key(YamlNode node) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, "expected a key");

        public string FrameworkKey(YamlNode node)
        {
            var key = Key(node);
            return Frameworks.Contains(key) ? key : throw Error(node, $"unknown framework '{key}' (the frameworks are: {string.Join(", ", Frameworks)})");
        }

        public string Text(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value)
                ? value.Trim()
                : throw Error(node, $"{what} must be non-empty text");

        public double Number(YamlNode node, string what, bool positive = false)
        {
            // A quoted scalar is text in YAML, even when it looks like a number.
            if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } value }
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number))
            {
                if (positive ? number <= 0 : number < 0)
                    throw Error(node, $"{what} must be {(positive ? "greater than 0" : "0 or more")}, not {value}");
                return number;
            }
            throw Error(node, $"{what} must be a number, not '{(node as YamlScalarNode)?.Value ?? node.NodeType.ToString()}'");
        }

        public Passage Passage(YamlNode node)
        {
            var id = Text(node, "a passage id");
            return findPassage(id) ?? throw Error(node, $"passage '{id}' does not exist (see the ids listed by 'sections --json')");
        }
    }
}
