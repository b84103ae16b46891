using System.Globalization;

namespace AdvisorBot.Http;

/// <summary>The one way a refusal for going too fast says when to come back.</summary>
public static class RetryAfter
{
    /// <summary>Sets <c>Retry-After</c> in whole seconds (at least one), when the wait is known.</summary>
    public static void Set(HttpResponse response, TimeSpan? wait)
    {
        if (wait is { } known)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(known.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }
}
