using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc report FILE.snn</c> and <c>snnc compare A.snn B.snn ...</c>: the cost model's estimates
/// (docs/cost-model.md) as a terminal table, JSON, and with <c>-o DIR</c> JSON, Markdown and HTML with PNG plots.
/// </summary>
internal static class ReportCommand
{
    public static Command Report(TextWriter output, TextWriter error, TerminalInfo terminal)
    {
        var file = SnncApp.FileArgument();
        var (images, labels, count, directory, json) = Options();
        var device = SynthCommand.DeviceOption();
        var command = new Command("report", "Estimate area, timing, power, energy, flash and RAM of every network in a .snn file") { file, images, labels, count, device, directory, json };
        command.SetAction(result =>
        {
            if (SynthCommand.Device(result.GetValue(device)!, error) is not { } chosen)
            {
                return 1;
            }

            var measure = Measure.From(result.GetValue(images), result.GetValue(labels), result.GetValue(count), null, ConsoleProgress.For(error, terminal, result.GetValue(json)));
            var entries = Entries(new[] { result.GetValue(file)! }, measure, null, chosen, error);
            if (entries is null)
            {
                return 1;
            }

            if (result.GetValue(directory) is { } dir)
            {
                entries.ForEach(e => CostReport.WriteReport(e, dir));
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = entries.Select(CostReport.ToJson) });
            }
            else
            {
                entries.ForEach(e => CostReport.PrintText(e, output));
            }

            return 0;
        });
        return command;
    }

    public static Command Compare(TextWriter output, TextWriter error, TerminalInfo terminal)
    {
        var files = SnncApp.FilesArgument();
        var (images, labels, count, directory, json) = Options();
        var accuracy = new Option<string?>("--accuracy") { Description = "accuracies in percent, comma-separated, one per network in order (e.g. 97.2,98.5), when not measured with --labels" };
        var device = SynthCommand.DeviceOption();
        var synth = new Option<bool>("--synth") { Description = "also synthesize every network's cores (yosys; nextpnr-ice40 on iCE40) and show the measured figures and their ratios" };
        var command = new Command("compare", "Compare the networks of several .snn files side by side: cost, ratios, differences, accuracy, figures") { files, images, labels, count, accuracy, device, synth, directory, json };
        command.SetAction(result =>
        {
            if (SynthCommand.Device(result.GetValue(device)!, error) is not { } chosen)
            {
                return 1;
            }

            var measure = Measure.From(result.GetValue(images), result.GetValue(labels), result.GetValue(count), result.GetValue(accuracy), ConsoleProgress.For(error, terminal, result.GetValue(json)));
            var entries = Entries(result.GetValue(files)!, measure, result.GetValue(accuracy), chosen, error);
            if (entries is null)
            {
                return 1;
            }

            var synthesized = new List<SynthComparison.Column>();
            foreach (var e in result.GetValue(synth) ? entries : new List<CostEntry>())
            {
                if (SynthCommand.Measure(e.Network, chosen, null, error) is not { } measured)
                {
                    return 1;
                }

                synthesized.Add(new SynthComparison.Column(e.Network.Name, SynthCommand.Figures(e.Network, measured)));
            }

            var synthTable = synthesized.Count > 0 ? SynthComparison.Table(synthesized) : default;
            if (result.GetValue(directory) is { } dir)
            {
                CostReport.WriteComparison(entries, dir, synthesized.Count > 0 ? synthTable : null);
                if (synthesized.Count > 0)
                {
                    SynthComparison.Plot(synthesized, chosen, Path.Combine(dir, "compare-synth"));
                }
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = entries.Select(CostReport.ToJson), Synthesis = synthesized.Select(SynthComparison.ToJson) });
            }
            else
            {
                CostReport.PrintTable(CostReport.ComparisonTable(entries), output);
                if (synthesized.Count > 0)
                {
                    output.WriteLine($"synthesized on {chosen.Part} ({chosen.Name}):");
                    CostReport.PrintTable(synthTable, output);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The images to run, read once for every network (none: worst case only), and where to show the progress.</summary>
    private sealed record Measure(MeasurementImages? Images, ConsoleProgress Progress)
    {
        public static Measure From(string? images, string? labels, int? count, string? accuracies, ConsoleProgress progress)
        {
            if (labels is not null && images is null)
            {
                throw new InputException("--labels goes with --images: give the IDX images file the labels belong to");
            }

            if (labels is not null && accuracies is not null)
            {
                throw new InputException("--accuracy gives accuracies, --labels measures them: use one of the two");
            }

            return new Measure(images is null ? null : MeasurementImages.Load(images, labels, count), progress);
        }
    }

    private static (Option<string?> Images, Option<string?> Labels, Option<int?> Count, Option<string?> Directory, Option<bool> Json) Options() =>
        (new Option<string?>("--images") { Description = "an IDX image file: measure the expected activity by running the generated code (else worst case only)" },
         new Option<string?>("--labels") { Description = "with --images: its IDX labels file, to measure the accuracy too" },
         new Option<int?>("--count") { Description = "with --images: run only the first N images (default: all, as snnc eval)" },
         new Option<string?>("--output", "-o") { Description = "write JSON, Markdown and HTML with SVG and PNG figures into this folder" },
         SnncApp.JsonOption());

    private static List<CostEntry>? Entries(IEnumerable<string> files, Measure measure, string? accuracies, FpgaDevice device, TextWriter error)
    {
        var entries = new List<CostEntry>();
        foreach (var path in files)
        {
            if (Workspace.CompileNetworks(path, error) is not { } compilation)
            {
                return null;
            }

            foreach (var diagnostic in compilation.Diagnostics)
            {
                error.WriteLine(diagnostic);
            }

            foreach (var network in compilation.Networks)
            {
                var measured = measure.Images is null ? null : ImageMeasurement.Of(network, measure.Images, measure.Progress);
                var expected = measured is null ? null : CostModel.Estimate(network, measured.Events, device);
                entries.Add(new CostEntry(network, CostModel.Estimate(network, device), expected, measured?.AccuracyPercent));
            }
        }

        measure.Progress.Clear();
        if (accuracies is not null)
        {
            var values = accuracies.Split(',').Select(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            if (values.Length != entries.Count || values.Any(double.IsNaN))
            {
                throw new InputException($"--accuracy needs {entries.Count} comma-separated numbers, one per network, but got '{accuracies}'");
            }

            entries = entries.Select((e, k) => e with { Accuracy = values[k] }).ToList();
        }

        return entries;
    }
}
