using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Targets;

namespace DnSoc.Dsl.Language.Checking;

/// <summary>SNN0315: core parameters and clock within what any target can mean.</summary>
public sealed class TargetParameterRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Target is not { } target)
        {
            return;
        }

        var clock = target.ClockHz;
        if (clock.Value < Limits.MinClockHz || clock.Value > Limits.MaxClockHz)
        {
            diagnostics.Add(DiagnosticDescriptors.TargetParameterOutOfRange, clock.Location,
                $"the clock is {clock.Value} Hz; it must be between 1 kHz and 5 GHz");
        }

        if (target.Kind != TargetKind.Dnsoc)
        {
            return;
        }

        foreach (var (name, value) in new[] { ("rows", target.Rows), ("neurons", target.NeuronsPerCore) })
        {
            if (value.Value < 1 || value.Value > TargetFacts.MaxCoreDimension)
            {
                diagnostics.Add(DiagnosticDescriptors.TargetParameterOutOfRange, value.Location,
                    $"the core has {value.Value} {name}; it must have between 1 and {TargetFacts.MaxCoreDimension}");
            }
        }

        if (target.Lanes.Value < 1 || target.Lanes.Value > target.NeuronsPerCore.Value)
        {
            diagnostics.Add(DiagnosticDescriptors.TargetParameterOutOfRange, target.Lanes.Location,
                $"the core has {target.Lanes.Value} lanes; it needs between 1 and its neuron count ({target.NeuronsPerCore.Value})");
        }
    }
}

/// <summary>SNN0301.</summary>
public sealed class TimestepsRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Timesteps is { } t && (t.Value < 1 || t.Value > Limits.MaxTimesteps))
        {
            diagnostics.Add(DiagnosticDescriptors.TimestepsOutOfRange, t.Location, Limits.MaxTimesteps, t.Value);
        }
    }
}

/// <summary>SNN0316.</summary>
public sealed class InputShapeRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Input is not { } input)
        {
            return;
        }

        var total = input.Shape.Aggregate(1L, (product, d) => product * System.Math.Max(0, System.Math.Min(d.Value, Limits.MaxInputSize + 1)));
        if (input.Shape.Any(d => d.Value < 1) || total > Limits.MaxInputSize)
        {
            diagnostics.Add(DiagnosticDescriptors.InputShapeInvalid, input.Location, input.Name,
                "[" + string.Join(", ", input.Shape.Select(d => d.Value)) + "]", Limits.MaxInputSize);
        }
    }
}

/// <summary>SNN0321: a downsampled shape has the input's rank and no dimension larger than the input's (docs/semantics.md#downsampling).</summary>
public sealed class DownsampleRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Input is not { Downsample.IsEmpty: false } input)
        {
            return;
        }

        string Text(EquatableArray<Located<long>> shape) => "[" + string.Join(", ", shape.Select(d => d.Value)) + "]";
        var target = input.Downsample;
        if (target.Count != input.Shape.Count)
        {
            diagnostics.Add(DiagnosticDescriptors.DownsampleInvalid, target[0].Location, input.Name, Text(input.Shape), Text(target),
                $"give one size per input dimension ({input.Shape.Count})");
            return;
        }

        for (var k = 0; k < target.Count; k++)
        {
            if (target[k].Value < 1 || target[k].Value > input.Shape[k].Value)
            {
                diagnostics.Add(DiagnosticDescriptors.DownsampleInvalid, target[k].Location, input.Name, Text(input.Shape), Text(target),
                    $"dimension {k + 1} must be between 1 and {input.Shape[k].Value} (downsampling averages blocks, it never enlarges)");
            }
        }
    }
}

/// <summary>SNN0310.</summary>
public sealed class EncodingRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Input is not { } input)
        {
            return;
        }

        if (input.Encoding == EncodingKind.Rate && (input.Seed.Value < 0 || input.Seed.Value > Limits.MaxSeed))
        {
            diagnostics.Add(DiagnosticDescriptors.EncodingParameterOutOfRange, input.Seed.Location,
                $"the rate-encoder seed is {input.Seed.Value}; it must be between 0 and {Limits.MaxSeed} (32 bits)");
        }

        if (input.Encoding == EncodingKind.Direct && (input.DirectThreshold.Value < 1 || input.DirectThreshold.Value > 255))
        {
            diagnostics.Add(DiagnosticDescriptors.EncodingParameterOutOfRange, input.DirectThreshold.Location,
                $"the direct-encoding threshold is {input.DirectThreshold.Value}; inputs are bytes, so it must be between 1 and 255");
        }
    }
}

/// <summary>SNN0311.</summary>
public sealed class NoLayersRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Layers.IsEmpty && !network.Incomplete && network.Input is { } input)
        {
            diagnostics.Add(DiagnosticDescriptors.NoLayers, network.Location, network.Name, input.Name);
        }
    }
}

/// <summary>SNN0317 and SNN0302.</summary>
public sealed class LayerShapeRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var layer in network.Layers)
        {
            if (layer.Shape.Count != 1)
            {
                var product = layer.Shape.Aggregate(1L, (p, d) => p * d.Value);
                diagnostics.Add(DiagnosticDescriptors.LayerShapeNotFlat, layer.Shape[0].Location, layer.Name,
                    "[" + string.Join(", ", layer.Shape.Select(d => d.Value)) + "]", product);
            }
            else if (layer.Shape[0].Value < 1 || layer.Shape[0].Value > Limits.MaxLayerSize)
            {
                diagnostics.Add(DiagnosticDescriptors.SizeOutOfRange, layer.Shape[0].Location, $"layer '{layer.Name}'",
                    layer.Shape[0].Value, Limits.MaxLayerSize);
            }
        }
    }
}

/// <summary>SNN0307: each layer reads the one before it (the input for the first).</summary>
public sealed class ChainRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Incomplete)
        {
            return;
        }

        var previous = network.Input?.Name;
        var known = network.Layers.Select(l => l.Name).Concat(network.Input is { } i ? new[] { i.Name } : new string[0]).ToList();
        foreach (var layer in network.Layers)
        {
            // An unknown source is SNN0202's to report; a chain error on top would say the same twice.
            if (previous is not null && layer.Source.Value != previous && known.Contains(layer.Source.Value))
            {
                diagnostics.Add(DiagnosticDescriptors.NotAChain, layer.Source.Location, layer.Name, layer.Source.Value, previous);
            }

            previous = layer.Name;
        }
    }
}

/// <summary>
/// The shape SNN0303 and SNN0304 share: the dnsoc core's own width must be in range, and so must each
/// layer's (or neuron's), which also may be no wider than the target stores.
/// </summary>
public abstract class WidthRule : ICheckRule
{
    protected abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>"weights" or "membranes", as the messages say.</summary>
    protected abstract string Quantity { get; }

    protected abstract long Min { get; }

    protected abstract long Max { get; }

    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        var range = $"{Quantity} must have between {Min} and {Max} bits";
        if (network.Target is { Kind: TargetKind.Dnsoc } dnsoc && !InRange(TargetWidth(dnsoc).Value))
        {
            diagnostics.Add(Descriptor, TargetWidth(dnsoc).Location, "the dnsoc core", TargetWidth(dnsoc).Value, range);
            return;
        }

        foreach (var (owner, width) in Widths(network))
        {
            if (!InRange(width.Value))
            {
                diagnostics.Add(Descriptor, width.Location, owner, width.Value, range);
            }
            else if (network.Target is { } target && width.Value > TargetWidth(target).Value)
            {
                diagnostics.Add(Descriptor, width.Location, owner, width.Value, TooWide(IrPrinter.Name(target.Kind), TargetWidth(target).Value));
            }
        }
    }

    protected abstract Located<long> TargetWidth(BoundTarget target);

    protected abstract IEnumerable<(string Owner, Located<long> Width)> Widths(BoundNetwork network);

    protected abstract string TooWide(string target, long width);

    private bool InRange(long bits) => bits >= Min && bits <= Max;
}

/// <summary>SNN0303.</summary>
public sealed class WeightBitsRule : WidthRule
{
    protected override DiagnosticDescriptor Descriptor => DiagnosticDescriptors.WeightBitsOutOfRange;

    protected override string Quantity => "weights";

    protected override long Min => Limits.MinWeightBits;

    protected override long Max => Limits.MaxWeightBits;

    protected override Located<long> TargetWidth(BoundTarget target) => target.WeightBits;

    protected override IEnumerable<(string Owner, Located<long> Width)> Widths(BoundNetwork network) =>
        network.Layers.Select(l => ($"layer '{l.Name}'", l.WeightBits));

    protected override string TooWide(string target, long width) =>
        $"the {target} target stores at most {width}-bit weights; lower weight_bits or widen the core";
}

/// <summary>SNN0304.</summary>
public sealed class MembraneBitsRule : WidthRule
{
    protected override DiagnosticDescriptor Descriptor => DiagnosticDescriptors.MembraneBitsOutOfRange;

    protected override string Quantity => "membranes";

    protected override long Min => Limits.MinMembraneBits;

    protected override long Max => Limits.MaxMembraneBits;

    protected override Located<long> TargetWidth(BoundTarget target) => target.MembraneBits;

    protected override IEnumerable<(string Owner, Located<long> Width)> Widths(BoundNetwork network) =>
        network.Neurons.Select(n => ($"neuron '{n.Name}'", n.MembraneBits));

    protected override string TooWide(string target, long width) => $"the {target} target holds at most {width}-bit membranes";
}

/// <summary>SNN0305: a threshold the membrane can reach, and above zero (zero would fire on every update).</summary>
public sealed class ThresholdRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var neuron in network.Neurons)
        {
            var bits = neuron.MembraneBits.Value;
            if (!Limits.IsMembraneWidth(bits))
            {
                continue; // SNN0304 already says what is wrong
            }

            var max = FixedPoint.MaxSigned((int)bits);
            if (neuron.Threshold.Value < 1 || neuron.Threshold.Value > max)
            {
                diagnostics.Add(DiagnosticDescriptors.ThresholdOutOfRange, neuron.Threshold.Location, neuron.Name,
                    neuron.Threshold.Value, bits, max);
            }
        }
    }
}

/// <summary>SNN0306.</summary>
public sealed class LeakRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var neuron in network.Neurons)
        {
            var bits = neuron.MembraneBits.Value;
            if (!Limits.IsMembraneWidth(bits))
            {
                continue;
            }

            var leak = neuron.Leak;
            var text = leak.Kind == LeakKind.Shift ? $"shift {leak.Amount}" : $"subtract {leak.Amount}";
            if (leak.Kind == LeakKind.Subtract && (leak.Amount < 0 || leak.Amount > FixedPoint.MaxSigned((int)bits)))
            {
                diagnostics.Add(DiagnosticDescriptors.LeakOutOfRange, leak.Location, neuron.Name, text,
                    $"a subtractive leak must be between 0 and {FixedPoint.MaxSigned((int)bits)} for a {bits}-bit membrane");
            }
            else if (leak.Kind == LeakKind.Shift && (leak.Amount < 1 || leak.Amount > bits - 1))
            {
                diagnostics.Add(DiagnosticDescriptors.LeakOutOfRange, leak.Location, neuron.Name, text,
                    $"a shift leak must be between 1 and {bits - 1} for a {bits}-bit membrane");
            }
        }
    }
}

/// <summary>SNN0314: a timestep's summed input must fit the 32-bit accumulator every back end uses.</summary>
public sealed class AccumulatorRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        long? inputs = network.Input?.EncodedShape.Aggregate(1L, (p, d) => p * System.Math.Max(1, System.Math.Min(d.Value, Limits.MaxInputSize)));
        foreach (var layer in network.Layers)
        {
            var bits = layer.WeightBits.Value;
            if (inputs is { } n && Limits.IsWeightWidth(bits) && n * (1L << (int)(bits - 1)) > Limits.MaxAccumulator)
            {
                diagnostics.Add(DiagnosticDescriptors.AccumulatorOverflow, layer.WeightBits.Location, layer.Name, n, 1L << (int)(bits - 1));
            }

            inputs = layer.Shape.Count == 1 ? layer.Shape[0].Value : null;
        }
    }
}

/// <summary>SNN0308.</summary>
public sealed class ReadoutRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Readout is { } readout && !network.Incomplete && !network.Layers.IsEmpty && readout.Layer.Value != network.Layers[network.Layers.Count - 1].Name)
        {
            diagnostics.Add(DiagnosticDescriptors.ReadoutNotLastLayer, readout.Layer.Location, readout.Layer.Value,
                network.Layers[network.Layers.Count - 1].Name);
        }
    }
}

/// <summary>SNN0309: what the tinyODIN core pins down beyond widths (docs/semantics.md#tinyodin).</summary>
public sealed class TinyOdinProfileRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Target is not { Kind: TargetKind.TinyOdin } target)
        {
            return;
        }

        foreach (var neuron in network.Neurons)
        {
            // Wider than 12 bits is SNN0304's (the target's width); narrower is this profile's own rule.
            if (neuron.MembraneBits.Value < target.MembraneBits.Value)
            {
                diagnostics.Add(DiagnosticDescriptors.ProfileConstraint, neuron.MembraneBits.Location, "tinyodin",
                    $"has 12-bit membranes, but neuron '{neuron.Name}' asks for {neuron.MembraneBits.Value}; remove membrane_bits or set it to 12");
            }

            if (neuron.Leak.Kind == LeakKind.Shift || (neuron.Leak.Kind == LeakKind.Subtract && neuron.Leak.Amount > TargetFacts.MaxLeak))
            {
                diagnostics.Add(DiagnosticDescriptors.ProfileConstraint, neuron.Leak.Location, "tinyodin",
                    $"only leaks by subtracting 0 to {TargetFacts.MaxLeak} (a 7-bit field), but neuron '{neuron.Name}' asks for " +
                    $"'leak: {(neuron.Leak.Kind == LeakKind.Shift ? "shift" : "subtract")} {neuron.Leak.Amount}'; use 'leak: subtract N' with N from 0 to {TargetFacts.MaxLeak}, or 'leak: none'");
            }

            if (neuron.Reset == ResetKind.Subtract)
            {
                diagnostics.Add(DiagnosticDescriptors.ProfileConstraint, neuron.Location, "tinyodin",
                    $"resets a firing neuron to zero; remove 'reset: subtract' from neuron '{neuron.Name}'");
            }
        }
    }
}

/// <summary>SNN0313.</summary>
public sealed class BudgetValueRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var budget in network.Budgets.Where(b => b.Limit.Value <= 0))
        {
            diagnostics.Add(DiagnosticDescriptors.BudgetValueInvalid, budget.Limit.Location,
                budget.Metric.ToString().ToLowerInvariant(), IrPrinter.Quantity(budget.Metric, budget.Limit.Value));
        }
    }
}

/// <summary>SNN0318.</summary>
public sealed class UnrollRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var layer in network.Layers.Where(l => l.Shape.Count == 1))
        {
            var unroll = layer.Unroll.Value;
            if (unroll != LayerIr.UnrollAuto && unroll != LayerIr.UnrollFull && (unroll < 1 || unroll > layer.Shape[0].Value))
            {
                diagnostics.Add(DiagnosticDescriptors.UnrollOutOfRange, layer.Unroll.Location, layer.Name, unroll, layer.Shape[0].Value);
            }
        }
    }
}
