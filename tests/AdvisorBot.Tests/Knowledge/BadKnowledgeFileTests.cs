using System.Text;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Knowledge;

public class BadKnowledgeFileTests
{
    private static KnowledgeLoadException LoadFails(Action<TempDirectory> write)
    {
        using var directory = new TempDirectory();
        directory.Write("good.md", "---\ntitle: Good\n---\nSome text.\n");
        write(directory);
        return Assert.Throws<KnowledgeLoadException>(() => KnowledgeBase.Load(directory.Path));
    }

    [Fact]
    public void A_file_without_front_matter_is_refused_naming_file_and_line()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "# Title\n\nText.\n"));

        Assert.Equal("bad.md", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("bad.md:1", error.Message);
        Assert.Contains("front matter", error.Message);
    }

    [Fact]
    public void Front_matter_that_is_not_closed_is_refused()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "---\ntitle: Open\n\nText.\n"));

        Assert.Equal("bad.md", error.File);
        Assert.Contains("not closed", error.Message);
    }

    [Fact]
    public void Broken_yaml_in_front_matter_is_refused_with_its_line()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "---\ntitle: Fine\nauthor: [unclosed\n---\nText.\n"));

        Assert.Equal("bad.md", error.File);
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 2, 4);
    }

    [Fact]
    public void Front_matter_without_a_title_is_refused()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "---\nauthor: Someone\n---\nText.\n"));

        Assert.Equal("bad.md", error.File);
        Assert.Contains("title", error.Message);
    }

    [Fact]
    public void A_misspelt_front_matter_key_is_refused_with_its_line()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "---\ntitle: T\npublsher: Typo\n---\nText.\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("publsher", error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = LoadFails(directory => directory.Write("empty.md", ""));

        Assert.Equal("empty.md", error.File);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_file_with_front_matter_but_no_text_is_refused()
    {
        var error = LoadFails(directory => directory.Write("bare.md", "---\ntitle: Bare\n---\n\n"));

        Assert.Contains("no text", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_naming_the_line_with_the_bad_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("---\ntitle: Latin\n---\nCaf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes(" au lait.\n")).ToArray();
        var error = LoadFails(directory => directory.WriteBytes("latin1.md", bytes));

        Assert.Equal("latin1.md", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Two_articles_with_the_same_id_are_refused()
    {
        var error = LoadFails(directory => directory.Write("other.md", "---\nid: good\ntitle: Other\n---\nText.\n"));

        Assert.Equal("other.md", error.File);
        Assert.Contains("duplicate", error.Message);
        Assert.Contains("good.md", error.Message);
    }

    [Fact]
    public void A_url_that_is_not_http_is_refused()
    {
        var error = LoadFails(directory => directory.Write("bad.md", "---\ntitle: T\nurl: javascript:alert(1)\n---\nText.\n"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_bad_vocabulary_file_is_refused_with_its_line()
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", "subjects:\n  Django: [django]\nsynonyms:\n  - [lonely]\n"));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("whole_words:\n  - important\n  - Production\n", "'Production' is not one word in lower case")]
    [InlineData("whole_words:\n  - important\n  - best for\n", "'best for' is not one word")]
    public void A_whole_word_that_is_not_one_lower_case_word_is_refused_with_its_line(string yaml, string message)
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", yaml));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Other_senses_of_a_name_that_is_not_a_subject_are_refused_with_its_line()
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", "subjects:\n  Django: [django]\nother_senses:\n  Flask: [hip flask]\n"));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("other_senses names 'Flask', which is not one of the subjects (Django)", error.Message);
    }

    [Fact]
    public void Asked_as_phrases_for_a_topic_that_is_no_synonym_group_are_refused_with_its_line()
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", "synonyms:\n  - [big names, famous]\nasked_as:\n  users: [who uses]\n"));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("asked_as names 'users', which does not begin any synonym group", error.Message);
    }

    [Theory]
    [InlineData("synonyms:\n  - [skill levels, mixed team]\n  - [beginner, junior]\ntogether:\n  skill levels: [beginner, senior]\n", "together names 'senior', which does not begin any synonym group")]
    [InlineData("synonyms:\n  - [skill levels, mixed team]\n  - [beginner, junior]\ntogether:\n  mixed: [beginner, skill levels]\n", "together names 'mixed', which does not begin any synonym group")]
    [InlineData("synonyms:\n  - [skill levels, mixed team]\n  - [beginner, junior]\ntogether:\n  skill levels: [beginner]\n", "'skill levels' needs at least two groups named together")]
    [InlineData("synonyms:\n  - [performance, fast]\n  - [mvp, prototype]\nread_beside:\n  - {topic: performance, beside: mvp, as: rapid development}\n", "read_beside names 'rapid development', which does not begin any synonym group")]
    [InlineData("synonyms:\n  - [performance, fast]\n  - [mvp, prototype]\nread_beside:\n  - {topic: performance, beside: mvp}\n", "needs exactly 'topic', 'beside' and 'as'")]
    public void Topics_named_together_or_read_beside_another_that_are_not_synonym_groups_are_refused_with_their_line(string yaml, string message)
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", yaml));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("synonyms:\n  - [big names, famous]\nasked_as:\n  big names: [who uses, \"--\"]\n", "asked_as phrase '--' has no words")]
    [InlineData("settings: [in production, \"!!\"]\n", "settings phrase '!!' has no words")]
    [InlineData("subjects:\n  Django: [django]\nother_senses:\n  Django: [\"...\"]\n", "other_senses phrase '...' has no words")]
    public void A_phrase_with_no_word_in_it_is_refused_rather_than_never_matching(string yaml, string message)
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", yaml));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("synonyms:\n  - [orm, object-relational mapper\n")]
    [InlineData("subjects: {Django: [django]\n")]
    [InlineData("suggestions: [\"unclosed\n")]
    public void A_vocabulary_file_that_is_not_valid_yaml_is_refused_naming_it(string yaml)
    {
        var error = LoadFails(directory => directory.Write("vocabulary.yml", yaml));

        Assert.Equal("vocabulary.yml", error.File);
        Assert.Contains("YAML", error.Message);
    }

    [Fact]
    public void A_folder_without_articles_is_refused()
    {
        using var directory = new TempDirectory();
        Assert.Throws<KnowledgeLoadException>(() => KnowledgeBase.Load(directory.Path));
    }
}
