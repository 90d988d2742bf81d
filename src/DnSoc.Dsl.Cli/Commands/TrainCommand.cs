using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc train FILE.snn</c>: trains the network the file describes on MNIST and writes the weights
/// file(s) it references (docs/training.md). Deterministic for a seed.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The last images of the training set are held out to report accuracy during training.</summary>
    public const int ValidationImages = 5000;

    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm)
    {
        var file = SnncApp.FileArgument();
        var epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => new TrainingOptions().Epochs };
        var seed = new Option<int>("--seed") { Description = "random seed (initialisation, shuffling, augmentation)", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "train on the first N training images only (quick runs)" };
        var prune = new Option<double?>("--prune") { Description = "then prune this fraction of each layer's weights, smallest first, gradually while fine-tuning (docs/training.md#pruning)" };
        var from = new Option<string?>("--from") { Description = "with --prune: start from the weights of this .snn file's network (same shape) instead of training" };
        var fineTuneEpochs = new Option<int>("--finetune-epochs") { Description = "with --prune: fine-tuning epochs", DefaultValueFactory = _ => 30 };
        var json = SnncApp.JsonOption();
        var command = new Command("train", "Train the network of a .snn file on MNIST and write its weights file") { file, epochs, seed, limit, prune, from, fineTuneEpochs, json };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var compilation = Workspace.Compile(path, error);
            if (compilation is null)
            {
                return 1;
            }

            // Missing or stale weights are what training fixes; every other error must be fixed first.
            var blocking = compilation.Diagnostics.Where(d => d.IsError && d.Stage != DiagnosticStage.Weights).ToList();
            if (blocking.Count > 0 || compilation.Bound.IsEmpty)
            {
                blocking.ForEach(d => error.WriteLine(d));
                return 1;
            }

            var network = compilation.Bound[0];
            var sparsity = result.GetValue(prune);
            if (sparsity is < 0 or >= 1)
            {
                throw new InputException($"--prune {sparsity}: the fraction of weights to prune must be in [0, 1)");
            }

            if (result.GetValue(from) is not null && sparsity is null)
            {
                throw new InputException("--from starts pruning from trained weights: it needs --prune");
            }

            var cache = new MnistCache(MnistCache.DefaultDirectory(), npm);
            var all = cache.LoadTrain().ToLabeled();
            var inputs = network.Input!.Shape.Aggregate(1L, (p, d) => p * d.Value);
            if (inputs != all.Images[0].Length)
            {
                throw new InputException($"{path}: the network takes {inputs} inputs, MNIST images have {all.Images[0].Length} (28x28)");
            }

            var trainCount = Math.Min(result.GetValue(limit) ?? int.MaxValue, all.Count - ValidationImages);
            var train = all.Slice(0, trainCount);
            var validation = all.Slice(all.Count - ValidationImages, ValidationImages);
            var options = new TrainingOptions { Epochs = result.GetValue(epochs), Seed = result.GetValue(seed) };
            var trainer = new Trainer(network, options);
            var quiet = result.GetValue(json);
            void Progress(EpochReport report)
            {
                if (!quiet)
                {
                    error.WriteLine(ProgressLine(report));
                }
            }

            var origin = $"{options.Epochs} epochs";
            if (result.GetValue(from) is { } start)
            {
                if (LoadWeights(start, network, trainer.Model, error) is { } startName)
                {
                    origin = $"the weights of {startName}";
                }
                else
                {
                    return 1;
                }
            }
            else
            {
                trainer.Train(train, validation, Progress);
            }

            if (sparsity is { } target)
            {
                var fineTune = TrainingOptions.FineTune(result.GetValue(fineTuneEpochs), options.Seed);
                new Trainer(network, fineTune, trainer.Model).TrainPruning(target, train, validation, Progress);
                var layers = string.Join(", ", network.Layers.Select((l, m) => $"{l.Name} {trainer.Model.Sparsity(m):P1}"));
                origin += $", pruned gradually by magnitude to {target:P0} zero weights per layer ({layers}) over {fineTune.Epochs} epochs of fine-tuning";
            }

            var written = WriteWeights(compilation, network, trainer.Model, $"{origin}, seed {options.Seed}");
            var retrained = Workspace.Compile(path, error)!;
            if (retrained.HasErrors)
            {
                retrained.Diagnostics.ToList().ForEach(d => error.WriteLine(d));
                return 1;
            }

            var snn = Evaluator.Evaluate(retrained.Networks[0], validation, referenceCheck: 100);
            var surrogate = trainer.Accuracy(validation);
            if (quiet)
            {
                Json.Write(output, new
                {
                    Network = network.Name,
                    options.Epochs,
                    options.Seed,
                    TrainImages = train.Count,
                    ValidationImages = validation.Count,
                    FloatValidationAccuracy = Math.Round(surrogate * 100, 2),
                    ValidationAccuracy = Math.Round(snn.Accuracy * 100, 2),
                    WeightsFiles = written,
                    Sparsity = network.Layers.Select((l, m) => new { Layer = l.Name, Zero = Math.Round(trainer.Model.Sparsity(m), 4) }),
                });
            }
            else
            {
                output.WriteLine($"wrote {string.Join(", ", written)}");
                output.WriteLine($"validation ({validation.Count} held-out training images): fixed-point {snn.Accuracy:P2}, float surrogate {surrogate:P2}");
            }

            return 0;
        });
        return command;
    }

    private static string ProgressLine(EpochReport r)
    {
        const int Width = 20;
        var filled = Width * r.Epoch / r.Epochs;
        return $"epoch {r.Epoch,3}/{r.Epochs} [{new string('#', filled)}{new string('.', Width - filled)}] loss {r.Loss:F4}  " +
               $"train {r.TrainAccuracy:P2}  validation {r.ValidationAccuracy:P2}  {r.Elapsed.TotalSeconds:F0} s";
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

    /// <summary>Writes every layer's integer weights into the file and tensor its <c>weights</c> clause names.</summary>
    private static List<string> WriteWeights(SnnCompilation compilation, BoundNetwork network, Surrogate model, string how)
    {
        var byFile = new Dictionary<string, List<WeightsTensor>>();
        for (var m = 0; m < network.Layers.Count; m++)
        {
            var layer = network.Layers[m];
            var reference = layer.WeightsReference!.Value;
            var hash = reference.LastIndexOf('#');
            var file = SourcePaths.Combine(compilation.Source.Path, hash < 0 ? reference : reference.Substring(0, hash));
            var tensor = hash < 0 ? layer.Name : reference.Substring(hash + 1);
            var inputs = m == 0 ? (int)network.Input!.EncodedSize : (int)network.Layers[m - 1].Shape[0].Value;
            var type = layer.WeightBits.Value <= 8 ? WeightElementType.I8 : WeightElementType.I16;
            var values = model.IntegerWeights(m).Select(w => (double)w).ToEquatableArray();
            if (!byFile.TryGetValue(file, out var tensors))
            {
                byFile[file] = tensors = new List<WeightsTensor>();
            }

            tensors.Add(new WeightsTensor(tensor, type, new[] { inputs, (int)layer.Shape[0].Value }.ToEquatableArray(), values));
        }

        foreach (var (file, tensors) in byFile)
        {
            var header = $"# Trained by snnc train on MNIST: {how} (docs/training.md).\n";
            File.WriteAllText(file, header + WeightsFileWriter.Write(tensors));
        }

        return byFile.Keys.ToList();
    }
}
