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
/// <see cref="UnrollAuto"/> (the code planner's measured policy), 1 (a plain loop) or a factor up to <see cref="Size"/> (fully unrolled).</param>
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

    /// <summary>Bound-stage marker for <c>unroll: full</c>; lowered to the layer size.</summary>
    public const int UnrollFull = -1;

    public int Weight(int pre, int post) => Weights[(pre * Size) + post];

    public int NonzeroWeights => Weights.Count(w => w != 0);

    /// <summary>
    /// Per event, a membrane stays below its threshold between updates when a firing neuron resets to zero, or
    /// subtracts a threshold no smaller than any weight (update: v &lt; θ + w; after a reset v - θ &lt; w &lt;= θ;
    /// saturation and leak only lower it or move it toward zero). A zero weight then changes nothing, not even
    /// by testing the threshold.
    /// </summary>
    public bool StaysBelowThreshold => Neuron.Reset == ResetKind.Zero || Weights.Max() <= Neuron.Threshold;
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
}
