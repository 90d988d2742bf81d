using System;
using System.Collections.Generic;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>One term of the area or timing model: a quantity of the core's structure, times a fitted constant.</summary>
public sealed record Feature(string Name, string Meaning, Func<CoreShape, FpgaFamily, double> Of);

/// <summary>
/// The terms the area and timing models are built from, each a part of hardware/rtl (docs/cost-model.md#logic-lut-ff):
/// the lanes' datapaths, the weight select, the SPI and controller registers and counters, the read multiplexers
/// behind stacked block RAMs. A model is the sum of its terms, each times a constant fitted to the calibration grid.
/// </summary>
public static class AreaFeatures
{
    public static readonly IReadOnlyList<Feature> Lut = new Feature[]
    {
        new("base", "SPI, AER handshakes, the controller's state machine: per core", (_, _) => 1),
        new("lane_membrane_bit", "dnsoc_lane: adder, saturation, threshold compare and reset per membrane bit per lane", (c, _) => c.Lanes * c.MembraneBits),
        new("lane_leak_subtract_bit", "dnsoc_lane with LEAK_KIND 1: the toward-zero subtract and its clamp per membrane bit per lane", (c, _) => c.Leak == 1 ? c.Lanes * c.MembraneBits : 0),
        new("lane_leak_shift_bit", "dnsoc_lane with LEAK_KIND 2: the barrel shifter, membrane bits x log2(membrane bits) per lane", (c, _) => c.Leak == 2 ? c.Lanes * c.MembraneBits * Log2(c.MembraneBits) : 0),
        new("lane_reset_subtract_bit", "dnsoc_lane with RESET_KIND 1: the threshold subtract per membrane bit per lane", (c, _) => c.Reset == 1 ? c.Lanes * c.MembraneBits : 0),
        new("lane_word_bit", "controller: a lane's write-back select (SPI byte merge or lane result) per neuron word bit", (c, _) => c.Lanes * c.WordBits),
        new("lane_select_bit", "controller: the SPI read's lane select, word bits x (lanes - 1)", (c, _) => (c.Lanes - 1) * c.WordBits),
        new("fire_priority", "controller: the fired-lane priority encoder and the emitted neuron's number, lanes x log2(lanes)", (c, _) => c.Lanes * Log2(c.Lanes)),
        new("weight_select_input", "core: the weight slot shifter's inputs, lanes x weight field x batches per word", (c, _) => c.Lanes * c.WeightField * c.BatchesPerWord),
        new("row_bit", "FIFO data, row register and AER input per row address bit", (c, _) => c.RowBits),
        new("synapse_address_bit", "controller: the synapse address adder and the SPI word index per synapse address bit", (c, _) => c.SynapseAddressBits),
        new("fifo_pointer_bit", "dnsoc_fifo: pointers, count and their compares per pointer bit", (c, _) => c.FifoPointerBits),
        new("word_bit", "controller: the SPI byte select and byte mask over one neuron word, per word bit", (c, _) => c.WordBits),
        new("stacked_read_bit", "read multiplexer behind block RAMs stacked in depth, per data bit and extra block", (c, f) => BlockRamMap.StackedReadBits(c, f)),
        new("stacked_memory", "address decode of a memory stacked in depth: per core with one", (c, f) => BlockRamMap.StackedReadBits(c, f) > 0 ? 1 : 0),
        new("row_multiplier_bit", "row x words-per-row when words-per-row is no power of two, per synapse address bit", (c, _) => c.RowMultiplier ? c.SynapseAddressBits : 0),
    };

    public static readonly IReadOnlyList<Feature> Ff = new Feature[]
    {
        new("base", "state machine, handshakes, SPI shift register, configuration registers: per core", (_, _) => 1),
        new("lane_word_bit", "read data registers the block RAM cannot absorb (iCE40, ECP5) per neuron word bit per lane", (c, _) => c.Lanes * c.WordBits),
        new("lane_select_bit", "extra lanes' registered words, word bits x (lanes - 1)", (c, _) => (c.Lanes - 1) * c.WordBits),
        new("lane", "per-lane registers (pending, enabled)", (c, _) => c.Lanes),
        new("row_bit", "row register, FIFO head and AER input per row address bit", (c, _) => c.RowBits),
        new("neuron_bit", "leak neuron, AER output address per neuron address bit", (c, _) => c.NeuronBits),
        new("batch_bit", "batch counter per bank address bit", (c, _) => c.BatchBits),
        new("synapse_address_bit", "synapse address registers per synapse address bit", (c, _) => c.SynapseAddressBits),
        new("fifo_pointer_bit", "FIFO read and write pointers and count per pointer bit", (c, _) => c.FifoPointerBits),
        new("spi_field_bit", "SPI frame field and the latched copy per field bit", (c, _) => c.FieldBits),
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
