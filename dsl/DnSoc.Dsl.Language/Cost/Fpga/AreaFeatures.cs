using System;
using System.Collections.Generic;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>One term of the area or timing model: a quantity of the core's structure, times a fitted constant.</summary>
public sealed record Feature(string Name, string Meaning, Func<CoreShape, FpgaFamily, double> Of);

/// <summary>
/// The terms the area and timing models are built from, each a part of hardware/rtl (docs/cost-model.md#area):
/// the lanes' datapaths, the weight select, the SPI and controller registers and counters, the read multiplexers
/// behind stacked block RAMs. A model is the sum of its terms, each times a constant fitted to the calibration grid.
/// </summary>
public static class AreaFeatures
{
    public static readonly IReadOnlyList<Feature> Lut = new Feature[]
    {
        new("base", "controller, AER handshakes, registers: per core", (_, _) => 1),
        new("lane_membrane_bit", "adder, saturation, leak, compare per membrane bit per lane", (c, _) => c.Lanes * c.MembraneBits),
        new("lane_word_bit", "neuron write-back select (SPI byte or lane result) per word bit per lane", (c, _) => c.Lanes * c.WordBits),
        new("weight_select_bit", "weight slot shifter: batch bits x log2(batches per word)", (c, _) => c.BatchWidth * Log2(c.BatchesPerWord)),
        new("address_bit", "counters and comparators: row, neuron, batch, synapse and FIFO address bits", (c, _) => c.RowBits + c.NeuronBits + c.BatchBits + c.SynapseAddressBits + c.FifoPointerBits),
        new("spi_field_bit", "SPI frame decode per address field bit", (c, _) => c.FieldBits),
        new("stacked_read_bit", "read multiplexer behind block RAMs stacked in depth, per data bit and extra block", (c, f) => BlockRamMap.StackedReadBits(c, f)),
        new("row_multiplier_bit", "row x words-per-row when words-per-row is no power of two, per synapse address bit", (c, _) => c.RowMultiplier ? c.SynapseAddressBits : 0),
    };

    public static readonly IReadOnlyList<Feature> Ff = new Feature[]
    {
        new("base", "state machine, handshakes, registers: per core", (_, _) => 1),
        new("spi_field_bit", "SPI shift register and latched frame per field bit", (c, _) => c.FieldBits),
        new("address_bit", "row, neuron, batch and FIFO pointer registers", (c, _) => c.RowBits + c.NeuronBits + c.BatchBits + c.FifoPointerBits),
        new("lane", "per-lane registers (fired, enabled)", (c, _) => c.Lanes),
    };

    /// <summary>Terms of the clock period (ns) on iCE40: the critical path from the FIFO and controller through a lane's adder.</summary>
    public static readonly IReadOnlyList<Feature> Period = new Feature[]
    {
        new("base", "clock-to-out, setup and the controller's fixed logic levels", (_, _) => 1),
        new("membrane_bit", "the lane adder's carry chain and the threshold compare", (c, _) => c.MembraneBits),
        new("address_bit", "address arithmetic and compares on the path", (c, _) => c.RowBits + c.NeuronBits + c.BatchBits),
        new("lane_level", "fire priority and lane select: log2(lanes) levels", (c, _) => Log2(c.Lanes)),
        new("stacked_level", "read multiplexer levels behind stacked block RAMs", (c, f) => Log2(MaxDepthUnits(c, f))),
    };

    private static int MaxDepthUnits(CoreShape core, FpgaFamily family)
    {
        var most = 1;
        foreach (var memory in BlockRamMap.Memories(core))
        {
            most = Math.Max(most, BlockRamMap.Map(memory, family).DepthUnits);
        }

        return most;
    }

    private static double Log2(int value) => value <= 1 ? 0 : Math.Log(value, 2);
}
