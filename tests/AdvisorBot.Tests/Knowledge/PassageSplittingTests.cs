using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Knowledge;

public class PassageSplittingTests
{
    private static IReadOnlyList<Passage> Load(string body)
    {
        using var directory = new TempDirectory();
        directory.Write("article.md", "---\ntitle: Article\n---\n" + body);
        return KnowledgeBase.Load(directory.Path).Passages;
    }

    private static string Sentence(int n) => $"Sentence number {n} says something about web frameworks and their trade-offs in practice.";

    [Fact]
    public void A_long_section_splits_between_paragraphs_into_passages_of_at_most_800_characters()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(n => $"{Sentence(n)} {Sentence(n + 100)}").ToList();
        var passages = Load("## Long\n\n" + string.Join("\n\n", paragraphs));

        Assert.True(passages.Count > 1);
        Assert.All(passages, passage => Assert.True(passage.Text.Length <= Passage.MaxTextLength, $"{passage.Text.Length} characters"));
        // Every paragraph is whole in exactly one passage.
        Assert.All(paragraphs, paragraph => Assert.Single(passages, passage => passage.Text.Contains(paragraph)));
    }

    [Fact]
    public void A_paragraph_longer_than_a_passage_splits_between_sentences_never_inside_one()
    {
        var sentences = Enumerable.Range(1, 20).Select(Sentence).ToList();
        var passages = Load("## One paragraph\n\n" + string.Join(" ", sentences));

        Assert.True(passages.Count > 1);
        Assert.All(passages, passage => Assert.True(passage.Text.Length <= Passage.MaxTextLength));
        Assert.All(sentences, sentence => Assert.Single(passages, passage => passage.Text.Contains(sentence)));
        Assert.All(passages, passage => Assert.EndsWith(".", passage.Text));
    }

    [Fact]
    public void A_list_keeps_its_lead_in_and_repeats_it_when_the_list_spreads_over_passages()
    {
        var items = Enumerable.Range(1, 20).Select(n => $"- Item {n}: {Sentence(n)}").ToList();
        var passages = Load("## Uses\n\nFlask can be used to build:\n\n" + string.Join("\n", items));

        Assert.True(passages.Count > 1);
        Assert.All(passages, passage => Assert.StartsWith("Flask can be used to build:\n- Item", passage.Text));
        Assert.All(items, item => Assert.Single(passages, passage => passage.Text.Split('\n').Contains(item)));
        Assert.All(passages, passage => Assert.True(passage.Text.Length <= Passage.MaxTextLength));
    }

    [Fact]
    public void A_lead_in_and_a_short_list_stay_together_in_one_passage()
    {
        var passages = Load("## Uses\n\nDjango can be used to build:\n\n- Shops\n- Newspapers\n\nAnother paragraph.");

        var passage = Assert.Single(passages);
        Assert.Contains("Django can be used to build:\n- Shops\n- Newspapers", passage.Text);
    }

    [Fact]
    public void A_long_code_sample_splits_between_lines_and_each_part_is_fenced()
    {
        var lines = Enumerable.Range(1, 60).Select(n => $"value_{n} = compute_something({n})");
        var passages = Load("## Code\n\n```python\n" + string.Join("\n", lines) + "\n```\n");

        Assert.True(passages.Count > 1);
        Assert.All(passages, passage =>
        {
            Assert.StartsWith("```python\n", passage.Text);
            Assert.EndsWith("\n```", passage.Text);
            Assert.True(passage.Text.Length <= Passage.MaxTextLength);
        });
    }

    [Fact]
    public void Sentences_split_on_sentence_ends_but_not_inside_version_numbers()
    {
        var sentences = PassageSplitter.Sentences("Django 3.0+ supports async. Flask does too! Is that so? Yes.");

        Assert.Equal(["Django 3.0+ supports async.", "Flask does too!", "Is that so?", "Yes."], sentences);
    }

    [Fact]
    public void A_code_sample_stays_with_the_sentence_that_introduces_it()
    {
        var passages = Load("## Routing\n\nSome text about routes.\n\nHere is an example of a route:\n\n```python\n@app.route('/')\ndef home():\n    return 'hi'\n```\n");

        Assert.Contains(passages, passage => passage.Text.Contains("Here is an example of a route:\n```python\n@app.route('/')"));
        Assert.DoesNotContain(passages, passage => passage.Text.TrimEnd().EndsWith(':'));
    }

    [Fact]
    public void A_code_sample_right_after_another_opens_with_the_lead_in_of_their_example()
    {
        var python = string.Join("\n", Enumerable.Range(1, 15).Select(n => $"value_{n} = compute_something({n})"));
        var html = string.Join("\n", Enumerable.Range(1, 12).Select(n => $"<p>Paragraph number {n} of the page</p>"));
        var passages = Load($"## Example\n\nHere is the example, in two files:\n\n```python\n{python}\n```\n\n```html\n{html}\n```\n\nAs you can see, it is short.\n");

        var second = Assert.Single(passages, passage => passage.Text.Contains("```html"));
        Assert.StartsWith("Here is the example, in two files:\n```html\n<p>Paragraph number 1 ", second.Text);
        AssertEveryCodeSampleIsLedIn(passages);
    }

    [Fact]
    public void Code_samples_of_one_example_that_fit_one_passage_are_led_in_once()
    {
        var passages = Load("## Example\n\nHere is the example, in two files:\n\n```python\nx = 1\n```\n\n```html\n<p>hi</p>\n```\n");

        var passage = Assert.Single(passages);
        Assert.Equal("Here is the example, in two files:\n```python\nx = 1\n```\n\n```html\n<p>hi</p>\n```", passage.Text);
    }

    [Fact]
    public void A_code_sample_after_a_long_paragraph_opens_with_the_paragraphs_last_sentences()
    {
        var sentences = Enumerable.Range(1, 10).Select(Sentence).Append("Here is how a route looks.").ToList();
        var passages = Load("## Routing\n\n" + string.Join(" ", sentences) + "\n\n```python\n@app.route('/')\ndef home():\n    return 'hi'\n```\n");

        var code = Assert.Single(passages, passage => passage.Text.Contains("```python"));
        Assert.EndsWith("Here is how a route looks.\n```python\n@app.route('/')\ndef home():\n    return 'hi'\n```", code.Text);
        Assert.True(code.Text.IndexOf("```", StringComparison.Ordinal) <= Passage.MaxTextLength / 2);
        Assert.All(passages, passage => Assert.True(passage.Text.Length <= Passage.MaxTextLength, passage.Id));
        Assert.All(sentences, sentence => Assert.Single(passages, passage => passage.Text.Contains(sentence)));
        AssertEveryCodeSampleIsLedIn(passages);
    }

    [Fact]
    public void A_table_whose_header_is_too_wide_to_repeat_opens_its_first_part_only()
    {
        var header = "| " + string.Join(" | ", Enumerable.Range(1, 40).Select(n => $"Column {n}")) + " |";
        var rule = "|" + string.Concat(Enumerable.Repeat("---|", 40));
        var rows = Enumerable.Range(1, 30).Select(n => "| " + string.Join(" | ", Enumerable.Range(1, 40).Select(_ => $"{n}")) + " |").ToList();
        var passages = Load($"## Wide\n\n{header}\n{rule}\n" + string.Join("\n", rows) + "\n");

        Assert.StartsWith(header, passages[0].Text);
        Assert.All(passages, passage => Assert.True(passage.Text.Length <= Passage.MaxTextLength, passage.Id));
        Assert.All(rows, row => Assert.Single(passages, passage => passage.Text.Split('\n').Contains(row)));
    }

    [Fact]
    public void Every_passage_of_the_shipped_knowledge_that_quotes_code_opens_with_its_lead_in()
    {
        var passages = KnowledgeBase.Load(RepositoryPaths.Knowledge).Passages;

        Assert.Contains(passages, passage => passage.Text.Contains("```"));
        AssertEveryCodeSampleIsLedIn(passages);
    }

    /// <summary>No passage opens with a code fence: code comes after the words that introduce it.</summary>
    private static void AssertEveryCodeSampleIsLedIn(IEnumerable<Passage> passages) =>
        Assert.All(passages.Where(passage => passage.Text.Contains("```")), passage =>
            Assert.False(passage.Text.TrimStart().StartsWith("```", StringComparison.Ordinal), $"{passage.Id} opens with code:\n{passage.Text}"));

    [Fact]
    public void A_long_code_sample_is_split_evenly_at_line_boundaries_each_part_fenced_and_led_in()
    {
        var lines = Enumerable.Range(1, 45).Select(n => $"value_{n} = compute_something({n})").ToList();
        var passages = Load("## Code\n\nHere is the whole program:\n\n```python\n" + string.Join("\n", lines) + "\n```\n");

        Assert.True(passages.Count > 1);
        Assert.All(passages, passage =>
        {
            Assert.StartsWith("Here is the whole program:\n```python\n", passage.Text);
            Assert.EndsWith("\n```", passage.Text);
            Assert.True(passage.Text.Length <= Passage.MaxTextLength);
        });
        // No part is a scrap: the shortest is at least half the longest.
        Assert.True(passages.Min(passage => passage.Text.Length) * 2 >= passages.Max(passage => passage.Text.Length));
        Assert.All(lines, line => Assert.Single(passages, passage => passage.Text.Split('\n').Contains(line)));
    }

    [Fact]
    public void A_paragraph_that_leads_into_the_next_is_never_a_passage_of_its_own()
    {
        var passages = Load("## Users\n\nHere are some of the companies using it:\n\nInstagram, Dropbox and NASA.\n");

        var passage = Assert.Single(passages);
        Assert.Equal("Here are some of the companies using it: Instagram, Dropbox and NASA.", passage.Text);
    }

    [Fact]
    public void A_section_that_only_announces_its_subsections_opens_the_first_of_them()
    {
        var passages = Load("## Security\n\nLet's explore the security of both.\n\n### Alpha security\n\nAlpha escapes HTML.\n\n### Beta security\n\nBeta does not.\n");

        Assert.Equal(["Let's explore the security of both. Alpha escapes HTML.", "Beta does not."], passages.Select(passage => passage.Text));
    }

    [Fact]
    public void Passage_ids_stay_the_same_when_other_sections_change()
    {
        var article = "## One\n\nFirst section text.\n\n## Two\n\n" + string.Join("\n\n", Enumerable.Range(1, 12).Select(n => $"{Sentence(n)} {Sentence(n + 50)}"));
        var before = Load(article);
        var after = Load(article.Replace("First section text.", "First section text, now longer and reworded."));

        Assert.Equal(before.Where(passage => passage.Id.Contains("/two/")).Select(passage => (passage.Id, passage.Text)),
            after.Where(passage => passage.Id.Contains("/two/")).Select(passage => (passage.Id, passage.Text)));
    }

    [Fact]
    public void A_long_lead_in_to_a_long_list_opens_its_first_part_only()
    {
        var leadIn = $"{Sentence(1)} {Sentence(2)} Here are the main advantages and disadvantages of each:";
        var items = Enumerable.Range(1, 12).Select(n => $"- {Sentence(n)}").ToList();
        var passages = Load($"## Pros and cons\n\n{leadIn}\n\n### Pros\n\n" + string.Join("\n", items));

        Assert.True(passages.Count > 1);
        Assert.StartsWith(leadIn + "\n- ", passages[0].Text);
        Assert.All(passages.Skip(1), passage => Assert.DoesNotContain(leadIn, passage.Text));
        Assert.All(passages, passage => Assert.False(passage.Text.TrimEnd().EndsWith(':'), passage.Id));
        Assert.All(items, item => Assert.Single(passages, passage => passage.Text.Split('\n').Contains(item)));
    }
}
