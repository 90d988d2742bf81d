using System;
using System.Linq;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Training;

/// <summary>The images a run trains on and the held-out images that pick its best epoch.</summary>
internal sealed record TrainingData(LabeledImages Train, LabeledImages Validation, string Source)
{
    /// <summary>The training set from the cache (MNIST's for snnc train), or an IDX pair; the last <paramref name="validation"/> images held out.</summary>
    public static TrainingData Load(DataCache cache, string? images, string? labels, int? limit, int validation)
    {
        if ((images is null) != (labels is null))
        {
            throw new InputException("--images and --labels go together: give both IDX files of the training set");
        }

        var set = images is null ? cache.LoadTrain() : MnistData.Pair(images, labels!);
        var source = images ?? cache.Package.Title;
        if (validation < 1 || validation >= set.Count)
        {
            throw new InputException($"--validation {validation}: hold out between 1 and {set.Count - 1} of the {set.Count} images of {source}");
        }

        var all = set.ToLabeled();
        var trainCount = Math.Min(limit is { } l ? (l > 0 ? l : throw new InputException($"--limit {l}: must be at least 1")) : int.MaxValue, all.Count - validation);
        return new TrainingData(all.Slice(0, trainCount), all.Slice(all.Count - validation, validation), source);
    }

    public void RequireInputs(BoundNetwork network, string path)
    {
        var inputs = network.Input!.Shape.Aggregate(1L, (p, d) => p * d.Value);
        if (inputs != Train.Images[0].Length)
        {
            throw new InputException($"{path}: network {network.Name} takes {inputs} inputs, the images of {Source} have {Train.Images[0].Length}");
        }
    }
}
