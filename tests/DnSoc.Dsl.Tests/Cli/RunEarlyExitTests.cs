using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>`snnc run` on a network that exits early reports the timesteps it ran, not the most it may (issue 16, defect 10).</summary>
public class RunEarlyExitTests
{
    private const string Dynamic = "mnist-784-128-10-dynamic.snn";

    [Fact]
    public void Text_and_json_report_the_timesteps_run()
    {
        var (_, _, _, pixels) = Idx.ReadImages(File.ReadAllBytes(RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte")), "images");
        var image = pixels.Take(784).ToArray();
        var ran = ExampleNetworks.Infer(Dynamic, image).Timesteps;
        Assert.True(ran < 16, $"the first test image should exit early, ran {ran} of 16");

        using var folder = new TempFolder();
        var sample = folder.File("sample.txt");
        File.WriteAllText(sample, string.Join(" ", image));
        var network = RepoPaths.Combine("examples", Dynamic);

        var text = new StringWriter();
        Assert.Equal(0, SnncApp.Run(new[] { "run", network, "--input", sample }, text, new StringWriter()));
        Assert.Contains($"spikes over {ran} timesteps (early exit; the network runs at most 16)", text.ToString());
        Assert.DoesNotContain("over 16 timesteps", text.ToString());

        var json = new StringWriter();
        Assert.Equal(0, SnncApp.Run(new[] { "run", network, "--input", sample, "--json" }, json, new StringWriter()));
        using var document = JsonDocument.Parse(json.ToString());
        Assert.Equal(ran, document.RootElement.GetProperty("timesteps_run").GetInt32());
        Assert.All(document.RootElement.GetProperty("layers").EnumerateArray(), layer =>
            Assert.Equal(ran, layer.GetProperty("spikes_per_timestep").GetArrayLength()));
    }
}
