using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>The input: the encoder loop and hash (docs/semantics.md#encoding) and downsampling (docs/semantics.md#downsampling).</summary>
internal sealed partial class ClassWriter
{
    /// <summary>The loop over the inputs, as the flavour writes it; <paramref name="spike"/> records the input of an index expression.</summary>
    internal void EncodeLoop(System.Func<string, string> spike) => kernel.EncodeLoop(spike);

    /// <summary>The scalar loop over the inputs from <paramref name="start"/> (empty: from where a vector loop stopped).</summary>
    internal void EncodeInputs(string start, System.Func<string, string> spike)
    {
        using (w.Block($"for ({start}; i < {EncodedInputs}; i++)"))
        {
            w.Line("int x = input[i];");
            w.Line($"if ({InputSpikes()}) {spike("i")}");
        }
    }

    /// <summary>Whether input i with intensity x spikes at this timestep (docs/semantics.md#encoding).</summary>
    private string InputSpikes() => network.Input.Encoding == EncodingKind.Direct
        ? $"x >= {network.Input.DirectThreshold}"
        : "x != 0 && (Encode(timestep, i) >> 24) < (uint)x";

    private void EncoderMethod()
    {
        if (network.Input.Encoding != EncodingKind.Rate)
        {
            return;
        }

        w.Line("/// <summary>The counter-based rate-coding hash of docs/semantics.md#encoding.</summary>");
        using (w.Block("private static uint Encode(int t, int i)"))
        {
            using (w.Block("unchecked"))
            {
                w.Line("uint h = Seed ^ ((uint)t * 0x9E3779B1u) ^ ((uint)i * 0x85EBCA77u);");
                w.Line("h ^= h >> 16;");
                w.Line("h *= 0x7FEB352Du;");
                w.Line("h ^= h >> 15;");
                w.Line("h *= 0x846CA68Bu;");
                w.Line("h ^= h >> 16;");
                w.Line("return h;");
            }
        }

        w.Line();
        kernel.EncoderMethods();
    }

    // docs/semantics.md#downsampling with the block table the compiler computed (Downsampling.BlockOf).
    private void DownsampleMembers()
    {
        if (!Downsampled)
        {
            return;
        }

        var input = network.Input;
        var blockOf = input.BlockOf();
        var counts = new int[input.Size];
        foreach (var block in blockOf)
        {
            counts[block]++;
        }

        w.Line($"private const int EncodedSize = {input.Size};");
        w.Line("private readonly byte[] downsampled = new byte[EncodedSize];");
        w.Line("private readonly int[] blockSums = new int[EncodedSize];");
        w.Line();
        w.Line($"/// <summary>[{string.Join(", ", input.Shape)}] to [{string.Join(", ", input.Downsampled)}]: each block's integer mean.</summary>");
        using (w.Block("private byte[] Downsample(byte[] input)"))
        {
            w.Line("for (int o = 0; o < EncodedSize; o++) blockSums[o] = 0;");
            w.Line("for (int r = 0; r < InputSize; r++) blockSums[BlockOf[r]] += input[r];");
            w.Line("for (int o = 0; o < EncodedSize; o++) downsampled[o] = (byte)(blockSums[o] / BlockCount[o]);");
            w.Line("return downsampled;");
        }

        w.Line();
        w.Line("// the block of each input byte, and the bytes in each block");
        TableOf("BlockOf", blockOf);
        TableOf("BlockCount", counts);
    }
}
