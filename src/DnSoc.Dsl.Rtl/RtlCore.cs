using DnSoc.Dsl.Language;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Rtl;

/// <summary>
/// One core of the SoC as the RTL builds it: the synthesis parameters of hardware/rtl/dnsoc_core.v, the
/// register values the blob programs, and the memory images (for memories that boot with their contents).
/// </summary>
public sealed record RtlCore(
    int Index,
    int Rows,
    int Neurons,
    int WeightBits,
    int MembraneBits,
    int Leak,
    int Reset,
    int Lanes,
    int FifoDepth,
    int OpenLoop,
    int AerSource,
    int MaxNeuron,
    EquatableArray<uint> NeuronMemory,
    EquatableArray<uint> SynapseMemory)
{
    public int RowBits => BlobLayout.BitsFor(Rows);

    public int NeuronBits => BlobLayout.BitsFor(Neurons);

    public int FieldBits => BlobLayout.SpiFieldBits(Rows, Neurons, WeightBits, MembraneBits);

    public int NeuronWords => BlobLayout.NeuronWords(MembraneBits);

    public int WordBits => 32 * NeuronWords;

    public int WordsPerRow => BlobLayout.WordsPerRow(Neurons, WeightBits);

    /// <summary>Synapse banks: one 32-bit word each per batch of lanes (hardware/README.md#memories).</summary>
    public int SynapseBanks => System.Math.Max(1, Lanes * BlobLayout.WeightFieldBits(WeightBits) / 32);
}
