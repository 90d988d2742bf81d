namespace DnSoc.Firmware;

/// <summary>One core's part of a validated blob.</summary>
public sealed class CoreImage
{
    public int Rows;
    public int Neurons;
    public int WeightBits;
    public int MembraneBits;
    public int Leak;
    public int Reset;
    public int Lanes;
    public int UsedRows;
    public int UsedNeurons;
    public int OpenLoop;
    public int AerSource;
    public int MaxNeuron;
    public int NeuronWords;
    public int WordsPerRow;
    public uint[] NeuronMemory = new uint[0];
    public uint[] SynapseMemory = new uint[0];
}

/// <summary>One layer's place: its core and the neuron address its neurons start at.</summary>
public sealed class LayerImage
{
    public int Core;
    public int Offset;
    public int Size;
}

/// <summary>
/// A blob parsed and validated completely (docs/blob-format.md): once this exists, programming the
/// cores cannot fail on the blob's content.
/// </summary>
public sealed class BlobImage
{
    private readonly byte[] data;
    private readonly int length;
    private int position;

    private BlobImage(byte[] data, int length)
    {
        this.data = data;
        this.length = length;
    }

    public int Profile { get; private set; }

    public int Timesteps { get; private set; }

    /// <summary>Encoded inputs (rows of core 0 that the input uses).</summary>
    public int InputSize { get; private set; }

    /// <summary>Bytes of one input vector; more than <see cref="InputSize"/> when the input is downsampled.</summary>
    public int RawInputSize { get; private set; }

    /// <summary>For each input byte, the encoded input whose block holds it (docs/semantics.md#downsampling); empty without downsampling.</summary>
    public int[] BlockOf { get; private set; } = new int[0];

    /// <summary>Input bytes per block.</summary>
    public int[] BlockCount { get; private set; } = new int[0];

    public int Encoding { get; private set; }

    public uint Seed { get; private set; }

    public int DirectThreshold { get; private set; }

    public int ReadoutCore { get; private set; }

    public int ReadoutMode { get; private set; }

    public int ReadoutThreshold { get; private set; }

    /// <summary>Early exit (docs/dynamic.md#early-exit): 0 when the blob has none, else the first timestep it may stop after.</summary>
    public int ExitMinTimesteps { get; private set; }

    public int ExitMargin { get; private set; }

    public int ExitEvery { get; private set; }

    public CoreImage[] Cores { get; private set; } = new CoreImage[0];

    /// <summary>The layers in order; consecutive layers may share a core (docs/blob-format.md#shared-core).</summary>
    public LayerImage[] Layers { get; private set; } = new LayerImage[0];

    /// <summary>The error code of a blob: <see cref="BlobError.None"/> when it would be accepted.</summary>
    public static BlobError Check(byte[] blob)
    {
        try
        {
            Parse(blob);
            return BlobError.None;
        }
        catch (BlobException e)
        {
            return e.Error;
        }
    }

    /// <summary>Parse and validate everything; throws <see cref="BlobException"/> on the first problem.</summary>
    public static BlobImage Parse(byte[] blob) => Parse(blob, blob == null ? 0 : blob.Length);

    /// <summary>
    /// As <see cref="Parse(byte[])"/>, for a blob in the first <paramref name="length"/> bytes of a buffer
    /// (a controller receives it into a fixed buffer rather than allocating one per blob).
    /// </summary>
    public static BlobImage Parse(byte[] blob, int length)
    {
        if (length < 0 || (blob != null && length > blob.Length))
        {
            throw new System.ArgumentOutOfRangeException("length");
        }

        if (blob == null || length < BlobLayout.HeaderBytes + BlobLayout.CrcBytes)
        {
            throw new BlobException(BlobError.TooShort, "shorter than a header");
        }

        var image = new BlobImage(blob, length);
        image.ParseAll();
        return image;
    }

    private void ParseAll()
    {
        // Integrity first: no field is trusted before the length and the CRC agree.
        Expect(Word(), BlobLayout.Magic, BlobError.BadMagic, "magic", hex: true);
        var versionAndProfile = Word();
        Expect(versionAndProfile & 0xFFFF, BlobLayout.Version, BlobError.BadVersion, "format version", hex: false);
        var declared = Word();
        if (declared != (uint)length)
        {
            throw new BlobException(BlobError.BadLength, "total length: the header says " + declared + " bytes, the blob has " + length);
        }

        var stored = (uint)(data[length - 4] | (data[length - 3] << 8) | (data[length - 2] << 16) | (data[length - 1] << 24));
        var computed = BlobLayout.Crc32(data, length - BlobLayout.CrcBytes);
        if (computed != stored)
        {
            throw new BlobException(BlobError.BadCrc, "CRC-32: the blob stores " + Hex(stored) + ", its bytes give " + Hex(computed));
        }

        Profile = (int)(versionAndProfile >> 16);
        Require(Profile == BlobLayout.ProfileDnsoc || Profile == BlobLayout.ProfileTinyOdin, BlobError.BadProfile, "target profile");
        Require(Word() == BlobLayout.SectionCount, BlobError.BadSection, "section count");
        var coreCount = Field(1, 64, "core count");
        InputSize = Field(1, 1 << 20, "input size");
        Cores = new CoreImage[coreCount];
        for (var c = 0; c < coreCount; c++)
        {
            Cores[c] = new CoreImage();
        }

        var end = Section(BlobLayout.SectionNetwork);
        Timesteps = Field(1, 1 << 16, "timesteps");
        Require(Word() == 0, BlobError.FieldOutOfRange, "update mode (per event only)");
        Layers = new LayerImage[Field(coreCount, 64, "layer count")];
        EndSection(end);

        end = Section(BlobLayout.SectionCores);
        for (var c = 0; c < coreCount; c++)
        {
            ReadCore(Cores[c]);
        }

        EndSection(end);

        end = Section(BlobLayout.SectionNeurons);
        for (var c = 0; c < coreCount; c++)
        {
            var core = Cores[c];
            core.NeuronWords = Field(1, 2, "neuron words");
            Require(core.NeuronWords == BlobLayout.NeuronWords(core.MembraneBits), BlobError.FieldOutOfRange, "neuron words");
            core.NeuronMemory = Words(core.UsedNeurons * core.NeuronWords);
            CheckNeurons(core);
        }

        EndSection(end);

        end = Section(BlobLayout.SectionSynapses);
        for (var c = 0; c < coreCount; c++)
        {
            var core = Cores[c];
            core.WordsPerRow = Field(1, 1 << 16, "words per row");
            Require(core.WordsPerRow == BlobLayout.WordsPerRow(core.Neurons, core.WeightBits), BlobError.FieldOutOfRange, "words per row");
            core.SynapseMemory = Words(core.UsedRows * core.WordsPerRow);
        }

        EndSection(end);

        end = Section(BlobLayout.SectionRouting);
        for (var m = 0; m < Layers.Length; m++)
        {
            ReadLayer(m);
        }

        Require(Layers[Layers.Length - 1].Core == coreCount - 1, BlobError.BadRouting, "every core holds a layer");
        for (var c = 0; c < coreCount; c++)
        {
            CheckPlacement(c);
        }

        EndSection(end);

        end = Section(BlobLayout.SectionInput);
        Encoding = Field(0, 1, "encoding");
        Seed = Word();
        DirectThreshold = Field(0, 256, "direct threshold");
        Require(Word() == (uint)InputSize, BlobError.FieldOutOfRange, "input size");
        RawInputSize = Field(InputSize, 1 << 20, "raw input size");
        if (RawInputSize != InputSize)
        {
            ReadBlocks();
        }

        EndSection(end);

        end = Section(BlobLayout.SectionReadout);
        ReadoutCore = Field(0, coreCount - 1, "readout core");
        ReadoutMode = Field(0, 2, "readout mode");
        ReadoutThreshold = Field(1, 0x7FFFFFFF, "readout threshold");
        Require(ReadoutCore == Layers[Layers.Length - 1].Core, BlobError.BadRouting, "the readout core holds the last layer");
        CheckReadoutThreshold();
        EndSection(end);

        end = Section(BlobLayout.SectionPrecision);
        if (Field(0, 1, "precision entries") == 1)
        {
            Field(BlobLayout.PolicyEarlyExit, BlobLayout.PolicyEarlyExit, "policy kind");
            ExitMinTimesteps = Field(1, Timesteps, "early exit min timesteps");
            ExitMargin = Field(0, 0x7FFFFFFF, "early exit margin");
            ExitEvery = Field(1, Timesteps, "early exit period");
        }

        EndSection(end);
        Require(position == length - BlobLayout.CrcBytes, BlobError.BadLength, "bytes after the last section");
    }

    // Every byte averages into one encoded input, and every encoded input averages at least one byte.
    private void ReadBlocks()
    {
        var words = Words(RawInputSize);
        BlockOf = new int[RawInputSize];
        BlockCount = new int[InputSize];
        for (var r = 0; r < RawInputSize; r++)
        {
            Require(words[r] < (uint)InputSize, BlobError.FieldOutOfRange, "downsampling block");
            BlockOf[r] = (int)words[r];
            BlockCount[BlockOf[r]]++;
        }

        for (var o = 0; o < InputSize; o++)
        {
            Require(BlockCount[o] > 0, BlobError.FieldOutOfRange, "empty downsampling block");
        }
    }

    private void ReadCore(CoreImage core)
    {
        var tiny = Profile == BlobLayout.ProfileTinyOdin;
        core.Rows = Field(1, BlobLayout.MaxCoreDimension, "rows");
        core.Neurons = Field(1, BlobLayout.MaxCoreDimension, "neurons");
        core.WeightBits = Field(1, 16, "weight bits");
        core.MembraneBits = Field(2, 24, "membrane bits");
        core.Leak = Field(0, 2, "leak kind");
        core.Reset = Field(0, 1, "reset kind");
        core.Lanes = Field(1, core.Neurons, "lanes");
        core.UsedRows = Field(1, core.Rows, "used rows");
        core.UsedNeurons = Field(1, core.Neurons, "used neurons");
        core.OpenLoop = Field(0, 1, "open loop");
        core.AerSource = Field(0, 1, "AER source");
        core.MaxNeuron = Field(0, core.Neurons - 1, "MAX_NEUR");
        Require(core.MaxNeuron == core.UsedNeurons - 1, BlobError.FieldOutOfRange, "MAX_NEUR");
        if (tiny)
        {
            // tinyODIN is one fixed core: anything else cannot be programmed into it.
            Require(core.Rows == 256 && core.Neurons == 256 && core.WeightBits == 4 && core.MembraneBits == 12 && core.Reset == BlobLayout.ResetZero
                && core.Leak != BlobLayout.LeakShift && core.Lanes == 1 && core.AerSource == 0, BlobError.BadProfile, "tinyODIN core parameters");
        }
    }

    // Each neuron starts at rest, with a threshold the membrane can reach, a leak its field holds.
    private void CheckNeurons(CoreImage core)
    {
        var b = core.MembraneBits;
        for (var n = 0; n < core.UsedNeurons; n++)
        {
            var lo = core.NeuronMemory[n * core.NeuronWords];
            var hi = core.NeuronWords == 2 ? core.NeuronMemory[(n * core.NeuronWords) + 1] : 0u;
            Require(FieldOf(lo, hi, 0, b) == 0, BlobError.FieldOutOfRange, "initial membrane");
            var threshold = FieldOf(lo, hi, b, b);
            Require(threshold >= 1 && threshold < (1u << (b - 1)), BlobError.FieldOutOfRange, "threshold");
            var leak = FieldOf(lo, hi, 2 * b, BlobLayout.LeakFieldBits);
            Require(core.Leak != BlobLayout.LeakNone || leak == 0, BlobError.FieldOutOfRange, "leak of a core without leak");
            var used = (2 * b) + BlobLayout.LeakFieldBits;
            var top = (32 * core.NeuronWords) - 1;
            Require(FieldOf(lo, hi, used, top - used) == 0, BlobError.FieldOutOfRange, "reserved neuron bits");
        }
    }

    private static uint FieldOf(uint lo, uint hi, int start, int width)
    {
        if (width == 0)
        {
            return 0;
        }

        ulong both = ((ulong)hi << 32) | lo;
        return (uint)((both >> start) & ((1UL << width) - 1));
    }

    // A chain: layer 0 on core 0, each next layer on its predecessor's core or the next one.
    private void ReadLayer(int m)
    {
        var layer = new LayerImage();
        layer.Core = Field(m == 0 ? 0 : Layers[m - 1].Core, m == 0 ? 0 : Layers[m - 1].Core + 1, "layer core");
        layer.Offset = Field(0, 1 << 16, "layer neuron offset");
        layer.Size = Field(1, 1 << 16, "layer size");
        Layers[m] = layer;
    }

    // A core alone with its layer runs in open loop, rows = the source's neurons, neurons from address 0. Layers
    // sharing it run in closed loop: the first one's source takes the low addresses, then each layer's neurons,
    // and every address is a row, so every spike re-enters at a programmed row.
    private void CheckPlacement(int c)
    {
        var core = Cores[c];
        var first = 0;
        while (Layers[first].Core != c)
        {
            first++;
        }

        var last = first;
        while (last + 1 < Layers.Length && Layers[last + 1].Core == c)
        {
            last++;
        }

        var shared = last > first;
        var sourceRows = first == 0 ? InputSize : Layers[first - 1].Size;
        var next = shared ? sourceRows : 0;
        for (var m = first; m <= last; m++)
        {
            Require(Layers[m].Offset == next, BlobError.BadRouting, "layer neuron offset");
            next += Layers[m].Size;
        }

        // Before any neuron is read: the neuron memory holds exactly the used neurons.
        Require(core.UsedNeurons == next, BlobError.BadRouting, "neurons used match the layers on the core");
        Require(core.UsedRows == (shared ? next : sourceRows), BlobError.BadRouting, "rows used match the source's size");
        Require(core.OpenLoop == (shared ? 0 : 1), BlobError.BadRouting, "closed loop exactly when layers share the core");
        Require(!shared || core.Reset == BlobLayout.ResetZero, BlobError.BadRouting, "layers sharing a core reset to zero");
        for (var n = 0; shared && n < sourceRows; n++)
        {
            // Below the first layer the addresses are input rows: a neuron there must never emit a spike.
            Require(Disabled(core, n), BlobError.BadRouting, "neurons at input rows are disabled");
        }

        for (var m = first; m <= last; m++)
        {
            // A disabled neuron never spikes: its layer would pass nothing on, or the readout would never hear from it.
            var output = m == Layers.Length - 1;
            for (var n = Layers[m].Offset; n < Layers[m].Offset + Layers[m].Size; n++)
            {
                Require(!Disabled(core, n), output ? BlobError.OutputNeuronDisabled : BlobError.LayerNeuronDisabled,
                    output ? "output neurons are enabled" : "layer neurons are enabled");
            }
        }
    }

    private static bool Disabled(CoreImage core, int neuron) =>
        (core.NeuronMemory[(neuron * core.NeuronWords) + core.NeuronWords - 1] >> 31) == 1;

    // The potential readout weighs spike counts by this threshold: it must be the output neurons' own.
    private void CheckReadoutThreshold()
    {
        var core = Cores[ReadoutCore];
        var output = Layers[Layers.Length - 1];
        var b = core.MembraneBits;
        for (var n = output.Offset; n < output.Offset + output.Size; n++)
        {
            var lo = core.NeuronMemory[n * core.NeuronWords];
            var hi = core.NeuronWords == 2 ? core.NeuronMemory[(n * core.NeuronWords) + 1] : 0u;
            Require(FieldOf(lo, hi, b, b) == (uint)ReadoutThreshold, BlobError.ReadoutThresholdMismatch, "readout threshold is the output neurons' threshold");
        }
    }

    private int Section(int id)
    {
        Expect(Word(), (uint)id, BlobError.BadSection, "section order: section id", hex: false);
        var bytes = Word();
        Require(bytes % 4 == 0 && bytes <= (uint)(length - BlobLayout.CrcBytes - position), BlobError.BadSection, "section length");
        return position + (int)bytes;
    }

    private void EndSection(int end) => Require(position == end, BlobError.BadSection, "section length");

    private uint[] Words(int count)
    {
        Require(count >= 0 && (long)count * 4 <= length - BlobLayout.CrcBytes - position, BlobError.BadSection, "memory image length");
        var words = new uint[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Word();
        }

        return words;
    }

    private int Field(int min, int max, string what)
    {
        var value = Word();
        if (value < (uint)min || value > (uint)max)
        {
            throw new BlobException(BlobError.FieldOutOfRange, what + " " + value + " is outside " + min + ".." + max);
        }

        return (int)value;
    }

    // The detail is built only on failure: a controller validates every blob it receives.
    private static void Expect(uint actual, uint expected, BlobError error, string what, bool hex)
    {
        if (actual != expected)
        {
            throw new BlobException(error, what + " " + (hex ? Hex(actual) : actual.ToString()) + ", expected " + (hex ? Hex(expected) : expected.ToString()));
        }
    }

    // By hand: nanoFramework's number formatting is not relied on for hex.
    private static string Hex(uint value)
    {
        const string Digits = "0123456789ABCDEF";
        var chars = new char[10];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 8; i++)
        {
            chars[9 - i] = Digits[(int)((value >> (4 * i)) & 0xF)];
        }

        return new string(chars);
    }

    private uint Word()
    {
        Require(position + 4 <= length - BlobLayout.CrcBytes, BlobError.BadLength, "read past the end");
        var p = position;
        position += 4;
        return (uint)(data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24));
    }

    private static void Require(bool condition, BlobError error, string what)
    {
        if (!condition)
        {
            throw new BlobException(error, what);
        }
    }
}
