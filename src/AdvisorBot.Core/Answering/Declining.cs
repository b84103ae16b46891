using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Answering;

/// <summary>What the bot says when the knowledge base has no good answer: plainly that, then
/// what it can answer, from the subjects and suggestions in the vocabulary.</summary>
public static class Declining
{
    public static string Message(KnowledgeBase knowledge) =>
        $"I don't have a good answer to that in my articles. {WhatICanAnswer(knowledge)}";

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

    public static IReadOnlyList<string> Suggestions(KnowledgeBase knowledge) => knowledge.Vocabulary.Suggestions;
}
