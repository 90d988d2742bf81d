using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Interchange.Export;

/// <summary>An export: the graph, and what NIR cannot say about the network (kept in the dnsoc metadata, so a re-import is exact).</summary>
/// <param name="Refusal">Why the network cannot be exported at all; then <paramref name="Document"/> is null.</param>
public sealed record ExportedGraph(NirDocument? Document, EquatableArray<string> Notes, string? Refusal = null);

/// <summary>
/// Network IR -> NIR graph (docs/nir.md#export): Input [-> Flatten] -> (Linear -> LIF or IF) per layer -> Output, the
/// float parameters chosen so that NIR's discretised neuron at dt = 1e-4 s computes the integer network as closely as
/// NIR allows (weights and thresholds in integer steps, scale 1), and the exact integers in dnsoc metadata.
/// </summary>
public static class NirExporter
{
    private const double Dt = DnsocMetadata.ExportDt;

    public static ExportedGraph Export(NetworkIr network)
    {
        if (!network.Policies.RowCutoffs.IsEmpty || !network.Policies.Precisions.IsEmpty)
        {
            return new ExportedGraph(null, EquatableArray<string>.Empty,
                $"network '{network.Name}' has a row_cutoff or layer_precision policy, which neither NIR nor its dnsoc metadata can carry; export it without 'prune dynamic' and 'layer_precision'");
        }

        var notes = new List<string>();
        var names = new HashSet<string>(network.Layers.Select(l => l.Name), StringComparer.Ordinal);
        string Free(string wanted)
        {
            var name = wanted;
            for (var k = 2; !names.Add(name); k++)
            {
                name = wanted + "_" + k;
            }

            return name;
        }

        var input = network.Input;
        var encoded = input.Downsampled.IsEmpty ? input.Shape : input.Downsampled;
        var nodes = new List<NirNode> { InputNode(Free("input"), input, encoded) };
        if (!input.Downsampled.IsEmpty)
        {
            notes.Add($"input '{input.Name}': NIR has no block-mean downsampling; the Input node has the downsampled shape [{string.Join(", ", encoded)}] and the metadata the caller's [{string.Join(", ", input.Shape)}]");
        }

        if (encoded.Count > 1)
        {
            nodes.Add(new NirNode(Free(input.Name + "_flatten"), NirTypes.Flatten,
                new[] { NirValue.Of("start_dim", NirTensor.Scalar(0)), NirValue.Of("end_dim", NirTensor.Scalar(-1)) }.ToEquatableArray(), EquatableArray<NirValue>.Empty));
        }

        foreach (var layer in network.Layers)
        {
            nodes.Add(WeightsNode(Free(layer.Name + "_weights"), layer));
            nodes.Add(NeuronNode(layer, notes));
        }

        nodes.Add(new NirNode(Free("output"), NirTypes.Output,
            new[] { NirValue.Of("shape", NirTensor.Vector(network.OutputLayer.Size)) }.ToEquatableArray(), EquatableArray<NirValue>.Empty));
        if (network.Layers.Any(l => l.Neuron.MembraneBits < 32))
        {
            notes.Add("membranes saturate at their width (membrane_bits); NIR's neurons do not: the metadata keeps the widths");
        }

        if (network.Update == UpdateMode.PerEvent)
        {
            notes.Add("the network tests thresholds after every event (update per_event); NIR's discretised neurons test once per step: the metadata keeps the mode");
        }

        var edges = nodes.Zip(nodes.Skip(1), (a, b) => new NirEdge(a.Name, b.Name)).ToEquatableArray();
        var graph = new NirGraph(nodes.ToEquatableArray(), edges, GraphMetadata(network));
        return new ExportedGraph(new NirDocument(NirDocument.ExportVersion, graph), notes.ToEquatableArray());
    }

    private static EquatableArray<NirValue> GraphMetadata(NetworkIr network)
    {
        var target = network.Target;
        var values = new List<NirValue>
        {
            NirValue.Of(DnsocMetadata.Network, network.Name),
            NirValue.Of(DnsocMetadata.Target, target.Kind switch { TargetKind.Dnsoc => "dnsoc", TargetKind.TinyOdin => "tinyodin", _ => "mcu" }),
            NirValue.Of(DnsocMetadata.ClockHz, target.ClockHz),
            NirValue.Of(DnsocMetadata.Timesteps, network.Timesteps),
            NirValue.Of(DnsocMetadata.Update, network.Update == UpdateMode.PerEvent ? "per_event" : "per_step"),
            NirValue.Of(DnsocMetadata.Readout, network.Readout.Mode.ToString().ToLowerInvariant()),
        };
        if (target.Kind == TargetKind.Dnsoc)
        {
            values.Add(NirValue.Of(DnsocMetadata.Rows, target.Rows));
            values.Add(NirValue.Of(DnsocMetadata.NeuronsPerCore, target.NeuronsPerCore));
            values.Add(NirValue.Of(DnsocMetadata.TargetWeightBits, target.WeightBits));
            values.Add(NirValue.Of(DnsocMetadata.TargetMembraneBits, target.MembraneBits));
            values.Add(NirValue.Of(DnsocMetadata.Lanes, target.Lanes));
        }

        if (target.McuCore is { } core)
        {
            values.Add(NirValue.Of(DnsocMetadata.McuCore, core));
        }

        if (network.Policies.EarlyExit is { } exit)
        {
            values.Add(NirValue.Of(DnsocMetadata.EarlyExitMinTimesteps, exit.MinTimesteps));
            values.Add(NirValue.Of(DnsocMetadata.EarlyExitMargin, exit.Margin));
            values.Add(NirValue.Of(DnsocMetadata.EarlyExitEvery, exit.CheckEvery));
        }

        return values.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray();
    }

    private static NirNode InputNode(string name, InputIr input, EquatableArray<int> encoded)
    {
        var metadata = new List<NirValue>
        {
            NirValue.Of(DnsocMetadata.Name, input.Name),
            NirValue.Of(DnsocMetadata.Encoding, input.Encoding == EncodingKind.Rate ? "rate" : "direct"),
            input.Encoding == EncodingKind.Rate ? NirValue.Of(DnsocMetadata.Seed, input.Seed) : NirValue.Of(DnsocMetadata.DirectThreshold, input.DirectThreshold),
        };
        if (!input.Downsampled.IsEmpty)
        {
            metadata.Add(NirValue.Of(DnsocMetadata.RawShape, NirTensor.Vector(input.Shape.Select(d => (double)d).ToArray())));
        }

        return new NirNode(name, NirTypes.Input, new[] { NirValue.Of("shape", NirTensor.Vector(encoded.Select(d => (double)d).ToArray())) }.ToEquatableArray(),
            metadata.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>NIR's weight is [out, in] (PyTorch's nn.Linear): the IR's [in][out] transposed, in integer steps (scale 1).</summary>
    private static NirNode WeightsNode(string name, LayerIr layer)
    {
        var weight = new double[layer.Size * layer.InputSize];
        for (var pre = 0; pre < layer.InputSize; pre++)
        {
            for (var post = 0; post < layer.Size; post++)
            {
                weight[(post * layer.InputSize) + pre] = layer.Weight(pre, post);
            }
        }

        var metadata = new List<NirValue> { NirValue.Of(DnsocMetadata.WeightBits, layer.WeightBits), NirValue.Of(DnsocMetadata.Scale, 1.0), NirValue.Of(DnsocMetadata.Core, layer.CoreIndex) };
        if (layer.Unroll != LayerIr.UnrollAuto)
        {
            metadata.Add(NirValue.Of(DnsocMetadata.Unroll, layer.Unroll));
        }

        return new NirNode(name, NirTypes.Linear, new[] { NirValue.Of("weight", NirTensor.Matrix(layer.Size, layer.InputSize, weight)) }.ToEquatableArray(),
            metadata.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>
    /// A shift leak k is LIF with beta = 1 - 2^-k (tau = dt 2^k) and r = tau / dt, so that v' = beta v + I; no leak
    /// and a subtractive one (no NIR counterpart) are IF with r = 1 / dt, so that v' = v + I.
    /// </summary>
    private static NirNode NeuronNode(LayerIr layer, List<string> notes)
    {
        var neuron = layer.Neuron;
        double[] Each(double value) => Enumerable.Repeat(value, layer.Size).ToArray();
        var parameters = new List<NirValue>
        {
            NirValue.Of("v_threshold", NirTensor.Vector(Each(neuron.Threshold))),
            NirValue.Of("v_reset", NirTensor.Vector(Each(0))),
        };
        string type;
        if (neuron.Leak == LeakKind.Shift)
        {
            var steps = Math.Pow(2, neuron.LeakAmount);
            type = NirTypes.Lif;
            parameters.Add(NirValue.Of("tau", NirTensor.Vector(Each(Dt * steps))));
            parameters.Add(NirValue.Of("r", NirTensor.Vector(Each(steps))));
            parameters.Add(NirValue.Of("v_leak", NirTensor.Vector(Each(0))));
        }
        else
        {
            type = NirTypes.If;
            parameters.Add(NirValue.Of("r", NirTensor.Vector(Each(1 / Dt))));
            if (neuron.Leak == LeakKind.Subtract && neuron.LeakAmount > 0)
            {
                notes.Add($"layer '{layer.Name}': the subtractive leak ({neuron.LeakAmount} per step toward zero) has no NIR counterpart; exported as IF, the metadata keeps it");
            }
        }

        if (neuron.Reset == ResetKind.Subtract)
        {
            notes.Add($"layer '{layer.Name}': reset by subtraction has no NIR counterpart (NIR resets to v_reset); the metadata keeps it");
        }

        var metadata = new[]
        {
            NirValue.Of(DnsocMetadata.Neuron, neuron.Name),
            NirValue.Of(DnsocMetadata.Threshold, neuron.Threshold),
            NirValue.Of(DnsocMetadata.Leak, neuron.Leak.ToString().ToLowerInvariant()),
            NirValue.Of(DnsocMetadata.LeakAmount, neuron.LeakAmount),
            NirValue.Of(DnsocMetadata.Reset, neuron.Reset == ResetKind.Subtract ? "subtract" : "zero"),
            NirValue.Of(DnsocMetadata.MembraneBits, neuron.MembraneBits),
        };
        return new NirNode(layer.Name, type, parameters.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray(),
            metadata.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray());
    }
}
