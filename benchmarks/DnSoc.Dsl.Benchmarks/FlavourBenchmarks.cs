using System;
using BenchmarkDotNet.Attributes;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Training.Evaluation;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>
/// The host flavour against the hand-written Vector512 kernel (the baseline of issue 8), the nano
/// flavour on .NET and the reference model: same run, same weights, same inputs (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public class FlavourBenchmarks
{
    private byte[][] inputs = Array.Empty<byte[]>();
    private Func<byte[], int> host = null!;
    private Func<byte[], int> nano = null!;
    private IntrinsicKernel kernel = null!;
    private ReferenceModel reference = null!;

    [Params("48", "128")]
    public string Hidden { get; set; } = "128";

    [GlobalSetup]
    public void Setup()
    {
        var network = Workload.Network(Hidden);
        inputs = Workload.Inputs();
        host = new CompiledNetwork(network, CodeFlavour.Host).CreateInstance().Infer;
        nano = new CompiledNetwork(network, CodeFlavour.Nano).CreateInstance().Infer;
        kernel = new IntrinsicKernel(network);
        reference = new ReferenceModel(network);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Images)]
    public int Kernel() => Run(kernel.Infer);

    [Benchmark(OperationsPerInvoke = Workload.Images)]
    public int Host() => Run(host);

    [Benchmark(OperationsPerInvoke = Workload.Images)]
    public int Nano() => Run(nano);

    [Benchmark(OperationsPerInvoke = Workload.Images)]
    public int Reference() => Run(x => reference.Infer(x).PredictedClass);

    private int Run(Func<byte[], int> infer)
    {
        var sum = 0;
        foreach (var input in inputs)
        {
            sum += infer(input);
        }

        return sum;
    }
}
