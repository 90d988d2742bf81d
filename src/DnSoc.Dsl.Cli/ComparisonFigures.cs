using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The figures of <c>snnc compare</c>, each as SVG and PNG: every cost metric side by side with its value on the bar,
/// and, when the accuracies are known, accuracy against energy and against area with the Pareto frontier.
/// </summary>
internal static class ComparisonFigures
{
    private const int Width = 1000;
    private const int Height = 520;

    /// <summary>Writes the figures into <paramref name="directory"/>; returns the PNG names, for the HTML and Markdown pages.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<CostEntry> entries, string directory)
    {
        var written = new List<string> { Save(Metrics(entries), directory, "compare") };
        if (entries.All(e => e.Accuracy is not null))
        {
            written.Add(Save(Scatter(entries, "energy per inference (uJ)", e => e.Main.EnergyJoules * 1e6), directory, "compare-accuracy-energy"));
            var fpga = entries.All(e => e.Main.Target != TargetKind.Mcu);
            written.Add(fpga
                ? Save(Scatter(entries, "area (LUT, estimate)", e => e.Main.Lut), directory, "compare-accuracy-area")
                : Save(Scatter(entries, "flash (KB)", e => e.Main.FlashBytes / 1024.0), directory, "compare-accuracy-flash"));
        }

        return written;
    }

    /// <summary>Grouped bars: per metric, each network's share of the largest of them, labelled with the figure itself.</summary>
    private static ScottPlot.Plot Metrics(IReadOnlyList<CostEntry> entries)
    {
        var columns = entries.Select(e => CostReport.Totals(e.Main).Where(r => r.Number is > 0 && !NotShown.Contains(r.Metric)).ToList()).ToList();
        var metrics = columns[0].Select(r => r.Metric).Where(m => columns.All(c => c.Any(r => r.Metric == m))).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new ScottPlot.Plot();
        var bars = new List<ScottPlot.Bar>();
        for (var m = 0; m < metrics.Count; m++)
        {
            var rows = columns.Select(c => c.First(r => r.Metric == metrics[m])).ToList();
            var largest = rows.Max(r => r.Number!.Value);
            for (var k = 0; k < rows.Count; k++)
            {
                bars.Add(new ScottPlot.Bar
                {
                    Position = (m * (entries.Count + 1)) + k,
                    Value = 100 * rows[k].Number!.Value / largest,
                    FillColor = palette.GetColor(k),
                    Label = rows[k].Value,
                });
            }
        }

        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 10;
        for (var k = 0; k < entries.Count; k++)
        {
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = entries[k].Network.Name, FillColor = palette.GetColor(k) });
        }

        plot.Axes.Bottom.SetTicks(metrics.Select((_, m) => (m * (entries.Count + 1)) + ((entries.Count - 1) / 2.0)).ToArray(), metrics.ToArray());
        plot.Axes.SetLimitsY(0, 118); // room for the labels above the tallest bars
        plot.Title($"Cost per network ({Activity(entries)})");
        plot.YLabel("% of the largest network's figure");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return plot;
    }

    /// <summary>Accuracy against one cost, a point per network, with the Pareto frontier (no other network is both cheaper and more accurate).</summary>
    private static ScottPlot.Plot Scatter(IReadOnlyList<CostEntry> entries, string costLabel, Func<CostEntry, double> cost)
    {
        var plot = new ScottPlot.Plot();
        var points = entries.Select(e => (Name: e.Network.Name, X: cost(e), Y: e.Accuracy!.Value)).ToList();
        var frontier = Frontier(points.Select(p => (p.X, p.Y)).ToList());
        var line = plot.Add.Scatter(frontier.Select(p => p.X).ToArray(), frontier.Select(p => p.Y).ToArray());
        line.LegendText = "Pareto frontier";
        line.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        var dots = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        dots.LineWidth = 0;
        dots.MarkerSize = 9;
        dots.LegendText = "network";
        foreach (var p in points)
        {
            var text = plot.Add.Text(p.Name, p.X, p.Y);
            text.LabelFontSize = 11;
            text.OffsetY = -6;
        }

        plot.Axes.Margins(0.3, 0.2); // room for the names right of the points
        plot.Title($"Accuracy against {costLabel.Split(" (")[0]} ({Activity(entries)})");
        plot.XLabel(costLabel);
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return plot;
    }

    /// <summary>The points no other point dominates, by rising cost; each is more accurate than every cheaper one.</summary>
    public static IReadOnlyList<(double X, double Y)> Frontier(IReadOnlyList<(double X, double Y)> points)
    {
        var frontier = new List<(double X, double Y)>();
        foreach (var p in points.OrderBy(p => p.X).ThenByDescending(p => p.Y))
        {
            if (frontier.Count == 0 || p.Y > frontier[^1].Y)
            {
                frontier.Add(p);
            }
        }

        return frontier;
    }

    // Settings and figures that follow from the others (latency is cycles over the clock; energy per SOP is a quotient).
    private static readonly HashSet<string> NotShown = new() { "device", "clock", "Fmax (est.)", "DSP", "cycles/timestep", "cycles/inference", "static power", "energy/SOP", "dense int8 cycles" };

    private static string Activity(IReadOnlyList<CostEntry> entries) => entries.All(e => e.Expected is not null) ? "measured activity" : "worst case";

    private static string Save(ScottPlot.Plot plot, string directory, string name)
    {
        Figures.Save(plot, Path.Combine(directory, name), Width, Height);
        return name + ".png";
    }
}
