using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>What an evaluation measured.</summary>
/// <param name="Confusion">[true class][predicted class] counts.</param>
/// <param name="SpikesPerImage">Mean spikes per image of each layer.</param>
/// <param name="ReferenceChecked">Images on which the generated code was compared with the reference model (all agreed, or evaluation throws).</param>
/// <param name="Events">Mean spike events, timesteps and synaptic work per image: what the cost model prices.</param>
/// <param name="MaxTimesteps">The most timesteps any image ran.</param>
public sealed record EvaluationReport(
    int Images,
    int Correct,
    int[][] Confusion,
    double[] SpikesPerImage,
    double SynapticOpsPerImage,
    int ReferenceChecked,
    EventCounts Events,
    int MaxTimesteps)
{
    public double Accuracy => (double)Correct / Images;

    public double MeanTimesteps => Events.Timesteps;
}

/// <summary>Runs a network's generated code over a labelled set, after checking it against the reference model.</summary>
public static class Evaluator
{
    /// <param name="progress">Told the fraction of the images run so far, from the worker threads.</param>
    public static EvaluationReport Evaluate(NetworkIr network, LabeledImages set, int referenceCheck, IProgress<double>? progress = null)
    {
        var compiled = new CompiledNetwork(network);
        var checkedImages = Math.Min(referenceCheck, set.Count);
        CheckAgainstReference(network, compiled, set.Images, checkedImages);
        var run = Run(compiled, set.Images, progress);

        var classes = network.OutputLayer.Size;
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var k = 0; k < set.Count; k++)
        {
            confusion[set.Labels[k]][run.Predictions[k]]++;
        }

        var correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        return new EvaluationReport(set.Count, correct, confusion, run.SpikeTotals.Select(s => s / set.Count).ToArray(), run.SynapticOps / (double)set.Count,
            checkedImages, run.Events, run.MaxTimesteps);
    }

    /// <summary>
    /// Mean spike events per inference over <paramref name="images"/>, counted by the generated code (the one
    /// activity path: <c>snnc eval</c>, <c>report --images</c> and the sweeps all price what it measures).
    /// </summary>
    public static EventCounts MeasureActivity(NetworkIr network, byte[][] images, int referenceCheck = 10, IProgress<double>? progress = null)
    {
        var compiled = new CompiledNetwork(network);
        CheckAgainstReference(network, compiled, images, Math.Min(referenceCheck, images.Length));
        return Run(compiled, images, progress).Events;
    }

    private sealed record RunTotals(int[] Predictions, double[] SpikeTotals, long SynapticOps, EventCounts Events, int MaxTimesteps);

    // Both cores of a 2-core machine: each thread has its own instance of the generated class and runs its half
    // of the images through InferBatch, a batch at a time (progress is reported between batches).
    private static RunTotals Run(CompiledNetwork compiled, byte[][] images, IProgress<double>? progress)
    {
        const int Threads = 2;
        var done = 0;
        var network = compiled.Network;
        var predictions = new int[images.Length];
        var instances = Enumerable.Range(0, Threads).Select(_ => compiled.CreateInstance()).ToArray();
        var sops = new long[Threads];
        var timesteps = new long[Threads];
        var maxTimesteps = new int[Threads];
        var inputSpikes = new long[Threads];
        var bitsFetched = new long[Threads];
        // The weight bits fetched are counted since Reset, so a class that counts them (layer precision) runs one image per batch.
        var batch = network.Policies.Precisions.IsEmpty ? 64 : 1;
        var inputs = new InputSpikeCounter(network.Input, network.Timesteps);
        Parallel.For(0, Threads, t =>
        {
            var instance = instances[t];
            var ran = new int[batch];
            var ops = new long[batch];
            var end = images.Length * (t + 1) / Threads;
            for (var start = images.Length * t / Threads; start < end; start += batch)
            {
                var count = Math.Min(batch, end - start);
                instance.InferBatch(images.AsSpan(start, count), predictions.AsSpan(start, count), ran, ops);
                for (var k = 0; k < count; k++)
                {
                    sops[t] += ops[k];
                    timesteps[t] += ran[k];
                    maxTimesteps[t] = Math.Max(maxTimesteps[t], ran[k]);
                    inputSpikes[t] += inputs.Count(images[start + k], ran[k]);
                }

                bitsFetched[t] += instance.WeightBitsFetched ?? 0;
                var now = Interlocked.Add(ref done, count);
                if (progress is not null && now % 64 < count)
                {
                    progress.Report((double)now / images.Length);
                }
            }
        });

        var spikeTotals = Enumerable.Range(0, network.Layers.Count)
            .Select(m => (double)instances.Sum(i => i.LayerSpikeTotals.Length > m ? i.LayerSpikeTotals[m] : 0))
            .ToArray();
        var events = EventCounts.Mean(network, images.Length, inputSpikes.Sum(), spikeTotals, timesteps.Sum(), sops.Sum(),
            network.Policies.Precisions.IsEmpty ? null : bitsFetched.Sum());
        return new RunTotals(predictions, spikeTotals, sops.Sum(), events, maxTimesteps.Max());
    }

    /// <summary>The generated code must give the reference model's class and output spike counts; a difference is a compiler bug.</summary>
    private static void CheckAgainstReference(NetworkIr network, CompiledNetwork compiled, byte[][] images, int count)
    {
        var reference = new ReferenceModel(network);
        var generated = compiled.CreateInstance();
        for (var k = 0; k < count; k++)
        {
            var expected = reference.Infer(images[k]);
            var predicted = generated.Infer(images[k]);
            if (predicted != expected.PredictedClass || !expected.OutputSpikeCounts.SequenceEqual(generated.OutputSpikeCounts)
                || expected.Timesteps != generated.Timestep || expected.SynapticOps != generated.SynapticOps)
            {
                throw new InvalidOperationException(
                    $"image {k}: the generated code gives class {predicted} after {generated.Timestep} timesteps and {generated.SynapticOps} SOPs, " +
                    $"the reference model class {expected.PredictedClass} after {expected.Timesteps} and {expected.SynapticOps}; this is a compiler bug, please report it");
            }
        }
    }
}
