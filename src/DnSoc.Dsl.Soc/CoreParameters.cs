namespace DnSoc.Dsl.Soc;

/// <summary>What is fixed when a core is built (synthesis parameters), as opposed to what SPI programs.</summary>
/// <param name="Leak">0 none, 1 subtract, 2 shift (docs/blob-format.md#cores).</param>
/// <param name="Reset">0 to zero, 1 by subtraction.</param>
/// <param name="FifoDepth">Scheduler FIFO entries; the event being served holds one (docs/semantics.md#tinyodin).</param>
public sealed record CoreParameters(int Rows, int Neurons, int WeightBits, int MembraneBits, int Leak, int Reset, int Lanes, int FifoDepth = CoreParameters.DefaultFifoDepth)
{
    /// <summary>tinyODIN's scheduler depth, and the depth of every core the toolchain plans.</summary>
    public const int DefaultFifoDepth = 128;

    /// <summary>tinyODIN v1.0: 256 x 256, 4-bit weights, 12-bit membranes, subtractive leak, reset to zero.</summary>
    public static CoreParameters TinyOdin { get; } = new(256, 256, 4, 12, 1, 0, 1);
}
