using System.Data.Common;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>
/// What stops the server or a verb before it can do anything, as the one line a person reads
/// (printed as <c>error: ...</c>, exit code 1): a setting that cannot work (options validated on
/// start), a value of the wrong type (the configuration binder's conversion error), a state
/// database that cannot be opened, a bad knowledge or index file, a file or port that cannot be
/// used. Anything else is a bug and keeps its stack trace.
/// </summary>
public static partial class StartupErrors
{
    /// <summary>The line for <paramref name="error"/>, or null when it is not a start-up error.</summary>
    public static string? Describe(Exception error) => error switch
    {
        // Several settings wrong at once: all of them named.
        AggregateException aggregate => All(aggregate.InnerExceptions),
        OptionsValidationException validation => string.Join(" ", validation.Failures.Distinct(StringComparer.Ordinal)),
        InvalidOperationException { InnerException: FormatException or ArgumentException } when WrongType(error.Message) is { } wrongType => wrongType,
        KnowledgeLoadException or IndexFileException or StateDatabaseException or DbException or IOException or UnauthorizedAccessException or FormatException => error.Message,
        _ => null,
    };

    /// <summary>Every error's line, or null if any of them is not a start-up error.</summary>
    private static string? All(IReadOnlyCollection<Exception> errors)
    {
        var lines = errors.Select(Describe).ToList();
        return lines.Count > 0 && lines.All(line => line is not null) ? string.Join(" ", lines.Distinct(StringComparer.Ordinal)) : null;
    }

    /// <summary>The binder's "Failed to convert configuration value 'v' at 'Key' to type 'T'." (it
    /// offers nothing more structured), said as what the setting accepts.</summary>
    private static string? WrongType(string message)
    {
        var match = BinderConversionError().Match(message);
        if (!match.Success)
            return null;
        var type = FindType(match.Groups["type"].Value);
        var accepted = type is null ? $"a {match.Groups["type"].Value}" : Accepted(Nullable.GetUnderlyingType(type) ?? type);
        return $"{match.Groups["key"].Value} must be {accepted}, not '{match.Groups["value"].Value}'.";
    }

    private static string Accepted(Type type) => type switch
    {
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number such as 0.5",
        _ when type == typeof(TimeSpan) => "a time span such as 00:00:30 or 1.00:00:00 (days.hours:minutes:seconds)",
        _ when type == typeof(Uri) => "a URL",
        _ => $"a {type.Name}",
    };

    private static Type? FindType(string name) =>
        Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(name)).FirstOrDefault(type => type is not null);

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderConversionError();
}
