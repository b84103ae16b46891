/// <summary>
/// Questions for a run in which none repeats, so no cache of whole questions can decide the
/// figure: a mix of how people ask (templates), what they ask about (topics) and which framework
/// they name, the sort of things the desk and the channels are asked. Shuffled with a fixed seed,
/// so every run, and both bots of a side-by-side run, get the same questions in the same order.
/// </summary>
static class DistinctQuestions
{
    private static readonly string[] Templates =
    [
        "Does {fw} have {topic}?",
        "How does {fw} handle {topic}?",
        "Is {fw} good for {topic}?",
        "What about {topic} in {fw}?",
        "Which framework is better for {topic}?",
        "Is {topic} easier with {fw}?",
        "Can I get {topic} with {fw} out of the box?",
        "{fw} or the other one for {topic}, what do you recommend?",
        "We need {topic} for a small team, is {fw} a good fit?",
        "how hard is {topic} in {fw}",
        "Compare Django and Flask on {topic}.",
        "Any tips on {topic} when using {fw}?",
        "Would you pick {fw} if {topic} matters most?",
        "does {fw} support {topic} well",
        "What's the story for {topic} with {fw} in production?",
    ];

    private static readonly string[] Frameworks = ["Flask", "Django"];

    private static readonly string[] Topics =
    [
        "an ORM", "database migrations", "an admin panel", "user authentication", "permissions", "a REST API",
        "microservices", "templating", "Jinja templates", "form validation", "unit tests", "URL routing",
        "async views", "websockets", "security against CSRF", "XSS protection", "deployment to the cloud",
        "scaling to high traffic", "performance", "memory usage", "a beginner's learning curve", "documentation",
        "the community and ecosystem", "third-party extensions", "a content management system", "an online shop",
        "machine learning models", "a prototype or MVP", "a large enterprise project", "project structure",
        "configuration and settings", "blueprints", "caching", "background jobs", "file uploads", "sessions",
        "internationalization", "an API for a mobile app", "server-side rendering", "GraphQL", "a data dashboard",
        "job market and salaries", "big companies using it", "real-time features", "SQL databases",
        "MongoDB", "Docker containers", "serverless hosting", "logging and monitoring", "email sending",
    ];

    /// <summary><paramref name="count"/> distinct questions; fails if the mix cannot make so many.</summary>
    public static string[] Take(int count)
    {
        var all = (from template in Templates
                   from topic in Topics
                   from framework in Frameworks
                   select template.Replace("{fw}", framework).Replace("{topic}", topic))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (count > all.Length)
            throw new ArgumentException($"at most {all.Length} distinct questions can be made, not {count}");
        new Random(17).Shuffle(all);
        return all[..count];
    }
}
