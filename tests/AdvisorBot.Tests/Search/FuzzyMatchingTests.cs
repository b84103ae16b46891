using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>A word the index does not know is matched to the index term nearest to it, when it is
/// long enough for that to be safe; anything else is left alone.</summary>
public sealed class FuzzyMatchingTests(ShippedSnapshot shipped) : IClassFixture<ShippedSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = shipped.Value;

    [Theory]
    [InlineData("djnago admin panel", "django")]
    [InlineData("whats werkzueg used for", "werkzeug")]
    [InlineData("authentification options", "authent")]
    public void A_misspelt_word_is_read_as_the_word_it_means(string question, string meant)
    {
        var concepts = _snapshot.Searcher.Explain(question).Concepts.Select(concept => concept.Concept).ToList();

        // It is read as the right spelling would be: "djnago" is the subject Django's concept.
        Assert.Contains(concepts, concept => concept.Literal.Contains(meant) && concept.Typed is not null);
    }

    [Fact]
    public void A_misspelling_finds_the_passage_the_right_spelling_finds()
    {
        var result = _snapshot.Searcher.Search("whats werkzueg used for in flask");

        Assert.True(result.Answered);
        Assert.Contains("werkzeug", EvidenceText.Normalize(result.Hits[0].Passage.Text));
    }

    [Fact]
    public void A_misspelling_is_matched_to_the_word_as_written_not_only_to_its_stem()
    {
        // "documentaion" is one edit from "documentation" but four from its stem, "document".
        var explanation = _snapshot.Searcher.Explain("hows the documentaion for django");
        var result = _snapshot.Searcher.Search("hows the documentaion for django");

        Assert.Contains(explanation.Concepts, concept => concept.Concept.Typed == "documentaion" && concept.DocumentFrequency > 0);
        Assert.Contains("read as \"hows the documentation for django\"", explanation.ConfidenceBasis);
        Assert.True(result.Answered);
        Assert.Contains("documentation", EvidenceText.Normalize(result.Hits[0].Passage.Text));
    }

    [Fact]
    public void A_misspelt_word_the_question_also_says_rightly_is_as_sure_as_the_right_spelling()
    {
        // "perfomance" is a typo of the concept "faster" names exactly: it is known, not half known.
        var typed = _snapshot.Searcher.Search("perfomance wise which one is faster");
        var spelt = _snapshot.Searcher.Search("performance wise which one is faster");
        var concept = Assert.Single(_snapshot.Searcher.Explain("perfomance wise which one is faster").Concepts, concept => concept.DocumentFrequency > 0);

        Assert.Null(concept.Concept.Typed);
        Assert.True(typed.Answered);
        Assert.Equal(spelt.Confidence, typed.Confidence, 2);
        Assert.Equal(spelt.Hits[0].Passage.Id, typed.Hits[0].Passage.Id);
    }

    [Fact]
    public void A_letter_doubled_in_the_wrong_place_is_read_as_the_word_meant_not_a_word_its_stem_is_near()
    {
        // "begginers" stems to "beggin", one edit from "begin"; the word meant is "beginners".
        var explanation = _snapshot.Searcher.Explain("is djnago good for begginers");

        Assert.Contains(explanation.Concepts, concept => concept.Concept.Typed == "beggin" && concept.Concept.Term == "#beginner");
        Assert.Contains("read as \"is django good for beginner", explanation.ConfidenceBasis);
        Assert.True(_snapshot.Searcher.Search("is djnago good for begginers").Answered);
    }

    [Fact]
    public void A_long_word_misspelt_is_as_known_as_the_word_itself()
    {
        // One edit in thirteen letters leaves no doubt which word was meant; "spring" for "string" would.
        var typed = _snapshot.Searcher.Search("wich one has better documantation");
        var spelt = _snapshot.Searcher.Search("wich one has better documentation");

        Assert.True(typed.Answered, $"declined with confidence {typed.Confidence}");
        Assert.Equal(spelt.Hits[0].Passage.Id, typed.Hits[0].Passage.Id);
    }

    [Fact]
    public void A_shorter_word_with_a_letter_left_out_is_as_known_as_the_word_itself()
    {
        // "securty" is "security" less a letter: a slip of the hand, not another word.
        var explanation = _snapshot.Searcher.Explain("which has the better securty");
        var typed = _snapshot.Searcher.Search("which has the better securty");
        var spelt = _snapshot.Searcher.Search("which has the better security");

        var concept = Assert.Single(explanation.Concepts, concept => concept.Concept.Typed is not null);
        Assert.True(concept.Concept.SureTypo);
        Assert.True(typed.Answered, $"declined with confidence {typed.Confidence}");
        Assert.Equal(spelt.Hits[0].Passage.Id, typed.Hits[0].Passage.Id);
    }

    [Theory]
    [InlineData("docker compose", "compose")]
    [InlineData("asking for a friend who is new to python, which one should they start with", "friend")]
    [InlineData("some context first: we are a team of four", "context")]
    [InlineData("flask vs spring boot", "spring")]
    [InlineData("does django have flash messages", "flash")]
    public void An_everyday_word_is_not_read_as_an_article_word_a_few_letters_off(string question, string word)
    {
        // "compose" is one edit from "compon(ent)" as stems, "friend" begins "friendly", "context"
        // is one letter from "content", "flash" one from "flask": each is a word of its own.
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.DoesNotContain(explanation.Concepts, concept => concept.Concept.Typed is not null);
        Assert.Contains(explanation.Concepts, concept => concept.Concept.Literal.Contains(Stemmed(word)) || concept.Concept.Term == Stemmed(word));
        Assert.Contains($"read as \"{question}\"", explanation.ConfidenceBasis);
    }

    private static string Stemmed(string word)
    {
        using var stemmer = new Stemmer();
        return stemmer.StemWord(word);
    }

    [Theory]
    [InlineData("which has beter securty", "beter", "which has better security")]
    [InlineData("shoud i use flask for an api", "shoud", "should i use flask for an api")]
    public void A_mistyped_stop_word_is_read_as_the_stop_word_not_as_an_unknown_topic(string question, string typo, string readAs)
    {
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.DoesNotContain(explanation.Concepts, concept => concept.Concept.Literal.Contains(typo) || concept.Concept.Term == typo);
        // The model reads the stop word meant, too.
        Assert.Contains($"read as \"{readAs}\"", explanation.ConfidenceBasis);
        Assert.True(_snapshot.Searcher.Search(question).Answered);
    }

    [Fact]
    public void A_word_one_letter_from_a_stop_word_is_not_taken_for_it()
    {
        // "year" is one letter from "yeah", "copes" from "comes": words of their own, not slips.
        var explanation = _snapshot.Searcher.Explain("a 10-year team, which framework copes best");

        Assert.Contains("read as \"a 10-year team, which framework copes best\"", explanation.ConfidenceBasis);
    }

    [Fact]
    public void A_name_typed_a_few_letters_short_is_read_as_the_articles_word()
    {
        var concepts = _snapshot.Searcher.Explain("does django support postgres").Concepts;

        Assert.Contains(concepts, concept => concept.Concept.Term == "postgresql" && concept.Concept.Typed is not null && concept.DocumentFrequency > 0);
    }

    [Fact]
    public void A_short_word_is_not_read_as_a_longer_word_it_begins()
    {
        // "serve" begins "server" and "service": too short to say which, so it stays as typed.
        var concept = Assert.Single(_snapshot.Searcher.Explain("serve").Concepts);

        Assert.Null(concept.Concept.Typed);
    }

    [Theory]
    [InlineData("which one is the heaviest", "heavi")]
    [InlineData("which gets a page up quickest", "quick")]
    public void A_comparative_or_superlative_is_read_as_its_base_word_not_as_a_typo(string question, string term)
    {
        var concepts = _snapshot.Searcher.Explain(question).Concepts;

        var read = Assert.Single(concepts, concept => concept.Concept.Term == term);
        Assert.True(read.DocumentFrequency > 0);
        // Full credit, as if the base word were typed: it is no misspelling.
        Assert.Null(read.Concept.Typed);
    }

    [Fact]
    public void A_whole_word_of_the_vocabulary_is_no_comparative()
    {
        // "customer" ends as "faster" does, but is no more "custom" than it is a typo of it; the
        // vocabulary lists it as a whole word.
        var terms = _snapshot.Searcher.Explain("customer asks whether django has an admin panel").Concepts.Select(concept => concept.Concept.Term).ToList();

        Assert.DoesNotContain("custom", terms);
        Assert.Contains("#admin_panel", terms);
    }

    [Theory]
    [InlineData("pizza")]
    [InlineData("restaurant")]
    public void An_unknown_word_with_no_near_term_stays_unknown(string word)
    {
        var concept = Assert.Single(_snapshot.Searcher.Explain(word).Concepts);

        Assert.Null(concept.Concept.Typed);
        Assert.Equal(0, concept.DocumentFrequency);
        Assert.False(_snapshot.Searcher.Search(word).Answered);
    }

    [Fact]
    public void A_long_word_with_a_short_stem_is_held_to_the_edits_of_its_stem()
    {
        // "originally" has ten letters, but its stem "origin" is six: two edits from it is
        // "organ" (of "organizations"), which it does not mean.
        var concept = Assert.Single(_snapshot.Searcher.Explain("originally").Concepts);

        Assert.Null(concept.Concept.Typed);
        Assert.Equal(0, concept.DocumentFrequency);
    }

    [Theory]
    [InlineData("piza")]
    [InlineData("fasts")]
    public void Short_words_are_never_matched_fuzzily_to_ordinary_words(string word)
    {
        // At four or five letters one edit makes too many other words ("fasts" is not "fast").
        var concept = Assert.Single(_snapshot.Searcher.Explain(word).Concepts);

        Assert.Null(concept.Concept.Typed);
    }

    [Fact]
    public void A_short_word_one_edit_from_a_subject_name_is_that_subject()
    {
        // Names are what people mistype most, and few words are one edit from them.
        var concept = Assert.Single(_snapshot.Searcher.Explain("flsk").Concepts);

        Assert.Equal("Flask", concept.Concept.Subject);
        Assert.Equal("flsk", concept.Concept.Typed);
    }
}
