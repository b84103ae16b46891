using System.Text.RegularExpressions;
using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>
/// The shipped articles answer the questions users ask most, with the passage that says it
/// first, and decline what they do not cover. A guard against ranking regressions.
/// </summary>
public class ShippedKnowledgeTests(ShippedSnapshot shipped) : IClassFixture<ShippedSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = shipped.Value;

    [Theory]
    [InlineData("Is Flask a good fit for a REST API?", "REST API|RESTful API")]
    [InlineData("Does Django include user authentication?", "Django includes built-in authentication|Complete authentication system built-in")]
    [InlineData("How do I add an admin interface to Flask?", "Flask does not provide a built-in admin interface")]
    [InlineData("What template engine does Flask ship with?", "Jinja2")]
    [InlineData("Can Django do async?", "Django 3.0+ and Flask both support async")]
    [InlineData("Which framework should a beginner start with?", "beginner")]
    public void A_common_question_gets_the_passage_that_answers_it_first(string question, string evidence)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
        var best = result.Hits[0].Passage;
        // Any of the evidence phrases (separated by |) says it.
        var text = EvidenceText.Normalize($"{best.Heading}\n{best.Text}");
        Assert.True(evidence.Split('|').Any(phrase => text.Contains(EvidenceText.Normalize(phrase))), $"{best.Id} does not say {evidence}");
    }

    [Theory]
    [InlineData("What's the best pizza in Naples?")]
    [InlineData("How do I install Windows 11?")]
    [InlineData("Tell me about Spring Boot")]
    [InlineData("Should I use React or Vue for my frontend?")]
    public void A_question_the_articles_do_not_cover_is_declined(string question)
    {
        Assert.False(_snapshot.Searcher.Search(question).Answered);
    }

    [Theory]
    [InlineData("Who directed Django Unchained?")]
    [InlineData("Best vacuum flask for hiking?")]
    [InlineData("Is Django Reinhardt's guitar music good for studying?")]
    public void A_question_that_only_shares_a_name_with_the_articles_is_declined(string question)
    {
        Assert.False(_snapshot.Searcher.Search(question).Answered);
    }

    [Fact]
    public void A_question_naming_something_the_articles_never_mention_is_not_answered_with_whatever_mentions_the_framework()
    {
        Assert.False(_snapshot.Searcher.Search("Can I use MongoDB with Django?").Answered);
    }

    [Fact]
    public void Words_the_articles_never_use_do_not_sink_a_question_they_answer()
    {
        var result = _snapshot.Searcher.Search("We're a 3-person startup building an MVP in six weeks. Which should we pick?");

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
        Assert.Contains(result.Hits, hit => EvidenceText.Normalize(hit.Passage.Text).Contains("mvp"));
    }

    [Fact]
    public void Every_signal_is_shown_for_each_passage_by_explain()
    {
        var explanation = _snapshot.Searcher.Explain("Does Flask protect against CSRF out of the box?");
        var text = explanation.ToString();

        Assert.True(explanation.Answered);
        Assert.All(explanation.Passages, passage => Assert.InRange(passage.Cosine, -1, 1));
        Assert.Contains("confidence=", text);
        Assert.All(explanation.Passages, passage => Assert.Matches($@"{Regex.Escape(passage.Passage.Id)}: bm25=[\d.]+ coverage=[\d.]+ cosine=-?[\d.]+ subject fit=[\d.]+", text));
    }
}
