using System.Text;
using System.Text.RegularExpressions;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// Packs a section's blocks into passages of at most <see cref="Passage.MaxTextLength"/>
/// characters. Breaks fall between paragraphs or list items; a block too long for one passage is
/// split between its items, a paragraph between sentences, code between lines. Only a single
/// sentence longer than a whole passage is ever cut inside, at a word boundary.
/// </summary>
public static partial class PassageSplitter
{
    private const string BlockSeparator = "\n\n";

    public static IReadOnlyList<(string Text, int Line)> Split(IReadOnlyList<ContentBlock> blocks, int maxLength = Passage.MaxTextLength)
    {
        var passages = new List<(string, int)>();
        var current = new StringBuilder();
        var currentLine = 0;

        void Flush(string? closing = null)
        {
            if (current.Length == 0)
                return;
            if (closing is not null)
                current.Append('\n').Append(closing);
            passages.Add((current.ToString(), currentLine));
            current.Clear();
        }

        bool TryAppend(string text, string separator, int line, int reserve = 0)
        {
            var needed = (current.Length == 0 ? text.Length : current.Length + separator.Length + text.Length) + reserve;
            if (needed > maxLength)
                return false;
            if (current.Length == 0)
                currentLine = line;
            else
                current.Append(separator);
            current.Append(text);
            return true;
        }

        foreach (var block in blocks)
        {
            var whole = block.Render();
            if (TryAppend(current.Length == 0 ? block.RenderOpening() : whole, BlockSeparator, block.Line))
                continue;
            // A block that fits a passage of its own is kept whole rather than spread over two;
            // a passage that ends with a lead-in ("Here are the main differences:") keeps it for
            // the first part of what it leads into.
            var leadIn = current.ToString().TrimEnd().EndsWith(':') ? current.ToString() : null;
            if (leadIn is null)
            {
                Flush();
                if (TryAppend(block.RenderOpening(), BlockSeparator, block.Line))
                    continue;
            }

            // Spread the block over several passages, each opening with its context (a list's
            // lead-in, a table's header, a code fence) and ending with its closing, if any.
            var separator = block.ItemSeparator;
            var reserve = block.Closing is null ? 0 : block.Closing.Length + 1;
            var context = block.OpeningContext;
            var room = maxLength - reserve - (context is null ? 0 : context.Length + separator.Length);
            var opening = new List<string>();
            if (context is not null && room < maxLength / 4)
            {
                // A context too long to repeat beside its items (a table header wider than a
                // passage) opens the first part only, cut at its lines like code if it must be.
                room = maxLength - reserve;
                opening.AddRange(Pieces(context, ContentKind.Code, room));
                context = null;
            }
            void Open()
            {
                if (context is not null)
                    TryAppend(context, separator, block.Line);
            }

            var pieces = opening.Concat(block.Items.SelectMany(item => Pieces(item, block.Kind, room))).ToList();
            // Fill the passages evenly rather than each to the brim, so the last is not a scrap
            // (two lines of code and a closing fence).
            var fill = maxLength - room + BalancedRoom(pieces, separator.Length, room);
            // After a kept lead-in, the first piece goes in if it fits at all.
            var afterLeadIn = leadIn is not null;
            if (afterLeadIn)
                Open();
            foreach (var piece in pieces)
            {
                if (current.Length == 0)
                    Open();
                var fits = afterLeadIn || current.Length + separator.Length + piece.Length + reserve <= fill;
                afterLeadIn = false;
                if (fits && TryAppend(piece, separator, block.Line, reserve))
                    continue;
                Flush(block.Closing);
                Open();
                TryAppend(piece, separator, block.Line, reserve);
            }
            Flush(block.Closing);
        }
        Flush();
        return passages;
    }

    /// <summary>The smallest room per passage that packs <paramref name="pieces"/> into as few
    /// passages as <paramref name="room"/> does.</summary>
    private static int BalancedRoom(List<string> pieces, int separatorLength, int room)
    {
        var parts = PartsNeeded(pieces, separatorLength, room);
        var total = pieces.Sum(piece => piece.Length + separatorLength);
        for (var candidate = Math.Max(pieces.Max(piece => piece.Length), total / parts); candidate < room; candidate += 10)
        {
            if (PartsNeeded(pieces, separatorLength, candidate) <= parts)
                return candidate;
        }
        return room;
    }

    private static int PartsNeeded(List<string> pieces, int separatorLength, int room)
    {
        var parts = 1;
        var used = 0;
        foreach (var piece in pieces)
        {
            var needed = used == 0 ? piece.Length : used + separatorLength + piece.Length;
            if (needed > room && used > 0)
            {
                parts++;
                used = piece.Length;
            }
            else
                used = needed;
        }
        return parts;
    }

    /// <summary>An item cut into pieces that each fit <paramref name="room"/>: a paragraph by
    /// sentences, code by lines; anything still too long by words.</summary>
    private static IEnumerable<string> Pieces(string item, ContentKind kind, int room)
    {
        if (item.Length <= room)
            return [item];
        var parts = kind == ContentKind.Code ? item.Split('\n') : Sentences(item);
        return parts.SelectMany(part => part.Length <= room ? [part] : ByWords(part, room));
    }

    /// <summary>A paragraph's sentences, in order, without the spaces between them.</summary>
    public static IReadOnlyList<string> Sentences(string paragraph) =>
        SentenceBoundary().Split(paragraph).Where(sentence => sentence.Length > 0).ToList();

    private static IEnumerable<string> ByWords(string text, int room)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > room)
            {
                yield return line.ToString();
                line.Clear();
            }
            // A single "word" longer than the room (a URL, say) is cut as a last resort.
            var rest = word;
            while (rest.Length > room)
            {
                if (line.Length > 0)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                yield return rest[..room];
                rest = rest[room..];
            }
            if (line.Length > 0)
                line.Append(' ');
            line.Append(rest);
        }
        if (line.Length > 0)
            yield return line.ToString();
    }

    // A sentence ends at . ! ? or …, perhaps followed by a closing quote or bracket, then space,
    // then something that starts a sentence. "e.g. the" and "3.0+" do not match.
    [GeneratedRegex(@"(?<=[.!?…][""'”’)\]]*)\s+(?=[\p{Lu}\p{N}""'“‘(\[])")]
    private static partial Regex SentenceBoundary();
}
