using System;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>The FPGA families the cost model has a fitted constant set for (docs/cost-model.md#devices).</summary>
public enum FpgaFamily
{
    /// <summary>Xilinx 7-series: LUT6, RAMB18/RAMB36, DSP48E1 (yosys <c>synth_xilinx -family xc7</c>).</summary>
    Xilinx7,

    /// <summary>Lattice iCE40: LUT4, SB_RAM40_4K, SB_MAC16 (yosys <c>synth_ice40</c>, nextpnr-ice40).</summary>
    Ice40,

    /// <summary>Lattice ECP5: LUT4, DP16KD, MULT18X18D (yosys <c>synth_ecp5</c>; no open timing installable here).</summary>
    Ecp5,
}

/// <summary>
/// One device the cost model prices for: its family (which fitted constants apply), the part its capacities are of
/// (for "% of device"), and whether an open timing tool measured its Fmax (docs/cost-model.md#devices).
/// </summary>
/// <param name="Name">What <c>snnc synth --device</c> and <c>report --device</c> take.</param>
/// <param name="BramUnit">The block the BRAM figure counts: RAMB36 (a RAMB18 is 0.5), SB_RAM40_4K or DP16KD.</param>
/// <param name="TimingTool">The open timing tool the Fmax model is fitted to, or null when none exists for the family.</param>
public sealed record FpgaDevice(
    string Name,
    FpgaFamily Family,
    string Part,
    long Luts,
    long Ffs,
    double Brams,
    int Dsps,
    string BramUnit,
    string? TimingTool)
{
    public static readonly FpgaDevice Xc7 = new("xc7", FpgaFamily.Xilinx7, "Artix-7 XC7A35T", 20_800, 41_600, 50, 90, "RAMB36", null);

    public static readonly FpgaDevice Ice40Up5k = new("ice40-up5k", FpgaFamily.Ice40, "iCE40 UP5K (sg48)", 5_280, 5_280, 30, 8, "SB_RAM40_4K", "nextpnr-ice40 --up5k");

    public static readonly FpgaDevice Ice40Hx8k = new("ice40-hx8k", FpgaFamily.Ice40, "iCE40 HX8K (ct256)", 7_680, 7_680, 32, 0, "SB_RAM40_4K", "nextpnr-ice40 --hx8k");

    public static readonly FpgaDevice Ecp5 = new("ecp5", FpgaFamily.Ecp5, "ECP5 LFE5U-25F", 24_288, 24_288, 56, 28, "DP16KD", null);

    /// <summary>Every device, the default (the DN-SoC's Artix-7 class) first.</summary>
    public static readonly FpgaDevice[] All = { Xc7, Ice40Up5k, Ice40Hx8k, Ecp5 };

    public static FpgaDevice Default => Xc7;

    public static string Names => string.Join(", ", All.Select(d => d.Name));

    public static FpgaDevice? Find(string name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The key prefix of the device's constants in cost-constants.tsv: one set per family, Fmax per device.</summary>
    public string FamilyKey => Family switch
    {
        FpgaFamily.Xilinx7 => "xc7",
        FpgaFamily.Ice40 => "ice40",
        _ => "ecp5",
    };
}
