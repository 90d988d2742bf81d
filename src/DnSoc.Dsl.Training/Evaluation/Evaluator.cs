using System;
using System.Linq;
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
    public static EvaluationReport Evaluate(NetworkIr network, LabeledImages set, int referenceCheck)
    {
        var compiled = new CompiledNetwork(network);
        var checkedImages = Math.Min(referenceCheck, set.Count);
        CheckAgainstReference(network, compiled, set, checkedImages);

        const int Threads = 2;
        var classes = network.OutputLayer.Size;
        var predictions = new int[set.Count];
        var instances = Enumerable.Range(0, Threads).Select(_ => compiled.CreateInstance()).ToArray();
        var sops = new long[Threads];
        var timesteps = new long[Threads];
        var maxTimesteps = new int[Threads];
        var inputSpikes = new long[Threads];
        var bitsFetched = new long[Threads];
        Parallel.For(0, Threads, t =>
        {
            for (var k = t; k < set.Count; k += Threads)
            {
                predictions[k] = instances[t].Infer(set.Images[k]);
                sops[t] += instances[t].SynapticOps;
                var ran = instances[t].Timestep;
                timesteps[t] += ran;
                maxTimesteps[t] = Math.Max(maxTimesteps[t], ran);
                inputSpikes[t] += InputEncoder.CountSpikes(network.Input, set.Images[k], ran);
                bitsFetched[t] += instances[t].WeightBitsFetched ?? 0;
            }
        });

        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var k = 0; k < set.Count; k++)
        {
            confusion[set.Labels[k]][predictions[k]]++;
        }

        var spikeTotals = Enumerable.Range(0, network.Layers.Count)
            .Select(m => (double)instances.Sum(i => i.LayerSpikeTotals.Length > m ? i.LayerSpikeTotals[m] : 0))
            .ToArray();
        var correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        var events = EventCounts.Mean(network, set.Count, inputSpikes.Sum(), spikeTotals, timesteps.Sum(), sops.Sum(),
            network.Policies.Precisions.IsEmpty ? null : bitsFetched.Sum());
        return new EvaluationReport(set.Count, correct, confusion, spikeTotals.Select(s => s / set.Count).ToArray(), sops.Sum() / (double)set.Count,
            checkedImages, events, maxTimesteps.Max());
    }

    /// <summary>The generated code must give the reference model's class and output spike counts; a difference is a compiler bug.</summary>
    private static void CheckAgainstReference(NetworkIr network, CompiledNetwork compiled, LabeledImages set, int count)
    {
        var reference = new ReferenceModel(network);
        var generated = compiled.CreateInstance();
        for (var k = 0; k < count; k++)
        {
            var expected = reference.Infer(set.Images[k]);
            var predicted = generated.Infer(set.Images[k]);
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
