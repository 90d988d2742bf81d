using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;

namespace DnSoc.Dsl.Synthesis;

/// <summary>A network's SoC as synthesis measured it on one device: its area (the sum over cores) and Fmax (the slowest core).</summary>
/// <param name="FmaxMHz">nextpnr's Fmax of the slowest core, or null with <paramref name="TimingProblem"/> saying why there is none.</param>
public sealed record SocMeasurement(string Network, FpgaDevice Device, FpgaArea Area, double? FmaxMHz, string? TimingProblem, IReadOnlyList<CoreSynthesisResult> Cores, IReadOnlyList<string> Commands);

/// <summary>
/// Synthesizes the cores a network is planned onto, each distinct core once (a SoC's top level only wires cores to
/// pins, so its area is the cores' sum and its clock the slowest core's).
/// </summary>
public static class SocSynthesis
{
    public static SocMeasurement Measure(NetworkIr network, FpgaDevice device, string workFolder, Action<string> progress)
    {
        var plan = CorePlanner.Plan(network);
        if (!plan.Mappable)
        {
            throw new SynthToolException($"network '{network.Name}' has no cores to synthesize: {plan.WhyNotMappable}");
        }

        var shapes = plan.Cores.Select(c => CoreShape.Of(c, network.Target.Lanes)).ToArray();
        var distinct = shapes.Distinct().ToArray();
        var results = new List<CoreSynthesisResult>();
        for (var k = 0; k < distinct.Length; k++)
        {
            progress($"synth {network.Name} on {device.Name}: core {k + 1} of {distinct.Length} ({distinct[k].Parameters})...");
            var result = CoreSynthesis.Run(distinct[k], device.Family, new[] { device }, Path.Combine(workFolder, $"{network.Name}-{device.Name}-core{k}"));
            progress($"  {result.Seconds:0} s: {result.Area.Lut:0} LUT, {result.Area.Ff:0} FF, {result.Area.Bram:0.#} {device.BramUnit}, {result.Area.Dsp} DSP" +
                     (result.Timing.Count > 0 ? result.Timing[0].FmaxMHz is { } f ? $", {f:0.0} MHz" : $", no Fmax: {result.Timing[0].Problem}" : string.Empty));
            results.Add(result);
        }

        var area = shapes.Select(s => results[Array.IndexOf(distinct, s)].Area).Aggregate(FpgaArea.Zero, (a, b) => a + b);
        var timing = results.SelectMany(r => r.Timing).ToArray();
        var problem = device.TimingTool is null ? $"no open timing tool for {device.Part}"
            : timing.FirstOrDefault(t => t.FmaxMHz is null)?.Problem;
        var fmax = problem is null ? timing.Min(t => t.FmaxMHz) : null;
        var commands = results.Select(r => r.Command).Concat(timing.Select(t => t.Command)).ToArray();
        return new SocMeasurement(network.Name, device, area, fmax, problem, results, commands);
    }
}
