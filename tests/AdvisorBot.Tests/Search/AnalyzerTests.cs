using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Tests.Search;

/// <summary>The one analyzer chain that reads passages and questions alike.</summary>
public sealed class AnalyzerTests : IDisposable
{
    private readonly KnowledgeAnalyzer _analyzer = new(new Vocabulary(
        [new Subject("Django", ["django"])],
        [["orm", "object-relational mapper", "object relational mapping"], ["admin panel", "admin interface"], ["out of the box", "built-in"], ["auth", "log in"]],
        []));

    private List<string> Terms(string text) => _analyzer.Analyze(text).Select(token => token.Term).ToList();

    [Theory]
    [InlineData("Does it have an ORM?")]
    [InlineData("an object-relational mapper")]
    [InlineData("Object Relational Mapping")]
    public void Every_phrase_of_a_synonym_group_gives_the_groups_concept_term(string text)
    {
        Assert.Contains("#orm", Terms(text));
    }

    [Fact]
    public void Synonym_phrases_match_after_stemming_and_keep_their_small_words()
    {
        Assert.Contains("#admin_panel", Terms("Which one generates admin panels?"));
        Assert.Contains("#admin_panel", Terms("the admin interfaces"));
        Assert.Contains("#out_of_the_box", Terms("Does it work out of the box?"));
        Assert.Contains("#auth", Terms("How do users log in?"));
        // The words of a phrase stay searchable as words too.
        Assert.Contains("mapper", Terms("an object-relational mapper"));
    }

    [Fact]
    public void Stop_words_go_in_every_form_and_content_words_are_stemmed()
    {
        Assert.Equal(["deploi", "django", "applic"], Terms("What kinds of things should I do when deploying Django applications?"));
        Assert.Equal(Terms("deployment"), Terms("deployments"));
    }

    [Fact]
    public void Chats_w_slash_is_with()
    {
        // "ship w/ an orm" is the phrase "ship with": the vocabulary spells its phrases out.
        var vocabulary = new Vocabulary([], [["out of the box", "ships with"]], []);
        using var analyzer = new KnowledgeAnalyzer(vocabulary);
        List<string> TermsOf(string text) => analyzer.Analyze(text).Select(token => token.Term).ToList();

        Assert.Contains("#out_of_the_box", TermsOf("does it ship w/ an ORM"));
        Assert.Contains("#out_of_the_box", TermsOf("Ships W/orm?"));
        Assert.Equal(TermsOf("flask w o orm"), TermsOf("flask w/o orm"));
        // Not inside a word or a path.
        Assert.Contains("tw", TermsOf("tw/ ok"));
        // Offsets still point at what was typed.
        const string text = "works w/ MongoDB?";
        var mongo = analyzer.Analyze(text).Single(token => token.Term == "mongodb");
        Assert.Equal("MongoDB", text[mongo.StartOffset..mongo.EndOffset]);
    }

    [Fact]
    public void A_whole_word_keeps_the_words_the_stemmer_would_fold_into_it_apart()
    {
        // Porter folds "important" and "import", "community" and "communicate" into one stem.
        var vocabulary = new Vocabulary([], [["matter", "important"], ["community", "ecosystem"]], []) { WholeWords = ["important", "community"] };
        using var analyzer = new KnowledgeAnalyzer(vocabulary);
        List<string> TermsOf(string text) => analyzer.Analyze(text).Select(token => token.Term).ToList();

        Assert.Contains("#matter", TermsOf("is it important"));
        Assert.DoesNotContain("#matter", TermsOf("from flask import Flask"));
        Assert.Contains("#community", TermsOf("a big community"));
        Assert.DoesNotContain("#community", TermsOf("how services communicate"));
        // Without the whole words, the stems meet.
        using var folding = new KnowledgeAnalyzer(vocabulary with { WholeWords = [] });
        Assert.Contains("#matter", folding.Analyze("from flask import Flask").Select(token => token.Term));
    }

    [Fact]
    public void Accents_case_possessives_and_contractions_are_folded()
    {
        Assert.Equal(Terms("resume cafe"), Terms("Résumé CAFÉ"));
        Assert.Equal(["django", "orm"], Terms("Django's ORM").Where(term => !term.StartsWith('#')).ToList());
        Assert.Empty(Terms("we're what's don't"));
        // Chat drops the apostrophe: "dont" says as little as "don't".
        Assert.Empty(Terms("we dont, they cant, thats it, youre right"));
    }

    [Fact]
    public void Operators_and_symbols_are_not_words()
    {
        Assert.Equal(["django", "orm"], Terms("\"django\" AND (orm*) -- ^ ~ {} [] : 🚀").Where(term => !term.StartsWith('#')).ToList());
    }

    [Fact]
    public void The_articles_own_spelling_says_which_words_are_names()
    {
        var names = QueryParser.NamesWrittenIn(_analyzer, [
            "Newer frameworks such as FastAPI and Starlette compete with it.\n- Pyramid: a minimal framework\n1. Bottle: tiny",
            "Spotify runs it. Quick development is common, and people praise its quick setup. Rapid growth.",
        ]);

        // Two capitals, or a capital inside a sentence: a name.
        Assert.Contains(Terms("FastAPI").Single(), names);
        Assert.Contains(Terms("Starlette").Single(), names);
        // Capitalised only where a sentence or a list item starts: no evidence either way.
        Assert.DoesNotContain(Terms("Pyramid").Single(), names);
        Assert.DoesNotContain(Terms("Bottle").Single(), names);
        Assert.DoesNotContain(Terms("Spotify").Single(), names);
        // Written in lower case somewhere: a word, however it is capitalised elsewhere.
        Assert.DoesNotContain(Terms("quick").Single(), names);
        Assert.DoesNotContain(Terms("growth").Single(), names);
    }

    public void Dispose() => _analyzer.Dispose();
}
