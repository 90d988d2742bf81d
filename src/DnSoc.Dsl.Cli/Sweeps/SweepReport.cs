using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>
/// <c>snnc sweep --report DIR</c>: sweep.html and sweep.md with accuracy against LUT, BRAM, energy and latency (a series
/// per target and device, its Pareto frontier drawn), the table, and a methods section generated from the spec.
/// </summary>
internal static class SweepReport
{
    private static readonly (string Name, string Label, Func<SweepRow, double?> Of)[] Costs =
    {
        ("lut", "LUT (estimate)", r => r.Lut),
        ("bram", "BRAM (estimate, the device's block RAM unit)", r => r.Bram),
        ("energy", "energy per inference (uJ, at the measured activity)", r => r.EnergyJoules * 1e6),
        ("latency", "latency per inference (us)", r => r.LatencySeconds * 1e6),
    };

    /// <summary>Writes the report into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(SweepSpec spec, IReadOnlyList<SweepRow> rows, string directory)
    {
        OutputFolder.Create(directory);
        var figures = Costs.Where(c => rows.Any(r => c.Of(r) is not null)).Select(c => Figure(rows, c.Name, c.Label, c.Of, directory)).ToList();
        var title = $"Sweep {Path.GetFileNameWithoutExtension(spec.Path)}: {rows.Count} points of {Path.GetFileName(spec.Network)}";
        var tables = new[] { Table(rows), Methods(spec, rows) };
        var note = $"Accuracy is the fixed-point network's (generated code) on {rows[0].TestImages} test images of {spec.Dataset}; " +
                   $"costs are the analytical estimates of cost model v{CostConstants.Version} (docs/cost-model.md) at the measured activity, " +
                   "with the error bands of its validation (second table). Lines in the figures are the Pareto frontiers: no point of the same target and device is both cheaper and more accurate.";
        File.WriteAllText(Path.Combine(directory, "sweep.md"), CostReport.Markdown(title, note, tables, figures));
        File.WriteAllText(Path.Combine(directory, "sweep.html"), CostReport.Html(title, note, tables, figures));
        return new[] { "sweep.md", "sweep.html" }.Concat(figures.SelectMany(f => new[] { f, Path.ChangeExtension(f, ".svg") })).Select(f => Path.Combine(directory, f)).ToList();
    }

    /// <summary>The points of the frontier in one series: those no cheaper point of the series beats in accuracy.</summary>
    public static IReadOnlyList<SweepRow> Frontier(IReadOnlyList<SweepRow> rows, Func<SweepRow, double?> cost)
    {
        var front = ComparisonFigures.Frontier(rows.Where(r => cost(r) is not null).Select(r => (cost(r)!.Value, r.AccuracyPercent)).ToList());
        return rows.Where(r => cost(r) is { } x && front.Contains((x, r.AccuracyPercent))).ToList();
    }

    private static string Figure(IReadOnlyList<SweepRow> rows, string name, string label, Func<SweepRow, double?> cost, string directory)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var series = rows.Where(r => cost(r) is not null).GroupBy(r => $"{r.Target} {r.Device}".Replace(" -", string.Empty)).ToList();
        for (var k = 0; k < series.Count; k++)
        {
            var points = series[k].ToList();
            var dots = plot.Add.ScatterPoints(points.Select(r => cost(r)!.Value).ToArray(), points.Select(r => r.AccuracyPercent).ToArray(), palette.GetColor(k));
            dots.MarkerSize = 8;
            dots.LegendText = series[k].Key;
            var front = Frontier(points, cost).OrderBy(r => cost(r)).ToList();
            var line = plot.Add.Scatter(front.Select(r => cost(r)!.Value).ToArray(), front.Select(r => r.AccuracyPercent).ToArray(), palette.GetColor(k));
            line.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
            line.MarkerSize = 12;
            line.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
            line.LegendText = $"{series[k].Key}: Pareto frontier";
            foreach (var r in points)
            {
                var text = plot.Add.Text(Short(r), cost(r)!.Value, r.AccuracyPercent);
                text.LabelFontSize = 10;
                text.OffsetX = 8; // right of the marker, not on it
                text.OffsetY = -6;
            }
        }

        plot.Axes.Margins(0.15, 0.2);
        plot.Title($"Accuracy against {label.Split(" (")[0]} ({rows.Count} points)");
        plot.XLabel(label);
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Figures.Save(plot, Path.Combine(directory, "sweep-accuracy-" + name), 1000, 560);
        return $"sweep-accuracy-{name}.png";
    }

    /// <summary>A point's label in the figures: its hidden sizes, and what else varies among the points.</summary>
    private static string Short(SweepRow r) => $"{r.Hidden} w{r.WeightBits} T{r.Timesteps}";

    private static (string[] Header, string[][] Rows) Table(IReadOnlyList<SweepRow> rows)
    {
        string N(double? v) => v is { } x ? x.ToString("#,0.#", CultureInfo.InvariantCulture) : "-";
        var header = new[] { "point", "hidden", "weight bits", "membrane bits", "T", "target", "device", "policy", "accuracy", "LUT", "BRAM", "energy/inference", "latency", "flash", "RAM" };
        return (header, rows.Select(r => new[]
        {
            r.Point.ToString(CultureInfo.InvariantCulture), r.Hidden, r.WeightBits, r.MembraneBits, r.Timesteps.ToString(CultureInfo.InvariantCulture), r.Target, r.Device, r.Policy,
            r.AccuracyPercent.ToString("0.00", CultureInfo.InvariantCulture) + " %", N(r.Lut), N(r.Bram), CostFormat.Si(r.EnergyJoules, "J"), CostFormat.Si(r.LatencySeconds, "s"),
            N(r.FlashBytes) + " B", N(r.RamBytes) + " B",
        }).ToArray());
    }

    /// <summary>The methods section: what was trained on what, how, and how far the cost figures can be trusted.</summary>
    private static (string[] Header, string[][] Rows) Methods(SweepSpec spec, IReadOnlyList<SweepRow> rows)
    {
        var t = spec.Training;
        var first = rows[0];
        var methods = new List<string[]>
        {
            new[] { "base network", spec.Network },
            new[] { "data set", spec.Files is null ? spec.Dataset : $"{spec.Dataset} ({spec.Files.TrainImages}, {spec.Files.TestImages})" },
            new[] { "training", $"{t.Epochs} epochs, seed {t.Seed}, batch {t.BatchSize}, Adam at {t.LearningRate.ToString(CultureInfo.InvariantCulture)} with cosine decay, " +
                $"{(t.Limit is { } l ? $"the first {l} training images" : "all training images")} less the last {t.Validation} held out to pick the kept epoch (docs/training.md)" +
                (t.TandemEpochs > 0 ? $"; then {t.TandemEpochs} epochs of tandem training at {t.TandemLearningRate.ToString(CultureInfo.InvariantCulture)} (docs/training.md#tandem)" : string.Empty) },
            new[] { "evaluation", $"{first.TestImages} test images, fixed point, generated code checked against the reference model on the first 20" },
            new[] { "cost model", $"v{first.CostModelVersion} (docs/cost-model.md), at the measured activity" },
        };
        methods.AddRange(new (string Name, string? Band)[]
        {
            ("LUT band", first.LutBand), ("FF band", first.FfBand), ("BRAM band", first.BramBand), ("Fmax band", first.FmaxBand),
            ("latency band", first.LatencyBand), ("energy band", first.EnergyBand), ("flash band", first.FlashBand), ("RAM band", first.RamBand),
        }.Where(b => b.Band is not null).Select(b => new[] { b.Name, b.Band! }));
        return (new[] { "method", "value" }, methods.ToArray());
    }
}
