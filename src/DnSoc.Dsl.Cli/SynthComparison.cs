using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Cli.Commands;
using DnSoc.Dsl.Language.Cost.Fpga;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// <c>snnc compare --synth</c>: each network's estimate and synthesized figures side by side, and the ratio of the last
/// network to the first for both (for the founding study: 784-128-10 over 784-48-10).
/// </summary>
internal static class SynthComparison
{
    public sealed record Column(string Network, SynthFigure[] Figures);

    public static (string[] Header, string[][] Rows) Table(IReadOnlyList<Column> columns)
    {
        var first = columns[0];
        var last = columns[^1];
        var header = new[] { "metric" }
            .Concat(columns.SelectMany(c => new[] { c.Network + " est.", c.Network + " synth" }))
            .Concat(columns.Count > 1 ? new[] { $"ratio est. ({last.Network}/{first.Network})", "ratio synth" } : System.Array.Empty<string>())
            .ToArray();
        var rows = first.Figures.Select((f, k) => new[] { f.Metric }
            .Concat(columns.SelectMany(c => new[] { Number(c.Figures[k].Estimate), c.Figures[k].Measured is { } m ? Number(m) : "-" }))
            .Concat(columns.Count > 1 ? new[] { Ratio(last.Figures[k].Estimate, f.Estimate), Ratio(last.Figures[k].Measured, f.Measured) } : System.Array.Empty<string>())
            .ToArray()).ToArray();
        return (header, rows);
    }

    public static object ToJson(Column column) => new
    {
        column.Network,
        Metrics = column.Figures.ToDictionary(f => f.Metric, f => new { f.Estimate, f.Measured, f.ErrorPercent, f.Band }),
    };

    /// <summary>The last network over the first, per metric: the estimate's ratio beside synthesis's, values on the bars (SVG and PNG).</summary>
    public static void Plot(IReadOnlyList<Column> columns, FpgaDevice device, string stem)
    {
        var first = columns[0].Figures;
        var last = columns[^1].Figures;
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<ScottPlot.Bar>();
        for (var k = 0; k < first.Length; k++)
        {
            var estimate = first[k].Estimate > 0 ? last[k].Estimate / first[k].Estimate : 0;
            var measured = first[k].Measured is { } a && a > 0 && last[k].Measured is { } b ? b / a : 0;
            bars.Add(new ScottPlot.Bar { Position = 3 * k, Value = estimate, FillColor = palette.GetColor(0), Label = estimate.ToString("0.00", CultureInfo.InvariantCulture) });
            bars.Add(new ScottPlot.Bar { Position = (3 * k) + 1, Value = measured, FillColor = palette.GetColor(1), Label = measured > 0 ? measured.ToString("0.00", CultureInfo.InvariantCulture) : "n/a" });
        }

        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "estimate", FillColor = palette.GetColor(0) });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "synthesis", FillColor = palette.GetColor(1) });
        plot.Axes.Bottom.SetTicks(first.Select((_, k) => (3 * k) + 0.5).ToArray(), first.Select(f => f.Metric).ToArray());
        plot.Title($"{columns[^1].Network} / {columns[0].Network} on {device.Part}");
        plot.YLabel("ratio");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Figures.Save(plot, stem, 900, 500);
    }

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
