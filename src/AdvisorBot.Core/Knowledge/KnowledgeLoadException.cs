namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// A knowledge file that cannot be used. The message always names the file and, where it is
/// known, the line, so that whoever dropped the file in can fix it.
/// </summary>
public sealed class KnowledgeLoadException : Exception
{
    public KnowledgeLoadException(string file, int? line, string problem, Exception? inner = null)
        : base(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}", inner)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }
    public int? Line { get; }
    public string Problem { get; }
}
