using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Rtl;

namespace DnSoc.Dsl.Synthesis;

/// <summary>One device's place-and-route: the Fmax nextpnr reports, or why there is none.</summary>
public sealed record TimingResult(string Device, double? FmaxMHz, string? Problem, string Command);

/// <summary>One core synthesized for one family: its cells, the timing of each device routed, and the exact commands.</summary>
public sealed record CoreSynthesisResult(CoreShape Core, FpgaFamily Family, FpgaArea Area, IReadOnlyList<TimingResult> Timing, string Command, double Seconds);

/// <summary>
/// Synthesizes one dnsoc_core instance (hardware/rtl) with yosys for a family and, for iCE40 devices, places and routes
/// it with nextpnr-ice40 (fixed seed) for its Fmax. Each core is synthesized on its own, as the top level: a SoC's
/// area is the sum over its cores and its Fmax the slowest core's (the top level only wires cores to pins).
/// </summary>
public static class CoreSynthesis
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    public static string SynthCommand(FpgaFamily family) => family switch
    {
        // synth_xilinx keeps the hierarchy by default (as Vivado does): flattened, ABC's LUT count jumped by up to 35 %
        // between neighbouring membrane widths. The flatten after mapping only joins the netlists for stat.
        FpgaFamily.Xilinx7 => "synth_xilinx -family xc7 -top dnsoc_core; flatten",
        FpgaFamily.Ice40 => "synth_ice40 -top dnsoc_core -json core.json",
        // -nowidelut: with PFU muxes, the LUT4 count of neighbouring grid rows swung by up to 45 % (wide functions built
        // from PFUMX/L6MUX trees that ABC redid differently each time); without them, the fit's error fell from 17 % to
        // single digits (docs/cost-model.md#calibration).
        _ => "synth_ecp5 -top dnsoc_core -nowidelut",
    };

    /// <param name="folder">A work folder of the caller's; the run writes the RTL, yosys's and nextpnr's files there.</param>
    /// <param name="timing">The iCE40 devices to place and route (ignored for other families).</param>
    public static CoreSynthesisResult Run(CoreShape core, FpgaFamily family, IReadOnlyList<FpgaDevice> timing, string folder)
    {
        var started = DateTime.UtcNow;
        Directory.CreateDirectory(folder);
        foreach (var file in RtlEmitter.LibraryFiles())
        {
            File.WriteAllText(Path.Combine(folder, file.Name), file.Text);
        }

        var parameters = string.Join(" ", Parameters(core).Select(p => $"-chparam {p.Name} {p.Value}"));
        var script = $"read_verilog {string.Join(" ", RtlEmitter.CoreSources)}; hierarchy -check -top dnsoc_core {parameters}; " +
                     $"{SynthCommand(family)}; tee -q -o stat.json stat -json";
        var command = $"yosys -q -p \"{script}\"";
        var (exit, output) = SynthTools.Run("yosys", $"-q -l yosys.log -p \"{script}\"", folder, Limit);
        if (exit != 0)
        {
            throw new SynthToolException($"yosys failed on {core.Parameters} ({exit}): {LastLines(output, 5)}");
        }

        var area = CellCounts.Parse(File.ReadAllText(Path.Combine(folder, "stat.json")), family);
        var routed = family == FpgaFamily.Ice40 ? timing.Where(d => d.Family == FpgaFamily.Ice40).Select(d => Route(d, area, folder)).ToArray() : Array.Empty<TimingResult>();
        return new CoreSynthesisResult(core, family, area, routed, command, (DateTime.UtcNow - started).TotalSeconds);
    }

    /// <summary>The core's synthesis parameters, as dnsoc_core.v names them.</summary>
    public static IEnumerable<(string Name, int Value)> Parameters(CoreShape core) => new[]
    {
        ("ROWS", core.Rows), ("NEURONS", core.Neurons), ("WEIGHT_BITS", core.WeightBits), ("MEMBRANE_BITS", core.MembraneBits),
        ("LEAK_KIND", core.Leak), ("RESET_KIND", core.Reset), ("LANES", core.Lanes), ("FIFO_DEPTH", core.FifoDepth),
    };

    private static TimingResult Route(FpgaDevice device, FpgaArea area, string folder)
    {
        var chip = device == FpgaDevice.Ice40Up5k ? "--up5k --package sg48" : "--hx8k --package ct256";
        var report = $"{device.Name}.report.json";
        var arguments = $"{chip} --json core.json --report {report} --seed 1 --freq 12 --timing-allow-fail -q -l {device.Name}.log";
        var command = "nextpnr-ice40 " + arguments;
        if (area.Bram > device.Brams || area.Lut > device.Luts || area.Dsp > device.Dsps)
        {
            return new TimingResult(device.Name, null, Invariant($"does not fit the {device.Part}: {area.Lut:0} of {device.Luts} LUT, {area.Bram:0} of {device.Brams:0} {device.BramUnit}, {area.Dsp} of {device.Dsps} DSP"), command);
        }

        var (exit, output) = SynthTools.Run("nextpnr-ice40", arguments, folder, Limit);
        if (exit != 0)
        {
            return new TimingResult(device.Name, null, "nextpnr-ice40 failed: " + LastLines(output, 2), command);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, report)));
        var fmax = json.RootElement.GetProperty("fmax").EnumerateObject().Select(c => c.Value.GetProperty("achieved").GetDouble()).DefaultIfEmpty(double.NaN).Min();
        return double.IsNaN(fmax) ? new TimingResult(device.Name, null, "nextpnr-ice40 reported no clock", command) : new TimingResult(device.Name, fmax, null, command);
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(count));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
