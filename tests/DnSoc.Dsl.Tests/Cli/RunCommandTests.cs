using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary><c>snnc run</c> on IDX files (<c>--index</c>), on binary files it cannot read, and <c>--plot</c>.</summary>
public class RunCommandTests
{
    private const string Network = "mnist-784-48-10.snn";
    private static readonly string Images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
    private static readonly string Labels = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");

    [Theory]
    [InlineData(null, 0)]
    [InlineData("3", 3)]
    [InlineData("499", 499)]
    public void An_idx_images_file_runs_the_image_index_picks(string? index, int image)
    {
        var (_, _, _, pixels) = Idx.ReadImages(File.ReadAllBytes(Images), "images");
        var expected = ExampleNetworks.Infer(Network, pixels.Skip(image * 784).Take(784).ToArray());

        var (exit, output, error) = Run(new[] { "--input", Images, "--json" }.Concat(index is null ? new string[0] : new[] { "--index", index }).ToArray());

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(expected.PredictedClass, json.RootElement.GetProperty("predicted_class").GetInt32());
        Assert.Equal(expected.OutputSpikeCounts.ToArray(), json.RootElement.GetProperty("output_spike_counts").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void An_index_outside_the_file_is_one_clear_line()
    {
        var (exit, _, error) = Run("--input", Images, "--index", "500");

        Assert.Equal(1, exit);
        Assert.Equal($"error: {Images}: there is no image 500: the file holds 500 images; give --index 0 to 499\n", error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Index_on_a_file_that_is_not_idx_says_so()
    {
        using var folder = new TempFolder();
        var text = folder.File("sample.txt");
        File.WriteAllText(text, string.Join(" ", Enumerable.Repeat(0, 784)));

        var (exit, _, error) = Run("--input", text, "--index", "1");

        Assert.Equal(1, exit);
        Assert.Contains("--index picks an image of an IDX images file, and this is not one", error);
    }

    [Fact]
    public void A_labels_file_is_refused_by_its_magic_number()
    {
        var (exit, _, error) = Run("--input", Labels);

        Assert.Equal(1, exit);
        Assert.Contains("magic number 0x00000801, expected 0x00000803 (IDX image file)", error);
    }

    [Fact]
    public void A_binary_file_is_summarised_never_echoed()
    {
        using var folder = new TempFolder();
        var binary = folder.File("weights.bin");
        File.WriteAllBytes(binary, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256)).ToArray());

        var (exit, _, error) = Run("--input", binary);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("a binary file (it starts with bytes 00 ef de cd bc ab 9a 89), neither an 8-bit PGM image (P2 or P5) nor a text file of values 0..255", line);
        Assert.DoesNotMatch(@"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\uffff]", error); // printable ASCII only: nothing for the terminal to interpret
    }

    [Fact]
    public void Plot_writes_the_raster_and_membrane_figures_and_the_raster_holds_every_spike_reported()
    {
        using var folder = new TempFolder();
        var (exit, output, error) = Run("--input", Images, "--index", "3", "--plot", Path.Combine(folder.Path, "figures", "digit.png"), "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        var spikes = layers.Sum(l => l.GetProperty("spikes").GetInt32());
        Assert.True(spikes > 0);
        var stem = Path.Combine(folder.Path, "figures", "digit");
        var expected = new[] { "raster", "membranes-hidden", "membranes-out" }.SelectMany(f => new[] { $"{stem}.{f}.svg", $"{stem}.{f}.png" });
        Assert.Equal(expected, json.RootElement.GetProperty("plots").EnumerateArray().Select(p => p.GetString()));
        foreach (var file in expected)
        {
            var bytes = File.ReadAllBytes(file);
            if (file.EndsWith(".png", System.StringComparison.Ordinal))
            {
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, bytes.Take(8));
            }
            else
            {
                Assert.StartsWith("<?xml", File.ReadAllText(file));
                Assert.Contains("<svg", File.ReadAllText(file));
            }
        }

        // One 4 x 4 square per spike, plus one legend marker per layer.
        var markers = Regex.Matches(File.ReadAllText(stem + ".raster.svg"), "<rect fill=\"#[0-9A-F]{6}\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"4\" height=\"4\"/>").Count;
        Assert.Equal(spikes + layers.Count, markers);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(new[] { "run", RepoPaths.Combine("examples", Network) }.Concat(args).ToArray(), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
