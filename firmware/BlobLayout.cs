namespace DnSoc.Firmware;

/// <summary>
/// The numbers of docs/blob-format.md. One copy: the back end's writer compiles this file too, so writer
/// and firmware cannot disagree. Internal, so the two assemblies that hold it never clash.
/// </summary>
internal static class BlobLayout
{
    /// <summary>"DNSB" read as a little-endian 32-bit word.</summary>
    public const uint Magic = 0x42534E44;
    public const int Version = 2;
    public const int HeaderBytes = 24;
    public const int SectionHeaderBytes = 8;
    public const int CrcBytes = 4;

    /// <summary>Most rows, and most neurons, of one core the firmware programs.</summary>
    public const int MaxCoreDimension = 4096;

    public const int ProfileDnsoc = 0;
    public const int ProfileTinyOdin = 1;

    public const int SectionNetwork = 1;
    public const int SectionCores = 2;
    public const int SectionNeurons = 3;
    public const int SectionSynapses = 4;
    public const int SectionRouting = 5;
    public const int SectionInput = 6;
    public const int SectionReadout = 7;
    public const int SectionPrecision = 8;
    public const int SectionCount = 8;

    /// <summary>Precision-section entry kind of an early exit: min timesteps, margin, test period follow.</summary>
    public const int PolicyEarlyExit = 1;

    /// <summary>32-bit fields per core in the cores section.</summary>
    public const int CoreFields = 12;


    /// <summary>"No core": the input as a source, the controller (readout) as a destination.</summary>
    public const uint NoCore = 0xFFFFFFFF;

    public const int RegisterGate = 0;
    public const int RegisterOpenLoop = 1;
    public const int RegisterAerSource = 2;
    public const int RegisterMaxNeuron = 3;

    public const int CommandRegister = 0;
    public const int CommandNeuron = 1;
    public const int CommandSynapse = 2;

    public const int EventSpike = 0;
    public const int EventTimeReference = 1;

    public const int LeakNone = 0;
    public const int LeakSubtract = 1;
    public const int LeakShift = 2;
    public const int ResetZero = 0;
    public const int ResetSubtract = 1;
    public const int LeakFieldBits = 7;

    /// <summary>The SPI address field is at least tinyODIN's 16 bits (a 20-bit frame with R, W and the command).</summary>
    public const int MinSpiFieldBits = 16;

    /// <summary>32-bit words per neuron: membrane and threshold (membrane bits each), 7 leak bits, disable.</summary>
    public static int NeuronWords(int membraneBits) => ((2 * membraneBits) + LeakFieldBits + 1 + 31) / 32;

    /// <summary>Bits a weight occupies in a synapse word: its width rounded up to a power of two, so fields never straddle words.</summary>
    public static int WeightFieldBits(int weightBits)
    {
        var field = 1;
        while (field < weightBits)
        {
            field *= 2;
        }

        return field;
    }

    /// <summary>32-bit synapse words per row of a core with <paramref name="neurons"/> neurons.</summary>
    public static int WordsPerRow(int neurons, int weightBits) => ((neurons * WeightFieldBits(weightBits)) + 31) / 32;

    /// <summary>Address bits needed for <paramref name="count"/> items (at least 1).</summary>
    public static int BitsFor(int count)
    {
        var bits = 0;
        while ((1 << bits) < count)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>Width of the SPI address field of a core: {byte select, index} for both memories.</summary>
    public static int SpiFieldBits(int rows, int neurons, int weightBits, int membraneBits)
    {
        var neuronField = BitsFor(NeuronWords(membraneBits) * 4) + BitsFor(neurons);
        var synapseField = 2 + BitsFor(rows * WordsPerRow(neurons, weightBits));
        var bits = neuronField > synapseField ? neuronField : synapseField;
        return bits > MinSpiFieldBits ? bits : MinSpiFieldBits;
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of the first <paramref name="length"/> bytes.</summary>
    public static uint Crc32(byte[] data, int length)
    {
        var table = CrcTable();
        var crc = 0xFFFFFFFFu;
        for (var i = 0; i < length; i++)
        {
            crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] table = new uint[0];

    private static uint[] CrcTable()
    {
        if (table.Length == 256)
        {
            return table;
        }

        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            t[n] = c;
        }

        table = t;
        return t;
    }
}
