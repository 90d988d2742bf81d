using System.Collections.Generic;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>One memory of the core: its width and depth in words.</summary>
public sealed record CoreMemory(string Name, int Width, int Depth, int Count);

/// <summary>How one memory maps onto block RAM: the blocks of the mode chosen and how many of them stack in depth.</summary>
/// <param name="Blocks">Blocks in the device's BRAM unit (a RAMB18 counts 0.5 RAMB36).</param>
/// <param name="DepthUnits">Blocks stacked in depth: the read data passes a (DepthUnits - 1)-level multiplexer.</param>
public sealed record BlockRamUse(double Blocks, int DepthUnits);

/// <summary>
/// The block RAMs a core's memories take, as yosys's memory mapper chooses them (docs/cost-model.md#memory-bram): every
/// memory of the RTL carries <c>ram_style = "block"</c>, so none goes to LUT RAM; of the block's aspect ratios the
/// mapper takes the cheapest (xc7: a RAMB18 costs 129, a RAMB36 257; iCE40 and ECP5 have one block size, 128 here),
/// read multiplexer included (see Map). Checked block for block against yosys 0.23 on every calibration grid row.
/// </summary>
public static class BlockRamMap
{
    private sealed record Mode(int Width, int Depth, int Cost, double Blocks);

    // (width, depth) per mode; the 9/18/36/72 widths include the parity bits the mapper uses as data.
    private static readonly Mode[] Xilinx7 =
        new[] { (1, 16384), (2, 8192), (4, 4096), (9, 2048), (18, 1024), (36, 512) }.Select(m => new Mode(m.Item1, m.Item2, 129, 0.5))
        .Concat(new[] { (1, 32768), (2, 16384), (4, 8192), (9, 4096), (18, 2048), (36, 1024), (72, 512) }.Select(m => new Mode(m.Item1, m.Item2, 257, 1)))
        .ToArray();

    // iCE40 and ECP5 have one block size; 128 per block sets its weight against the read multiplexer's (see Map).
    private static readonly Mode[] Ice40 = new[] { (2, 2048), (4, 1024), (8, 512), (16, 256) }.Select(m => new Mode(m.Item1, m.Item2, 128, 1)).ToArray();

    private static readonly Mode[] Ecp5 = new[] { (1, 16384), (2, 8192), (4, 4096), (9, 2048), (18, 1024), (36, 512) }.Select(m => new Mode(m.Item1, m.Item2, 128, 1)).ToArray();

    /// <summary>The memories of a core (hardware/rtl/dnsoc_core.v): a neuron bank per lane, the synapse banks, the scheduler FIFO.</summary>
    public static IReadOnlyList<CoreMemory> Memories(CoreShape core) => new[]
    {
        new CoreMemory("neurons", core.WordBits, core.BankDepth, core.Lanes),
        new CoreMemory("synapses", 32, core.SynapseDepth, core.SynapseBanks),
        new CoreMemory("fifo", core.RowBits, core.FifoDepth, 1),
    };

    public static BlockRamUse Map(CoreMemory memory, FpgaFamily family)
    {
        var modes = family switch
        {
            FpgaFamily.Xilinx7 => Xilinx7,
            FpgaFamily.Ice40 => Ice40,
            _ => Ecp5,
        };

        // Lowest cost first; on a tie, fewer blocks stacked in depth. The read multiplexer behind stacked blocks counts
        // too, per data bit and extra block, at a weight per family that makes the rule match yosys 0.23 on every grid
        // row (a 9408-word synapse memory: 10 RAMB36 five deep on xc7, not 19 RAMB18; 76 iCE40 blocks 19 deep, not 74
        // blocks 37 deep; 25088 words: 25 RAMB36 on xc7 and 50 ECP5 blocks 25 deep). Each weight is bounded by two rows.
        var readMux = family switch
        {
            FpgaFamily.Ice40 => 1.0,
            _ => 0.5,
        };
        var best = modes
            .Select(m => (Mode: m, Wide: Ceil(memory.Width, m.Width), Deep: Ceil(memory.Depth, m.Depth)))
            .OrderBy(c => ((double)c.Wide * c.Deep * c.Mode.Cost) + (readMux * memory.Width * (c.Deep - 1)))
            .ThenBy(c => c.Deep)
            .First();
        return new BlockRamUse(memory.Count * best.Wide * best.Deep * best.Mode.Blocks, best.Deep);
    }

    /// <summary>The core's blocks in the device's BRAM unit.</summary>
    public static double Blocks(CoreShape core, FpgaFamily family) => Memories(core).Sum(m => Map(m, family).Blocks);

    /// <summary>Bits that pass a depth multiplexer behind stacked blocks (read data width x extra blocks): a LUT term of the area model.</summary>
    public static double StackedReadBits(CoreShape core, FpgaFamily family) =>
        Memories(core).Sum(m => (double)m.Count * m.Width * (Map(m, family).DepthUnits - 1));

    private static int Ceil(int value, int divisor) => (value + divisor - 1) / divisor;
}
