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
    public static Command Report(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var (images, count, directory, json) = Options();
        var device = SynthCommand.DeviceOption();
        var command = new Command("report", "Estimate area, timing, power, energy, flash and RAM of every network in a .snn file") { file, images, count, device, directory, json };
        command.SetAction(result =>
        {
            if (SynthCommand.Device(result.GetValue(device)!, error) is not { } chosen)
            {
                return 1;
            }

            var entries = Entries(new[] { result.GetValue(file)! }, result.GetValue(images), result.GetValue(count), null, chosen, error);
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

    public static Command Compare(TextWriter output, TextWriter error)
    {
        var files = SnncApp.FilesArgument();
        var (images, count, directory, json) = Options();
        var accuracy = new Option<string?>("--accuracy") { Description = "accuracies in percent, comma-separated, one per network in order (e.g. 97.2,98.5)" };
        var device = SynthCommand.DeviceOption();
        var synth = new Option<bool>("--synth") { Description = "also synthesize every network's cores (yosys; nextpnr-ice40 on iCE40) and show the measured figures and their ratios" };
        var command = new Command("compare", "Compare the cost estimates of the networks in several .snn files side by side") { files, images, count, accuracy, device, synth, directory, json };
        command.SetAction(result =>
        {
            if (SynthCommand.Device(result.GetValue(device)!, error) is not { } chosen)
            {
                return 1;
            }

            var entries = Entries(result.GetValue(files)!, result.GetValue(images), result.GetValue(count), result.GetValue(accuracy), chosen, error);
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
                    SynthComparison.Plot(synthesized, chosen, Path.Combine(dir, "compare-synth.png"));
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

    private static (Option<string?> Images, Option<int> Count, Option<string?> Directory, Option<bool> Json) Options() =>
        (new Option<string?>("--images") { Description = "an IDX image file: measure the expected activity with the reference model (else worst case only)" },
         new Option<int>("--count") { Description = "with --images: how many images to run", DefaultValueFactory = _ => 100 },
         new Option<string?>("--output", "-o") { Description = "write JSON, Markdown and HTML with PNG plots into this folder" },
         SnncApp.JsonOption());

    private static List<CostEntry>? Entries(IEnumerable<string> files, string? images, int count, string? accuracies, FpgaDevice device, TextWriter error)
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
                var expected = images is null ? null : CostModel.Estimate(network, CostReport.Measure(network, images, count), device);
                entries.Add(new CostEntry(network, CostModel.Estimate(network, device), expected, null));
            }
        }

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
