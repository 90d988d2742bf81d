using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Semantics;

// Stage 2 output: names resolved, units converted, defaults applied; every value keeps its location
// so the checker can point at it. Ranges are not yet checked (that is stage 3).

/// <summary>A value together with where the user wrote it (or, for defaults, what it defaults from).</summary>
public sealed record Located<T>(T Value, SourceLocation Location);

public sealed record BoundTarget(
    TargetKind Kind,
    Located<long> Rows,
    Located<long> NeuronsPerCore,
    Located<long> WeightBits,
    Located<long> MembraneBits,
    Located<decimal> ClockHz,
    Located<long> Lanes,
    string? McuCore,
    SourceLocation Location);

/// <param name="Downsample">The shape after <c>downsample</c> (docs/semantics.md#downsampling); empty without one.</param>
public sealed record BoundInput(
    string Name,
    EquatableArray<Located<long>> Shape,
    EncodingKind Encoding,
    Located<long> Seed,
    Located<long> DirectThreshold,
    SourceLocation Location,
    EquatableArray<Located<long>> Downsample = default)
{
    /// <summary>The shape the encoder and the first layer see: the downsampled one, if any and valid (else SNN0321 says why).</summary>
    public EquatableArray<Located<long>> EncodedShape => DownsampleIsValid ? Downsample : Shape;

    /// <summary>Encoded inputs: the elements of <see cref="EncodedShape"/> (the first layer's rows).</summary>
    public long EncodedSize => EncodedShape.Aggregate(1L, (p, d) => p * d.Value);

    /// <summary>A downsampled shape of the input's rank, no dimension below 1 or above the input's.</summary>
    public bool DownsampleIsValid => !Downsample.IsEmpty && Downsample.Count == Shape.Count
        && Downsample.Select((d, k) => d.Value >= 1 && d.Value <= Shape[k].Value).All(ok => ok);
}

public sealed record BoundLeak(LeakKind Kind, long Amount, SourceLocation Location);

public sealed record BoundNeuron(
    string Name,
    Located<long> Threshold,
    BoundLeak Leak,
    ResetKind Reset,
    Located<long> MembraneBits,
    SourceLocation Location);

/// <param name="Core">The core the layer runs on (docs/blob-format.md#shared-core), or <see cref="NextCore"/> when not given.</param>
public sealed record BoundLayer(
    string Name,
    BoundNeuron Neuron,
    EquatableArray<Located<long>> Shape,
    Located<string> Source,
    StringValueSyntax? WeightsReference,
    Located<long> WeightBits,
    Located<long> Unroll,
    SourceLocation Location,
    Located<long>? Core = null)
{
    /// <summary>No <c>core</c> property: the layer takes the core after its predecessor's (one core per layer).</summary>
    public const long NextCore = -1;

    /// <summary>The <c>core</c> property, when the file gives one.</summary>
    public Located<long>? Placed => Core is { Value: not NextCore } ? Core : null;
}

public sealed record BoundReadout(Located<string> Layer, ReadoutMode Mode, SourceLocation Location);

public sealed record BoundBudget(BudgetMetric Metric, Located<decimal> Limit);

/// <summary>A run-time policy of a <c>quantize dynamic</c> or <c>prune dynamic</c> block (docs/dynamic.md).</summary>
public abstract record BoundPolicy(string Name, SourceLocation Location);

public sealed record BoundEarlyExit(
    Located<long> MinTimesteps,
    Located<long> Margin,
    Located<long> Every,
    SourceLocation Location) : BoundPolicy("early_exit", Location);

/// <summary>Fractions are of the layer's size; <see cref="TargetRate"/> is spikes per neuron per timestep.</summary>
public sealed record BoundRowCutoff(
    EquatableArray<Located<string>> Layers,
    Located<decimal> KeepMin,
    Located<decimal> KeepMax,
    Located<decimal> Step,
    Located<decimal> TargetRate,
    Located<decimal> Tolerance,
    Located<long> Window,
    SourceLocation Location) : BoundPolicy("row_cutoff", Location);

/// <summary>Rates are spikes per neuron per timestep.</summary>
public sealed record BoundLayerPrecision(
    EquatableArray<Located<string>> Layers,
    Located<long> LowBits,
    Located<long> EmaShift,
    Located<decimal> BusyRate,
    Located<decimal> QuietRate,
    Located<long> Hold,
    Located<long> Margin,
    SourceLocation Location) : BoundPolicy("layer_precision", Location);

public sealed record BoundNetwork(
    string Name,
    SourceLocation Location,
    BoundTarget? Target,
    Located<long>? Timesteps,
    Located<UpdateMode> Update,
    BoundInput? Input,
    EquatableArray<BoundNeuron> Neurons,
    EquatableArray<BoundLayer> Layers,
    BoundReadout? Readout,
    EquatableArray<BoundBudget> Budgets,
    EquatableArray<BoundPolicy> Policies,
    bool Incomplete)
{
    // Incomplete: a statement failed to parse or a layer could not be bound. Rules about the network
    // as a whole (chain, readout, "no layers") then stay silent: the first error already says what is wrong.

    /// <summary>Each layer's core: its <c>core</c> property, or the core after its predecessor's.</summary>
    public long[] LayerCores()
    {
        var cores = new long[Layers.Count];
        for (var m = 0; m < cores.Length; m++)
        {
            cores[m] = Layers[m].Placed?.Value ?? (m == 0 ? 0 : cores[m - 1] + 1);
        }

        return cores;
    }
}
