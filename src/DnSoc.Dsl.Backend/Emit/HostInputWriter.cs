using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>The host flavour's input encoding: 64 inputs per word with vectors, the rate hash looked up in its table or computed in vectors.</summary>
internal sealed class HostInputWriter
{
    private readonly ClassWriter c;
    private readonly NetworkIr network;
    private readonly CodeWriter w;

    public HostInputWriter(ClassWriter c)
    {
        this.c = c;
        network = c.Network;
        w = c.W;
    }

    /// <summary>The host flavour's input encoding for one width: 64 inputs per word, the word's spikes in ascending index.</summary>
    public void HostEncodeWords(Simd simd, System.Func<string, string> spike)
    {
        var rate = network.Input.Encoding == EncodingKind.Rate;
        var table = c.CodePlan.HashTable is not null;
        w.Line("ref byte bytes = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(input);");
        if (table)
        {
            w.Line($"ref byte top = ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({CodePlanner.HashTable}), timestep * {c.EncodedInputs});");
        }
        else if (rate)
        {
            w.Line($"{simd.Ops}<uint> step = {simd.Ops}.Create(Seed ^ unchecked((uint)timestep * 0x9E3779B1u));");
        }

        using (w.Block($"for (; i <= {c.EncodedInputs} - 64; i += 64)"))
        {
            w.Line("ulong word = 0;");
            for (var p = 0; p < 64; p += simd.Bytes)
            {
                var at = p == 0 ? "i" : $"i + {p}";
                var offset = $"(nuint){(p == 0 ? at : $"({at})")}";
                var x = $"{simd.Ops}.LoadUnsafe(ref bytes, {offset})";
                var spikes = !rate ? $"{simd.Ops}.GreaterThanOrEqual({x}, {simd.Ops}.Create((byte){network.Input.DirectThreshold}))"
                    : table ? $"{simd.Ops}.LessThan({simd.Ops}.LoadUnsafe(ref top, {offset}), {x})"
                    : $"{simd.Ops}.LessThan(RateBytes{simd.Bits}(step, {at}), {x})";
                w.Line($"word |= (ulong){simd.Ops}.ExtractMostSignificantBits({spikes}){(p == 0 ? string.Empty : $" << {p}")};");
            }

            w.Line($"for (; word != 0; word &= word - 1) {spike("i + System.Numerics.BitOperations.TrailingZeroCount(word)")}");
        }
    }

    /// <summary>The hash table: the rate hash's top byte per (timestep, input), computed from the seed once.</summary>
    public void HashTable(ArrayPlan table)
    {
        var n = c.EncodedInputs;
        w.Line("/// <summary>The rate hash's top byte per (timestep, input): the seed is fixed, so the encoder looks it up (docs/performance.md).</summary>");
        w.Line($"private static readonly byte[] {table.Name} = HashTops();");
        w.Line();
        using (w.Block("private static byte[] HashTops()"))
        {
            w.Line($"byte[] top = new byte[{table.Length}];");
            w.Line($"for (int t = 0; t < Timesteps; t++) for (int i = 0; i < {n}; i++) top[(t * {n}) + i] = (byte)(Encode(t, i) >> 24);");
            w.Line("return top;");
        }

        w.Line();
    }

    /// <summary>The rate-coding hash in vectors of each width: the top bytes of consecutive inputs, in order.</summary>
    public void HostRateMethods(Simd[] widths)
    {
        foreach (var simd in widths)
        {
            var u = simd.Ops + "<uint>";
            w.Line($"/// <summary>The top bytes of the rate-coding hash of inputs i to i + {simd.Bytes - 1} at the timestep of step.</summary>");
            using (w.Block($"private static {simd.Ops}<byte> RateBytes{simd.Bits}({u} step, int i)"))
            {
                var lanes = simd.Bits / 32;
                w.Line($"return {simd.Ops}.Narrow({simd.Ops}.Narrow(Hash{simd.Bits}(step, i), Hash{simd.Bits}(step, i + {lanes})), " +
                       $"{simd.Ops}.Narrow(Hash{simd.Bits}(step, i + {2 * lanes}), Hash{simd.Bits}(step, i + {3 * lanes})));");
            }

            w.Line();
            using (w.Block($"private static {u} Hash{simd.Bits}({u} step, int i)"))
            {
                w.Line($"{u} h = step ^ (({u}.Indices + {simd.Ops}.Create((uint)i)) * {simd.Ops}.Create(0x85EBCA77u));");
                w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 16);");
                w.Line($"h *= {simd.Ops}.Create(0x7FEB352Du);");
                w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 15);");
                w.Line($"h *= {simd.Ops}.Create(0x846CA68Bu);");
                w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 16);");
                w.Line($"return {simd.Ops}.ShiftRightLogical(h, 24);");
            }

            w.Line();
        }
    }
}
