using System;
using BenchmarkDotNet.Attributes;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>
/// Dense against sparse rows (nano flavour) on the same pruned 784-128-10 network: picks the density
/// below which the emitter uses sparse rows (docs/codegen.md#sparse-rows).
/// </summary>
public class SparseBenchmarks
{
    private byte[][] inputs = Array.Empty<byte[]>();
    private Func<byte[], int> infer = null!;

    [Params(0.7, 0.5, 0.3, 0.2, 0.1)]
    public double Density { get; set; }

    [Params(false, true)]
    public bool Sparse { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        inputs = Workload.Inputs();
        infer = Variants.Infer(Variants.CompilePruned(Workload.Network("128"), Density, Sparse));
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
