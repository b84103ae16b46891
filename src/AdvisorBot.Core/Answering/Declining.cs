using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Answering;

/// <summary>What the bot says when the knowledge base has no good answer: plainly that, then
/// what it can answer, from the subjects and suggestions in the vocabulary.</summary>
public static class Declining
{
    /// <summary>The decline for a search that found no good answer: for a fault the question asks
    /// to fix, that the articles do not troubleshoot; otherwise as <see cref="Message(KnowledgeBase, IReadOnlyList{string}?, IReadOnlyList{PassingMention}?)"/>.</summary>
    public static string Message(KnowledgeBase knowledge, SearchResult declined) =>
        declined.AsksToTroubleshoot
            ? $"My articles don't troubleshoot errors or crashes, so I can't help fix that. {WhatICanAnswer(knowledge)}"
            : Message(knowledge, declined.Subjects, declined.MentionedInPassing);

    /// <summary>The decline; for a question that named <paramref name="subjects"/>, what the
    /// articles do cover about them; for one about something they mention only in passing
    /// (<paramref name="passing"/>), where they mention it.</summary>
    public static string Message(KnowledgeBase knowledge, IReadOnlyList<string>? subjects = null, IReadOnlyList<PassingMention>? passing = null)
    {
        if (subjects is { Count: > 0 })
            return passing is { Count: > 0 } ? $"{InPassing(passing)}. {MessageAbout(knowledge, subjects)}" : MessageAbout(knowledge, subjects);
        return passing is { Count: > 0 }
            ? $"{InPassing(passing)}, so I don't have a good answer to that. {WhatICanAnswer(knowledge)}"
            : $"I don't have a good answer to that in my articles. {WhatICanAnswer(knowledge)}";
    }

    /// <summary>"My articles mention FastAPI only in passing (in Python Web Development: Django vs
    /// Flask, under "Python Web Framework Landscape")".</summary>
    private static string InPassing(IReadOnlyList<PassingMention> passing)
    {
        var names = string.Join(" and ", passing.Select(mention => mention.Name).Distinct(StringComparer.OrdinalIgnoreCase));
        var places = string.Join("; ", passing.Select(mention =>
            $"{mention.Passage.Source.Title}, under \"{mention.Passage.SectionHeadings.LastOrDefault() ?? mention.Passage.Source.Title}\"").Distinct(StringComparer.Ordinal));
        return $"My articles mention {names} only in passing (in {places})";
    }

    public static string WhatICanAnswer(KnowledgeBase knowledge)
    {
        var subjects = knowledge.Vocabulary.Subjects.Select(subject => subject.Name).ToList();
        var about = subjects.Count switch
        {
            0 => "the topics of my articles",
            1 => subjects[0],
            _ => $"{string.Join(", ", subjects[..^1])} and {subjects[^1]}",
        };
        return $"I can answer questions about {about}, quoting {knowledge.Articles.Count} articles. You can also type /choose-framework for a guided recommendation.";
    }

    /// <summary>Said before an answer whose passages only touch on the question.</summary>
    public const string Hedge = "The articles only touch on this. The closest they come:";

    /// <summary>
    /// The decline for a question that named subjects (Django, Flask): what the articles do cover
    /// about them, from the headings of their passages ("Django: Security" is security), rather
    /// than "I can answer questions about Django" to a question about Django.
    /// </summary>
    private static string MessageAbout(KnowledgeBase knowledge, IReadOnlyList<string> subjects)
    {
        var named = knowledge.Vocabulary.Subjects.Where(subject => subjects.Contains(subject.Name, StringComparer.Ordinal)).ToList();
        var topics = named.Count == 0 ? [] : TopicsAbout(knowledge, named);
        if (topics.Count == 0)
            return Message(knowledge, subjects: null);
        var about = named.Count == 1 ? named[0].Name : $"{string.Join(", ", named[..^1].Select(subject => subject.Name))} and {named[^1].Name}";
        return $"My articles don't answer that about {about}. What they cover about {about}: {string.Join(", ", topics)}. "
            + "You can also type /choose-framework for a guided recommendation.";
    }

    private const int MaxTopics = 8;

    /// <summary>The sections the articles give the subjects, by heading with the subject's name
    /// taken out, most covered first: "security", "learning curve and documentation". A heading
    /// that also names another subject is about the comparison, and one that asks a question is
    /// not a topic ("How do Flask and Django work?"), so neither counts.</summary>
    private static List<string> TopicsAbout(KnowledgeBase knowledge, IReadOnlyList<Subject> subjects)
    {
        var names = subjects.SelectMany(subject => subject.Names).ToList();
        var otherNames = knowledge.Vocabulary.Subjects.Except(subjects).SelectMany(subject => subject.Names).ToList();
        bool GivenToTheSubjects(string heading) =>
            names.Any(name => ContainsWord(heading, name)) && !otherNames.Any(name => ContainsWord(heading, name)) && !heading.TrimEnd().EndsWith('?');
        return knowledge.Passages
            .Select(passage => passage.SectionHeadings.LastOrDefault(GivenToTheSubjects))
            .OfType<string>()
            .Select(heading => Topic(heading, names))
            .Where(topic => topic.Length > 0)
            .GroupBy(topic => topic, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group => group.Key)
            .Take(MaxTopics)
            .ToList();
    }

    private static bool ContainsWord(string text, string word) =>
        Regex.IsMatch(text, $@"\b{Regex.Escape(word)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>A heading as a topic: the subject's names and punctuation taken out, lower case,
    /// without a leading article; empty when what is left says nothing ("Django Overview",
    /// "Choose Django if:").</summary>
    private static string Topic(string heading, IReadOnlyList<string> names)
    {
        var topic = heading;
        foreach (var name in names)
            topic = Regex.Replace(topic, $@"\b{Regex.Escape(name)}\b", " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var words = Regex.Replace(topic, @"[^\p{L}\p{N}'-]+", " ").Trim().ToLowerInvariant()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(word => word is "the" or "a" or "an").ToList();
        if (words.Count == 0 || words is ["overview"] || StopWords.Contains(words[^1]))
            return "";
        return string.Join(' ', words);
    }

    public static IReadOnlyList<string> Suggestions(KnowledgeBase knowledge) => knowledge.Vocabulary.Suggestions;
}
