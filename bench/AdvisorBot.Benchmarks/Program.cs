using AdvisorBot.Benchmarks;
using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AdvisorBot.Benchmarks` runs every benchmark and prints
// its table; BenchmarkDotNet's own arguments (--filter, --job short, ...) pass through.
// `... -- startup [N]` times the built bot from process start to /readyz (cold, then N warm runs);
// `... -- memory [int8]` prints what loading the model (or its int8 variant), the index and the
// vectors costs in memory.
// `... -- agreement FILE...` compares the int8 model's vectors with the float model's on every
// passage and on the questions of the given question files (Search:QuantizedModel).
// `... -- batching` prints the model's processor time per question for batches of TurnBench's
// questions run in one padded run or cut into runs of similar length.
return args switch
{
    ["startup"] => await StartupMeasurement.RunAsync(5),
    ["startup", var runs] when int.TryParse(runs, out var count) && count > 0 => await StartupMeasurement.RunAsync(count),
    ["memory"] => MemoryMeasurement.Run(),
    ["memory", "int8"] => MemoryMeasurement.Run(quantized: true),
    ["batching"] => BatchingMeasurement.Run(),
    ["agreement", .. var files] => await QuantizedAgreement.RunAsync(files),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
