using AdvisorBot.CommandLine;
using AdvisorBot.Hosting;

// A start-up failure of the server (a setting that cannot work, a value of the wrong type, a state
// database that refuses the bot) ends the process with one `error:` line and exit code 1, as the
// verbs' do (Cli). It is said here, where the failure would end the process, rather than caught
// inside: a host started from this entry point by the tests (WebApplicationFactory) must still see
// the exception itself. Anything else keeps its stack trace: it is a bug.
AppDomain.CurrentDomain.UnhandledException += (_, unhandled) =>
{
    if (unhandled.ExceptionObject is Exception error && StartupErrors.Describe(error) is { } line)
    {
        Console.Error.WriteLine($"error: {line}");
        Console.Error.Flush();
        Environment.Exit(1);
    }
};

// One executable: with no verb (or only host options such as --urls) it serves the bot;
// otherwise it runs the command-line verb given (ask, search, sections, index, eval, chat).
return await Cli.RunAsync(args);
