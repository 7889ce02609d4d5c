using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Rolodesk.Benchmarks.Benchmarks;

/// <summary>
/// A short in-process job: the machine has 2 shared cores, so no separate benchmark project is
/// generated and rebuilt, and 3 warm-up + 5 measured iterations keep a full run to minutes.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithId("ShortInProcess"));
    }
}
