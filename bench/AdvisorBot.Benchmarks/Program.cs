using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AdvisorBot.Benchmarks` runs every benchmark and prints
// its table; BenchmarkDotNet's own arguments (--filter, --job short, ...) pass through.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
