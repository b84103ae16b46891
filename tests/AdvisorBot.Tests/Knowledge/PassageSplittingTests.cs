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
}
