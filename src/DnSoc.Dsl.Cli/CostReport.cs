using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli;

/// <summary>One network's estimates: worst case always, expected case when activity was measured.</summary>
internal sealed record CostEntry(NetworkIr Network, NetworkCost Worst, NetworkCost? Expected, double? Accuracy)
{
    /// <summary>The estimate reports lead with: measured activity if there is some, else the worst case.</summary>
    public NetworkCost Main => Expected ?? Worst;
}

/// <summary>Tables, JSON, Markdown, HTML and PNG plots of cost estimates (docs/cost-model.md), for report, compare and compile.</summary>
internal static class CostReport
{
    /// <summary>(label, value, band) rows of the totals, in readable units, each with its error band (<see cref="CostBands"/>).</summary>
    public static IEnumerable<(string Metric, string Value, string Band)> Totals(NetworkCost c)
    {
        var fpga = c.Target != TargetKind.Mcu;
        string B(CostFigure figure) => CostBands.Of(figure, c);
        if (fpga)
        {
            var device = c.Device ?? FpgaDevice.Default;
            yield return ("LUT", N(c.Lut), B(CostFigure.Lut));
            yield return ("FF", N(c.Ff), B(CostFigure.Ff));
            yield return (device.BramUnit, c.Bram.ToString("0.#", CultureInfo.InvariantCulture), B(CostFigure.Bram));
            yield return ("DSP", N(c.Dsp), B(CostFigure.Dsp));
            yield return ("Fmax (est.)", c.FmaxHz > 0 ? Si(c.FmaxHz, "Hz") : "-", B(CostFigure.Fmax));
            yield return ("device", device.Part, string.Empty);
        }

        yield return ("clock", Si(c.ClockHz, "Hz"), string.Empty);
        yield return ("cycles/timestep", N(c.CyclesPerTimestep), B(CostFigure.Cycles));
        yield return ("cycles/inference", N(c.Cycles), B(CostFigure.Cycles));
        yield return ("latency", Si(c.LatencySeconds, "s"), B(CostFigure.Latency));
        if (fpga)
        {
            yield return ("static power", Si(c.StaticWatts, "W"), "unvalidated: the device datasheet's order of magnitude");
        }

        yield return ("power", Si(c.PowerWatts, "W"), B(CostFigure.Power));
        yield return ("energy/inference", Si(c.EnergyJoules, "J"), B(CostFigure.Energy));
        yield return ("SOPs/inference", N(c.SynapticOps), "exact: events x synapses reached");
        yield return ("energy/SOP", Si(c.EnergyPerSop, "J"), B(CostFigure.Energy));
        yield return ("flash", N(c.FlashBytes) + " B", B(CostFigure.Flash));
        yield return ("RAM", N(c.RamBytes) + " B", B(CostFigure.Ram));
        if (!fpga)
        {
            yield return ("dense int8 cycles", N(c.DenseMacCycles) + (c.DenseMacCycles < c.Cycles ? " (dense is cheaper)" : " (spiking is cheaper)"), B(CostFigure.Cycles));
        }
    }

    public static void PrintText(CostEntry e, TextWriter output)
    {
        var worst = Totals(e.Worst).ToList();
        var expected = e.Expected is null ? null : Totals(e.Expected).ToList();
        output.WriteLine($"network {e.Network.Name}: target {IrPrinter.Name(e.Network.Target.Kind)}, {e.Network.Timesteps} timesteps (cost model v{CostConstants.Version}, docs/cost-model.md)");
        var rows = worst.Select((r, k) => new[] { r.Metric, r.Value }.Concat(expected is null ? Array.Empty<string>() : new[] { expected[k].Value }).Append(r.Band).ToArray());
        var header = new[] { "metric", "worst case" }.Concat(expected is null ? Array.Empty<string>() : new[] { "expected (measured)" }).Append("band").ToArray();
        PrintTable((header, rows.ToArray()), output);

        output.WriteLine($"  {"layer",-10} {"cores",5} {"BRAM",7} {"LUT",8} {"FF",8} {"SOPs",12} {"cycles",12} {"weights",10}");
        foreach (var l in e.Main.Layers)
        {
            output.WriteLine($"  {l.Name,-10} {l.Cores,5} {l.Bram,7} {N(l.Lut),8} {N(l.Ff),8} {N(l.SynapticOps),12} {N(l.Cycles),12} {l.WeightTableBytes,8} B");
        }
    }

    public static object ToJson(CostEntry e) => new
    {
        Network = e.Network.Name,
        Target = IrPrinter.Name(e.Network.Target.Kind),
        e.Network.Timesteps,
        ModelVersion = CostConstants.Version,
        WorstCase = Json(e.Worst),
        Expected = e.Expected is null ? null : Json(e.Expected),
        AccuracyPercent = e.Accuracy,
    };

    /// <summary>report: FILE.cost.json, .md, .html and the per-layer PNG in <paramref name="directory"/>.</summary>
    public static void WriteReport(CostEntry e, string directory)
    {
        OutputFolder.Create(directory);
        var stem = Path.Combine(directory, e.Network.Name);
        File.WriteAllText(stem + ".cost.json", System.Text.Json.JsonSerializer.Serialize(ToJson(e), JsonOptions));
        var png = e.Network.Name + ".layers.png";
        LayerPlot(e, Path.Combine(directory, png));
        var totals = Table(new[] { "metric", "worst case" }.Concat(e.Expected is null ? Array.Empty<string>() : new[] { "expected (measured)" }).Append("band").ToArray(),
            Totals(e.Worst).Select((r, k) => new[] { r.Metric, r.Value }
                .Concat(e.Expected is null ? Array.Empty<string>() : new[] { Totals(e.Expected).ElementAt(k).Value }).Append(r.Band).ToArray()));
        var layers = Table(new[] { "layer", "cores", "BRAM", "LUT", "FF", "SOPs", "cycles", "weight bytes" },
            e.Main.Layers.Select(l => new[] { l.Name, N(l.Cores), N(l.Bram), N(l.Lut), N(l.Ff), N(l.SynapticOps), N(l.Cycles), N(l.WeightTableBytes) }));
        var title = $"Cost of {e.Network.Name} ({IrPrinter.Name(e.Network.Target.Kind)}, {e.Network.Timesteps} timesteps)";
        var note = $"Analytical estimates, cost model v{CostConstants.Version} (docs/cost-model.md); per-layer rows: {(e.Expected is null ? "worst case" : "measured activity")}.";
        File.WriteAllText(stem + ".cost.md", Markdown(title, note, new[] { totals, layers }, new[] { png }));
        File.WriteAllText(stem + ".cost.html", Html(title, note, new[] { totals, layers }, new[] { png }));
    }

    /// <summary>compare: compare.json, .md, .html and compare.png in <paramref name="directory"/>.</summary>
    /// <param name="synthesized">The table of <c>compare --synth</c>, when it ran.</param>
    public static void WriteComparison(IReadOnlyList<CostEntry> entries, string directory, (string[] Header, string[][] Rows)? synthesized = null)
    {
        OutputFolder.Create(directory);
        File.WriteAllText(Path.Combine(directory, "compare.json"), System.Text.Json.JsonSerializer.Serialize(entries.Select(ToJson), JsonOptions));
        ComparePlot(entries, Path.Combine(directory, "compare.png"));
        var title = "Comparison: " + string.Join(" vs ", entries.Select(e => e.Network.Name));
        var note = $"Analytical estimates, cost model v{CostConstants.Version} (docs/cost-model.md); columns use measured activity where given, else the worst case." +
                   (synthesized is null ? string.Empty : " The second table is synthesis (yosys, nextpnr-ice40) beside the estimate, with the ratio of the last network to the first.");
        var tables = new[] { ComparisonTable(entries) }.Concat(synthesized is { } s ? new[] { s } : Array.Empty<(string[], string[][])>()).ToArray();
        var plots = new[] { "compare.png" }.Concat(synthesized is null ? Array.Empty<string>() : new[] { "compare-synth.png" }).ToArray();
        File.WriteAllText(Path.Combine(directory, "compare.md"), Markdown(title, note, tables, plots));
        File.WriteAllText(Path.Combine(directory, "compare.html"), Html(title, note, tables, plots));
    }

    public static (string[] Header, string[][] Rows) ComparisonTable(IReadOnlyList<CostEntry> entries)
    {
        var columns = entries.Select(e => Totals(e.Main).ToList()).ToList();
        var metrics = columns.SelectMany(c => c.Select(r => r.Metric)).Distinct().ToList();
        var rows = metrics.Select(m => new[] { m }.Concat(columns.Select(c => c.FirstOrDefault(r => r.Metric == m).Value ?? "-"))
            .Append(columns.SelectMany(c => c).FirstOrDefault(r => r.Metric == m).Band ?? string.Empty).ToArray()).ToList();
        rows.Add(new[] { "activity" }.Concat(entries.Select(e => e.Expected is null ? "worst case" : "measured")).Append(string.Empty).ToArray());
        if (entries.Any(e => e.Accuracy is not null))
        {
            rows.Add(new[] { "accuracy" }.Concat(entries.Select(e => e.Accuracy is { } a ? a.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "-")).Append(string.Empty).ToArray());
        }

        return (new[] { "metric" }.Concat(entries.Select(e => e.Network.Name)).Append("band").ToArray(), rows.ToArray());
    }

    public static void PrintTable((string[] Header, string[][] Rows) table, TextWriter output)
    {
        var all = new[] { table.Header }.Concat(table.Rows).ToList();
        var widths = Enumerable.Range(0, table.Header.Length).Select(k => all.Max(r => r[k].Length)).ToArray();
        foreach (var row in all)
        {
            output.WriteLine("  " + string.Join("  ", row.Select((cell, k) => k == 0 ? cell.PadRight(widths[k]) : cell.PadLeft(widths[k]))));
        }
    }

    /// <summary>Mean spike events per inference, measured by the generated code, over up to <paramref name="count"/> images of an IDX file.</summary>
    public static EventCounts Measure(NetworkIr network, string idxPath, int count)
    {
        if (count < 1)
        {
            throw new InputException($"--count is {count}; run at least 1 image");
        }

        var (total, rows, columns, pixels) = Idx.ReadImages(InputFiles.ReadBytes(idxPath, InputFiles.MaxIdxBytes), idxPath);
        if (total == 0)
        {
            throw new InputException($"{idxPath}: the file holds no images; measure on at least one");
        }

        if (rows * columns != network.Input.RawSize)
        {
            throw new InputException($"the network takes {network.Input.RawSize} inputs, the images in {idxPath} have {rows * columns}");
        }

        var size = rows * columns;
        var images = Enumerable.Range(0, Math.Min(count, total)).Select(k => pixels.AsSpan(k * size, size).ToArray()).ToArray();
        return Evaluator.MeasureActivity(network, images);
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    private static object Json(NetworkCost c) => new
    {
        Device = c.Device?.Name,
        Bands = Enum.GetValues<CostFigure>().ToDictionary(f => f.ToString().ToLowerInvariant(), f => CostBands.Of(f, c)),
        c.Lut,
        c.Ff,
        Bram = c.Bram,
        BramUnit = c.Device?.BramUnit,
        c.Dsp,
        c.FmaxHz,
        c.ClockHz,
        c.CyclesPerTimestep,
        CyclesPerInference = c.Cycles,
        c.LatencySeconds,
        c.StaticWatts,
        c.PowerWatts,
        EnergyPerInferenceJoules = c.EnergyJoules,
        SynapticOps = c.SynapticOps,
        EnergyPerSopJoules = c.EnergyPerSop,
        c.FlashBytes,
        c.RamBytes,
        DenseInt8Cycles = c.DenseMacCycles,
        Layers = c.Layers.Select(l => new { l.Name, l.Cores, l.Bram, l.Lut, l.Ff, l.Dsp, l.SynapticOps, l.Cycles, l.WeightTableBytes }),
    };

    private static void LayerPlot(CostEntry e, string path)
    {
        // Each layer's share of the total per resource: one plot for quantities with different units.
        var c = e.Main;
        var metrics = new (string Name, Func<LayerCost, double> Of)[]
        {
            ("LUT", l => l.Lut), ("FF", l => l.Ff), ("BRAM", l => l.Bram), ("cycles", l => l.Cycles), ("SOPs", l => l.SynapticOps), ("weight bytes", l => l.WeightTableBytes),
        };
        var bars = new List<ScottPlot.Bar>();
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new ScottPlot.Plot();
        for (var m = 0; m < metrics.Length; m++)
        {
            var total = c.Layers.Sum(metrics[m].Of);
            for (var l = 0; l < c.Layers.Count; l++)
            {
                var share = total > 0 ? 100 * metrics[m].Of(c.Layers[l]) / total : 0;
                bars.Add(new ScottPlot.Bar { Position = (m * (c.Layers.Count + 1)) + l, Value = share, FillColor = palette.GetColor(l) });
            }
        }

        plot.Add.Bars(bars);
        for (var l = 0; l < c.Layers.Count; l++)
        {
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = c.Layers[l].Name, FillColor = palette.GetColor(l) });
        }

        plot.Axes.Bottom.SetTicks(metrics.Select((_, m) => (m * (c.Layers.Count + 1)) + ((c.Layers.Count - 1) / 2.0)).ToArray(), metrics.Select(x => x.Name).ToArray());
        plot.Title($"{e.Network.Name}: share of each layer ({(e.Expected is null ? "worst case" : "measured activity")})");
        plot.YLabel("% of the network total");
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 500);
    }

    private static void ComparePlot(IReadOnlyList<CostEntry> entries, string path)
    {
        // Every metric relative to the first network (= 1), so area, time and energy share one axis.
        var metrics = new (string Name, Func<NetworkCost, double> Of)[]
        {
            ("LUT", c => c.Lut), ("FF", c => c.Ff), ("BRAM", c => c.Bram), ("latency", c => c.LatencySeconds), ("power", c => c.PowerWatts),
            ("energy", c => c.EnergyJoules), ("SOPs", c => c.SynapticOps), ("flash", c => c.FlashBytes), ("RAM", c => c.RamBytes),
        };
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new ScottPlot.Plot();
        var bars = new List<ScottPlot.Bar>();
        for (var m = 0; m < metrics.Length; m++)
        {
            var reference = metrics[m].Of(entries[0].Main);
            for (var k = 0; k < entries.Count; k++)
            {
                var value = reference > 0 ? metrics[m].Of(entries[k].Main) / reference : 0;
                bars.Add(new ScottPlot.Bar { Position = (m * (entries.Count + 1)) + k, Value = value, FillColor = palette.GetColor(k) });
            }
        }

        plot.Add.Bars(bars);
        for (var k = 0; k < entries.Count; k++)
        {
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = entries[k].Network.Name, FillColor = palette.GetColor(k) });
        }

        plot.Axes.Bottom.SetTicks(metrics.Select((_, m) => (m * (entries.Count + 1)) + ((entries.Count - 1) / 2.0)).ToArray(), metrics.Select(x => x.Name).ToArray());
        plot.Title($"relative to {entries[0].Network.Name}");
        plot.YLabel("ratio");
        plot.Axes.SetLimitsY(0, bars.Max(b => b.Value) * 1.1);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1000, 500);
    }

    private static (string[] Header, string[][] Rows) Table(string[] header, IEnumerable<string[]> rows) => (header, rows.ToArray());

    private static string Markdown(string title, string note, IEnumerable<(string[] Header, string[][] Rows)> tables, IEnumerable<string> images)
    {
        var s = new StringBuilder().Append("# ").AppendLine(title).AppendLine().AppendLine(note).AppendLine();
        foreach (var (header, rows) in tables)
        {
            s.AppendLine("| " + string.Join(" | ", header) + " |");
            s.AppendLine("|" + string.Concat(header.Select((_, k) => k == 0 ? "---|" : "---:|")));
            foreach (var row in rows)
            {
                s.AppendLine("| " + string.Join(" | ", row) + " |");
            }

            s.AppendLine();
        }

        foreach (var image in images)
        {
            s.AppendLine($"![{image}]({image})").AppendLine();
        }

        return s.ToString();
    }

    private static string Html(string title, string note, IEnumerable<(string[] Header, string[][] Rows)> tables, IEnumerable<string> images)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var s = new StringBuilder()
            .AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + E(title) + "</title>")
            .AppendLine("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .8em}td+td{text-align:right}</style></head><body>")
            .AppendLine("<h1>" + E(title) + "</h1><p>" + E(note) + "</p>");
        foreach (var (header, rows) in tables)
        {
            s.Append("<table><tr>").Append(string.Concat(header.Select(h => "<th>" + E(h) + "</th>"))).AppendLine("</tr>");
            foreach (var row in rows)
            {
                s.Append("<tr>").Append(string.Concat(row.Select(c => "<td>" + E(c) + "</td>"))).AppendLine("</tr>");
            }

            s.AppendLine("</table>");
        }

        foreach (var image in images)
        {
            s.AppendLine($"<p><img src=\"{E(image)}\" alt=\"{E(image)}\"></p>");
        }

        return s.AppendLine("</body></html>").ToString();
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Si(double value, string unit) => CostFormat.Si(value, unit);
}
