using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;
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
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm, TerminalInfo terminal)
    {
        var file = SnncApp.FileArgument();
        var images = new Option<string?>("--images") { Description = "an IDX image file to evaluate on instead of the cached MNIST test set" };
        var labels = new Option<string?>("--labels") { Description = "the IDX label file that goes with --images" };
        var check = new Option<int>("--check") { Description = "images on which the generated code is compared with the reference model", DefaultValueFactory = _ => 200 };
        var sweep = new Option<bool>("--sweep") { Description = "also sweep weight bits (8, 6, 4; requantized after training) and timesteps (4, 8, 16, 32)" };
        var plot = new Option<string?>("--plot") { Description = "draw FILE.svg and FILE.png (a .png or .svg ending is dropped): with --sweep accuracy vs timesteps, with policies accuracy vs energy with the Pareto frontier" };
        var policy = new Option<string[]>("--policy")
        {
            Description = "evaluate the network with these dynamic policies instead of the file's, e.g. 'early_exit { margin: 200; }' (repeat for a sweep; 'none' for none; docs/dynamic.md)",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = SnncApp.JsonOption();
        var command = new Command("eval", "Evaluate a .snn network on MNIST: accuracy, confusion matrix, spikes, SOPs and energy per image, dynamic policies against none")
        {
            file, images, labels, check, sweep, plot, policy, json,
        };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var network = compilation.Networks[0];
            if (network.OutputLayer.Size < MnistSet.Classes)
            {
                throw new InputException($"network '{network.Name}': its readout layer '{network.OutputLayer.Name}' has {network.OutputLayer.Size} neurons; MNIST has {MnistSet.Classes} classes, one readout neuron each");
            }

            if (result.GetValue(check) < 0)
            {
                throw new InputException($"--check is {result.GetValue(check)}; give the number of images to compare (0 for none)");
            }

            var set = MnistData.TestSet(new DataCache(DataCache.DefaultDirectory(), npm), result.GetValue(images), result.GetValue(labels)).ToLabeled();
            if (set.Images[0].Length != network.Input.RawSize)
            {
                throw new InputException($"the network takes {network.Input.RawSize} inputs, the images have {set.Images[0].Length}");
            }

            var progress = ConsoleProgress.For(error, terminal, result.GetValue(json));
            var report = Evaluator.Evaluate(network, set, result.GetValue(check), progress.For($"{network.Name}: {set.Count} images"));
            var surrogate = new Surrogate(compilation.Bound[0], seed: 0);
            foreach (var layer in network.Layers)
            {
                surrogate.LoadIntegerWeights(layer.Index, layer.Weights.ToArray());
            }

            var floatAccuracy = surrogate.Accuracy(set);
            var sweepRows = result.GetValue(sweep) ? SweepRows(network, set, progress) : null;
            if (sweepRows is not null && result.GetValue(plot) is { } png)
            {
                Plot(network.Name, set.Count, sweepRows, png);
            }

            var policyTexts = result.GetValue(policy) ?? Array.Empty<string>();
            PolicyRow[]? policyRows = null;
            if (policyTexts.Length > 0 || !network.Policies.IsEmpty)
            {
                var baseline = PolicyRow.Measure("none", network with { Dynamic = null }, set, null);
                var variants = policyTexts.Select(text => (Label: text.Trim(), Network: Variant(result.GetValue(file)!, text, error)));
                if (policyTexts.Length == 0)
                {
                    variants = new[] { (Label: "as in the file", Network: (NetworkIr?)network) };
                }

                var measured = variants.Select(v => v.Network is null ? null : PolicyRow.Measure(v.Label, v.Network, set, baseline)).ToList();
                if (measured.Any(m => m is null))
                {
                    return 1;
                }

                policyRows = new[] { baseline }.Concat(measured.OfType<PolicyRow>()).ToArray();
                if (sweepRows is null && result.GetValue(plot) is { } pareto)
                {
                    PlotPareto(network.Name, set.Count, policyRows, pareto);
                }
            }

            progress.Clear();
            var own = policyTexts.Length == 0 && policyRows is not null ? policyRows[1] : null;
            var energy = CostModel.Estimate(network, report.Events);
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
                    EnergyJoulesPerImage = energy.EnergyJoules,
                    BaselineAccuracy = own is null ? (double?)null : Math.Round(policyRows![0].Accuracy * 100, 2),
                    EnergySavingPercent = own is null ? (double?)null : Math.Round(own.SavingPercent, 1),
                    MeanTimesteps = Math.Round(report.MeanTimesteps, 2),
                    report.MaxTimesteps,
                    Policies = policyRows?.Select(r => new
                    {
                        Policy = r.Label,
                        Accuracy = Math.Round(r.Accuracy * 100, 2),
                        MeanTimesteps = Math.Round(r.MeanTimesteps, 2),
                        r.MaxTimesteps,
                        SopsPerImage = Math.Round(r.Sops, 1),
                        WeightBitsFetchedPerImage = Math.Round(r.WeightBitsFetched),
                        r.EnergyJoules,
                        EnergySavingPercent = Math.Round(r.SavingPercent, 1),
                    }),
                });
                return 0;
            }

            output.WriteLine($"network {network.Name}: {report.Images} images, {network.Timesteps} timesteps");
            output.WriteLine($"accuracy (fixed point, generated code): {report.Accuracy:P2}   float model, same weights: {floatAccuracy:P2}");
            output.WriteLine($"synaptic operations per image: {report.SynapticOpsPerImage:F0}");
            output.WriteLine($"energy per image (cost model v{CostConstants.Version} at this activity): {CostFormat.Si(energy.EnergyJoules, "J")} ({CostBands.Of(CostFigure.Energy, energy)})");
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

            if (policyRows is not null)
            {
                output.WriteLine("dynamic policies (docs/dynamic.md); energy from the cost model at the measured activity, saving against none");
                var table = policyRows.Select((r, index) => new[]
                {
                    index.ToString(CultureInfo.InvariantCulture), r.Label, r.Accuracy.ToString("P2", CultureInfo.InvariantCulture), $"{r.MeanTimesteps:F2}/{r.MaxTimesteps}",
                    r.Sops.ToString("F0", CultureInfo.InvariantCulture), CostFormat.Si(r.EnergyJoules, "J"), $"{r.SavingPercent:F1} %",
                }).ToArray();
                CostReport.PrintTable((new[] { "#", "policies", "accuracy", "timesteps mean/max", "SOPs/image", "energy/image", "saving" }, table), output);
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

    private static NetworkIr? Variant(string path, string policies, TextWriter error)
    {
        var compilation = Workspace.CompileNetworks(path, error, text => PolicyOverride.Apply(text, policies.Trim() == "none" ? string.Empty : policies));
        if (compilation is null)
        {
            // The positions above are in the file as rewritten with these policies, not as it is on disk.
            error.WriteLine($"{path}: error: in --policy '{policies.Trim()}' (its dynamic blocks replace the file's; positions are in the rewritten text)");
        }

        return compilation?.Networks[0];
    }

    /// <summary>
    /// Accuracy against estimated energy per image, one numbered point per policy setting (the numbers are
    /// the rows of the printed table, 0 = none), a colour per combination of policies, and the line 0.3
    /// points below the baseline.
    /// </summary>
    private static void PlotPareto(string name, int images, PolicyRow[] rows, string path)
    {
        var plot = new ScottPlot.Plot();
        var frontier = ComparisonFigures.Frontier(rows.Select(r => (r.EnergyJoules * 1e6, r.Accuracy * 100)).ToList());
        var front = plot.Add.Scatter(frontier.Select(p => p.X).ToArray(), frontier.Select(p => p.Y).ToArray());
        front.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
        front.MarkerSize = 0;
        front.LegendText = "Pareto frontier";
        var numbered = rows.Select((row, index) => (Row: row, Index: index)).ToArray();
        foreach (var family in numbered.GroupBy(r => Family(r.Row.Label)))
        {
            var points = plot.Add.ScatterPoints(family.Select(r => r.Row.EnergyJoules * 1e6).ToArray(), family.Select(r => r.Row.Accuracy * 100).ToArray());
            points.MarkerSize = 9;
            points.LegendText = family.Key;
            foreach (var (row, index) in family)
            {
                var label = plot.Add.Text(index.ToString(CultureInfo.InvariantCulture), row.EnergyJoules * 1e6, row.Accuracy * 100);
                label.LabelFontSize = 11;
                label.LabelOffsetX = 6;
            }
        }

        var line = plot.Add.HorizontalLine((rows[0].Accuracy * 100) - 0.3);
        line.LegendText = "none - 0.3 points";
        plot.Title($"{name}: accuracy vs estimated energy per image on {images} images (numbers: rows of the table)");
        plot.XLabel("energy per image (uJ, cost model at the measured activity)");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Figures.Save(plot, Stem(path), 1000, 600);
    }

    /// <summary>The policies a setting combines, e.g. "early_exit + row_cutoff".</summary>
    private static string Family(string label)
    {
        var names = System.Text.RegularExpressions.Regex.Matches(label, @"([A-Za-z_]+)\s*\{").Select(m => m.Groups[1].Value).ToArray();
        return names.Length == 0 ? label : string.Join(" + ", names);
    }

    /// <summary>Accuracy against timesteps (a log2 axis: 4, 8, 16, 32 evenly spaced), one line per weight width.</summary>
    private static void Plot(string name, int images, (int WeightBits, int Timesteps, double Accuracy, double Sops)[] rows, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var group in rows.GroupBy(r => r.WeightBits))
        {
            var line = plot.Add.Scatter(group.Select(r => Math.Log2(r.Timesteps)).ToArray(), group.Select(r => r.Accuracy * 100).ToArray());
            line.LegendText = $"{group.Key}-bit weights";
        }

        var steps = rows.Select(r => r.Timesteps).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(steps.Select(t => Math.Log2(t)).ToArray(), steps.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Title($"{name}: fixed-point accuracy on {images} MNIST test images");
        plot.XLabel("timesteps (log scale)");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Figures.Save(plot, Stem(path), 800, 500);
    }

    /// <summary>--plot names the figure; both formats are written, so a .png or .svg ending is dropped.</summary>
    private static string Stem(string path) =>
        path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;

    private static (int WeightBits, int Timesteps, double Accuracy, double Sops)[] SweepRows(Language.Ir.NetworkIr network, LabeledImages set, ConsoleProgress progress)
    {
        var points = Sweep.WeightBits.SelectMany(bits => Sweep.Timesteps.Select(t => (Bits: bits, Timesteps: t))).ToArray();
        return points.Select((c, k) =>
            {
                var variant = Sweep.WithTimesteps(Sweep.Requantize(network, c.Bits), c.Timesteps);
                var report = Evaluator.Evaluate(variant, set, referenceCheck: 20, progress.For($"sweep {k + 1}/{points.Length}: {c.Bits}-bit weights, T = {c.Timesteps}", (double)k / points.Length, 1.0 / points.Length));
                return (c.Bits, c.Timesteps, report.Accuracy, report.SynapticOpsPerImage);
            })
            .ToArray();
    }
}
