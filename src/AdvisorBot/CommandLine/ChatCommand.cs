using System.CommandLine;
using AdvisorBot.Contracts;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Storage;
using AdvisorBot.Hosting;
using AdvisorBot.Turns;

namespace AdvisorBot.CommandLine;

/// <summary>
/// The terminal channel: each line read is one message from the user, run through the same turn
/// runner and conversation engine (the same composition) as the HTTP host, and its replies are printed as
/// plain text or, with --json, as one JSON line each. A line that is a button value (flow:...,
/// feedback:..., more:..., ask:...) is a click; one that starts like a button value but is not
/// one is refused on stderr, and the conversation goes on. State lives in the database file, so a
/// second run on the same --db carries on the same conversation.
/// </summary>
public static class ChatCommand
{
    public const string Channel = "terminal";

    public static Command Create(Func<ParseResult, IReadOnlyDictionary<string, string?>, IHost> host, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var json = new Option<bool>("--json") { Description = "Print each reply as one JSON line (kind, text, choices, passages, recommendation)" };
        var conversation = new Option<string>("--conversation") { Description = "Conversation id (default: terminal)", DefaultValueFactory = _ => "terminal" };
        var user = new Option<string>("--user") { Description = "User id (default: your login name)", DefaultValueFactory = _ => DefaultUser() };
        var database = new Option<string?>("--db") { Description = "SQLite file for conversation state and feedback (default: Storage:DatabasePath, data/advisorbot.db)" };
        foreach (var option in new[] { conversation, user })
        {
            option.Validators.Add(result =>
            {
                if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                    result.AddError($"{result.Option.Name} must not be empty");
            });
        }
        database.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && string.IsNullOrWhiteSpace(path))
                result.AddError("--db must name a file");
        });

        var command = new Command("chat", "Talk to the bot in the terminal: one line in, its replies out (try /choose-framework)") { json, conversation, user, database };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(database) is { Length: > 0 } path)
                overrides[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DatabasePath)}"] = path;
            // The same engine, flow, stores and turn runner as the server's channels.
            using var verbHost = host(parse, overrides);
            // The state is opened first: a database that refuses the bot stops the verb with one
            // error, rather than every line getting the engine's apology.
            verbHost.Services.GetRequiredService<StateDatabase>();
            var runner = verbHost.Services.GetRequiredService<TurnRunner>();
            return await Converse(runner, parse.GetValue(json), parse.GetValue(conversation)!, parse.GetValue(user)!, stdout, stderr, stdin, cancellationToken);
        });
        return command;
    }

    private static async Task<int> Converse(TurnRunner runner, bool json, string conversationId, string userId, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellationToken)
    {
        var replies = new TerminalReplies(stdout, json);
        // Only a person at a terminal gets a greeting and a prompt; piped input gets replies alone.
        var interactive = !json && ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected;
        if (interactive)
            await runner.RunAsync(new InboundMessage(Channel, conversationId, userId, Text: null) { Kind = InboundKind.Joined }, replies, cancellationToken);
        while (true)
        {
            if (interactive)
                await stdout.WriteAsync("> ");
            var line = await stdin.ReadLineAsync(cancellationToken);
            if (line is null)
                break;
            line = line.Trim();
            if (line.Length == 0)
                continue;
            ReplyAction? action = null;
            if (ReplyActionCodec.LooksLikeAction(line) && !ReplyActionCodec.TryDecode(line, out action, out var problem))
            {
                await stderr.WriteLineAsync($"error: {problem}");
                continue;
            }
            await runner.RunAsync(new InboundMessage(Channel, conversationId, userId, action is null ? line : null, action), replies, cancellationToken);
        }
        return 0;
    }

    /// <summary>Replies printed to the terminal: plain text, or one JSON line each. Nothing shows
    /// the bot at work: a terminal answer is printed as soon as it is ready.</summary>
    private sealed class TerminalReplies(TextWriter stdout, bool json) : IReplySender
    {
        public Task ShowWorkingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            foreach (var reply in replies)
            {
                if (json)
                    await stdout.WriteLineAsync(JsonOutput.Line(ChatJson.ToJson(reply)));
                else
                    await stdout.WriteLineAsync(TerminalText.Render(reply) + "\n");
            }
            await stdout.FlushAsync(cancellationToken);
            return Delivery.Done;
        }
    }

    private static string DefaultUser() =>
        string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;
}
