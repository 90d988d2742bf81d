namespace DnSoc.Dsl.Language.Ir;

/// <summary>
/// Two's complement ranges and saturation, shared by every stage that reasons about widths
/// (checker, lowering, reference model). docs/semantics.md#integers is the specification.
/// </summary>
public static class FixedPoint
{
    public static long MinSigned(int bits) => -(1L << (bits - 1));

    public static long MaxSigned(int bits) => (1L << (bits - 1)) - 1;

    public static bool FitsSigned(long value, int bits) => value >= MinSigned(bits) && value <= MaxSigned(bits);

    /// <summary>Clamp to the signed range of <paramref name="bits"/>: values never wrap around.</summary>
    public static int Saturate(long value, int bits)
    {
        var min = MinSigned(bits);
        var max = MaxSigned(bits);
        return (int)(value < min ? min : value > max ? max : value);
    }
}
