using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace AdvisorBot.Http;

/// <summary>
/// Says what is wrong with a JSON body in words a caller can act on ("question must be a JSON
/// string"), never in the parser's terms: its messages name the .NET type the body was read into
/// and byte positions, which are internal detail.
/// </summary>
public static class JsonBodyError
{
    /// <summary>The body is not JSON at all.</summary>
    public static string Syntax(JsonException error) =>
        error.LineNumber is { } line ? $"The body is not valid JSON (line {line + 1})." : "The body is not valid JSON.";

    /// <summary>The body is JSON, but not of the shape <paramref name="target"/> reads.</summary>
    public static string Shape(JsonException error, Type target)
    {
        var path = error.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
            return "The body must be a JSON object.";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (Property(target, field) is null && !field.Contains('.') && !field.Contains('['))
            return $"{field} is not a field of this request; it reads {Fields(target)}.";
        return Expected(target, field) is { } expected ? $"{field} must be {expected}." : $"{field} has a value of the wrong kind.";
    }

    /// <summary>The fields <paramref name="target"/> reads, as JSON names them: "a, b and c".</summary>
    private static string Fields(Type target)
    {
        var names = target.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name)).ToList();
        return names.Count > 1 ? $"{string.Join(", ", names[..^1])} and {names[^1]}" : string.Join("", names);
    }

    private static PropertyInfo? Property(Type target, string field) =>
        target.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    /// <summary>What a whole-number field takes: "a whole number", with its range where the
    /// property declares one (<see cref="RangeAttribute"/>), so a number too big for the type and
    /// one out of range are refused with the same words.</summary>
    public static string WholeNumber(PropertyInfo? property) =>
        property?.GetCustomAttribute<RangeAttribute>() is { } range ? $"a whole number from {range.Minimum} to {range.Maximum}" : "a whole number";

    /// <summary>Reads <paramref name="body"/> as <typeparamref name="T"/>; on failure, why in the
    /// caller's terms (null value: the body was JSON null).</summary>
    public static (T? Value, string? Problem) Read<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException error)
        {
            return (default, Syntax(error));
        }
        using (document)
        {
            try
            {
                return (document.Deserialize<T>(options), null);
            }
            catch (JsonException error)
            {
                return (default, Shape(error, typeof(T)));
            }
        }
    }

    /// <summary>What a top-level field of <paramref name="target"/> takes, as JSON says it.</summary>
    private static string? Expected(Type target, string field)
    {
        var property = Property(target, field);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => null,
            _ when type == typeof(string) => "a JSON string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => WholeNumber(property),
            _ when type == typeof(double) => "a number",
            _ when type == typeof(JsonElement) => "JSON",
            _ when typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "a JSON array",
            _ => "a JSON object",
        };
    }
}
