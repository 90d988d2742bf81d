using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Training;

/// <summary>Gradual magnitude pruning while fine-tuning, from trained weights or from another file's (docs/training.md#pruning).</summary>
internal sealed record Pruning(double Target, TrainingOptions FineTune);

/// <summary>A trained model, how it came to be (for the weights file's header), and its run's epochs.</summary>
internal readonly record struct TrainedNetwork(Surrogate Model, string Origin, TrainingRun Run);

/// <summary>
/// Trains one network: from scratch, or from another file's weights (pruning or tandem training them), then optionally
/// pruned, or trained on in tandem (<c>tandemAfter</c>: a sweep's two-phase recipe).
/// </summary>
internal static class NetworkTrainer
{
    public static TrainedNetwork? Run(
        BoundNetwork network, TrainingOptions options, string? from, Pruning? pruning, TrainingData data, ITrainingObserver observer, TextWriter error, TrainingOptions? tandemAfter = null)
    {
        var trainer = new Trainer(network, options);
        var origin = string.Empty;
        TrainingRun? run = null;
        if (from is not null)
        {
            if (LoadWeights(from, network, trainer.Model, error) is not { } startName)
            {
                return null;
            }

            origin = $"the weights of {startName}";
        }

        // Weights loaded to be pruned are pruned as they are; loaded for tandem training, they are trained on.
        if (from is null || (pruning is null && options.Tandem))
        {
            run = trainer.Train(data.Train, data.Validation, observer);
            origin = $"{(from is null ? string.Empty : $"from {origin}, ")}{options.Epochs} epochs, kept epoch {run.Kept.Epoch} (best validation accuracy{(options.Tandem ? " in fixed point" : string.Empty)})";
            var defaults = new TrainingOptions();
            if (options.LearningRate != defaults.LearningRate)
            {
                origin += $", learning rate {options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }

            if (options.BatchSize != defaults.BatchSize)
            {
                origin += $", batch {options.BatchSize}";
            }

            if (options.CountNoise)
            {
                origin += ", hidden spike-count noise";
            }

            if (options.Tandem)
            {
                origin += ", tandem (forward through the per-event network)";
            }
        }

        if (pruning is not null)
        {
            run = new Trainer(network, pruning.FineTune, trainer.Model).TrainPruning(pruning.Target, data.Train, data.Validation, observer);
            var layers = string.Join(", ", network.Layers.Select((l, m) => $"{l.Name} {trainer.Model.Sparsity(m):P1}"));
            origin += $", pruned gradually by magnitude to {pruning.Target:P0} zero weights per layer ({layers}) over {pruning.FineTune.Epochs} epochs of fine-tuning, kept epoch {run.Kept.Epoch}";
        }

        if (tandemAfter is not null)
        {
            run = new Trainer(network, tandemAfter, trainer.Model).Train(data.Train, data.Validation, observer);
            origin += $", then {tandemAfter.Epochs} epochs of tandem training at learning rate {tandemAfter.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, kept epoch {run.Kept.Epoch} (best in fixed point)";
        }

        return new TrainedNetwork(trainer.Model, $"{origin}, seed {options.Seed}", run!);
    }

    /// <summary>Loads the weights of another file's network of the same shape; its name, or null after saying why not.</summary>
    private static string? LoadWeights(string path, BoundNetwork network, Surrogate model, TextWriter error)
    {
        if (Workspace.CompileNetworks(path, error) is not { } compilation)
        {
            return null;
        }

        var source = compilation.Networks[0];
        var sizes = network.Layers.Select(l => (int)l.Shape[0].Value);
        if (source.Layers.Count != network.Layers.Count || !source.Layers.Select(l => l.Size).SequenceEqual(sizes) || source.Input.Size != model.InputSize)
        {
            throw new InputException($"{path}: its network {source.Name} does not have the shape of {network.Name}");
        }

        foreach (var layer in source.Layers)
        {
            model.LoadIntegerWeights(layer.Index, layer.Weights.ToArray());
        }

        return Path.GetFileName(path);
    }
}
