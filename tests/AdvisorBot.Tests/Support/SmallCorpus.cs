namespace AdvisorBot.Tests.Support;

/// <summary>
/// A knowledge base the tests write themselves: two made-up frameworks, Alpha (large, batteries
/// included) and Beta (small, pick your own parts), so ranking and declining are tested on text
/// whose right answers we know.
/// </summary>
public static class SmallCorpus
{
    public const string AlphaGuide = """
        ---
        title: "The Alpha Guide"
        publisher: "Alpha Weekly"
        author: "Ada Writer"
        date: "2024-01-02"
        url: "https://example.org/alpha"
        ---

        # The Alpha Guide

        Alpha is a large web framework for building complete applications.

        ## Alpha Features

        Alpha includes a built-in object-relational mapper that talks to PostgreSQL and SQLite.

        Alpha generates an administration panel from your models automatically.

        ## Alpha Weaknesses

        The learning curve of Alpha is steep because there are many concepts to learn.

        ## Security

        Alpha ships with protection against cross-site request forgery and SQL injection.
        """;

    public const string BetaNotes = """
        ---
        title: "Beta Notes"
        publisher: "Beta Blog"
        ---

        # Beta Notes

        ## Beta Overview

        Beta is a tiny framework. It has no database layer of its own; you choose a library for that.

        ## Beta Routing

        Beta maps URLs to functions with decorators, which keeps routing easy to read.

        ## Beta Deployment

        Deploying Beta needs only a WSGI server such as Gunicorn.
        """;

    public const string Vocabulary = """
        subjects:
          Alpha: [alpha]
          Beta: [beta]
        synonyms:
          - [orm, object-relational mapper, database layer]
          - [admin panel, administration panel]
        suggestions:
          - Does Alpha have an admin panel?
        """;

    public static TempDirectory Create()
    {
        var directory = new TempDirectory();
        directory.Write("alpha-guide.md", AlphaGuide);
        directory.Write("beta-notes.md", BetaNotes);
        directory.Write("vocabulary.yml", Vocabulary);
        return directory;
    }
}

/// <summary>The small corpus, indexed: a fixture shared by the tests of one class.</summary>
public sealed class SmallCorpusSnapshot : IDisposable
{
    private readonly TempDirectory _corpus = SmallCorpus.Create();

    public SmallCorpusSnapshot() => Snapshot = AdvisorBot.Core.Search.KnowledgeSnapshot.Build(_corpus.Path);

    public AdvisorBot.Core.Search.KnowledgeSnapshot Snapshot { get; }

    public void Dispose()
    {
        Snapshot.Dispose();
        _corpus.Dispose();
    }
}
