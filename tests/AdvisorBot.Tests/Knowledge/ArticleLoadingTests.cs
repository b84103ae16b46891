using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Knowledge;

public class ArticleLoadingTests
{
    [Fact]
    public void Passages_carry_their_heading_path_from_the_article_title_down()
    {
        using var corpus = SmallCorpus.Create();
        var knowledge = KnowledgeBase.Load(corpus.Path);

        var security = Assert.Single(knowledge.Passages, passage => passage.Text.Contains("cross-site request forgery"));
        Assert.Equal(["The Alpha Guide", "Security"], security.HeadingPath);
        Assert.Equal("The Alpha Guide > Security", security.Heading);

        var intro = Assert.Single(knowledge.Passages, passage => passage.Text.StartsWith("Alpha is a large web framework"));
        Assert.Equal(["The Alpha Guide"], intro.HeadingPath);
    }

    [Fact]
    public void Subsections_nest_under_their_section()
    {
        using var directory = new TempDirectory();
        directory.Write("nested.md", """
            ---
            title: Nested
            ---
            ## Section
            ### Subsection
            Text under the subsection.
            ## Next
            Text under next.
            """);
        var passages = KnowledgeBase.Load(directory.Path).Passages;

        Assert.Equal(["Nested", "Section", "Subsection"], passages[0].HeadingPath);
        Assert.Equal(["Nested", "Next"], passages[1].HeadingPath);
    }

    [Fact]
    public void Front_matter_becomes_the_source_and_only_what_it_gives()
    {
        using var corpus = SmallCorpus.Create();
        var knowledge = KnowledgeBase.Load(corpus.Path);

        var alpha = knowledge.Articles.Single(article => article.Id == "alpha-guide").Source;
        Assert.Equal(new Source("The Alpha Guide", "Alpha Weekly", "Ada Writer", "2024-01-02", "https://example.org/alpha"), alpha);
        var beta = knowledge.Articles.Single(article => article.Id == "beta-notes").Source;
        Assert.Equal(new Source("Beta Notes", "Beta Blog", null, null, null), beta);
    }

    [Fact]
    public void Passage_ids_are_readable_and_the_same_on_every_load()
    {
        using var corpus = SmallCorpus.Create();
        var first = KnowledgeBase.Load(corpus.Path).Passages.Select(passage => passage.Id).ToList();
        var second = KnowledgeBase.Load(corpus.Path).Passages.Select(passage => passage.Id).ToList();

        Assert.Equal(first, second);
        Assert.Contains("alpha-guide/security/1", first);
        Assert.Contains("beta-notes/beta-routing/1", first);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void Repeated_headings_get_ids_that_name_their_parent()
    {
        using var directory = new TempDirectory();
        directory.Write("pros.md", """
            ---
            title: Pros and cons
            ---
            ## Django
            ### Pros
            Django pros.
            ## Flask
            ### Pros
            Flask pros.
            """);
        var ids = KnowledgeBase.Load(directory.Path).Passages.Select(passage => passage.Id).ToList();

        Assert.Equal(["pros/pros/1", "pros/flask-pros/1"], ids);
    }

    [Fact]
    public void Code_samples_stay_code_and_hash_lines_inside_them_are_not_headings()
    {
        using var directory = new TempDirectory();
        directory.Write("code.md", """
            ---
            title: Code
            ---
            ## Example
            Here is an app:

            ```python
            # app.py
            from flask import Flask
            ```
            """);
        var passage = Assert.Single(KnowledgeBase.Load(directory.Path).Passages);

        Assert.Equal(["Code", "Example"], passage.HeadingPath);
        Assert.Contains("```python\n# app.py\nfrom flask import Flask\n```", passage.Text);
    }

    [Fact]
    public void The_shipped_knowledge_base_loads_with_every_passage_within_the_limit()
    {
        var knowledge = KnowledgeBase.Load(RepositoryPaths.Knowledge);

        Assert.Equal(5, knowledge.Articles.Count);
        Assert.All(knowledge.Passages, passage => Assert.InRange(passage.Text.Length, 1, Passage.MaxTextLength));
        Assert.All(knowledge.Articles, article => Assert.False(string.IsNullOrWhiteSpace(article.Source.Title)));
        Assert.NotEmpty(knowledge.Vocabulary.Subjects);
    }
}
