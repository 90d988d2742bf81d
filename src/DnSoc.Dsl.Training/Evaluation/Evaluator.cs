using System;
using System.Linq;
using System.Threading.Tasks;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>What an evaluation measured.</summary>
/// <param name="Confusion">[true class][predicted class] counts.</param>
/// <param name="SpikesPerImage">Mean spikes per image of each layer.</param>
/// <param name="ReferenceChecked">Images on which the generated code was compared with the reference model (all agreed, or evaluation throws).</param>
public sealed record EvaluationReport(
    int Images,
    int Correct,
    int[][] Confusion,
    double[] SpikesPerImage,
    double SynapticOpsPerImage,
    int ReferenceChecked)
{
    public double Accuracy => (double)Correct / Images;
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
        Parallel.For(0, Threads, t =>
        {
            for (var k = t; k < set.Count; k += Threads)
            {
                predictions[k] = instances[t].Infer(set.Images[k]);
                sops[t] += instances[t].SynapticOps;
            }
        });

        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var k = 0; k < set.Count; k++)
        {
            confusion[set.Labels[k]][predictions[k]]++;
        }

        var spikes = Enumerable.Range(0, network.Layers.Count)
            .Select(m => instances.Sum(i => i.LayerSpikeTotals.Length > m ? i.LayerSpikeTotals[m] : 0) / (double)set.Count)
            .ToArray();
        var correct = Enumerable.Range(0, classes).Sum(c => confusion[c][c]);
        return new EvaluationReport(set.Count, correct, confusion, spikes, sops.Sum() / (double)set.Count, checkedImages);
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
            if (predicted != expected.PredictedClass || !expected.OutputSpikeCounts.SequenceEqual(generated.OutputSpikeCounts))
            {
                throw new InvalidOperationException(
                    $"image {k}: the generated code gives class {predicted}, the reference model {expected.PredictedClass}; this is a compiler bug, please report it");
            }
        }
    }
}
