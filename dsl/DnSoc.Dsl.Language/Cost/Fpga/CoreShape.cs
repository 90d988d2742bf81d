using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>
/// The synthesis parameters of one hardware/rtl/dnsoc_core.v instance: what the area and timing models price and
/// what <c>snnc synth</c> builds. The derived widths are the core's localparams (its header comment names them).
/// </summary>
/// <param name="Leak">LEAK_KIND: 0 none, 1 subtract, 2 shift (docs/blob-format.md).</param>
/// <param name="Reset">RESET_KIND: 0 to zero, 1 by subtraction.</param>
public sealed record CoreShape(int Rows, int Neurons, int WeightBits, int MembraneBits, int Lanes, int FifoDepth, int Leak = 1, int Reset = 0)
{
    /// <summary>The shape of a planned core on a target with <paramref name="lanes"/> lanes.</summary>
    public static CoreShape Of(CoreLayout core, int lanes) => new(
        core.Rows, core.Neurons, core.WeightBits, core.MembraneBits, lanes, core.FifoDepth,
        core.Leak switch { LeakKind.None => 0, LeakKind.Subtract => 1, _ => 2 },
        core.Reset == ResetKind.Zero ? 0 : 1);

    /// <summary>The tinyODIN profile: 256 x 256, 4-bit weights, 12-bit membranes, one lane, 128 FIFO entries.</summary>
    public static CoreShape TinyOdin => new(256, 256, 4, 12, 1, 128);

    public int RowBits => BitsFor(Rows);

    public int NeuronBits => BitsFor(Neurons);

    /// <summary>32-bit words per neuron: {leak/disable byte, threshold, membrane}.</summary>
    public int NeuronWords => ((2 * MembraneBits) + 8 + 31) / 32;

    public int WordBits => 32 * NeuronWords;

    /// <summary>Bits a weight takes in a synapse word: 1, 2, 4, 8 or 16.</summary>
    public int WeightField => WeightBits <= 1 ? 1 : WeightBits <= 2 ? 2 : WeightBits <= 4 ? 4 : WeightBits <= 8 ? 8 : 16;

    public int WordsPerRow => ((Neurons * WeightField) + 31) / 32;

    public int BatchWidth => Lanes * WeightField;

    public int SynapseBanks => BatchWidth > 32 ? BatchWidth / 32 : 1;

    public int BatchesPerWord => BatchWidth < 32 ? 32 / BatchWidth : 1;

    /// <summary>Words of one row in one synapse bank: the factor of the synapse address's row multiplier.</summary>
    public int BankWordsPerRow => WordsPerRow / SynapseBanks;

    /// <summary>Words of one synapse bank (32 bits each).</summary>
    public int SynapseDepth => Rows * BankWordsPerRow;

    /// <summary>Neuron words of one lane's bank.</summary>
    public int BankDepth => Neurons / Lanes;

    public int BatchBits => BitsFor(BankDepth);

    public int SynapseAddressBits => BitsFor(SynapseDepth);

    /// <summary>Width of the SPI address field (docs/blob-format.md#bus): the larger of the neuron and synapse fields, at least 16.</summary>
    public int FieldBits
    {
        get
        {
            var neuronField = BitsFor(NeuronWords * 4) + NeuronBits;
            var synapseField = 2 + BitsFor(Rows * WordsPerRow);
            var bits = neuronField > synapseField ? neuronField : synapseField;
            return bits > 16 ? bits : 16;
        }
    }

    public int FifoPointerBits => BitsFor(FifoDepth);

    /// <summary>True when the synapse address is row x words-per-row with a factor that is not a power of two (a multiplier).</summary>
    public bool RowMultiplier => (BankWordsPerRow & (BankWordsPerRow - 1)) != 0;

    /// <summary>One line for tables and logs, in the RTL's parameter names.</summary>
    public string Parameters =>
        $"ROWS={Rows} NEURONS={Neurons} WEIGHT_BITS={WeightBits} MEMBRANE_BITS={MembraneBits} LANES={Lanes} FIFO_DEPTH={FifoDepth} LEAK_KIND={Leak} RESET_KIND={Reset}";

    /// <summary>Address bits for <paramref name="count"/> values (at least 1), as the RTL's $clog2 with its floor of 1.</summary>
    public static int BitsFor(int count)
    {
        var bits = 0;
        while ((1L << bits) < count)
        {
            bits++;
        }

        return bits > 0 ? bits : 1;
    }
}
