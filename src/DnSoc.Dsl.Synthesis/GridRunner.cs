using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost.Fpga;

namespace DnSoc.Dsl.Synthesis;

/// <summary>
/// Synthesizes every row of the calibration grid for every family and writes one measured row per device
/// (hardware/calibration/regenerate.sh). Rows already in the output are kept, so an interrupted run continues
/// and deleting one family's rows re-measures only that family.
/// </summary>
public static class GridRunner
{
    public static IReadOnlyList<MeasuredRow> Run(IReadOnlyList<GridRow> grid, IReadOnlyList<MeasuredRow> done, string workFolder, Action<MeasuredRow> written, Action<string> progress)
    {
        var tools = $"{SynthTools.Version("yosys", "-V")}; {SynthTools.Version("nextpnr-ice40", "--version")}";
        var rows = new List<MeasuredRow>(done);
        var families = new[] { FpgaFamily.Xilinx7, FpgaFamily.Ice40, FpgaFamily.Ecp5 };
        bool Measured(GridRow g, FpgaFamily family) => done.Any(d => d.Id == g.Id && FpgaDevice.All.Any(v => v.Name == d.Device && v.Family == family));
        var pending = grid.Where(g => families.Any(f => !Measured(g, f))).ToArray();
        var started = DateTime.UtcNow;
        for (var k = 0; k < pending.Length; k++)
        {
            var g = pending[k];
            var eta = k == 0 ? "" : $", about {(DateTime.UtcNow - started).TotalSeconds / k * (pending.Length - k) / 60:0.0} min left";
            progress($"[{k + 1}/{pending.Length}] grid row {g.Id}: {g.Core.Parameters}{eta}");
            foreach (var family in families.Where(f => !Measured(g, f)))
            {
                var folder = Path.Combine(workFolder, $"row{g.Id}-{family}");
                var result = CoreSynthesis.Run(g.Core, family, new[] { FpgaDevice.Ice40Up5k, FpgaDevice.Ice40Hx8k }, folder);
                foreach (var row in Rows(g.Id, result, tools))
                {
                    rows.Add(row);
                    written(row);
                }

                Directory.Delete(folder, recursive: true);
            }
        }

        return rows;
    }

    /// <summary>The measured rows of one core's synthesis: one per device of the family.</summary>
    public static IEnumerable<MeasuredRow> Rows(int id, CoreSynthesisResult result, string tools)
    {
        if (result.Family != FpgaFamily.Ice40)
        {
            var device = FpgaDevice.All.First(d => d.Family == result.Family);
            yield return new MeasuredRow(id, device.Name, result.Area, null, "no open timing tool for the family", tools, result.Command);
            yield break;
        }

        foreach (var timing in result.Timing)
        {
            yield return new MeasuredRow(id, timing.Device, result.Area, timing.FmaxMHz, timing.Problem ?? string.Empty, tools, result.Command + "; " + timing.Command);
        }
    }
}
