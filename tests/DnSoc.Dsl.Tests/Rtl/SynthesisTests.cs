using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Rtl;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Rtl;

/// <summary>The generated SoC of a small network synthesizes with yosys for Xilinx 7-series and iCE40, with no latch.</summary>
public sealed class SynthesisTests
{
    private readonly ITestOutputHelper output;

    public SynthesisTests(ITestOutputHelper output) => this.output = output;

    [RtlTheory("yosys")]
    [InlineData("synth_xilinx -family xc7", "RAMB18E1", "RAMB36E1")]
    [InlineData("synth_ice40", "SB_RAM40_4K", "SB_RAM40_4K")]
    public void A_two_core_soc_synthesizes_without_latches(string synth, string blockRam, string largeBlockRam)
    {
        var network = RtlNetworks.DnsocNetwork(7, 8, 16, 2, Layout.Multi, saturating: false, rows: 16, neurons: 16) with { Name = "SynthCheck" };
        var folder = Path.Combine(Path.GetTempPath(), $"dnsoc-synth-{Environment.ProcessId}-{synth.Split(' ')[0]}");
        Directory.CreateDirectory(folder);
        foreach (var f in RtlEmitter.Emit(network))
        {
            File.WriteAllText(Path.Combine(folder, f.Name), f.Text);
        }

        var sources = string.Join(" ", RtlEmitter.SynthesisSources(network.Name));
        // proc first: a latch would show up as a $dlatch cell, which select -assert-none turns into an error.
        var script = $"read_verilog {sources}; hierarchy -check -top SynthCheck_soc; proc; select -assert-none t:$dlatch t:$adlatch t:$dlatchsr; {synth} -top SynthCheck_soc; stat";
        var start = new ProcessStartInfo("yosys", $"-q -p \"{script}\" -l yosys.log")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(600_000), "yosys did not finish in 10 minutes");
        var log = File.ReadAllText(Path.Combine(folder, "yosys.log"));
        Assert.True(process.ExitCode == 0, $"yosys failed ({process.ExitCode}): {stderr.Result}\n{string.Join("\n", log.Split('\n').TakeLast(30))}");
        Assert.DoesNotContain("Latch inferred", log, StringComparison.Ordinal);
        Assert.True(log.Contains(blockRam, StringComparison.Ordinal) || log.Contains(largeBlockRam, StringComparison.Ordinal), "the memories must map to block RAM");
        output.WriteLine(string.Join("\n", log.Split('\n').SkipWhile(l => !l.Contains("=== design hierarchy ===", StringComparison.Ordinal)).Take(60)));
        Directory.Delete(folder, recursive: true);
    }
}
