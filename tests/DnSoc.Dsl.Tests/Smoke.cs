using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests;

public class FixedPointTests
{
    [Theory]
    [InlineData(5000, 12, 2047)]
    [InlineData(-5000, 12, -2048)]
    [InlineData(100, 12, 100)]
    public void Saturate_clamps_to_signed_range(long value, int bits, int expected) =>
        Assert.Equal(expected, FixedPoint.Saturate(value, bits));
}
