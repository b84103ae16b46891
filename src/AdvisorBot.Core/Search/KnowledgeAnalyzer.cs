using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Tr;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace AdvisorBot.Core.Search;

/// <summary>
/// The one analyzer chain for passages and questions, each step a Lucene filter:
/// <list type="number">
/// <item>a colon between two letters parts them ("rake db:migrate" is "db migrate"; Unicode keeps
/// such a word whole), and chat's "w/" is "with";</item>
/// <item>the standard tokenizer (Unicode word breaks: emoji, quotes and operators are not words);</item>
/// <item>lower-casing and ASCII folding ("Ölçü" and "olcu" are one word);</item>
/// <item>English possessives ("Django's" is "Django"), then any other apostrophe ends the word
/// ("we're" is "we", "don't" is "don"), so contractions meet the stop words;</item>
/// <item>Porter stemming, but for the vocabulary's whole words ("important" stays itself, so that
/// "import", which Porter folds into it, does not mean that something matters);</item>
/// <item>the vocabulary's synonyms and abbreviations through a <see cref="SynonymMap"/>;</item>
/// <item>stop words (<see cref="StopWords"/>: function words and the words people ask with, in
/// every form: "kinds", "looking").</item>
/// </list>
/// Synonyms come after stemming and before stop words, with their phrases analyzed by the steps
/// before them, so that "admin panels" matches the phrase "admin panel", "object relational
/// mapping" matches "object-relational mapper", and phrases made of small words ("out of the box",
/// "log in", "best for") keep them. Every phrase of a group adds one concept term
/// (<see cref="ConceptPrefix"/> and the group's first phrase, "#orm") beside the words themselves,
/// so a question that says "ORM" and a passage that says "object-relational mapper" share a term.
/// </summary>
public sealed class KnowledgeAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Starts a concept term. The tokenizer never emits it, so no typed word can be one.</summary>
    public const string ConceptPrefix = "#";

    // The stop words' stems, since they are dropped after stemming (which also drops their other
    // forms: "kinds", "looking").
    private static readonly CharArraySet StopSet = new(Version, StemAll(StopWords.All), ignoreCase: false);

    private readonly SynonymMap? _synonyms;
    private readonly CharArraySet _wholeWords;

    /// <summary>The chain with the vocabulary's synonym groups, subjects and whole words.</summary>
    public KnowledgeAnalyzer(Vocabulary vocabulary)
    {
        _wholeWords = new CharArraySet(Version, vocabulary.WholeWords, ignoreCase: false);
        using var plain = new KnowledgeAnalyzer(_wholeWords);
        _synonyms = BuildSynonyms(vocabulary, plain);
    }

    /// <summary>The chain up to synonyms, for reading the vocabulary's phrases.</summary>
    private KnowledgeAnalyzer(CharArraySet wholeWords)
    {
        _wholeWords = wholeWords;
    }

    // One character for one, so that offsets into the text stay right. (Lucene.Net's filter
    // misses matches that end in a lookahead, so the letters are matched and put back.)
    private static readonly Regex ColonBetweenLetters = new(@"(\p{L}):(\p{L})", RegexOptions.CultureInvariant);

    // Chat's "w/" is "with", which the vocabulary's phrases spell out ("ship w/ an orm" is "ships
    // with"); "w/o" is left as it was typed. The filter corrects offsets where lengths differ.
    private static readonly Regex ChatWith = new(@"(?<![\p{L}\p{N}/])[wW]/(?![oO](?:\W|$))", RegexOptions.CultureInvariant);

    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        new PatternReplaceCharFilter(ChatWith, "with ", new PatternReplaceCharFilter(ColonBetweenLetters, "$1 $2", reader));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new ApostropheFilter(stream);
        if (_wholeWords.Count > 0)
            stream = new SetKeywordMarkerFilter(stream, _wholeWords);
        stream = new PorterStemFilter(stream);
        if (_synonyms is not null)
        {
            stream = new SynonymFilter(stream, _synonyms, ignoreCase: false);
            stream = new StopFilter(Version, stream, StopSet);
        }
        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>The tokens of <paramref name="text"/>, at most <paramref name="maxTokens"/> words.</summary>
    public IReadOnlyList<AnalyzedToken> Analyze(string text, int maxTokens = int.MaxValue)
    {
        var tokens = new List<AnalyzedToken>();
        using var stream = GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        var words = 0;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var value = term.ToString();
            var isConcept = value.StartsWith(ConceptPrefix, StringComparison.Ordinal);
            if (!isConcept && words++ >= maxTokens)
                break;
            tokens.Add(new AnalyzedToken(value, position, offset.StartOffset, offset.EndOffset, isConcept));
        }
        stream.End();
        return tokens;
    }

    private static List<string> StemAll(IEnumerable<string> words)
    {
        using var stemmer = new Stemmer();
        return words.Select(stemmer.StemWord).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The concept term of a synonym group: a readable name that no typed word can be.</summary>
    public static string ConceptTerm(string firstPhrase) =>
        ConceptPrefix + string.Join('_', firstPhrase.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static SynonymMap? BuildSynonyms(Vocabulary vocabulary, KnowledgeAnalyzer plain)
    {
        var groups = vocabulary.Synonyms.Concat(vocabulary.Subjects.Where(subject => subject.Names.Count > 1).Select(subject => subject.Names)).ToList();
        if (groups.Count == 0)
            return null;
        var builder = new SynonymMap.Builder(dedup: true);
        foreach (var group in groups)
        {
            var output = new CharsRef(ConceptTerm(group[0]));
            foreach (var phrase in group)
            {
                var words = plain.Analyze(phrase).Select(token => token.Term).ToArray();
                if (words.Length == 0)
                    continue;
                builder.Add(SynonymMap.Builder.Join(words, new CharsRef()), output, includeOrig: true);
            }
        }
        return builder.Build();
    }
}

/// <summary>A token out of <see cref="KnowledgeAnalyzer"/>: its term, its position, where in the
/// text it came from (a synonym phrase's concept term spans the whole phrase), and whether it is a
/// synonym group's concept term.</summary>
public sealed record AnalyzedToken(string Term, int Position, int StartOffset, int EndOffset, bool IsConcept)
{
    public int SourceLength => EndOffset - StartOffset;

    public bool Within(AnalyzedToken other) => StartOffset >= other.StartOffset && EndOffset <= other.EndOffset;
}
