using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Planning.Code;

/// <summary>
/// Decides how the generated class of a network is laid out in one flavour (docs/codegen.md#the-code-plan):
/// per layer the loop, the unroll factor, the weight tables and the clamps, and every static table and
/// state array. The emitter writes what it decides and the cost model prices it; neither decides again.
/// </summary>
public static class CodePlanner
{
    /// <summary>Unroll factor of <c>unroll: auto</c> for layers too large to unroll fully (docs/codegen.md#unrolling).</summary>
    public const int AutoUnrollFactor = 8;

    /// <summary>Layers up to this size are fully unrolled under <c>unroll: auto</c>.</summary>
    public const int AutoFullUnrollLimit = 16;

    /// <summary>Sparse rows were measured no slower than dense ones up to this fraction of nonzero weights (docs/codegen.md#sparse-rows).</summary>
    public const double SparseDensityLimit = 0.5;

    /// <summary>Host, 16-bit lanes: events per chunk, whose fired masks are listed as spikes after the chunk.</summary>
    public const int LaneChunk = 64;

    /// <summary>Host, 16-bit lanes: the widest vector's lanes; rows are padded to a multiple of it.</summary>
    public const int MaxShortLanes = 32;

    /// <summary>Host, 16-bit lanes: the narrowest vector's lanes (Vector128, which runs anywhere).</summary>
    public const int MinShortLanes = 8;

    /// <summary>Initial length of the event queue and lists (they grow when a timestep needs more).</summary>
    public const int MinEventList = 64;

    /// <summary>Host: the rate hash's top bytes, one per (timestep, input), fixed by the seed and computed at type initialisation.</summary>
    public const string HashTable = "HashTop";

    /// <summary>Host: the largest hash table (timesteps x inputs, bytes of RAM); a larger network hashes in vectors instead.</summary>
    public const long MaxHashTableBytes = 1 << 20;

    public static CodePlan Plan(NetworkIr network, CodeFlavour flavour, WeightLayout layout = WeightLayout.Auto)
    {
        var host = flavour == CodeFlavour.Host;
        var events = network.Update == UpdateMode.PerStep ? EventPath.StepLists : host ? EventPath.LayerLists : EventPath.Queue;
        var layers = network.Layers.Select(l => PlanLayer(network, l, flavour, layout)).ToEquatableArray();
        var words = host && network.Input.Size >= 64;
        return new CodePlan(flavour, events, words, layers,
            Tables(network, layers, words).ToEquatableArray(), State(network, layers, events).ToEquatableArray());
    }

    /// <summary>
    /// Whether code may skip a layer's zero weights: per step always, since zeros add nothing to the
    /// timestep's sum; per event when the membrane stays below threshold between updates
    /// (<see cref="LayerIr.StaysBelowThreshold"/>), so a zero weight changes nothing, not even by testing it.
    /// </summary>
    public static bool ZerosSkippable(LayerIr layer, UpdateMode update) => update == UpdateMode.PerStep || layer.StaysBelowThreshold;

    /// <summary>Whether sparse rows pay: their tables take fewer bytes than the dense one and at most <see cref="SparseDensityLimit"/> of the weights are nonzero.</summary>
    public static bool SparseRowsPay(LayerIr layer) =>
        SparseTables(layer).Sum(t => t.Bytes) < DenseTable(layer).Bytes && layer.NonzeroWeights <= SparseDensityLimit * layer.Weights.Count;

    private static LayerCodePlan PlanLayer(NetworkIr network, LayerIr layer, CodeFlavour flavour, WeightLayout layout)
    {
        var host = flavour == CodeFlavour.Host;
        var perEvent = network.Update == UpdateMode.PerEvent;
        // Host vector loops want dense rows; a policy layer's plain loop reads the dense row.
        var policy = network.Policies.ShapesSynapses(layer.Index);
        var sparse = !host && !policy && layout switch
        {
            WeightLayout.Auto => ZerosSkippable(layer, network.Update) && SparseRowsPay(layer),
            WeightLayout.Sparse => ZerosSkippable(layer, network.Update),
            _ => false,
        };
        var loop = policy ? LoopKind.PolicyLoop
            : sparse ? LoopKind.SparseRows
            : !host ? LoopKind.Unrolled
            : perEvent && FitsShortLanes(layer) ? LoopKind.ShortLanes
            : LoopKind.IntLanes;
        var packing = !host ? PackingOf(layer.WeightBits) : loop == LoopKind.ShortLanes ? WeightPacking.Short : WeightPacking.Int;
        var stride = loop == LoopKind.ShortLanes ? ShortLaneStride(layer) : layer.Size;
        var tables = sparse ? SparseTables(layer) : new[] { host ? HostTable(layer, packing, stride) : DenseTable(layer) };
        return new LayerCodePlan(layer.Index, loop, loop == LoopKind.Unrolled ? EffectiveUnroll(layer) : 1, packing, stride,
            perEvent ? AddClamps(network, layer, loop) : Clamps.Both, layer.Neuron.Leak != LeakKind.None || layer.Neuron.Reset != ResetKind.Zero,
            tables.ToEquatableArray());
    }

    /// <summary>The unroll factor the layer asks for, <c>unroll: auto</c> resolved.</summary>
    private static int EffectiveUnroll(LayerIr layer) =>
        layer.Unroll == LayerIr.UnrollAuto ? (layer.Size <= AutoFullUnrollLimit ? layer.Size : AutoUnrollFactor) : layer.Unroll;

    /// <summary>
    /// Whether 16-bit lanes give exactly the 32-bit results: membranes, weights, threshold and leak
    /// amount fit in a short, so a saturating 16-bit add followed by the clamp to the membrane range is
    /// the clamp of the exact sum, and no leak or reset can wrap.
    /// </summary>
    private static bool FitsShortLanes(LayerIr layer)
    {
        var n = layer.Neuron;
        return n.MembraneBits <= 16 && layer.WeightBits <= 16 && n.Threshold <= short.MaxValue
               && (n.Leak != LeakKind.Subtract || n.LeakAmount <= short.MaxValue);
    }

    /// <summary>A 16-bit layer's row length: its size padded to whole vectors of every width.</summary>
    private static int ShortLaneStride(LayerIr layer) => (layer.Size + MaxShortLanes - 1) / MaxShortLanes * MaxShortLanes;

    /// <summary>Per event, the clamps one weight can make act.</summary>
    private static Clamps AddClamps(NetworkIr network, LayerIr layer, LoopKind loop)
    {
        var lower = layer.Weights.Min() < 0;
        var upper = layer.Weights.Max() > 0 && !UpperClampUnreachable(layer);
        return loop switch
        {
            // Low-precision weights can exceed the layer's own range after rounding, so both clamps stay.
            LoopKind.PolicyLoop when network.Policies.Precision(layer.Index) is not null => Clamps.Both,
            // After a saturating 16-bit add, 16-bit membranes need no clamp.
            LoopKind.ShortLanes when layer.Neuron.MembraneBits >= 16 => new Clamps(false, false),
            LoopKind.IntLanes => Clamps.Both,
            _ => new Clamps(lower, upper),
        };
    }

    /// <summary>
    /// When a membrane stays below its threshold between updates, one update reaches at most
    /// threshold - 1 + max weight; if that fits, the upper clamp can never act and is left out.
    /// </summary>
    private static bool UpperClampUnreachable(LayerIr layer) =>
        layer.StaysBelowThreshold && layer.Neuron.Threshold - 1 + (long)layer.Weights.Max() <= FixedPoint.MaxSigned(layer.Neuron.MembraneBits);

    private static WeightPacking PackingOf(int weightBits) => weightBits <= 4 ? WeightPacking.Nibbles : weightBits <= 8 ? WeightPacking.SByte : WeightPacking.Short;

    private static ElementType ElementOf(WeightPacking packing) => packing switch
    {
        WeightPacking.Nibbles => ElementType.Byte,
        WeightPacking.SByte => ElementType.SByte,
        WeightPacking.Short => ElementType.Short,
        _ => ElementType.Int,
    };

    private static long PackedLength(long weights, WeightPacking packing) => packing == WeightPacking.Nibbles ? (weights + 1) / 2 : weights;

    private static ArrayPlan DenseTable(LayerIr layer)
    {
        var packing = PackingOf(layer.WeightBits);
        return ArrayPlan.Table($"W{layer.Index}", ElementOf(packing), PackedLength(layer.Weights.Count, packing), ArrayRole.Weights);
    }

    /// <summary>Host: unpacked (and padded) for vector loads, but its constant keeps one value per weight at the nano width, without the padding.</summary>
    private static ArrayPlan HostTable(LayerIr layer, WeightPacking packing, int stride) =>
        new($"W{layer.Index}", ElementOf(packing), (long)layer.InputSize * stride, ArrayRole.Weights,
            new TableLiteral(layer.WeightBits <= 8 ? ElementType.SByte : ElementType.Short, layer.Weights.Count));

    /// <summary>Sparse rows (CSR): the nonzero weights packed as in the dense table, a neuron index each, and where each row starts.</summary>
    private static ArrayPlan[] SparseTables(LayerIr layer)
    {
        var m = layer.Index;
        long nonzero = layer.NonzeroWeights;
        var packing = PackingOf(layer.WeightBits);
        return new[]
        {
            ArrayPlan.Table($"W{m}", ElementOf(packing), PackedLength(nonzero, packing), ArrayRole.Weights),
            ArrayPlan.Table($"C{m}", ElementTypes.Unsigned(layer.Size - 1L), nonzero, ArrayRole.Weights),
            ArrayPlan.Table($"R{m}", nonzero <= ushort.MaxValue ? ElementType.UShort : ElementType.Int, layer.InputSize + 1L, ArrayRole.Weights),
        };
    }

    /// <summary>The static tables in class order: the hash table, the downsampling blocks, the weights, the policies' tables.</summary>
    private static IEnumerable<ArrayPlan> Tables(NetworkIr network, EquatableArray<LayerCodePlan> layers, bool inputWords)
    {
        var input = network.Input;
        // The seed is a constant, so the encoder's 64-input words compare the intensities with a lookup instead
        // of hashing every input at every timestep; computed, not stored: no constant, no data flash.
        var hashBytes = (long)network.Timesteps * input.Size;
        if (inputWords && input.Encoding == EncodingKind.Rate && hashBytes <= MaxHashTableBytes)
        {
            yield return new ArrayPlan(HashTable, ElementType.Byte, hashBytes, ArrayRole.Table);
        }

        if (!input.Downsampled.IsEmpty)
        {
            yield return ArrayPlan.Table("BlockOf", input.Size <= short.MaxValue + 1 ? ElementType.Short : ElementType.Int, input.RawSize, ArrayRole.Table);
            yield return ArrayPlan.Table("BlockCount", ElementType.Int, input.Size, ArrayRole.Table);
        }

        foreach (var table in layers.SelectMany(l => l.WeightTables))
        {
            yield return table;
        }

        foreach (var cut in network.Policies.RowCutoffs)
        {
            var size = network.Layers[cut.LayerIndex].Size;
            yield return ArrayPlan.Table($"Rank{cut.LayerIndex}", size <= 256 ? ElementType.Byte : ElementType.UShort, cut.Ranks.Count, ArrayRole.Table);
        }

        foreach (var precision in network.Policies.Precisions)
        {
            yield return ArrayPlan.Table($"WL{precision.LayerIndex}", precision.LowBits <= 8 ? ElementType.SByte : ElementType.Short, precision.LowWeights.Count, ArrayRole.Table);
        }
    }

    /// <summary>The instance arrays in class order: membranes, per-step sums, event lists, counters, downsampling buffers.</summary>
    private static IEnumerable<ArrayPlan> State(NetworkIr network, EquatableArray<LayerCodePlan> layers, EventPath events)
    {
        foreach (var layer in network.Layers)
        {
            var m = layer.Index;
            yield return new ArrayPlan($"v{m}", ElementType.Int, layer.Size, ArrayRole.Membrane);
            if (layers[m].Loop == LoopKind.ShortLanes)
            {
                yield return new ArrayPlan($"s{m}", ElementType.Short, layers[m].RowStride, ArrayRole.Membrane);
            }

            if (events == EventPath.StepLists)
            {
                yield return new ArrayPlan($"acc{m}", ElementType.Int, layer.Size, ArrayRole.Membrane);
                yield return new ArrayPlan($"spikes{m}", ElementType.Int, layer.Size, ArrayRole.Membrane);
            }
        }

        switch (events)
        {
            case EventPath.StepLists:
                yield return new ArrayPlan("inputSpikes", ElementType.Int, network.Input.Size, ArrayRole.Events);
                break;
            case EventPath.LayerLists:
                foreach (var layer in network.Layers)
                {
                    yield return new ArrayPlan($"ev{layer.Index}", ElementType.Int,
                        layer.Index == 0 ? network.Input.Size : Math.Max(MinEventList, 4 * layer.InputSize), ArrayRole.Events);
                }

                var narrow = network.Layers.Where(l => layers[l.Index].Loop == LoopKind.ShortLanes).ToList();
                if (narrow.Count > 0)
                {
                    // One fired mask per vector of the narrowest width, per event of a chunk.
                    yield return new ArrayPlan("fired", ElementType.ULong, LaneChunk * narrow.Max(l => (l.Size + MinShortLanes - 1) / MinShortLanes), ArrayRole.Events);
                }

                break;
            default:
                yield return new ArrayPlan("queue", ElementType.Int, Math.Max(MinEventList, network.Input.Size), ArrayRole.Events);
                break;
        }

        yield return new ArrayPlan("layerSpikes", ElementType.Int, network.Layers.Count, ArrayRole.Counters);
        yield return new ArrayPlan("outputCounts", ElementType.Int, network.OutputLayer.Size, ArrayRole.Counters);
        if (!network.Input.Downsampled.IsEmpty)
        {
            yield return new ArrayPlan("downsampled", ElementType.Byte, network.Input.Size, ArrayRole.Counters);
            yield return new ArrayPlan("blockSums", ElementType.Int, network.Input.Size, ArrayRole.Counters);
        }
    }
}
