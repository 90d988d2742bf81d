using System.Collections.Generic;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>
/// Area and Fmax of one dnsoc_core on one device (docs/cost-model.md#logic-lut-ff): LUT and FF as the sum of the structural
/// terms of <see cref="AreaFeatures"/> times constants fitted to yosys (cost-constants.tsv, per family); BRAM by the
/// mapping rule of <see cref="BlockRamMap"/>; Fmax from a clock-period model fitted to nextpnr-ice40 on iCE40, and on
/// Artix-7 from the analytical path model that no open timing tool has validated.
/// </summary>
public static class FpgaCoreModel
{
    public static FpgaArea Area(CoreShape core, FpgaDevice device)
    {
        var family = device.Family;
        return new FpgaArea(
            Sum(AreaFeatures.Lut, $"{device.FamilyKey}.lut", core, family),
            Sum(AreaFeatures.Ff, $"{device.FamilyKey}.ff", core, family),
            BlockRamMap.Blocks(core, family),
            Dsp(core, family));
    }

    /// <summary>The core's Fmax in Hz, or null on a device with no timing model (ECP5).</summary>
    public static double? FmaxHz(CoreShape core, FpgaDevice device) => device.Family switch
    {
        FpgaFamily.Ice40 => 1e9 / Sum(AreaFeatures.Period, $"{device.Name}.period", core, device.Family),
        FpgaFamily.Xilinx7 => ArtixFmaxHz(core.MembraneBits),
        _ => null,
    };

    /// <summary>Of a SoC's cores, the slowest: one clock drives them all.</summary>
    public static double? FmaxHz(IEnumerable<CoreShape> cores, FpgaDevice device)
    {
        var each = cores.Select(c => FmaxHz(c, device)).ToArray();
        return each.Length == 0 || each.Any(f => f is null) ? null : each.Min();
    }

    /// <summary>
    /// The row address multiplier (words per row no power of two) goes to a DSP block where yosys infers one:
    /// ECP5 (MULT18X18D) always; xc7 (DSP48E1) only for a product of at least 9 bits, after the factor's trailing
    /// zeros become a shift and the product is cut to the synapse address (as on every grid row);
    /// synth_ice40 infers none without -dsp, so iCE40 builds it from LUTs.
    /// </summary>
    public static int Dsp(CoreShape core, FpgaFamily family)
    {
        if (!core.RowMultiplier || family == FpgaFamily.Ice40)
        {
            return 0;
        }

        var factor = core.BankWordsPerRow;
        var shift = 0;
        while ((factor & 1) == 0)
        {
            factor >>= 1;
            shift++;
        }

        var productBits = System.Math.Min(core.RowBits + CoreShape.BitsFor(factor + 1), core.SynapseAddressBits - shift);
        return family == FpgaFamily.Ecp5 || productBits >= 9 ? 1 : 0;
    }

    // Neuron-memory read -> membrane adder carry chain -> compare/mux -> register (cost-constants.tsv fpga.t.*).
    private static double ArtixFmaxHz(int membraneBits)
    {
        var ns = CostConstants.Get("fpga.t.bram_clk_to_out")
                 + (CostConstants.Get("fpga.logic_levels") * (CostConstants.Get("fpga.t.lut") + CostConstants.Get("fpga.t.net")))
                 + (((membraneBits + 3) / 4) * CostConstants.Get("fpga.t.carry_per_4_bits"))
                 + CostConstants.Get("fpga.t.setup");
        return 1e9 / ns;
    }

    private static double Sum(IReadOnlyList<Feature> features, string prefix, CoreShape core, FpgaFamily family) =>
        features.Sum(f => CostConstants.Get($"{prefix}.{f.Name}") * f.Of(core, family));
}
