using System;
using System.Globalization;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>How estimates are written for people: diagnostics, reports and generated XML docs agree.</summary>
public static class CostFormat
{
    private static readonly (double Scale, string Prefix)[] Prefixes =
        { (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, string.Empty), (1e-3, "m"), (1e-6, "u"), (1e-9, "n"), (1e-12, "p") };

    /// <summary>A value with an SI prefix and three significant digits: 2.71 ms, 125 MHz, 84.3 uJ.</summary>
    public static string Si(double value, string unit)
    {
        if (value == 0)
        {
            return "0 " + unit;
        }

        // 0.9995 so that 999.7 rounds to "1 k", not "1e+03".
        var (scale, prefix) = Prefixes.FirstOrDefault(p => Math.Abs(value) >= p.Scale * 0.9995);
        if (prefix is null)
        {
            (scale, prefix) = Prefixes[Prefixes.Length - 1];
        }

        return (value / scale).ToString("G3", CultureInfo.InvariantCulture) + " " + prefix + unit;
    }
}
