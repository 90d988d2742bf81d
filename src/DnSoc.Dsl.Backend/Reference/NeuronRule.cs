using System;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Reference;

/// <summary>
/// The neuron update of docs/semantics.md#neuron, one operation per method. Every result stays in the
/// signed range of <see cref="NeuronIr.MembraneBits"/> when its input does.
/// </summary>
public static class NeuronRule
{
    /// <summary>Add a synaptic weight, saturating (never wrapping).</summary>
    public static int Integrate(int v, int w, NeuronIr n) => FixedPoint.Saturate((long)v + w, n.MembraneBits);

    /// <summary>Move toward zero without crossing it.</summary>
    public static int Leak(int v, NeuronIr n)
    {
        switch (n.Leak)
        {
            case LeakKind.None:
                return v;
            case LeakKind.Subtract:
                // long: v - k must not overflow int for large k.
                return v >= 0 ? (int)Math.Max((long)v - n.LeakAmount, 0) : (int)Math.Min((long)v + n.LeakAmount, 0);
            case LeakKind.Shift:
                // C# masks int shift counts to 5 bits; any shift >= 31 already gives 0 or -1.
                return v - (v >> Math.Min(n.LeakAmount, 31));
            default:
                throw new ArgumentOutOfRangeException(nameof(n), n.Leak, "Unknown leak kind.");
        }
    }

    public static bool Fires(int v, NeuronIr n) => v >= n.Threshold;

    public static int Reset(int v, NeuronIr n) => n.Reset switch
    {
        ResetKind.Zero => 0,
        ResetKind.Subtract => v - n.Threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(n), n.Reset, "Unknown reset kind."),
    };
}
