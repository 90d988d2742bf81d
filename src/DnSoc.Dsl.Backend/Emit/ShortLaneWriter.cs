using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// The host flavour's 16-bit lanes (<see cref="LoopKind.ShortLanes"/>): per-event layers whose membranes,
/// weights, threshold and leak fit a short run 32, 16 or 8 lanes per vector, a chunk of events at a time.
/// </summary>
internal sealed class ShortLaneWriter
{
    private const int Chunk = CodePlanner.LaneChunk;

    /// <summary>Layers of up to this many vectors keep their membranes in registers across a chunk.</summary>
    private const int RegisterVectors = 8;

    private readonly ClassWriter c;
    private readonly HostKernelWriter host;
    private readonly CodeWriter w;

    public ShortLaneWriter(ClassWriter c, HostKernelWriter host)
    {
        this.c = c;
        this.host = host;
        w = c.W;
    }

    /// <summary>
    /// A 16-bit layer's events, a chunk at a time: per event, every vector of membranes takes the weight
    /// row with saturation and resets its fired lanes at once; the fired masks are listed as spikes after
    /// the chunk (event order, ascending index). Small layers keep their membranes in registers.
    /// </summary>
    public void NarrowDeliver(LayerIr layer, Simd simd)
    {
        var m = layer.Index;
        var lanes = simd.Shorts;
        var vectors = Vectors(layer, simd);
        var registers = vectors <= RegisterVectors;

        // Each event leaves its fired masks in words of bits; in registers, the masks are packed into
        // 64-lane words, so fewer words are decoded per event.
        var words = registers ? ((vectors * lanes) + 63) / 64 : vectors;
        var wordLanes = registers ? 64 : lanes;
        w.Line($"ref short v = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s{m});");
        w.Line($"ref short w = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(W{m});");
        w.Line("ulong[] bits = fired;");
        NarrowConstants(layer, simd);
        using (w.Block($"for (int start = 0; start < count; start += {Chunk})"))
        {
            w.Line($"int end = System.Math.Min(count, start + {Chunk});");
            w.Line("ulong hits = 0;");
            if (registers)
            {
                for (var k = 0; k < vectors; k++)
                {
                    w.Line($"{simd.Short} x{k} = {simd.Ops}.LoadUnsafe(ref v, {k * lanes});");
                }

                using (w.Block($"for (int e = start, q = 0; e < end; e++, q += {words})"))
                {
                    w.Line($"nuint row = (nuint)list[e] * {Stride(layer)};");
                    for (var k = 0; k < vectors; k++)
                    {
                        w.Line($"ulong b{k} = {NarrowUpdate(layer, simd, $"x{k}", k == 0 ? "row" : $"row + {k * lanes}")};");
                    }

                    w.Line("ulong hit = 0;");
                    for (var word = 0; word < words; word++)
                    {
                        var first = word * 64 / lanes;
                        var packed = Enumerable.Range(first, System.Math.Min(64 / lanes, vectors - first))
                            .Select(k => k == first ? $"b{k}" : $"(b{k} << {(k - first) * lanes})");
                        w.Line($"hit |= bits[{(word == 0 ? "q" : $"q + {word}")}] = {string.Join(" | ", packed)};");
                    }

                    MarkHit();
                }

                for (var k = 0; k < vectors; k++)
                {
                    w.Line($"{simd.Ops}.StoreUnsafe(x{k}, ref v, {k * lanes});");
                }
            }
            else
            {
                using (w.Block("for (int e = start, q = 0; e < end; e++)"))
                {
                    w.Line($"nuint row = (nuint)list[e] * {Stride(layer)};");
                    w.Line("ulong hit = 0;");
                    using (w.Block($"for (nuint j = 0; j < {vectors * lanes}; j += {lanes}, q++)"))
                    {
                        w.Line($"{simd.Short} x = {simd.Ops}.LoadUnsafe(ref v, j);");
                        w.Line($"hit |= bits[q] = {NarrowUpdate(layer, simd, "x", "row + j")};");
                        w.Line($"{simd.Ops}.StoreUnsafe(x, ref v, j);");
                    }

                    MarkHit();
                }
            }

            w.Line($"if (hits != 0) Fired{m}(hits, {words}, {wordLanes});");
        }
    }

    /// <summary>Sets the event's bit in hits if any lane fired, without a branch (whether one fires is hard to predict).</summary>
    private void MarkHit() => w.Line("hits |= unchecked(hit | (0UL - hit)) >> 63 << (e - start);");

    /// <summary>One vector x of membranes takes one event's weights, fires and resets; returns the expression of its fired mask.</summary>
    private string NarrowUpdate(LayerIr layer, Simd simd, string x, string offset)
    {
        var (lower, upper) = c.Plan(layer).AddClamps;
        var f = "f" + x.Substring(1);
        w.Line($"{x} = {simd.Ops}.AddSaturate({x}, {simd.Ops}.LoadUnsafe(ref w, {offset}));");
        if (lower)
        {
            w.Line($"{x} = {simd.Ops}.Max({x}, lo);");
        }

        if (upper)
        {
            w.Line($"{x} = {simd.Ops}.Min({x}, hi);");
        }

        w.Line($"{simd.Short} {f} = {simd.Ops}.GreaterThanOrEqual({x}, theta);");
        NarrowReset(layer, simd, x);
        return $"{simd.Ops}.ExtractMostSignificantBits({f})";
    }

    /// <summary>
    /// The fired lanes of x reset all at once (the order only matters for the spike list). A select on a compare of
    /// its own, not x - (f &amp; theta): with AVX-512 the compare stays in a mask register and x - theta does not wait
    /// for it, so an event's chain is add, compare, masked move, which bounds a small layer's speed.
    /// </summary>
    private void NarrowReset(LayerIr layer, Simd simd, string x) =>
        w.Line($"{x} = {simd.Ops}.ConditionalSelect({simd.Ops}.LessThan({x}, theta), {x}, {(layer.Neuron.Reset == ResetKind.Zero ? simd.Short + ".Zero" : $"{x} - theta")});");

    private void NarrowConstants(LayerIr layer, Simd simd)
    {
        var bits = layer.Neuron.MembraneBits;
        var (lower, upper) = c.Plan(layer).AddClamps;
        w.Line($"{simd.Short} theta = {simd.Constant(layer.Neuron.Threshold)};");
        if (lower)
        {
            w.Line($"{simd.Short} lo = {simd.Constant(FixedPoint.MinSigned(bits))};");
        }

        if (upper)
        {
            w.Line($"{simd.Short} hi = {simd.Constant(FixedPoint.MaxSigned(bits))};");
        }
    }

    /// <summary>Lists the fired lanes of the last chunk of events: event by event, ascending index.</summary>
    public void FiredMethod(LayerIr layer)
    {
        var m = layer.Index;
        var last = m == c.LastLayer;
        w.Line($"/// <summary>The spikes of a chunk of Deliver{m}: the events whose bit is set in hits, in order, each in ascending index.</summary>");
        w.Line("/// <param name=\"words\">The words of fired lanes per event.</param>");
        w.Line("/// <param name=\"lanes\">The neurons per word.</param>");
        using (w.Block($"private void Fired{m}(ulong hits, int words, int lanes)"))
        {
            if (!last)
            {
                w.Line($"ev{m + 1} = Room(ev{m + 1}, n{m + 1}, (System.Numerics.BitOperations.PopCount(hits) * {layer.Size}) + 2);");
                w.Line($"int[] next = ev{m + 1};");
                w.Line($"int count = n{m + 1};");
            }

            using (w.Block("for (; hits != 0; hits &= hits - 1)"))
            {
                w.Line("int q = System.Numerics.BitOperations.TrailingZeroCount(hits) * words;");
                using (w.Block("for (int k = 0; k < words; k++)"))
                {
                    w.Line("ulong bits = fired[q + k];");
                    w.Line("int spikes = System.Numerics.BitOperations.PopCount(bits);");
                    w.Line($"layerSpikes[{m}] += spikes;");
                    const string J = "k * lanes + System.Numerics.BitOperations.TrailingZeroCount(bits)";
                    if (last)
                    {
                        w.Line($"for (; bits != 0; bits &= bits - 1) outputCounts[{J}]++;");
                    }
                    else
                    {
                        // A word rarely holds more than two spikes: they are listed without testing for them
                        // (a mispredicted test costs more than two stores; entries past the count are overwritten).
                        w.Line($"next[count] = {J};");
                        w.Line("bits = unchecked(bits & (bits - 1));");
                        w.Line($"next[count + 1] = {J};");
                        w.Line("bits = unchecked(bits & (bits - 1));");
                        w.Line($"for (int r = count + 2; bits != 0; bits &= bits - 1) next[r++] = {J};");
                        w.Line("count += spikes;");
                    }
                }
            }

            if (!last)
            {
                w.Line($"n{m + 1} = count;");
            }
        }

        w.Line();
    }

    /// <summary>A 16-bit layer's leak phase: leak, test and reset a vector at a time; spikes listed in ascending index.</summary>
    public void NarrowLeakPhase(LayerIr layer, Simd simd)
    {
        var m = layer.Index;
        var lanes = simd.Shorts;
        w.Line($"ref short v = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s{m});");
        w.Line($"{simd.Short} theta = {simd.Constant(layer.Neuron.Threshold)};");
        using (w.Block($"for (int j = 0; j < {Vectors(layer, simd) * lanes}; j += {lanes})"))
        {
            w.Line($"{simd.Short} x = {simd.Ops}.LoadUnsafe(ref v, (nuint)j);");
            host.VectorLeak(layer.Neuron, simd.Ops, simd.Short, simd.Constant, 15);
            w.Line($"{simd.Short} f = {simd.Ops}.GreaterThanOrEqual(x, theta);");
            NarrowReset(layer, simd, "x");
            w.Line($"{simd.Ops}.StoreUnsafe(x, ref v, (nuint)j);");
            w.Line($"ulong bits = {simd.Ops}.ExtractMostSignificantBits(f);");
            w.Line($"layerSpikes[{m}] += System.Numerics.BitOperations.PopCount(bits);");
            var j = "j + System.Numerics.BitOperations.TrailingZeroCount(bits)";
            w.Line($"for (; bits != 0; bits &= bits - 1) {(m == c.LastLayer ? $"outputCounts[{j}]++" : $"ev{m + 1}[n{m + 1}++] = {j}")};");
        }
    }

    public static int Vectors(LayerIr layer, Simd simd) => (layer.Size + simd.Shorts - 1) / simd.Shorts;

    /// <summary>A 16-bit layer's row length in its weight table and membrane array (the plan pads it to whole vectors).</summary>
    private int Stride(LayerIr layer) => c.Plan(layer).RowStride;
}
