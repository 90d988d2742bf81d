using System;
using BenchmarkDotNet.Attributes;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>The same network under each unroll setting: picks the <c>unroll: auto</c> policy (docs/codegen.md#unrolling).</summary>
public class UnrollBenchmarks
{
    private byte[][] inputs = Array.Empty<byte[]>();
    private Func<byte[], int> infer = null!;

    [Params("48", "128")]
    public string Hidden { get; set; } = "128";

    [ParamsSource(nameof(UnrollValues))]
    public string Unroll { get; set; } = "none";

    public static string[] UnrollValues => Variants.Unrolls;

    [GlobalSetup]
    public void Setup()
    {
        inputs = Workload.Inputs();
        infer = Variants.Infer(Variants.Compile(Workload.Network(Hidden), Unroll));
    }

    [Benchmark(OperationsPerInvoke = Workload.Images)]
    public int Infer()
    {
        var sum = 0;
        foreach (var input in inputs)
        {
            sum += infer(input);
        }

        return sum;
    }
}
