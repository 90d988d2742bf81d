using System;

namespace DnSoc.Dsl.Language.Weights;

/// <summary>The float-to-integer rule for f32 tensors; docs/weights-format.md#quantization is the specification.</summary>
public static class WeightQuantizer
{
    /// <summary>
    /// round_half_away_from_zero(value / scale) in IEEE double. Results beyond the range of long saturate:
    /// they are out of every weight width, so the lowering stage's range check still reports them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">value is not finite, or scale is not a positive finite number.</exception>
    public static long Quantize(double value, double scale)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "weights must be finite");
        }

        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a positive finite number");
        }

        var q = Math.Round(value / scale, MidpointRounding.AwayFromZero);

        // 2^63 is exactly representable; long.MaxValue is not, so compare against the power of two.
        const double TwoPow63 = 9223372036854775808.0;
        return q >= TwoPow63 ? long.MaxValue : q < -TwoPow63 ? long.MinValue : (long)q;
    }
}
