using System;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

public class WeightQuantizerTests
{
    [Theory]
    [InlineData(3.0, 1.0, 3)]
    [InlineData(0.5, 1.0, 1)] // ties go away from zero...
    [InlineData(-0.5, 1.0, -1)]
    [InlineData(2.5, 1.0, 3)] // ...not to even
    [InlineData(-2.5, 1.0, -3)]
    [InlineData(1.4999999999999998, 1.0, 1)]
    [InlineData(-1.2, 1.0, -1)]
    [InlineData(-1.7, 1.0, -2)]
    [InlineData(0.0, 0.5, 0)]
    [InlineData(0.3, 0.125, 2)] // 2.4
    [InlineData(0.3125, 0.125, 3)] // exactly 2.5
    [InlineData(-0.3125, 0.125, -3)]
    [InlineData(0.45, 0.1, 5)] // 4.5 in double
    [InlineData(0.35, 0.1, 3)] // 3.4999999999999996 in double, so not 4
    [InlineData(100.0, 4.0, 25)]
    public void Rounds_value_over_scale_half_away_from_zero(double value, double scale, long expected) =>
        Assert.Equal(expected, WeightQuantizer.Quantize(value, scale));

    [Fact]
    public void Single_precision_values_are_widened_not_rounded_again()
    {
        // 0.1f is 0.100000001490116..., so 0.1f / 0.1 is just above 1.
        Assert.Equal(1, WeightQuantizer.Quantize(0.1f, 0.1));
        Assert.Equal(3, WeightQuantizer.Quantize(0.3f * 10, 1.0));
    }

    [Theory]
    [InlineData(1e30, 1.0, long.MaxValue)]
    [InlineData(-1e30, 1.0, long.MinValue)]
    [InlineData(1.0, 1e-320, long.MaxValue)]
    [InlineData(-9223372036854775808.0, 1.0, long.MinValue)]
    public void Saturates_beyond_long(double value, double scale, long expected) =>
        Assert.Equal(expected, WeightQuantizer.Quantize(value, scale));

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, -0.5)]
    [InlineData(1.0, double.NaN)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void Rejects_non_finite_values_and_bad_scales(double value, double scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantizer.Quantize(value, scale));
}
