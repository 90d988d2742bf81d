using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Commands;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>snnc report, compare and the cost line of compile, on the bundled examples.</summary>
public class CostCommandTests
{
    private static readonly string Example48 = RepoPaths.Combine("examples", "mnist-784-48-10.snn");
    private static readonly string Example128 = RepoPaths.Combine("examples", "mnist-784-128-10.snn");
    private static readonly string Images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");

    [Fact]
    public void Report_prints_worst_and_measured_case_and_the_measured_case_is_cheaper()
    {
        var (exit, output, _) = Run("report", Example48, "--images", Images, "--count", "20", "--json");
        Assert.Equal(0, exit);
        var network = JsonDocument.Parse(output).RootElement.GetProperty("networks")[0];
        var worst = network.GetProperty("worst_case");
        var expected = network.GetProperty("expected");
        Assert.Equal(13.5, worst.GetProperty("bram").GetDouble());
        Assert.Equal("RAMB36", worst.GetProperty("bram_unit").GetString());
        Assert.True(expected.GetProperty("cycles_per_inference").GetDouble() < worst.GetProperty("cycles_per_inference").GetDouble());
        Assert.Equal(2, worst.GetProperty("layers").GetArrayLength());

        var (textExit, text, _) = Run("report", Example48);
        Assert.Equal(0, textExit);
        Assert.Contains("worst case", text);
        Assert.Contains("RAMB36", text);
        Assert.Contains("hidden", text);
    }

    [Fact]
    public void Report_and_compare_write_json_markdown_html_and_png()
    {
        var folder = Path.Combine(Path.GetTempPath(), "snnc-cost-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Run("report", Example48, "-o", folder).Exit);
            foreach (var suffix in new[] { ".cost.json", ".cost.md", ".cost.html", ".layers.png" })
            {
                Assert.True(new FileInfo(Path.Combine(folder, "Mnist784x48x10" + suffix)).Length > 100, suffix);
            }

            Assert.Contains("<img src=\"Mnist784x48x10.layers.png\"", File.ReadAllText(Path.Combine(folder, "Mnist784x48x10.cost.html")));

            var (exit, output, _) = Run("compare", Example48, Example128, "--accuracy", "98.15,98.54", "-o", folder);
            Assert.Equal(0, exit);
            Assert.Contains("Mnist784x128x10", output);
            Assert.Contains("98.54 %", output);
            foreach (var name in new[] { "compare.json", "compare.md", "compare.html", "compare.png", "compare.svg", "compare-accuracy-energy.svg", "compare-accuracy-energy.png", "compare-accuracy-area.svg", "compare-accuracy-area.png" })
            {
                Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 100, name);
            }

            Assert.Contains("<img src=\"compare-accuracy-energy.png\"", File.ReadAllText(Path.Combine(folder, "compare.html")));

            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(folder, "compare.png")).Take(4));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Compare_measures_the_accuracy_eval_measures_and_prints_ratio_and_difference()
    {
        var images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
        var labels = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");
        var (exit, json, error) = Run("compare", Example48, Example128, "--images", images, "--labels", labels, "--json");
        Assert.True(exit == 0, error);
        var networks = JsonDocument.Parse(json).RootElement.GetProperty("networks");
        for (var k = 0; k < 2; k++)
        {
            var (evalExit, evalJson, _) = Run("eval", k == 0 ? Example48 : Example128, "--images", images, "--labels", labels, "--json");
            Assert.Equal(0, evalExit);
            Assert.Equal(JsonDocument.Parse(evalJson).RootElement.GetProperty("accuracy").GetDouble(), networks[k].GetProperty("accuracy_percent").GetDouble());
        }

        var (_, text, _) = Run("compare", Example48, Example128, "--images", images, "--labels", labels, "--count", "20");
        var header = text.Split('\n').First(l => l.TrimStart().StartsWith("metric", StringComparison.Ordinal));
        Assert.Contains("ratio", header);
        Assert.Contains("difference", header);
        var bram = text.Split('\n').First(l => l.TrimStart().StartsWith("RAMB36", StringComparison.Ordinal));
        Assert.Contains("2.11x", bram); // 28.5 / 13.5
        Assert.Contains("+15", bram);
        Assert.Contains(text.Split('\n'), l => l.TrimStart().StartsWith("accuracy", StringComparison.Ordinal) && l.Contains("points"));
    }

    [Fact]
    public void Report_shows_each_resource_beside_its_budget_and_the_device_and_splits_flash_and_ram()
    {
        var (exit, text, _) = Run("report", Example48);
        Assert.Equal(0, exit);
        var lines = text.Split('\n');
        var bram = lines.First(l => l.TrimStart().StartsWith("RAMB36", StringComparison.Ordinal) && l.Contains("<="));
        Assert.Contains("13.5", bram);
        Assert.Contains("<= 14 (ok)", bram); // the example's budget { bram <= 14; }
        Assert.Contains("27 % of 50 on Artix-7 XC7A35T", bram);
        var flash = Regex.Match(lines.First(l => l.TrimStart().StartsWith("flash", StringComparison.Ordinal) && l.Contains("weights")),
            @"([0-9,]+) B .*weights ([0-9,]+) B \+ other tables ([0-9,]+) B \+ code ~([0-9,]+) B \(estimated\)");
        Assert.True(flash.Success);
        Assert.Equal(41_104, Number(flash, 1)); // the generated class's flash, as the flash row of the totals
        Assert.Equal(Number(flash, 1), Number(flash, 2) + Number(flash, 3) + Number(flash, 4));
        var ram = Regex.Match(lines.First(l => l.TrimStart().StartsWith("RAM", StringComparison.Ordinal) && l.Contains("membranes")),
            @"([0-9,]+) B .*membranes ([0-9,]+) B \+ events ([0-9,]+) B \+ counters and buffers ([0-9,]+) B");
        Assert.True(ram.Success);
        Assert.Equal(3_416, Number(ram, 1));
        Assert.Equal(Number(ram, 1), Number(ram, 2) + Number(ram, 3) + Number(ram, 4));

        var (_, mcu, _) = Run("report", RepoPaths.Combine("tests", "corpus", "valid", "mcu-per-step.snn"));
        var layerHeader = mcu.Split('\n').SkipWhile(l => !l.StartsWith("per layer", StringComparison.Ordinal)).ElementAt(1);
        Assert.DoesNotContain("LUT", layerHeader); // an MCU target has none: no column of zeros
        var part = mcu.Split('\n').First(l => l.TrimStart().StartsWith("on STM32L053R8", StringComparison.Ordinal)); // the file's core is a Cortex-M0+
        Assert.Contains("of 64 KB flash and 8 KB RAM (ST datasheet STM32L053x6/x8)", part);
    }

    [Fact]
    public void The_synthesis_comparison_figure_is_svg_and_png_in_the_figures_font()
    {
        var stem = Path.Combine(Path.GetTempPath(), $"snnc-compare-synth-{Guid.NewGuid():N}");
        try
        {
            SynthComparison.Column Column(string name, double lut) => new(name, new[] { new SynthFigure("LUT", lut, lut * 1.05, "+-11 %") });
            SynthComparison.Plot(new[] { Column("A", 1605), Column("B", 1921) }, FpgaDevice.Xc7, stem);
            Assert.Contains(Figures.FontFamily, File.ReadAllText(stem + ".svg"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(stem + ".png").Take(4));
        }
        finally
        {
            File.Delete(stem + ".svg");
            File.Delete(stem + ".png");
        }
    }

    [Fact]
    public void The_pareto_frontier_keeps_the_networks_no_cheaper_one_beats()
    {
        var frontier = ComparisonFigures.Frontier(new[] { (1843.0, 98.4), (1567.0, 98.8), (1233.0, 98.6), (1600.0, 98.7), (1233.0, 98.1) });
        Assert.Equal(new[] { (1233.0, 98.6), (1567.0, 98.8) }, frontier);
    }

    [Fact]
    public void Check_prints_budget_warnings_and_still_succeeds()
    {
        var (exit, output, error) = Run("check", RepoPaths.Combine("tests", "corpus", "valid", "budget-exceeded.snn"));
        Assert.Equal(0, exit);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains(": warning SNN0501: the worst-case")));
        Assert.Contains("0 error(s), 4 warning(s)", error);
    }

    [Fact]
    public void Compare_rejects_an_accuracy_list_of_the_wrong_length()
    {
        var (exit, _, error) = Run("compare", Example48, Example128, "--accuracy", "98");
        Assert.Equal(1, exit);
        Assert.Contains("--accuracy needs 2", error);
    }

    [Fact]
    public void Compare_refuses_labels_without_images_and_labels_beside_given_accuracies()
    {
        var labels = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");
        var images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
        var (exit, _, error) = Run("compare", Example48, Example128, "--labels", labels);
        Assert.Equal(1, exit);
        Assert.Contains("--labels goes with --images", error);

        var (bothExit, _, bothError) = Run("compare", Example48, Example128, "--images", images, "--labels", labels, "--accuracy", "98,98");
        Assert.Equal(1, bothExit);
        Assert.Contains("--accuracy gives accuracies, --labels measures them", bothError);

        var (countExit, _, countError) = Run("report", Example48, "--images", images, "--count", "0");
        Assert.Equal(1, countExit);
        Assert.Contains("--count is 0; run at least 1 image", countError);
    }

    [Fact]
    public void Compile_prints_the_cost_summary_of_every_network()
    {
        var (exit, output, _) = Run("compile", Example48, Example128);
        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("cost, worst case") && l.Contains("RAMB36") && l.Contains("latency")));
        var (_, json, _) = Run("compile", "--json", Example48);
        Assert.Equal(13.5, JsonDocument.Parse(json).RootElement.GetProperty("networks")[0].GetProperty("cost").GetProperty("worst_case").GetProperty("bram").GetDouble());
    }

    private static long Number(Match match, int group) => long.Parse(match.Groups[group].Value.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
