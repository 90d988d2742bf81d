namespace DnSoc.Dsl.Cli;

/// <summary>Figures as a paper needs them: SVG for the text, PNG for slides and the HTML reports, one sans-serif family.</summary>
internal static class Figures
{
    /// <summary>Shipped by Debian's fonts-dejavu-core, which the CI installs; ScottPlot falls back to its default elsewhere.</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Writes <paramref name="stem"/>.svg and <paramref name="stem"/>.png; returns their paths.</summary>
    public static string[] Save(ScottPlot.Plot plot, string stem, int width, int height)
    {
        // Font.Set reaches titles and axes only; value labels, text labels and the legend each keep their own font.
        plot.Font.Set(FontFamily);
        plot.Legend.FontName = FontFamily;
        foreach (var bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
        {
            bars.ValueLabelStyle.FontName = FontFamily;
        }

        foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>())
        {
            text.LabelStyle.FontName = FontFamily;
        }

        plot.SaveSvg(stem + ".svg", width, height);
        plot.SavePng(stem + ".png", width, height);
        return new[] { stem + ".svg", stem + ".png" };
    }
}
