using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Synthesis;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>One metric of <c>snnc synth</c>: the model's estimate, what synthesis measured, the error and the model's band.</summary>
internal sealed record SynthFigure(string Metric, double Estimate, double? Measured, string Band)
{
    public double? ErrorPercent => Measured is { } m && m != 0 ? (Estimate - m) / m * 100 : null;
}

/// <summary>
/// <c>snnc synth FILE [--device D] [-o DIR] [--json]</c>: synthesizes each network's cores with yosys (and places and
/// routes them with nextpnr-ice40 on iCE40) and prints LUT, FF, BRAM, DSP and Fmax beside the cost model's estimate
/// with the error of each (docs/cost-model.md#validation).
/// </summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var device = DeviceOption();
        var directory = new Option<string?>("--output", "-o") { Description = "keep yosys's and nextpnr's files (logs, netlists, reports) in this folder" };
        var json = SnncApp.JsonOption();
        var command = new Command("synth", "Synthesize the network's cores with yosys (nextpnr-ice40 for iCE40 timing) and compare with the cost model") { file, device, directory, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation || Device(result.GetValue(device)!, error) is not { } chosen)
            {
                return 1;
            }

            var keep = result.GetValue(directory);
            var reports = new List<object>();
            foreach (var network in compilation.Networks)
            {
                if (Measure(network, chosen, keep, error) is not { } measured)
                {
                    return 1;
                }

                var figures = Figures(network, measured);
                if (result.GetValue(json))
                {
                    reports.Add(Json(network, measured, figures));
                }
                else
                {
                    Print(network, measured, figures, output);
                }
            }

            if (result.GetValue(json))
            {
                DnSoc.Dsl.Cli.Json.Write(output, new { Networks = reports });
            }

            return 0;
        });
        return command;
    }

    internal static Option<string> DeviceOption() => new("--device")
    {
        Description = $"the FPGA: {FpgaDevice.Names}",
        DefaultValueFactory = _ => FpgaDevice.Default.Name,
    };

    internal static FpgaDevice? Device(string name, TextWriter error)
    {
        if (FpgaDevice.Find(name) is { } device)
        {
            return device;
        }

        error.WriteLine($"error: unknown device '{name}'; use one of {FpgaDevice.Names}");
        return null;
    }

    /// <summary>The network's synthesis, or null after one error line (a missing tool says how to install it).</summary>
    internal static SocMeasurement? Measure(NetworkIr network, FpgaDevice device, string? keep, TextWriter error)
    {
        var work = keep ?? Path.Combine(Path.GetTempPath(), $"snnc-synth-{Environment.ProcessId}");
        try
        {
            SynthTools.Require("yosys");
            if (device.Family == FpgaFamily.Ice40)
            {
                SynthTools.Require("nextpnr-ice40");
            }

            return SocSynthesis.Measure(network, device, work, error.WriteLine);
        }
        catch (SynthToolException e)
        {
            error.WriteLine("error: " + e.Message);
            return null;
        }
        finally
        {
            if (keep is null && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    internal static SynthFigure[] Figures(NetworkIr network, SocMeasurement measured)
    {
        var estimate = CostModel.Estimate(network, measured.Device);
        string B(CostFigure f) => CostBands.Of(f, estimate);
        return new[]
        {
            new SynthFigure("LUT", estimate.Lut, measured.Area.Lut, B(CostFigure.Lut)),
            new SynthFigure("FF", estimate.Ff, measured.Area.Ff, B(CostFigure.Ff)),
            new SynthFigure(measured.Device.BramUnit, estimate.Bram, measured.Area.Bram, B(CostFigure.Bram)),
            new SynthFigure("DSP", estimate.Dsp, measured.Area.Dsp, B(CostFigure.Dsp)),
            new SynthFigure("Fmax MHz", estimate.FmaxHz / 1e6, measured.FmaxMHz, B(CostFigure.Fmax)),
        };
    }

    private static void Print(NetworkIr network, SocMeasurement measured, SynthFigure[] figures, TextWriter output)
    {
        output.WriteLine($"network {network.Name} on {measured.Device.Part} ({measured.Device.Name}): {measured.Cores.Count} distinct core(s) synthesized");
        var rows = figures.Select(f => new[]
        {
            f.Metric, Number(f.Estimate), f.Measured is { } m ? Number(m) : "-",
            f.ErrorPercent is { } e ? e.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "-", f.Band,
        }).ToArray();
        CostReport.PrintTable((new[] { "metric", "estimate", "measured", "error", "model's band" }, rows), output);
        if (measured.TimingProblem is { } problem)
        {
            output.WriteLine($"  no measured Fmax: {problem}");
        }
    }

    private static object Json(NetworkIr network, SocMeasurement measured, SynthFigure[] figures) => new
    {
        Network = network.Name,
        Device = measured.Device.Name,
        measured.Device.Part,
        Metrics = figures.ToDictionary(f => f.Metric, f => new { f.Estimate, f.Measured, f.ErrorPercent, f.Band }),
        measured.TimingProblem,
        Cores = measured.Cores.Select(c => new { c.Core.Parameters, c.Area.Lut, c.Area.Ff, c.Area.Bram, c.Area.Dsp, c.Seconds }),
        measured.Commands,
    };

    private static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
