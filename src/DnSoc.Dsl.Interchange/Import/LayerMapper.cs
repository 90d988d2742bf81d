using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>A layer in the language's integers, ready to be written as .snn text.</summary>
internal sealed record ImportedLayer(
    string WeightsNode,
    string NeuronNode,
    string NeuronType,
    int Size,
    int InputSize,
    int WeightBits,
    EquatableArray<int> Weights,
    NeuronIr Neuron,
    int Unroll,
    int? Core,
    string? MetadataNeuronName);

/// <summary>
/// Turns one (weights, neuron) pair into integers (docs/nir.md#mapping): the ODE discretised with dt, the decay
/// mapped to a shift leak, weights transposed and quantized with one scale per layer; or, when the nodes carry
/// dnsoc metadata, the exact integers of the network that was exported.
/// </summary>
internal sealed class LayerMapper
{
    private readonly SourceLocation location;
    private readonly DiagnosticBag diagnostics;
    private readonly List<string> notes;
    private readonly double dt;

    public LayerMapper(SourceLocation location, DiagnosticBag diagnostics, List<string> notes, double dt)
    {
        this.location = location;
        this.diagnostics = diagnostics;
        this.notes = notes;
        this.dt = dt;
    }

    public ImportedLayer? Map(ChainLayer layer, int inputSize, string inputName, int weightBits, int membraneBits)
    {
        var errors = diagnostics.ErrorCount;
        var metadata = new Metadata(location, diagnostics);
        var weightsNode = layer.Weights;
        var neuron = layer.Neuron;
        var matrix = Matrix(weightsNode, inputSize, inputName);
        var size = matrix is null ? 0 : (int)matrix.Shape[0];
        if (weightsNode.Type == NirTypes.Affine && matrix is not null)
        {
            CheckBias(weightsNode, size);
        }

        var scaleMeta = metadata.Number(weightsNode, DnsocMetadata.Scale, v => v > 0, "is not a positive scale");
        var thresholdMeta = metadata.Integer(neuron, DnsocMetadata.Threshold, 1, int.MaxValue);
        var bits = metadata.Integer(weightsNode, DnsocMetadata.WeightBits, 1, 16) ?? weightBits;
        var unroll = metadata.Integer(weightsNode, DnsocMetadata.Unroll, 0, 65536) ?? LayerIr.UnrollAuto;
        var core = metadata.Integer(weightsNode, DnsocMetadata.Core, 0, 65536);
        var neuronName = metadata.Identifier(neuron, DnsocMetadata.Neuron);
        if (matrix is null || diagnostics.ErrorCount > errors)
        {
            return null;
        }

        var exact = scaleMeta is not null && thresholdMeta is not null;
        double gain = 1, threshold = 0;
        var neuronIr = exact ? ExactNeuron(neuron, metadata, thresholdMeta!.Value, membraneBits) : Discretise(neuron, size, membraneBits, out gain, out threshold);
        if (neuronIr is null || diagnostics.ErrorCount > errors)
        {
            return null;
        }

        // NIR's weight is [out, in] (PyTorch's nn.Linear); the language's tensor is [in, out].
        var floats = new double[size * inputSize];
        for (var j = 0; j < size; j++)
        {
            for (var i = 0; i < inputSize; i++)
            {
                floats[(i * size) + j] = matrix.Values[(j * inputSize) + i] * gain;
            }
        }

        var scale = exact ? scaleMeta!.Value : Scale(floats, threshold, bits, neuronIr.MembraneBits, neuron.Type);
        if (!exact)
        {
            neuronIr = neuronIr with { Threshold = QuantizeThreshold(neuron, threshold, scale, neuronIr.MembraneBits) };
            var largest = floats.Length == 0 ? 0 : floats.Max(Math.Abs);
            notes.Add($"layer '{neuron.Name}' ('{weightsNode.Name}' {weightsNode.Type} -> '{neuron.Name}' {neuron.Type}): {bits}-bit weights, scale {Format(scale)} " +
                $"(weight = integer x scale, after the input gain {Format(gain)}); rounding moves a weight by at most {Format(scale / 2)}" +
                (largest > 0 ? $", {Format(100 * scale / 2 / largest)} % of the largest" : string.Empty));
        }

        var weights = floats.Select(v => WeightQuantizer.Quantize(v, scale)).ToArray();
        if (weights.Any(w => w < int.MinValue || w > int.MaxValue))
        {
            diagnostics.Add(DiagnosticDescriptors.NirMetadataInvalid, location, weightsNode.Name, DnsocMetadata.Scale, Format(scale), "makes weights beyond 32 bits");
            return null;
        }

        return new ImportedLayer(weightsNode.Name, neuron.Name, neuron.Type, size, inputSize, bits, weights.Select(w => (int)w).ToEquatableArray(), neuronIr, unroll, core, neuronName);
    }

    private NirTensor? Matrix(NirNode node, int inputSize, string inputName)
    {
        if (Tensor(node, "weight") is not { } weight)
        {
            return null;
        }

        if (weight.Shape.Count != 2 || weight.Shape[1] != inputSize || weight.Shape[0] < 1)
        {
            diagnostics.Add(DiagnosticDescriptors.NirShapeMismatch, location, node.Name, node.Type,
                $"has a weight of shape [{string.Join(", ", weight.Shape)}], but it must be [neurons, {inputSize}]: {inputSize} inputs come from '{inputName}'");
            return null;
        }

        return Finite(node, "weight", weight) ? weight : null;
    }

    private void CheckBias(NirNode node, int size)
    {
        if (Tensor(node, "bias") is not { } bias)
        {
            return;
        }

        if (bias.Values.Count != size && bias.Values.Count != 1)
        {
            diagnostics.Add(DiagnosticDescriptors.NirShapeMismatch, location, node.Name, node.Type, $"has a bias of shape [{string.Join(", ", bias.Shape)}] for {size} neurons");
        }
        else if (Finite(node, "bias", bias) && bias.Values.Any(b => b != 0))
        {
            diagnostics.Add(DiagnosticDescriptors.NirBias, location, node.Name, Format(bias.Values.Max(Math.Abs)));
        }
    }

    /// <summary>tau dv/dt = (v_leak - v) + r I with Euler steps of dt: v' = beta v + (1 - beta) r I, beta = 1 - dt / tau (IF: beta = 1, gain dt r).</summary>
    private NeuronIr? Discretise(NirNode node, int size, int membraneBits, out double gain, out double threshold)
    {
        gain = 0;
        threshold = 0;
        var leaky = node.Type is NirTypes.Lif or NirTypes.Li;
        var tau = leaky ? Uniform(node, "tau", size, v => v > 0, "must be a positive time constant in seconds") : null;
        var r = Uniform(node, "r", size, v => v > 0, "must be a positive resistance");
        var vThreshold = node.Type == NirTypes.Li ? 1 : Uniform(node, "v_threshold", size, v => v > 0, "must be positive: the .snn threshold is at least 1");
        if (leaky)
        {
            Zero(node, "v_leak", size, "the .snn membrane decays toward 0: train with v_leak = 0 (snnTorch does)");
        }

        if (node.Type != NirTypes.Li && node.Parameter("v_reset") is not null)
        {
            Zero(node, "v_reset", size, "a .snn neuron resets to 0 (or subtracts its threshold): train with reset to zero");
        }

        if (r is not { } resistance || vThreshold is not { } theta || (leaky && tau is null))
        {
            return null;
        }

        var beta = leaky ? 1 - (dt / tau!.Value) : 1;
        gain = leaky ? dt * resistance / tau!.Value : dt * resistance;
        threshold = theta;
        var (leak, amount) = Leak(node, beta, membraneBits);
        return new NeuronIr(string.Empty, 0, leak, amount, ResetKind.Zero, membraneBits);
    }

    private (LeakKind Kind, int Amount) Leak(NirNode node, double beta, int membraneBits)
    {
        if (beta >= 1 - 1e-12)
        {
            return (LeakKind.None, 0);
        }

        var ideal = beta > 0 ? -Math.Log(1 - beta, 2) : 0;
        var shift = (int)Math.Min(membraneBits - 1, Math.Max(1, Math.Round(ideal)));
        var kept = 1 - Math.Pow(2, -shift);
        if (Math.Abs(ideal - shift) > 1e-6)
        {
            notes.Add($"node '{node.Name}' ({node.Type}): beta = 1 - dt / tau = {Format(beta)} is not 1 - 2^-k; the nearest shift leak is 'shift {shift}' (beta {Format(kept)}): " +
                $"the membrane keeps {Format(kept)} of its value per step instead of {Format(beta)} ({(kept - beta >= 0 ? "+" : string.Empty)}{Format(kept - beta)})");
        }

        return (LeakKind.Shift, shift);
    }

    private NeuronIr? ExactNeuron(NirNode node, Metadata metadata, int threshold, int membraneBits)
    {
        var leak = metadata.Option(node, DnsocMetadata.Leak, new[] { "none", "subtract", "shift" }) ?? "none";
        var amount = metadata.Integer(node, DnsocMetadata.LeakAmount, 0, int.MaxValue) ?? 0;
        var reset = metadata.Option(node, DnsocMetadata.Reset, new[] { "zero", "subtract" }) ?? "zero";
        var bits = metadata.Integer(node, DnsocMetadata.MembraneBits, 2, 24) ?? membraneBits;
        var kind = leak switch { "subtract" => LeakKind.Subtract, "shift" => LeakKind.Shift, _ => LeakKind.None };
        return new NeuronIr(string.Empty, threshold, kind, kind == LeakKind.None ? 0 : amount, reset == "subtract" ? ResetKind.Subtract : ResetKind.Zero, bits);
    }

    /// <summary>One step per layer: the largest weight takes the top of the weight range, unless the threshold would not fit the membrane.</summary>
    private static double Scale(double[] weights, double threshold, int weightBits, int membraneBits, string type)
    {
        var largest = weights.Length == 0 ? 0 : weights.Max(Math.Abs);
        var byWeights = largest / FixedPoint.MaxSigned(weightBits);
        var byThreshold = type == NirTypes.Li ? 0 : threshold / FixedPoint.MaxSigned(membraneBits);
        var scale = Math.Max(byWeights, byThreshold);
        return scale > 0 && !double.IsInfinity(scale) ? scale : 1;
    }

    private int QuantizeThreshold(NirNode node, double threshold, double scale, int membraneBits)
    {
        var max = (int)FixedPoint.MaxSigned(membraneBits);
        if (node.Type == NirTypes.Li)
        {
            notes.Add($"node '{node.Name}' (LI): a leaky integrator without spikes becomes a layer with threshold {max}, the top of its {membraneBits}-bit membrane, read out by its membrane; it spikes only if the membrane saturates");
            return max;
        }

        var exact = threshold / scale;
        var rounded = (int)Math.Min(max, Math.Max(1, WeightQuantizer.Quantize(threshold, scale)));
        notes.Add($"node '{node.Name}' ({node.Type}): threshold {Format(threshold)} -> {rounded} steps (exactly {Format(exact)}; {Format(100 * Math.Abs(rounded - exact) / exact)} % off)");
        return rounded;
    }

    private double? Uniform(NirNode node, string name, int size, Func<double, bool> valid, string requirement)
    {
        if (Tensor(node, name) is not { } tensor)
        {
            return null;
        }

        if (tensor.Values.Count != size && tensor.Values.Count != 1)
        {
            diagnostics.Add(DiagnosticDescriptors.NirShapeMismatch, location, node.Name, node.Type, $"has '{name}' of shape [{string.Join(", ", tensor.Shape)}], but its layer has {size} neurons");
            return null;
        }

        if (!Finite(node, name, tensor))
        {
            return null;
        }

        var (min, max) = (tensor.Values.Min(), tensor.Values.Max());
        if (max - min > 1e-6 * Math.Max(Math.Abs(min), Math.Abs(max)))
        {
            diagnostics.Add(DiagnosticDescriptors.NirNonUniformParameter, location, node.Name, node.Type, name, Format(min), Format(max));
            return null;
        }

        if (!valid(tensor.Values[0]))
        {
            diagnostics.Add(DiagnosticDescriptors.NirInvalidValue, location, node.Name, node.Type, name, Format(tensor.Values[0]), requirement);
            return null;
        }

        return tensor.Values[0];
    }

    private void Zero(NirNode node, string name, int size, string why)
    {
        if (Uniform(node, name, size, _ => true, string.Empty) is { } value && value != 0)
        {
            diagnostics.Add(DiagnosticDescriptors.NirUnsupportedParameter, location, node.Name, node.Type, name, Format(value), why);
        }
    }

    private bool Finite(NirNode node, string name, NirTensor tensor)
    {
        var bad = tensor.Values.Where(v => double.IsNaN(v) || double.IsInfinity(v)).Take(1).ToList();
        if (bad.Count > 0)
        {
            diagnostics.Add(DiagnosticDescriptors.NirInvalidValue, location, node.Name, node.Type, name, Format(bad[0]), "must hold finite numbers only");
        }

        return bad.Count == 0;
    }

    private NirTensor? Tensor(NirNode node, string name)
    {
        switch (node.Parameter(name))
        {
            case null:
                diagnostics.Add(DiagnosticDescriptors.NirMalformed, location, $"parameter '{name}' of node '{node.Name}' ({node.Type})", "there is no such dataset");
                return null;
            case { Tensor: { } tensor }:
                return tensor;
            default:
                diagnostics.Add(DiagnosticDescriptors.NirWrongType, location, $"parameter '{name}' of node '{node.Name}' ({node.Type})", "text", "an array of numbers");
                return null;
        }
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
