using System;
using System.Diagnostics;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Training.Performance;

/// <summary>Images per second of each way to run a network, measured in one run on the same inputs.</summary>
/// <param name="HostMicroseconds">Median over the rounds of the host flavour's time per image.</param>
/// <param name="BatchMicroseconds">The same for the host flavour's InferBatch over all the inputs at once.</param>
/// <param name="CBaselineMicroseconds">Median over the same rounds of the C baseline's, when it ran and was bit-exact.</param>
/// <param name="HostOverCBaseline">HostMicroseconds / CBaselineMicroseconds: 1 means as fast as hand-written C.</param>
/// <param name="BatchOverCBaseline">BatchMicroseconds / CBaselineMicroseconds.</param>
/// <param name="CBaselineProblem">Why there is no C figure (no gcc, out of its scope, not bit-exact), or null.</param>
public sealed record BenchResult(
    string Network,
    int Images,
    double HostImagesPerS,
    double? IntrinsicKernelImagesPerS,
    double NanoFlavourImagesPerS,
    double ReferenceImagesPerS,
    double? HostTimeOverKernelTime,
    double SynapticOpsPerImage,
    double HostMicroseconds,
    double BatchMicroseconds,
    double? CBaselineMicroseconds = null,
    double? HostOverCBaseline = null,
    double? BatchOverCBaseline = null,
    string? CBaselineProblem = null);

/// <summary>
/// <c>snnc bench</c>: a few seconds, for anyone to check their machine. Each runner is warmed up until the
/// tiered JIT has settled, then timed over whole passes of the inputs; the runners take turns so that
/// load from elsewhere hits them alike. BenchmarkDotNet (benchmarks/) gives the careful numbers.
/// </summary>
public static class QuickBench
{
    public const int Images = 64;

    /// <summary>
    /// Digit-sized synthetic inputs, seeded: about 19 % of pixels lit, as in MNIST on average, with
    /// MNIST-like intensities. The benchmarks use the same.
    /// </summary>
    public static byte[][] SyntheticInputs(int size)
    {
        var random = new Random(2026);
        return Enumerable.Range(0, Images)
            .Select(_ => Enumerable.Range(0, size).Select(_ => random.NextDouble() < 0.19 ? (byte)random.Next(64, 256) : (byte)0).ToArray())
            .ToArray();
    }

    private const int Rounds = 5;

    /// <summary>The runner that takes all the inputs in one InferBatch call.</summary>
    private const int BatchRunner = 4;

    /// <param name="baseline">The C baseline, run in the same rounds as the host flavour; null when gcc is missing.</param>
    /// <param name="noBaseline">Why there is no baseline, for the result.</param>
    public static BenchResult Run(NetworkIr network, TimeSpan budget, IExternalBaseline? baseline = null, string? noBaseline = null)
    {
        var inputs = SyntheticInputs(network.Input.RawSize);
        var compiled = new CompiledNetwork(network, CodeFlavour.Host);
        var host = compiled.CreateInstance();
        var batch = compiled.CreateInstance();
        var nano = new CompiledNetwork(network, CodeFlavour.Nano).CreateInstance();
        var kernel = IntrinsicKernel.Supports(network) ? new IntrinsicKernel(network) : null;
        var reference = new ReferenceModel(network);
        var classes = new int[inputs.Length];
        // Each runner makes one pass over the inputs.
        var runners = new Action<byte[][]>[]
        {
            Each(host.Infer),
            Each(nano.Infer),
            Each(kernel is null ? _ => 0 : kernel.Infer),
            Each(x => reference.Infer(x).PredictedClass),
            x => batch.InferBatch(x, classes, default, default),
        };

        // Warm-up: a fifth of the budget, shared out; tiered JIT needs several calls per method to reach full speed.
        var seconds = new double[runners.Length];
        var passes = new int[runners.Length];
        foreach (var pass in runners)
        {
            Pass(pass, inputs, budget.TotalSeconds / 5 / runners.Length);
        }

        var expected = inputs.Select(reference.Infer).ToArray();
        var problem = noBaseline;
        if (baseline != null && Mismatch(network, expected, baseline, inputs) is { } mismatch)
        {
            (baseline, problem) = (null, mismatch);
        }

        // Every runner (and the C program) gets a slice of each round in turn, so load from elsewhere hits them alike.
        var slice = budget.TotalSeconds * 4 / 5 / (runners.Length + (baseline is null ? 0 : 1)) / Rounds;
        var hostRounds = new double[Rounds];
        var batchRounds = new double[Rounds];
        var cRounds = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            for (var r = 0; r < runners.Length; r++)
            {
                var (elapsed, count) = Pass(runners[r], inputs, slice);
                seconds[r] += elapsed;
                passes[r] += count;
                var perImage = elapsed * 1e6 / (count * inputs.Length);
                if (r == 0)
                {
                    hostRounds[round] = perImage;
                }
                else if (r == BatchRunner)
                {
                    batchRounds[round] = perImage;
                }
            }

            if (baseline != null)
            {
                cRounds[round] = baseline.MicrosecondsPerImage(inputs, slice);
            }
        }

        double Rate(int r) => passes[r] * inputs.Length / seconds[r];
        var sops = expected.Average(r => (double)r.SynapticOps);
        var hostMedian = Median(hostRounds);
        var batchMedian = Median(batchRounds);
        double? cMedian = baseline is null ? null : Median(cRounds);
        return new BenchResult(
            network.Name,
            inputs.Length,
            Rate(0),
            kernel is null ? null : Rate(2),
            Rate(1),
            Rate(3),
            kernel is null ? null : Rate(2) / Rate(0),
            sops,
            hostMedian,
            batchMedian,
            cMedian,
            hostMedian / cMedian,
            batchMedian / cMedian,
            problem);
    }

    /// <summary>The first input on which the C baseline does not compute what the reference model does, as a sentence, or null.</summary>
    private static string? Mismatch(NetworkIr network, InferenceResult[] expected, IExternalBaseline baseline, byte[][] inputs)
    {
        var results = baseline.Check(inputs);
        for (var k = 0; k < inputs.Length; k++)
        {
            if (k >= results.Count || results[k] != (expected[k].PredictedClass, CBaselineFormat.Checksum(expected[k])))
            {
                return $"the C baseline is not bit-exact with the reference model on input {k} of {network.Name}; no ratio";
            }
        }

        return null;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A pass of one inference per input.</summary>
    private static Action<byte[][]> Each(Func<byte[], int> infer) => inputs =>
    {
        foreach (var input in inputs)
        {
            infer(input);
        }
    };

    /// <summary>Whole passes over the inputs until the time is used (at least one).</summary>
    private static (double Seconds, int Passes) Pass(Action<byte[][]> pass, byte[][] inputs, double seconds)
    {
        var watch = Stopwatch.StartNew();
        var passes = 0;
        do
        {
            pass(inputs);
            passes++;
        }
        while (watch.Elapsed.TotalSeconds < seconds);
        return (watch.Elapsed.TotalSeconds, passes);
    }
}
