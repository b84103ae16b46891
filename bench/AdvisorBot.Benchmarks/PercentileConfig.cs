using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace AdvisorBot.Benchmarks;

/// <summary>Adds the median and 95th percentile to the results table.</summary>
public sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
