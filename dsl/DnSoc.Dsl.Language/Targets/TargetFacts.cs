namespace DnSoc.Dsl.Language.Targets;

/// <summary>
/// What each target is, in one table (docs/language.md#targets, docs/blob-format.md): the binder's defaults,
/// the checker's limits, the core planner's capacities and the cost model all read these and no copy of them.
/// </summary>
public static class TargetFacts
{
    /// <summary>Synapse rows and neurons of a tinyODIN core (also its row address space: inputs and neurons share it).</summary>
    public const int TinyOdinSize = 256;

    public const int TinyOdinWeightBits = 4;

    public const int TinyOdinMembraneBits = 12;

    /// <summary>Bits of the neuron word's leak field (tinyODIN's, kept by the DN-SoC profile).</summary>
    public const int LeakFieldBits = 7;

    /// <summary>The largest leak the neuron word holds.</summary>
    public const int MaxLeak = (1 << LeakFieldBits) - 1;

    /// <summary>Entries of a core's scheduler FIFO (tinyODIN's depth; the DN-SoC profile keeps it).</summary>
    public const int FifoDepth = 128;

    /// <summary>
    /// The most rows or neurons a DN-SoC core may have: what the firmware's blob parser accepts
    /// (firmware/BlobLayout.cs MaxCoreDimension; a test holds the two equal).
    /// </summary>
    public const int MaxCoreDimension = 4096;

    public const int DnsocRows = 1024;

    public const int DnsocNeurons = 256;

    public const int DnsocWeightBits = 8;

    public const int DnsocMembraneBits = 16;

    public const int DnsocLanes = 1;

    public const decimal CoreClockHz = 100_000_000m;

    public const decimal McuClockHz = 64_000_000m;

    public const int McuMaxWeightBits = 16;

    public const int McuMaxMembraneBits = 24;

    public const string DefaultMcuCore = "cortex_m4";

    /// <summary>The MCU cores the cost model has constants for (cost-constants.tsv, mcu.&lt;core&gt;.*).</summary>
    public static readonly string[] McuCores = { "cortex_m0plus", DefaultMcuCore, "cortex_m7", "riscv32" };
}
