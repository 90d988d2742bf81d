using System.Collections.Generic;
using System.Linq;

namespace DnSoc.Dsl.Language.Semantics;

/// <summary>What a quantity measures; each kind has its units and a base unit (SI, or bytes).</summary>
public enum QuantityKind
{
    /// <summary>A plain count: no unit allowed.</summary>
    Count,

    /// <summary>A bit width: no unit, or 'bits'/'bit'.</summary>
    Bits,
    Frequency,
    Time,
    Power,
    Energy,
    Memory,
}

/// <summary>The unit table (docs/language.md#units). Values convert exactly (decimal) to the base unit.</summary>
public static class Units
{
    private static readonly Dictionary<QuantityKind, (string Name, string Example, (string Unit, decimal Factor)[] Units)> Table = new()
    {
        [QuantityKind.Count] = ("a plain number", "12", new (string, decimal)[0]),
        [QuantityKind.Bits] = ("a number of bits", "8 bits", new[] { ("bits", 1m), ("bit", 1m) }),
        [QuantityKind.Frequency] = ("a frequency (Hz, kHz, MHz, GHz)", "100 MHz", new[] { ("Hz", 1m), ("kHz", 1e3m), ("MHz", 1e6m), ("GHz", 1e9m) }),
        [QuantityKind.Time] = ("a time (s, ms, us, ns)", "1 ms", new[] { ("s", 1m), ("ms", 1e-3m), ("us", 1e-6m), ("ns", 1e-9m) }),
        [QuantityKind.Power] = ("a power (W, mW, uW)", "200 mW", new[] { ("W", 1m), ("mW", 1e-3m), ("uW", 1e-6m) }),
        [QuantityKind.Energy] = ("an energy (J, mJ, uJ, nJ, pJ)", "5 uJ", new[] { ("J", 1m), ("mJ", 1e-3m), ("uJ", 1e-6m), ("nJ", 1e-9m), ("pJ", 1e-12m) }),
        [QuantityKind.Memory] = ("a size in bytes (B, KB, MB; 1 KB = 1024 B)", "64 KB", new[] { ("B", 1m), ("KB", 1024m), ("MB", 1048576m) }),
    };

    public static string Describe(QuantityKind kind) => Table[kind].Name;

    public static string Example(QuantityKind kind) => Table[kind].Example;

    /// <summary>Whether a bare number (no unit) is accepted for this kind.</summary>
    public static bool UnitOptional(QuantityKind kind) => kind is QuantityKind.Count or QuantityKind.Bits;

    /// <summary>The factor to the base unit, or null when <paramref name="unit"/> does not measure <paramref name="kind"/>.</summary>
    public static decimal? Factor(QuantityKind kind, string? unit)
    {
        if (unit is null)
        {
            return UnitOptional(kind) ? 1m : null;
        }

        return Table[kind].Units.Where(u => u.Unit == unit).Select(u => (decimal?)u.Factor).FirstOrDefault();
    }
}
