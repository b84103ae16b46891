using System.Net;
using System.Text.RegularExpressions;

namespace AdvisorBot.BotFramework.Activities;

/// <summary>
/// What a person actually typed. Teams puts the bot's @mention into the text as
/// <c>&lt;at&gt;Name&lt;/at&gt;</c> (with a matching mention entity) and may HTML-encode characters
/// such as apostrophes (<c>&amp;#39;</c>), so both are undone before the text is read.
/// </summary>
public static partial class MessageText
{
    public static string Clean(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        var botName = activity.Recipient?.Name;

        // The bot's own mention goes entirely: it addresses the bot, it is not part of the question.
        foreach (var entity in activity.Entities ?? [])
        {
            if (string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
                && entity.Mentioned?.Id is { } mentionedId && mentionedId == botId
                && !string.IsNullOrEmpty(entity.Text))
            {
                text = text.Replace(entity.Text, " ", StringComparison.Ordinal);
            }
        }
        // A mention of the bot without its entity, then any other mention: keep the person's name, drop the tags.
        text = AtTag().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            return !string.IsNullOrWhiteSpace(botName) && string.Equals(WebUtility.HtmlDecode(name).Trim(), botName.Trim(), StringComparison.OrdinalIgnoreCase) ? " " : name;
        });
        text = StrayAtTag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        text = Whitespace().Replace(text, " ").Trim();
        // Teams' command menu (the manifest's command list) sends commands without the slash
        // people type elsewhere; "help" reads the same either way, the flow's command does not.
        return string.Equals(text, ChooseFrameworkCommand, StringComparison.OrdinalIgnoreCase) ? "/" + ChooseFrameworkCommand : text;
    }

    /// <summary>The guided flow's command, as listed in the Teams manifest.</summary>
    public const string ChooseFrameworkCommand = "choose-framework";

    [GeneratedRegex(@"<at\b[^>]*>(?<name>.*?)</at\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"</?at\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StrayAtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
