using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Planning.Cores;

/// <summary>What a layer's spikes are routed to.</summary>
public enum SpikeRoute
{
    /// <summary>The next layer's core (the controller forwards each output event).</summary>
    NextCore,

    /// <summary>Back into this core's own scheduler (closed loop): the next layer shares the core.</summary>
    SameCore,

    /// <summary>The controller, as the network's output.</summary>
    Controller,
}

/// <summary>One layer's place on its core.</summary>
/// <param name="Offset">The address of the layer's first neuron on the core.</param>
/// <param name="FirstRow">The row address the layer's first input arrives on.</param>
public sealed record LayerPlacement(int Layer, string Name, int Core, int Offset, int Size, int FirstRow, int InputSize, SpikeRoute Route);

/// <summary>One core: the consecutive layers on it (docs/blob-format.md#shared-core) and what it is built with.</summary>
/// <param name="UsedRows">Row addresses programmed: the layer's inputs, or every address of a shared core.</param>
/// <param name="Addresses">Neuron addresses the core updates per event (MAX_NEUR + 1): inputs' and every layer's, when shared.</param>
/// <param name="Rows">Row addresses the core is built with: tinyODIN's fixed 256; on the DN-SoC the rows it uses
/// (its cores are sized from the network, docs/blob-format.md#mapping; the target's rows are the most a core may have).</param>
/// <param name="Neurons">Neurons the core is built with: tinyODIN's fixed 256; on the DN-SoC its addresses, rounded up to
/// a multiple of the lanes (each lane holds the same number of neurons).</param>
/// <param name="WeightBits">The synapse field width: the widest of its layers.</param>
public sealed record CoreLayout(
    int Index,
    EquatableArray<LayerPlacement> Layers,
    int Rows,
    int Neurons,
    int UsedRows,
    int Addresses,
    int WeightBits,
    int MembraneBits,
    LeakKind Leak,
    ResetKind Reset,
    int FifoDepth)
{
    /// <summary>Layers share the core: spikes re-enter as rows (closed loop), the input rows take the low addresses.</summary>
    public bool Shared => Layers.Count > 1;

    public int FirstLayer => Layers[0].Layer;

    public int LastLayer => Layers[Layers.Count - 1].Layer;
}

/// <summary>Which statement of the file a problem is about (the checker turns it into a location).</summary>
public enum ProblemSite
{
    /// <summary>The layer's <c>core</c> property, or its size when it has none.</summary>
    Placement,

    /// <summary>The layer's size.</summary>
    Size,

    /// <summary>The layer's <c>from</c>: what it reads.</summary>
    Source,

    /// <summary>The leak of the layer's neuron type.</summary>
    Leak,

    /// <summary>The network's <c>update</c>.</summary>
    Update,
}

/// <summary>What the problem means for the network.</summary>
public enum ProblemKind
{
    /// <summary>The target cannot run the network: the checker reports an error (SNN0323 placement).</summary>
    Placement,

    /// <summary>A layer does not fit a core (SNN0319 on dnsoc, SNN0309 on tinyodin).</summary>
    Fit,

    /// <summary>The cores test thresholds per event (SNN0320 on dnsoc, SNN0312 on tinyodin).</summary>
    PerStep,

    /// <summary>The network is valid but runs only as generated code: no blob (the generator says why, as information).</summary>
    CodeOnly,
}

/// <param name="Layer">The layer the problem is about, or -1 for the network.</param>
public sealed record CoreProblem(ProblemKind Kind, ProblemSite Site, int Layer, long Core, string Reason)
{
    public bool IsError => Kind != ProblemKind.CodeOnly;
}

/// <summary>The core planner's answer: every core and its layers, or the problems that keep the network off the cores.</summary>
public sealed record CorePlan(TargetKind Target, EquatableArray<CoreLayout> Cores, EquatableArray<CoreProblem> Problems)
{
    /// <summary>Whether a blob can be written: cores exist and nothing keeps the network off them.</summary>
    public bool Mappable => Problems.IsEmpty && !Cores.IsEmpty;

    /// <summary>Why there is no blob, or null when there is one.</summary>
    public string? WhyNotMappable => Mappable ? null : Problems.IsEmpty ? "the network has no layers" : Problems[0].Reason;

    /// <summary>The core a layer runs on.</summary>
    public CoreLayout CoreOf(int layer) => Cores.First(c => c.Layers.Any(l => l.Layer == layer));

    public LayerPlacement PlacementOf(int layer) => Cores.SelectMany(c => c.Layers).First(l => l.Layer == layer);
}
