using System.Linq;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Ir;

// The one network IR: everything in integers, every default applied, every name resolved.
// Back ends (reference model, code, blob and cost emitters) read only this.

public enum TargetKind
{
    Dnsoc,
    TinyOdin,
    Mcu,
}

/// <summary>When the firing threshold is tested (docs/semantics.md#update-modes).</summary>
public enum UpdateMode
{
    /// <summary>After every synaptic and leak event, spikes queued FIFO within the timestep (tinyODIN).</summary>
    PerEvent,

    /// <summary>Once per timestep, after integrating all input spikes and the leak (snnTorch-style).</summary>
    PerStep,
}

public enum EncodingKind
{
    /// <summary>Seeded counter-based hash per (timestep, input): spike when hash byte &lt; intensity.</summary>
    Rate,

    /// <summary>Spike on every timestep while intensity &gt;= threshold.</summary>
    Direct,
}

public enum LeakKind
{
    None,

    /// <summary>Move the membrane toward zero by a constant, never crossing zero (tinyODIN).</summary>
    Subtract,

    /// <summary>v - (v &gt;&gt; shift): exponential decay toward zero.</summary>
    Shift,
}

public enum ResetKind
{
    Zero,
    Subtract,
}

public enum ReadoutMode
{
    /// <summary>Argmax of output spike counts; ties go to the higher final membrane, then the lower index.</summary>
    Count,

    /// <summary>Argmax of final output membranes; ties go to the lower index.</summary>
    Membrane,

    /// <summary>
    /// Argmax of spike count x threshold + final membrane (the charge a neuron integrated, exact for
    /// reset by subtraction without saturation); ties go to the lower index.
    /// </summary>
    Potential,
}

public enum BudgetMetric
{
    Lut,
    Ff,
    Bram,
    Dsp,
    Power,
    Energy,
    Latency,
    Flash,
    Ram,
}

public sealed record TargetIr(
    TargetKind Kind,
    int Rows,
    int NeuronsPerCore,
    int WeightBits,
    int MembraneBits,
    long ClockHz,
    int Lanes,
    string? McuCore);

/// <param name="Shape">The shape of the input vector a caller passes.</param>
/// <param name="Size">Encoded inputs: the elements of <see cref="Downsampled"/> if any, else of <see cref="Shape"/>.</param>
/// <param name="Downsampled">The shape after downsampling (docs/semantics.md#downsampling); empty without one.</param>
public sealed record InputIr(
    string Name,
    EquatableArray<int> Shape,
    int Size,
    EncodingKind Encoding,
    uint Seed,
    int DirectThreshold,
    EquatableArray<int> Downsampled = default)
{
    /// <summary>Bytes of one input vector, before any downsampling.</summary>
    public int RawSize => Shape.Aggregate(1, (p, d) => p * d);

    /// <summary>For each input byte, the encoded input it averages into (the identity without downsampling).</summary>
    public int[] BlockOf() => Downsampled.IsEmpty ? Enumerable.Range(0, RawSize).ToArray() : Downsampling.BlockOf(Shape, Downsampled);
}

public sealed record NeuronIr(
    string Name,
    int Threshold,
    LeakKind Leak,
    int LeakAmount,
    ResetKind Reset,
    int MembraneBits);

/// <summary>A dense layer. <see cref="Weights"/> is row-major [InputSize][Size]: row = pre-synaptic index.</summary>
/// <param name="Unroll">How far generated code unrolls the loop over this layer's neurons:
/// <see cref="UnrollAuto"/> (the emitter's measured policy), 1 (a plain loop) or a factor up to <see cref="Size"/> (fully unrolled).</param>
public sealed record LayerIr(
    string Name,
    int Index,
    int Size,
    int InputSize,
    string SourceName,
    int WeightBits,
    NeuronIr Neuron,
    EquatableArray<int> Weights,
    int Unroll = LayerIr.UnrollAuto,
    int Core = -1)
{
    /// <summary>The core the layer runs on (docs/blob-format.md#shared-core): its own, numbered like the layer, unless placed.</summary>
    public int CoreIndex => Core < 0 ? Index : Core;

    public const int UnrollAuto = 0;

    /// <summary>Unroll factor of <c>unroll: auto</c> for layers too large to unroll fully (docs/codegen.md#unrolling).</summary>
    public const int AutoUnrollFactor = 8;

    /// <summary>Layers up to this size are fully unrolled under <c>unroll: auto</c>.</summary>
    public const int AutoFullUnrollLimit = 16;

    /// <summary>Bound-stage marker for <c>unroll: full</c>; lowered to the layer size.</summary>
    public const int UnrollFull = -1;

    /// <summary>The effective unroll factor of the generated neuron loop (the emitter and the cost model share it).</summary>
    public int EffectiveUnroll => Unroll == UnrollAuto ? (Size <= AutoFullUnrollLimit ? Size : AutoUnrollFactor) : Unroll;

    public int Weight(int pre, int post) => Weights[(pre * Size) + post];

    public int NonzeroWeights => Weights.Count(w => w != 0);

    /// <summary>
    /// Per event, a membrane stays below its threshold between updates when a firing neuron resets to zero, or
    /// subtracts a threshold no smaller than any weight (update: v &lt; θ + w; after a reset v - θ &lt; w &lt;= θ;
    /// saturation and leak only lower it or move it toward zero). A zero weight then changes nothing, not even
    /// by testing the threshold, so code may skip it.
    /// </summary>
    public bool StaysBelowThreshold => Neuron.Reset == ResetKind.Zero || Weights.Max() <= Neuron.Threshold;

    /// <summary>Whether code may skip this layer's zero weights: per step always, since zeros add nothing to the timestep's sum; per event when <see cref="StaysBelowThreshold"/>.</summary>
    public bool ZerosSkippable(UpdateMode update) => update == UpdateMode.PerStep || StaysBelowThreshold;

    /// <summary>Sparse rows were measured no slower than dense ones up to this fraction of nonzero weights (docs/codegen.md#sparse-rows).</summary>
    public const double SparseDensityLimit = 0.5;

    /// <summary>
    /// Whether generated (nano) code stores the rows sparse, only the nonzero weights with their neuron indices
    /// and where each row starts: when skipping zeros is exact, the sparse tables take fewer bytes than the
    /// dense one, and at most <see cref="SparseDensityLimit"/> of the weights are nonzero.
    /// </summary>
    public bool SparseRows(UpdateMode update) =>
        ZerosSkippable(update) && SparseTableBytes < DenseTableBytes && NonzeroWeights <= SparseDensityLimit * Weights.Count;

    /// <summary>Bytes of the dense weight table: 1 to 4-bit weights two per byte, 5 to 8-bit sbyte, else short.</summary>
    public long DenseTableBytes => PackedBytes(Weights.Count, WeightBits);

    /// <summary>Bytes of the sparse tables: the nonzero weights packed as in the dense table, a neuron index each, and the row starts.</summary>
    public long SparseTableBytes
    {
        get
        {
            long nonzero = NonzeroWeights;
            return PackedBytes(nonzero, WeightBits) + (nonzero * SparseIndexBytes) + ((InputSize + 1L) * SparseRowStartBytes);
        }
    }

    /// <summary>Bytes of one neuron index in the sparse tables: byte, ushort or int.</summary>
    public int SparseIndexBytes => Size <= 256 ? 1 : Size <= 65536 ? 2 : 4;

    /// <summary>Bytes of one row start (an offset into the nonzero weights) in the sparse tables: ushort or int.</summary>
    public int SparseRowStartBytes => NonzeroWeights <= ushort.MaxValue ? 2 : 4;

    private static long PackedBytes(long count, int weightBits) => weightBits <= 4 ? (count + 1) / 2 : weightBits <= 8 ? count : 2 * count;
}

public sealed record ReadoutIr(int LayerIndex, ReadoutMode Mode);

/// <summary>A budget limit in SI base units (Hz, s, W, J, bytes) or plain counts (LUT, FF, BRAM, DSP).</summary>
public sealed record BudgetLimitIr(BudgetMetric Metric, decimal Limit, SourceLocation Location);

public sealed record NetworkIr(
    string Name,
    TargetIr Target,
    int Timesteps,
    UpdateMode Update,
    InputIr Input,
    EquatableArray<LayerIr> Layers,
    ReadoutIr Readout,
    EquatableArray<BudgetLimitIr> Budgets,
    PoliciesIr? Dynamic = null)
{
    public LayerIr OutputLayer => Layers[Readout.LayerIndex];

    /// <summary>The run-time policies (docs/dynamic.md); empty when the network declares none.</summary>
    public PoliciesIr Policies => Dynamic ?? PoliciesIr.None;

    /// <summary>
    /// Whether the generated (nano) code stores a layer's rows sparse (<see cref="LayerIr.SparseRows"/>): never
    /// under a policy that shapes its synapses, whose plain loop reads the dense row (docs/dynamic.md).
    /// </summary>
    public bool SparseRows(LayerIr layer) => layer.SparseRows(Update) && !Policies.ShapesSynapses(layer.Index);
}
