namespace DnSoc.Dsl.Language.Checking;

/// <summary>The ranges the checker enforces (docs/language.md#limits), in one place.</summary>
public static class Limits
{
    public const long MaxTimesteps = 1024;
    public const long MaxLayerSize = 65536;
    public const long MaxInputSize = 1 << 20;
    public const long MinWeightBits = 1;
    public const long MaxWeightBits = 16;
    public const long MinMembraneBits = 2;

    /// <summary>
    /// 24 bits keep every update in 32-bit integers: a membrane (|v| &lt; 2^23) plus a timestep's
    /// accumulated input (|acc| &lt;= 2^30, see <see cref="MaxAccumulator"/>) stays below 2^31.
    /// </summary>
    public const long MaxMembraneBits = 24;

    public const long MaxAccumulator = 1L << 30;
    public const decimal MinClockHz = 1_000m;
    public const decimal MaxClockHz = 5_000_000_000m;
    public const long MaxSeed = uint.MaxValue;

    /// <summary>Scheduler FIFO entries of every core (tinyODIN's 128); the spike being served holds one.</summary>
    public const long SchedulerFifoDepth = 128;

    public static bool IsWeightWidth(long bits) => bits >= MinWeightBits && bits <= MaxWeightBits;

    public static bool IsMembraneWidth(long bits) => bits >= MinMembraneBits && bits <= MaxMembraneBits;
}
