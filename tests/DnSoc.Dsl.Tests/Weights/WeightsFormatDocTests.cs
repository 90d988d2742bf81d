using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

/// <summary>Keeps docs/weights-format.md honest: its example must parse and its rounding table must hold.</summary>
public class WeightsFormatDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(WeightsTestSupport.RepositoryRoot(), "docs", "weights-format.md"));

    [Fact]
    public void The_complete_example_parses_without_diagnostics()
    {
        var examples = Regex.Matches(Doc, "```snn-weights\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();
        var (document, diagnostics) = WeightsTestSupport.Parse(Assert.Single(examples));

        Assert.Empty(diagnostics);
        Assert.Equal(new[] { "hidden", "out", "out.packed" }, document.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 12.0, -3, 0, 5, 100, -128, -7, 1, 2, 0, 0, 64 }, document.Find("hidden")!.Values);
        Assert.Equal(new long[] { 2, -1, 4, 3, -5, 0 }, Quantized(document.Find("out")!));
        Assert.Equal(new long[] { 4, -2, 8, 2 }, Quantized(document.Find("out.packed")!));

        static long[] Quantized(WeightsTensor t) => t.Values.Select(v => WeightQuantizer.Quantize(v, t.Scale)).ToArray();
    }

    [Fact]
    public void The_rounding_table_matches_the_quantizer()
    {
        var rows = Regex.Matches(Doc, @"^\| (-?[0-9.]+) +\| ([0-9.]+) +\| (-?[0-9.]+) +\| (-?[0-9]+) +\|$", RegexOptions.Multiline);

        Assert.True(rows.Count >= 8);
        foreach (Match row in rows)
        {
            double Number(int group) => double.Parse(row.Groups[group].Value, CultureInfo.InvariantCulture);

            Assert.Equal(Number(3), Number(1) / Number(2));
            Assert.Equal((long)Number(4), WeightQuantizer.Quantize(Number(1), Number(2)));
        }
    }
}
