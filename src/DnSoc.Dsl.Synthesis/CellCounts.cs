using System;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Language.Cost.Fpga;

namespace DnSoc.Dsl.Synthesis;

/// <summary>Reads the area out of yosys's <c>stat -json</c> of a design flattened into one module (docs/cost-model.md#validation).</summary>
public static class CellCounts
{
    public static FpgaArea Parse(string statJson, FpgaFamily family)
    {
        using var document = JsonDocument.Parse(statJson);
        var modules = document.RootElement.GetProperty("modules").EnumerateObject().ToArray();
        if (modules.Length != 1)
        {
            throw new SynthToolException($"expected one flattened module in yosys's statistics, found {modules.Length}");
        }

        var cells = modules[0].Value.GetProperty("num_cells_by_type").EnumerateObject().Select(c => (Type: c.Name, Count: c.Value.GetInt32())).ToArray();
        double Sum(Func<string, double> weight) => cells.Sum(c => weight(c.Type) * c.Count);
        return family switch
        {
            FpgaFamily.Xilinx7 => new FpgaArea(Sum(XilinxLut), Sum(t => t.StartsWith("FD", StringComparison.Ordinal) ? 1 : 0),
                Sum(t => t switch { "RAMB36E1" => 1, "RAMB18E1" => 0.5, _ => 0 }), (int)Sum(t => t == "DSP48E1" ? 1 : 0)),
            FpgaFamily.Ice40 => new FpgaArea(Sum(t => t == "SB_LUT4" ? 1 : 0), Sum(t => t.StartsWith("SB_DFF", StringComparison.Ordinal) ? 1 : 0),
                Sum(t => t == "SB_RAM40_4K" ? 1 : 0), (int)Sum(t => t == "SB_MAC16" ? 1 : 0)),
            _ => new FpgaArea(Sum(t => t switch { "LUT4" => 1, "CCU2C" => 2, "TRELLIS_DPR16X4" => 4, _ => 0 }), Sum(t => t == "TRELLIS_FF" ? 1 : 0),
                Sum(t => t is "DP16KD" or "PDPW16KD" ? 1 : 0), (int)Sum(t => t == "MULT18X18D" ? 1 : 0)),
        };
    }

    // INV is a LUT1 after placement; LUT RAM and shift registers occupy LUTs of a SLICEM: count them as the LUTs they take.
    private static double XilinxLut(string type) => type switch
    {
        "LUT1" or "LUT2" or "LUT3" or "LUT4" or "LUT5" or "LUT6" or "INV" => 1,
        "SRL16E" or "SRLC32E" or "RAM32X1S" or "RAM64X1S" => 1,
        "RAM32X1D" or "RAM64X1D" => 2,
        "RAM32M" or "RAM64M" or "RAM128X1D" or "RAM256X1S" => 4,
        _ => 0,
    };
}
