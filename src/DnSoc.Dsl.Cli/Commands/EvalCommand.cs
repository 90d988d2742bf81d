using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc eval FILE.snn</c>: accuracy of the fixed-point network on the MNIST test set, run by the
/// generated code after checking it against the reference model, with the float accuracy of the same
/// weights beside it.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm)
    {
        var file = SnncApp.FileArgument();
        var images = new Option<string?>("--images") { Description = "an IDX image file to evaluate on instead of the cached MNIST test set" };
        var labels = new Option<string?>("--labels") { Description = "the IDX label file that goes with --images" };
        var check = new Option<int>("--check") { Description = "images on which the generated code is compared with the reference model", DefaultValueFactory = _ => 200 };
        var sweep = new Option<bool>("--sweep") { Description = "also sweep weight bits (8, 6, 4; requantized after training) and timesteps (4, 8, 16, 32)" };
        var plot = new Option<string?>("--plot") { Description = "with --sweep: write the accuracy-vs-timesteps plot to this PNG file" };
        var json = SnncApp.JsonOption();
        var command = new Command("eval", "Evaluate a .snn network on MNIST: accuracy, confusion matrix, spikes and SOPs per image") { file, images, labels, check, sweep, plot, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var network = compilation.Networks[0];
            var set = MnistData.TestSet(new MnistCache(MnistCache.DefaultDirectory(), npm), result.GetValue(images), result.GetValue(labels)).ToLabeled();
            if (set.Images[0].Length != network.Input.RawSize)
            {
                throw new InputException($"the network takes {network.Input.RawSize} inputs, the images have {set.Images[0].Length}");
            }

            var report = Evaluator.Evaluate(network, set, result.GetValue(check));
            var surrogate = new Surrogate(compilation.Bound[0], seed: 0);
            foreach (var layer in network.Layers)
            {
                surrogate.LoadIntegerWeights(layer.Index, layer.Weights.ToArray());
            }

            var floatAccuracy = surrogate.Accuracy(set);
            var sweepRows = result.GetValue(sweep) ? SweepRows(network, set) : null;
            if (sweepRows is not null && result.GetValue(plot) is { } png)
            {
                Plot(network.Name, sweepRows, png);
            }
            if (result.GetValue(json))
            {
                Json.Write(output, new
                {
                    Network = network.Name,
                    Accuracy = Math.Round(report.Accuracy * 100, 2),
                    FloatAccuracy = Math.Round(floatAccuracy * 100, 2),
                    report.Images,
                    network.Timesteps,
                    SopsPerImage = Math.Round(report.SynapticOpsPerImage, 1),
                    SpikesPerImage = network.Layers.ToDictionary(l => l.Name, l => Math.Round(report.SpikesPerImage[l.Index], 2)),
                    report.Confusion,
                    ReferenceChecked = report.ReferenceChecked,
                    Sweep = sweepRows?.Select(r => new { r.WeightBits, r.Timesteps, Accuracy = Math.Round(r.Accuracy * 100, 2), SopsPerImage = Math.Round(r.Sops, 1) }),
                });
                return 0;
            }

            output.WriteLine($"network {network.Name}: {report.Images} images, {network.Timesteps} timesteps");
            output.WriteLine($"accuracy (fixed point, generated code): {report.Accuracy:P2}   float model, same weights: {floatAccuracy:P2}");
            output.WriteLine($"synaptic operations per image: {report.SynapticOpsPerImage:F0}");
            foreach (var layer in network.Layers)
            {
                output.WriteLine($"spikes per image, layer {layer.Name}: {report.SpikesPerImage[layer.Index]:F1}");
            }

            output.WriteLine($"generated code equal to the reference model on the first {report.ReferenceChecked} images");
            output.WriteLine("confusion matrix (rows: true class, columns: predicted)");
            output.WriteLine("      " + string.Concat(Enumerable.Range(0, report.Confusion.Length).Select(k => $"{k,6}")));
            for (var c = 0; c < report.Confusion.Length; c++)
            {
                output.WriteLine($"{c,6}" + string.Concat(report.Confusion[c].Select(n => $"{n,6}")));
            }

            if (sweepRows is not null)
            {
                output.WriteLine("sweep (weights requantized after training, thresholds and leaks scaled with them)");
                output.WriteLine("weight bits  timesteps  accuracy  SOPs/image");
                foreach (var row in sweepRows)
                {
                    output.WriteLine($"{row.WeightBits,11}  {row.Timesteps,9}  {row.Accuracy,8:P2}  {row.Sops,10:F0}");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Accuracy against timesteps, one line per weight width.</summary>
    private static void Plot(string name, (int WeightBits, int Timesteps, double Accuracy, double Sops)[] rows, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var group in rows.GroupBy(r => r.WeightBits))
        {
            var line = plot.Add.Scatter(group.Select(r => (double)r.Timesteps).ToArray(), group.Select(r => r.Accuracy * 100).ToArray());
            line.LegendText = $"{group.Key}-bit weights";
        }

        plot.Title($"{name}: fixed-point accuracy on MNIST");
        plot.XLabel("timesteps");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, 800, 500);
    }

    private static (int WeightBits, int Timesteps, double Accuracy, double Sops)[] SweepRows(Language.Ir.NetworkIr network, LabeledImages set) =>
        Sweep.WeightBits
            .SelectMany(bits => Sweep.Timesteps.Select(t => (bits, t)))
            .Select(c =>
            {
                var variant = Sweep.WithTimesteps(Sweep.Requantize(network, c.bits), c.t);
                var report = Evaluator.Evaluate(variant, set, referenceCheck: 20);
                return (c.bits, c.t, report.Accuracy, report.SynapticOpsPerImage);
            })
            .ToArray();
}
