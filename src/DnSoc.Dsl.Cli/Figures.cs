namespace DnSoc.Dsl.Cli;

/// <summary>Figures as a paper needs them: SVG for the text, PNG for slides and the HTML reports, one sans-serif family.</summary>
internal static class Figures
{
    /// <summary>Shipped by Debian's fonts-dejavu-core, which the CI installs; ScottPlot falls back to its default elsewhere.</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Writes <paramref name="stem"/>.svg and <paramref name="stem"/>.png; returns their paths.</summary>
    public static string[] Save(ScottPlot.Plot plot, string stem, int width, int height)
    {
        plot.Font.Set(FontFamily);
        plot.SaveSvg(stem + ".svg", width, height);
        plot.SavePng(stem + ".png", width, height);
        return new[] { stem + ".svg", stem + ".png" };
    }
}
