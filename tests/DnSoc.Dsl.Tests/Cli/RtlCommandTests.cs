using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary><c>snnc rtl</c>, and <c>snnc vectors</c> on a network that overflows the scheduler FIFO.</summary>
public sealed class RtlCommandTests
{
    [Fact]
    public void Rtl_writes_the_soc_testbench_library_and_memory_images_deterministically()
    {
        var example = RepoPaths.Combine("examples", "tinyodin-mnist.snn");
        var first = Folder("rtl-a");
        var second = Folder("rtl-b");
        var (exit, output, error) = Run("rtl", example, "-o", first);
        Assert.True(exit == 0, error);
        Assert.Contains("TinyOdinMnist_soc.v, TinyOdinMnist_tb.v, 2 memory images", output);
        Assert.Equal(0, Run("rtl", example, "-o", second).Exit);
        var names = Directory.GetFiles(first).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Contains("dnsoc_core.v", names);
        Assert.Contains("dnsoc_driver.v", names);
        Assert.Contains("TinyOdinMnist.core0.neurons0.hex", names);
        foreach (var name in names)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name!)), File.ReadAllBytes(Path.Combine(second, name!)));
        }

        var top = File.ReadAllText(Path.Combine(first, "TinyOdinMnist_soc.v"));
        Assert.Contains(".ROWS(256), .NEURONS(256), .WEIGHT_BITS(4), .MEMBRANE_BITS(12)", top);
        Assert.Contains(".BOOT_OPEN_LOOP(0), .BOOT_AER_SOURCE(0), .BOOT_MAX_NEURON(255)", top);
    }

    [Fact]
    public void Rtl_refuses_lanes_the_banked_memories_cannot_split_with_one_line()
    {
        var folder = Folder("rtl-lanes");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "lanes.snn");
        File.WriteAllText(Path.Combine(folder, "w.txt"), "snn-weights 1\ntensor o i8 [2, 2] text\n  1 2\n  3 4\n");
        File.WriteAllText(file, "network Lanes {\n  target dnsoc(rows: 8, neurons: 6, lanes: 3);\n  timesteps 2;\n  input x[2] encode rate(seed: 1);\n  neuron lif N { threshold: 3; }\n  layer o: N[2] from x weights \"w.txt#o\";\n  readout o count;\n}\n");
        var (exit, _, error) = Run("rtl", file, "-o", Path.Combine(folder, "out"));
        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("network 'Lanes': core 0 has 3 lanes and 3 neurons; the RTL needs lanes that are a power of two", error);
    }

    [Fact]
    public void Vectors_reports_a_scheduler_overflow_as_one_error_line_naming_core_timestep_and_event()
    {
        var folder = Folder("overflow");
        Directory.CreateDirectory(folder);
        var hidden = string.Join(" ", Enumerable.Repeat("7", 128));
        var output = string.Concat(Enumerable.Repeat("  1\n", 128));
        File.WriteAllText(Path.Combine(folder, "w.txt"), $"snn-weights 1\ntensor h i8 [1, 128] text\n  {hidden}\ntensor o i8 [128, 1] text\n{output}");
        var file = Path.Combine(folder, "wide.snn");
        File.WriteAllText(file, "network Wide {\n  target tinyodin;\n  timesteps 1;\n  input x[1] encode direct(threshold: 1);\n  neuron lif N { threshold: 1; }\n  layer h: N[128] from x weights \"w.txt#h\";\n  layer o: N[1] from h weights \"w.txt#o\" { core: 0; }\n  readout o count;\n}\n");
        var input = Path.Combine(folder, "input.txt");
        File.WriteAllText(input, "255\n");

        var (checkExit, checkOutput, _) = Run("check", file);
        Assert.Equal(0, checkExit);
        Assert.Contains("warning SNN0330", checkOutput);

        var (exit, _, error) = Run("vectors", file, "--input", input, "-o", Path.Combine(folder, "out"));
        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("network 'Wide': scheduler FIFO overflow on core 0 at timestep 0: while serving a spike from row 0, neuron 128 fired", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static string Folder(string name) => Path.Combine(Path.GetTempPath(), $"snnc-{name}-{Guid.NewGuid():N}");

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
