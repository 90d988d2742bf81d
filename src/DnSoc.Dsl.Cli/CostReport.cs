using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Cli;

/// <summary>A row of the totals: the figure as printed and, where it is a number, the number and its format (for ratios and differences).</summary>
internal sealed record TotalRow(string Metric, string Value, string Band, double? Number = null, Func<double, string>? Format = null);

/// <summary>One network's estimates: worst case always, expected case when activity was measured.</summary>
internal sealed record CostEntry(NetworkIr Network, NetworkCost Worst, NetworkCost? Expected, double? Accuracy)
{
    /// <summary>The estimate reports lead with: measured activity if there is some, else the worst case.</summary>
    public NetworkCost Main => Expected ?? Worst;
}

/// <summary>Tables, JSON, Markdown, HTML and PNG plots of cost estimates (docs/cost-model.md), for report, compare and compile.</summary>
internal static class CostReport
{
    /// <summary>The rows of the totals, in readable units, each with its error band (<see cref="CostBands"/>).</summary>
    public static IEnumerable<TotalRow> Totals(NetworkCost c)
    {
        var fpga = c.Target != TargetKind.Mcu;
        string B(CostFigure figure) => CostBands.Of(figure, c);
        TotalRow Row(string metric, double value, Func<double, string> format, string band) => new(metric, format(value), band, value, format);
        if (fpga)
        {
            var device = c.Device ?? FpgaDevice.Default;
            yield return Row("LUT", c.Lut, N, B(CostFigure.Lut));
            yield return Row("FF", c.Ff, N, B(CostFigure.Ff));
            yield return Row(device.BramUnit, c.Bram, v => v.ToString("0.#", CultureInfo.InvariantCulture), B(CostFigure.Bram));
            yield return Row("DSP", c.Dsp, N, B(CostFigure.Dsp));
            yield return c.FmaxHz > 0 ? Row("Fmax (est.)", c.FmaxHz, v => Si(v, "Hz"), B(CostFigure.Fmax)) : new TotalRow("Fmax (est.)", "-", B(CostFigure.Fmax));
            yield return new TotalRow("device", device.Part, string.Empty);
        }

        yield return Row("clock", c.ClockHz, v => Si(v, "Hz"), string.Empty);
        yield return Row("cycles/timestep", c.CyclesPerTimestep, N, B(CostFigure.Cycles));
        yield return Row("cycles/inference", c.Cycles, N, B(CostFigure.Cycles));
        yield return Row("latency", c.LatencySeconds, v => Si(v, "s"), B(CostFigure.Latency));
        if (fpga)
        {
            yield return Row("static power", c.StaticWatts, v => Si(v, "W"), "unvalidated: the device datasheet's order of magnitude");
        }

        yield return Row("power", c.PowerWatts, v => Si(v, "W"), B(CostFigure.Power));
        yield return Row("energy/inference", c.EnergyJoules, v => Si(v, "J"), B(CostFigure.Energy));
        yield return Row("SOPs/inference", c.SynapticOps, N, "exact: events x synapses reached");
        yield return Row("energy/SOP", c.EnergyPerSop, v => Si(v, "J"), B(CostFigure.Energy));
        yield return Row("flash", c.FlashBytes, v => N(v) + " B", B(CostFigure.Flash));
        yield return Row("RAM", c.RamBytes, v => N(v) + " B", B(CostFigure.Ram));
        if (!fpga)
        {
            // The break-even of docs/cost-model.md#mcu-target: the same shape as a dense int8 network, one MAC per weight.
            yield return new TotalRow("dense int8 cycles", N(c.DenseMacCycles) + (c.DenseMacCycles < c.Cycles ? " (a dense int8 network of this shape would be cheaper)" : " (more than this spiking network)"), B(CostFigure.Cycles), c.DenseMacCycles, N);
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
        output.WriteLine("memory and resources (" + ResourceReport.Note(e) + "):");
        PrintTable(ResourceReport.Table(e), output);
        output.WriteLine($"per layer ({(e.Expected is null ? "worst case" : "measured activity")}):");
        PrintTable(LayerTable(e), output);
    }

    /// <summary>Per layer; an MCU has no LUT, FF or BRAM, so those columns are left out rather than printed as zeros.</summary>
    private static (string[] Header, string[][] Rows) LayerTable(CostEntry e)
    {
        var fpga = e.Main.Target != TargetKind.Mcu;
        var header = new[] { "layer" }.Concat(fpga ? new[] { "cores", "BRAM", "LUT", "FF" } : System.Array.Empty<string>()).Concat(new[] { "SOPs", "cycles", "weight bytes" }).ToArray();
        var rows = e.Main.Layers.Select(l => new[] { l.Name }
            .Concat(fpga ? new[] { N(l.Cores), l.Bram.ToString("0.#", CultureInfo.InvariantCulture), N(l.Lut), N(l.Ff) } : System.Array.Empty<string>())
            .Concat(new[] { N(l.SynapticOps), N(l.Cycles), N(l.WeightTableBytes) + " B" }).ToArray()).ToArray();
        return (header, rows);
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
        LayerPlot(e, Path.Combine(directory, e.Network.Name + ".layers"));
        var totals = Table(new[] { "metric", "worst case" }.Concat(e.Expected is null ? Array.Empty<string>() : new[] { "expected (measured)" }).Append("band").ToArray(),
            Totals(e.Worst).Select((r, k) => new[] { r.Metric, r.Value }
                .Concat(e.Expected is null ? Array.Empty<string>() : new[] { Totals(e.Expected).ElementAt(k).Value }).Append(r.Band).ToArray()));
        var layers = LayerTable(e);
        var title = $"Cost of {e.Network.Name} ({IrPrinter.Name(e.Network.Target.Kind)}, {e.Network.Timesteps} timesteps)";
        var note = $"Analytical estimates, cost model v{CostConstants.Version} (docs/cost-model.md); per-layer rows: {(e.Expected is null ? "worst case" : "measured activity")}; memory and resources: {ResourceReport.Note(e)}.";
        var resources = ResourceReport.Table(e);
        File.WriteAllText(stem + ".cost.md", Markdown(title, note, new[] { totals, resources, layers }, new[] { png }));
        File.WriteAllText(stem + ".cost.html", Html(title, note, new[] { totals, resources, layers }, new[] { png }));
    }

    /// <summary>compare: compare.json, .md, .html and compare.png in <paramref name="directory"/>.</summary>
    /// <param name="synthesized">The table of <c>compare --synth</c>, when it ran.</param>
    public static void WriteComparison(IReadOnlyList<CostEntry> entries, string directory, (string[] Header, string[][] Rows)? synthesized = null)
    {
        OutputFolder.Create(directory);
        File.WriteAllText(Path.Combine(directory, "compare.json"), System.Text.Json.JsonSerializer.Serialize(entries.Select(ToJson), JsonOptions));
        var figures = ComparisonFigures.Write(entries, directory);
        var title = "Comparison: " + string.Join(" vs ", entries.Select(e => e.Network.Name));
        var note = $"Analytical estimates, cost model v{CostConstants.Version} (docs/cost-model.md); columns use measured activity where given, else the worst case." +
                   (synthesized is null ? string.Empty : " The second table is synthesis (yosys, nextpnr-ice40) beside the estimate, with the ratio of the last network to the first.");
        var tables = new[] { ComparisonTable(entries) }.Concat(synthesized is { } s ? new[] { s } : Array.Empty<(string[], string[][])>()).ToArray();
        var plots = figures.Concat(synthesized is null ? Array.Empty<string>() : new[] { "compare-synth.png" }).ToArray();
        File.WriteAllText(Path.Combine(directory, "compare.md"), Markdown(title, note, tables, plots));
        File.WriteAllText(Path.Combine(directory, "compare.html"), Html(title, note, tables, plots));
    }

    /// <summary>
    /// One column per network, then each network's ratio to the first and, for two networks, their difference (what the
    /// second costs more), then the band: the table that answers "48 or 128 hidden neurons: what does it cost?".
    /// </summary>
    public static (string[] Header, string[][] Rows) ComparisonTable(IReadOnlyList<CostEntry> entries)
    {
        var columns = entries.Select(e => Totals(e.Main).ToList()).ToList();
        var metrics = columns.SelectMany(c => c.Select(r => r.Metric)).Distinct().ToList();
        var first = entries[0].Network.Name;
        var others = Enumerable.Range(1, entries.Count - 1).ToList();
        var difference = entries.Count == 2;
        var rows = new List<string[]>();
        foreach (var metric in metrics)
        {
            var cells = columns.Select(c => c.FirstOrDefault(r => r.Metric == metric)).ToList();
            var baseline = cells[0];
            rows.Add(new[] { metric }
                .Concat(cells.Select(c => c?.Value ?? "-"))
                .Concat(others.Select(k => Ratio(cells[k]?.Number, baseline?.Number)))
                .Concat(difference ? new[] { Difference(cells[1], baseline) } : Array.Empty<string>())
                .Append(cells.FirstOrDefault(c => c is not null)?.Band ?? string.Empty).ToArray());
        }

        string[] Extra(string name, Func<CostEntry, string> value, Func<CostEntry, double?> number, Func<double, string> format) => new[] { name }
            .Concat(entries.Select(value))
            .Concat(others.Select(_ => "-")) // a ratio of accuracies says less than their difference in points
            .Concat(difference ? new[] { number(entries[1]) is { } b && number(entries[0]) is { } a ? Signed(b - a, format) : "-" } : Array.Empty<string>())
            .Append(string.Empty).ToArray();
        rows.Add(Extra("activity", e => e.Expected is null ? "worst case" : "measured", _ => null, N));
        if (entries.Any(e => e.Accuracy is not null))
        {
            rows.Add(Extra("accuracy", e => e.Accuracy is { } a ? a.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "-", e => e.Accuracy, v => v.ToString("0.##", CultureInfo.InvariantCulture) + " points"));
        }

        var header = new[] { "metric" }.Concat(entries.Select(e => e.Network.Name))
            .Concat(others.Select(k => difference ? "ratio" : $"{entries[k].Network.Name} / {first}"))
            .Concat(difference ? new[] { "difference" } : Array.Empty<string>())
            .Append("band").ToArray();
        return (header, rows.ToArray());
    }

    private static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b != 0 ? (v / b).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    private static string Difference(TotalRow? value, TotalRow? baseline) =>
        value?.Number is { } v && baseline?.Number is { } b && value.Format is { } format ? Signed(v - b, format) : "-";

    private static string Signed(double delta, Func<double, string> format) => (delta >= 0 ? "+" : "-") + format(Math.Abs(delta));

    public static void PrintTable((string[] Header, string[][] Rows) table, TextWriter output)
    {
        var all = new[] { table.Header }.Concat(table.Rows).ToList();
        var widths = Enumerable.Range(0, table.Header.Length).Select(k => all.Max(r => r[k].Length)).ToArray();
        foreach (var row in all)
        {
            // Names and bands are text, read from the left; figures line up on the right.
            output.WriteLine(("  " + string.Join("  ", row.Select((cell, k) => k == 0 || TextColumns.Contains(table.Header[k]) ? cell.PadRight(widths[k]) : cell.PadLeft(widths[k])))).TrimEnd());
        }
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

    private static void LayerPlot(CostEntry e, string stem)
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
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Figures.Save(plot, stem, 900, 500);
    }

    private static (string[] Header, string[][] Rows) Table(string[] header, IEnumerable<string[]> rows) => (header, rows.ToArray());

    internal static string Markdown(string title, string note, IEnumerable<(string[] Header, string[][] Rows)> tables, IEnumerable<string> images)
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

    internal static string Html(string title, string note, IEnumerable<(string[] Header, string[][] Rows)> tables, IEnumerable<string> images)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var s = new StringBuilder()
            .AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + E(title) + "</title>")
            .AppendLine("<style>body{font-family:'DejaVu Sans',sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .8em}td+td{text-align:right}td.text{text-align:left}img{max-width:100%}</style></head><body>")
            .AppendLine("<h1>" + E(title) + "</h1><p>" + E(note) + "</p>");
        foreach (var (header, rows) in tables)
        {
            s.Append("<table><tr>").Append(string.Concat(header.Select(h => "<th>" + E(h) + "</th>"))).AppendLine("</tr>");
            foreach (var row in rows)
            {
                s.Append("<tr>").Append(string.Concat(row.Select((c, k) => (TextColumns.Contains(header[k]) ? "<td class=\"text\">" : "<td>") + E(c) + "</td>"))).AppendLine("</tr>");
            }

            s.AppendLine("</table>");
        }

        foreach (var image in images)
        {
            s.AppendLine($"<p><img src=\"{E(image)}\" alt=\"{E(image)}\"></p>");
        }

        return s.AppendLine("</body></html>").ToString();
    }

    // Columns of sentences, read from the left, unlike the figures.
    private static readonly HashSet<string> TextColumns = new() { "band", "where it goes", "policy", "value" };

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Si(double value, string unit) => CostFormat.Si(value, unit);
}
