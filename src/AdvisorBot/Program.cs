using AdvisorBot.CommandLine;

// One executable: with no verb (or only host options such as --urls) it serves the bot;
// otherwise it runs the command-line verb given (ask, search, sections, index, eval, chat).
return await Cli.RunAsync(args);
