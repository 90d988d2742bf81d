using System;
using BenchmarkDotNet.Attributes;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Networks;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>Generated inference (built by the source generator in this project) against the reference model, same inputs.</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private byte[][] inputs = Array.Empty<byte[]>();
    private ReferenceModel reference = null!;
    private Func<byte[], int> generated = null!;

    [Params("48", "128")]
    public string Hidden { get; set; } = "48";

    [GlobalSetup]
    public void Setup()
    {
        inputs = Workload.Inputs();
        reference = new ReferenceModel(Workload.Network(Hidden));
        generated = Hidden == "48" ? new Mnist784x48x10().Infer : new Mnist784x128x10().Infer;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Images)]
    public int Reference()
    {
        var sum = 0;
        foreach (var input in inputs)
        {
            sum += reference.Infer(input).PredictedClass;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Workload.Images)]
    public int Generated()
    {
        var sum = 0;
        foreach (var input in inputs)
        {
            sum += generated(input);
        }

        return sum;
    }
}
