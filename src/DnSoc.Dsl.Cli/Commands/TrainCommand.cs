using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Cli.Training;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc train FILE.snn</c>: trains every network the file describes (or the one <c>--network</c> names) on MNIST
/// or on an IDX training set, keeps the epoch with the best validation accuracy, and writes the weights file(s) the
/// network references (or <c>-o</c>) with a training log beside them (docs/training.md). Deterministic for a seed.
/// Existing files are never overwritten without <c>--force</c>, and that is checked before any training starts.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm, TerminalInfo terminal)
    {
        var defaults = new TrainingOptions();
        var file = SnncApp.FileArgument();
        var network = new Option<string?>("--network") { Description = "train only this network of the file (default: every network, one after another)" };
        var weightsOut = new Option<string?>("--output", "-o") { Description = "write the weights to this file instead of the one the network's weights clauses name (one network at a time)" };
        var force = new Option<bool>("--force") { Description = "overwrite existing weights and training logs" };
        var epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "images per weight update", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<float>("--learning-rate") { Description = "Adam's starting learning rate (cosine-annealed to 2 % of it)", DefaultValueFactory = _ => defaults.LearningRate };
        var seed = new Option<int>("--seed") { Description = "random seed (initialisation, shuffling, augmentation)", DefaultValueFactory = _ => defaults.Seed };
        var limit = new Option<int?>("--limit") { Description = "train on the first N training images only (quick runs)" };
        var validation = new Option<int>("--validation") { Description = "hold out the last N training images to pick the best epoch and report accuracy", DefaultValueFactory = _ => 5000 };
        var images = new Option<string?>("--images") { Description = "train on this IDX images file instead of MNIST's training set (with --labels)" };
        var labels = new Option<string?>("--labels") { Description = "the IDX labels file that goes with --images" };
        var prune = new Option<double?>("--prune") { Description = "then prune this fraction of each layer's weights, smallest first, gradually while fine-tuning (docs/training.md#pruning)" };
        var from = new Option<string?>("--from") { Description = "with --prune or --tandem: start from the weights of this .snn file's network (same shape)" };
        var fineTuneEpochs = new Option<int>("--finetune-epochs") { Description = "with --prune: fine-tuning epochs", DefaultValueFactory = _ => 30 };
        var countNoise = new Option<bool>("--count-noise") { Description = "train on hidden spike counts (rates rounded stochastically to whole spikes over the timesteps; docs/training.md#count-noise)" };
        var tandem = new Option<bool>("--tandem") { Description = "forward through the per-event network itself, backward through the rate model; keep the epoch best in fixed point (docs/training.md#tandem)" };
        var json = SnncApp.JsonOption();
        var command = new Command("train", "Train the networks of a .snn file on MNIST (or an IDX set) and write their weights and training logs")
        {
            file, network, weightsOut, force, epochs, batchSize, learningRate, seed, limit, validation, images, labels, prune, from, fineTuneEpochs, countNoise, tandem, json,
        };
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

            var options = new TrainingOptions
            {
                Epochs = Positive(result.GetValue(epochs), "--epochs"),
                BatchSize = Positive(result.GetValue(batchSize), "--batch-size"),
                LearningRate = result.GetValue(learningRate) is > 0 and var rate ? rate : throw new InputException("--learning-rate must be above 0"),
                Seed = result.GetValue(seed),
                CountNoise = result.GetValue(countNoise),
                Tandem = result.GetValue(tandem),
            };
            if (options.Tandem && options.CountNoise)
            {
                throw new InputException("--tandem trains on the spikes the network really fires: --count-noise, which imitates them, does not go with it");
            }

            var pruning = PruningRequest(result.GetValue(prune), result.GetValue(fineTuneEpochs), options);
            var start = result.GetValue(from);
            if (start is not null && pruning is null && !options.Tandem)
            {
                throw new InputException("--from starts from trained weights to prune them (--prune) or to go on training them in tandem (--tandem)");
            }

            var selected = Select(compilation.Bound, result.GetValue(network), path);
            if (options.Tandem)
            {
                foreach (var n in selected)
                {
                    if (Trainer.TandemRefusal(n) is { } why)
                    {
                        throw new InputException($"--tandem: {n.Name}: {why}");
                    }
                }
            }

            var plans = selected.Select(n => TrainingPlan.For(compilation, n, result.GetValue(weightsOut))).ToList();
            if (result.GetValue(weightsOut) is { } single && plans.Count > 1)
            {
                throw new InputException($"-o {single}: {path} holds {plans.Count} networks ({string.Join(", ", selected.Select(n => n.Name))}); train one at a time with --network NAME");
            }

            var existing = plans.SelectMany(p => p.Outputs).Where(File.Exists).Distinct().ToList();
            if (existing.Count > 0 && !result.GetValue(force))
            {
                throw new InputException($"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)}: pass --force to overwrite, or -o FILE to write the weights elsewhere");
            }

            var data = TrainingData.Load(new DataCache(DataCache.DefaultDirectory(), npm), result.GetValue(images), result.GetValue(labels), result.GetValue(limit), result.GetValue(validation));
            var quiet = result.GetValue(json);
            var progress = ConsoleProgress.For(error, terminal, quiet);
            var trainedNetworks = new List<(TrainingPlan Plan, TrainedNetwork Trained, List<string> Written)>();
            for (var k = 0; k < plans.Count; k++)
            {
                var plan = plans[k];
                data.RequireInputs(plan.Network, path);
                var label = plans.Count > 1 ? $"{plan.Network.Name} ({k + 1}/{plans.Count})" : plan.Network.Name;
                if (NetworkTrainer.Run(plan.Network, options, start, pruning, data, new ProgressObserver(progress, label, quiet), error) is not { } trained)
                {
                    return 1;
                }

                progress.Clear();
                trainedNetworks.Add((plan, trained, plan.Write(trained.Model, $"on {data.Source}: {trained.Origin}", trained.Run)));
            }

            // Evaluated once all are written: the file compiles only when every network has its weights.
            var evaluated = TrainingPlan.Evaluate(compilation.Source, plans, data.Validation, out var problem);
            if (problem is not null)
            {
                error.WriteLine($"warning: the weights are written, but {path} does not compile yet ({problem}), so they were not evaluated; snnc check lists every error");
            }

            var results = trainedNetworks.Select(t => new
            {
                Network = t.Plan.Network.Name,
                options.Epochs,
                KeptEpoch = t.Trained.Run.Kept.Epoch,
                FloatValidationAccuracy = options.Tandem ? (double?)null : Math.Round(t.Trained.Run.Kept.ValidationAccuracy * 100, 2),
                KeptBy = options.Tandem ? "fixed point" : "float surrogate",
                KeptValidationAccuracy = Math.Round(t.Trained.Run.Kept.ValidationAccuracy * 100, 2),
                ValidationAccuracy = evaluated.TryGetValue(t.Plan.Network.Name, out var report) ? Math.Round(report.Accuracy * 100, 2) : (double?)null,
                WeightsFiles = t.Written,
                Log = TrainingLog.Files(t.Plan.LogStem),
                Sparsity = t.Plan.Network.Layers.Select((l, m) => new { Layer = l.Name, Zero = Math.Round(t.Trained.Model.Sparsity(m), 4) }),
            }).ToList();
            if (quiet)
            {
                Json.Write(output, new { options.Seed, options.BatchSize, options.LearningRate, TrainImages = data.Train.Count, ValidationImages = data.Validation.Count, Networks = results });
                return 0;
            }

            foreach (var r in results)
            {
                output.WriteLine($"{r.Network}: kept epoch {r.KeptEpoch} of {r.Epochs} (best validation accuracy, {r.KeptBy} {r.KeptValidationAccuracy:0.00} %)");
                output.WriteLine($"wrote {string.Join(", ", r.WeightsFiles)}; log {string.Join(", ", r.Log)}");
                if (r.ValidationAccuracy is { } accuracy)
                {
                    output.WriteLine($"validation ({data.Validation.Count} held-out training images): fixed-point {accuracy:0.00} %");
                }
            }

            return 0;
        });
        return command;
    }

    private static int Positive(int value, string option) => value > 0 ? value : throw new InputException($"{option} {value}: must be at least 1");

    private static Pruning? PruningRequest(double? sparsity, int fineTuneEpochs, TrainingOptions options)
    {
        if (sparsity is < 0 or >= 1)
        {
            throw new InputException($"--prune {sparsity}: the fraction of weights to prune must be in [0, 1)");
        }

        return sparsity is { } target
            ? new Pruning(target, TrainingOptions.FineTune(Positive(fineTuneEpochs, "--finetune-epochs"), options.Seed) with { Tandem = options.Tandem })
            : null;
    }

    private static IReadOnlyList<BoundNetwork> Select(IEnumerable<BoundNetwork> networks, string? name, string path)
    {
        var all = networks.ToList();
        if (name is null)
        {
            return all;
        }

        return all.Where(n => n.Name == name).ToList() is { Count: > 0 } found ? found
            : throw new InputException($"{path} has no network named '{name}'; it has {string.Join(", ", all.Select(n => n.Name))}");
    }

    /// <summary>Epoch lines (kept in the output, so a log shows the curve) under a live progress line with the ETA.</summary>
    private sealed class ProgressObserver(ConsoleProgress progress, string label, bool quiet) : ITrainingObserver
    {
        public void Batch(int epoch, double runFraction) => progress.Report(runFraction, $"{label}: epoch {epoch}");

        public void Epoch(EpochReport r)
        {
            if (!quiet)
            {
                progress.WriteLine($"{label}: epoch {r.Epoch,3}/{r.Epochs}  loss {r.Loss:F4}  train {r.TrainAccuracy:P2}  validation {r.ValidationAccuracy:P2}{(r.Best ? " *" : "  ")}  {ConsoleProgress.Duration(r.Elapsed)}");
            }
        }
    }
}
