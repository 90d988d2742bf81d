using System.Linq;

namespace DnSoc.Dsl.Language.Planning.Code;

// How the generated class of one network in one flavour is laid out: the decisions the emitter
// writes and the cost model prices (docs/codegen.md#the-code-plan). Sizes only, never the values.

/// <summary>How the code runs the synapses of one event (or one timestep) into a layer.</summary>
public enum LoopKind
{
    /// <summary>Nano: the dense row, the loop over the neurons unrolled by <see cref="LayerCodePlan.Unroll"/>.</summary>
    Unrolled,

    /// <summary>Nano: only the row's nonzero weights, with their neuron indices (docs/codegen.md#sparse-rows).</summary>
    SparseRows,

    /// <summary>A plain loop over the dense row, for a layer under a row cutoff or a layer precision (docs/dynamic.md).</summary>
    PolicyLoop,

    /// <summary>Host, per event: 16-bit membranes, 32, 16 or 8 lanes per vector, a chunk of events at a time.</summary>
    ShortLanes,

    /// <summary>Host: 32-bit lanes over the layer's neurons, fired lanes one by one.</summary>
    IntLanes,
}

/// <summary>How spike events travel between layers within a timestep.</summary>
public enum EventPath
{
    /// <summary>Nano, per event: one FIFO queue of (layer, source) events.</summary>
    Queue,

    /// <summary>Host, per event: one list of events per layer, drained layer after layer.</summary>
    LayerLists,

    /// <summary>Per step: each layer lists its spikes of the timestep for the next.</summary>
    StepLists,
}

/// <summary>An element type of a generated array, with its C# name and size.</summary>
public enum ElementType
{
    Byte,
    SByte,
    Short,
    UShort,
    Int,
    ULong,
}

public static class ElementTypes
{
    public static int Bytes(this ElementType type) => type switch
    {
        ElementType.Byte or ElementType.SByte => 1,
        ElementType.Short or ElementType.UShort => 2,
        ElementType.Int => 4,
        _ => 8,
    };

    public static string CSharpName(this ElementType type) => type switch
    {
        ElementType.Byte => "byte",
        ElementType.SByte => "sbyte",
        ElementType.Short => "short",
        ElementType.UShort => "ushort",
        ElementType.Int => "int",
        _ => "ulong",
    };

    /// <summary>The smallest of byte, ushort or int that holds every value up to <paramref name="max"/>.</summary>
    public static ElementType Unsigned(long max) => max <= byte.MaxValue ? ElementType.Byte : max <= ushort.MaxValue ? ElementType.UShort : ElementType.Int;
}

/// <summary>What an array of the generated class holds, for the memory report's split of flash and RAM.</summary>
public enum ArrayRole
{
    /// <summary>Weight tables (and a sparse layer's column and row indices): data flash.</summary>
    Weights,

    /// <summary>Other static tables: downsampling blocks, policy ranks and low-precision weights.</summary>
    Table,

    /// <summary>Membrane potentials, and a per-step layer's sums and spikes.</summary>
    Membrane,

    /// <summary>Event queues and lists, and the fired-lane masks.</summary>
    Events,

    /// <summary>Spike counters and the downsampling buffers.</summary>
    Counters,
}

/// <summary>
/// How a static table is written in the class: one string constant, its values little-endian at
/// <paramref name="Element"/>'s size, two bytes a char, decoded once at type initialisation
/// (docs/codegen.md#tables). Source text the compiler lexes in one token instead of a literal per value.
/// </summary>
/// <param name="Length">Values in the constant: a host weight table's rows without their padding.</param>
public sealed record TableLiteral(ElementType Element, long Length)
{
    public long Chars => ((Length * Element.Bytes()) + 1) / 2;

    /// <summary>The constant as the assembly stores it (UTF-16): the table's data flash.</summary>
    public long Bytes => 2 * Chars;
}

/// <summary>One array of the generated class: a static table (data flash) or an instance array (RAM).</summary>
/// <param name="Length">Its elements as allocated (a growable event list: its initial length).</param>
/// <param name="Literal">A static table's constant; null for an instance array and for a table computed at type initialisation (the hash table).</param>
public sealed record ArrayPlan(string Name, ElementType Element, long Length, ArrayRole Role, TableLiteral? Literal = null)
{
    public long Bytes => Length * Element.Bytes();

    /// <summary>Bytes in data flash: a static table's constant; an instance array has none.</summary>
    public long FlashBytes => Literal?.Bytes ?? 0;

    /// <summary>A static table whose constant holds its values at its own element size.</summary>
    public static ArrayPlan Table(string name, ElementType element, long length, ArrayRole role) =>
        new(name, element, length, role, new TableLiteral(element, length));
}

/// <summary>The clamps to the membrane range that can act after a layer's synaptic add; the others are left out.</summary>
public sealed record Clamps(bool Lower, bool Upper)
{
    public static readonly Clamps Both = new(true, true);
}

/// <summary>How the weights are stored: nano packs them by bit width, the host flavour unpacks them for vector loads.</summary>
public enum WeightPacking
{
    /// <summary>1 to 4-bit weights, two per byte, low nibble first.</summary>
    Nibbles,

    SByte,
    Short,
    Int,
}

/// <param name="Unroll">Neuron bodies per loop iteration: the layer's factor for <see cref="LoopKind.Unrolled"/>, else 1.</param>
/// <param name="RowStride">Weights per stored row: the layer size, or padded to whole vectors for <see cref="LoopKind.ShortLanes"/>.</param>
/// <param name="AddClamps">The clamps the code keeps after adding a weight (per event) or the timestep's sum (per step).</param>
/// <param name="LeakPhase">Whether the per-event leak phase can change the layer (with reset to zero and no leak it cannot).</param>
/// <param name="WeightTables">W (and C, R when sparse) as the class holds them.</param>
public sealed record LayerCodePlan(
    int Index,
    LoopKind Loop,
    int Unroll,
    WeightPacking Packing,
    int RowStride,
    Clamps AddClamps,
    bool LeakPhase,
    EquatableArray<ArrayPlan> WeightTables)
{
    public bool Sparse => Loop == LoopKind.SparseRows;

    /// <summary>Data flash of the weight tables: their constants.</summary>
    public long WeightTableBytes => WeightTables.Sum(t => t.FlashBytes);

    /// <summary>The array that holds the layer's membranes while it runs.</summary>
    public string MembraneArray => (Loop == LoopKind.ShortLanes ? "s" : "v") + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The layout of one network's generated class in one flavour.</summary>
/// <param name="InputWords">Host: the encoder tests 64 inputs per word with vectors.</param>
/// <param name="Tables">Every static table, in class order: downsampling, weights, policies. (The Blob table is sized by the core planner.)</param>
/// <param name="State">Every instance array, in class order.</param>
public sealed record CodePlan(
    CodeFlavour Flavour,
    EventPath Events,
    bool InputWords,
    EquatableArray<LayerCodePlan> Layers,
    EquatableArray<ArrayPlan> Tables,
    EquatableArray<ArrayPlan> State)
{
    /// <summary>Bytes of the static tables' constants (data flash), the Blob's left out.</summary>
    public long TableBytes => Tables.Sum(t => t.FlashBytes);

    /// <summary>Bytes of the instance arrays (RAM), array headers not counted.</summary>
    public long StateBytes => State.Sum(a => a.Bytes);

    public ArrayPlan Table(string name) => Tables.First(t => t.Name == name);

    public ArrayPlan StateArray(string name) => State.First(a => a.Name == name);

    /// <summary>Host: the rate hash's top bytes per (timestep, input), computed at type initialisation, or null when the encoder hashes.</summary>
    public ArrayPlan? HashTable => Tables.FirstOrDefault(t => t.Name == CodePlanner.HashTable);

    public bool Any(LoopKind loop) => Layers.Any(l => l.Loop == loop);
}
