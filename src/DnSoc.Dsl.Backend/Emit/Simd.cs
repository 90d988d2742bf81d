using System.Globalization;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>A width of System.Runtime.Intrinsics vectors: its static class, 16-bit vector type and lane counts.</summary>
internal sealed record Simd(int Bits)
{
    public string Ops => $"System.Runtime.Intrinsics.Vector{Bits}";

    public string Short => Ops + "<short>";

    public int Shorts => Bits / 16;

    public int Bytes => Bits / 8;

    public string Constant(long value) => $"{Ops}.Create((short){value.ToString(CultureInfo.InvariantCulture)})";
}
