using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>One .snn layer as NIR writes it: a weight node (Affine or Linear) and the neuron node it feeds.</summary>
internal sealed record ChainLayer(NirNode Weights, NirNode Neuron);

/// <summary>A graph that is a chain Input [-> Flatten] -> (weights -> neuron)... -> Output.</summary>
internal sealed record Chain(NirNode Input, NirNode? Flatten, EquatableArray<ChainLayer> Layers);

/// <summary>
/// Checks that a NIR graph is something the language can express, the structure only (docs/nir.md#refusals):
/// supported node types, sub-graphs that hold a single neuron, no recurrent edge, one chain, layers in order.
/// Every problem is reported, each naming its node.
/// </summary>
internal sealed class ChainReader
{
    private static readonly string[] NeuronTypes = { NirTypes.Lif, NirTypes.If, NirTypes.Li };

    private static readonly string[] SupportedTypes =
        NeuronTypes.Concat(new[] { NirTypes.Input, NirTypes.Output, NirTypes.Affine, NirTypes.Linear, NirTypes.Flatten }).ToArray();

    private readonly SourceLocation location;
    private readonly DiagnosticBag diagnostics;

    private ChainReader(SourceLocation location, DiagnosticBag diagnostics)
    {
        this.location = location;
        this.diagnostics = diagnostics;
    }

    public static bool IsNeuron(string type) => NeuronTypes.Contains(type);

    public static Chain? Read(NirGraph graph, SourceLocation location, DiagnosticBag diagnostics) =>
        new ChainReader(location, diagnostics).Read(graph);

    private Chain? Read(NirGraph graph)
    {
        var errors = diagnostics.ErrorCount;
        var nodes = graph.Nodes.Select(Inline).ToList();
        foreach (var node in nodes.Where(n => !SupportedTypes.Contains(n.Type) && n.Graph is null))
        {
            diagnostics.Add(DiagnosticDescriptors.NirUnsupportedNode, location, node.Name, node.Type, Advice(node.Type));
        }

        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var edges = new List<NirEdge>();
        foreach (var edge in graph.Edges.Select(e => new NirEdge(Owner(e.Source, byName), Owner(e.Target, byName))).Distinct())
        {
            var unknown = new[] { edge.Source, edge.Target }.FirstOrDefault(n => !byName.ContainsKey(n));
            if (unknown is not null)
            {
                diagnostics.Add(DiagnosticDescriptors.NirNotAChain, location, $"the edge '{edge.Source}' -> '{edge.Target}' names '{unknown}', which is not a node of the graph");
            }
            else
            {
                edges.Add(edge);
            }
        }

        ReportLoops(nodes, edges, byName);
        return diagnostics.ErrorCount > errors ? null : Walk(nodes, edges, errors);
    }

    /// <summary>A sub-graph that holds one neuron node (between its own Input and Output) stands for that neuron.</summary>
    private NirNode Inline(NirNode node)
    {
        if (node.Graph is not { } sub)
        {
            return node;
        }

        var inner = sub.Nodes.Where(n => n.Type is not (NirTypes.Input or NirTypes.Output)).ToList();
        if (inner.Count == 1 && IsNeuron(inner[0].Type))
        {
            return inner[0] with { Name = node.Name };
        }

        var listed = string.Join(", ", inner.Select(n => $"'{n.Name}' ({n.Type})"));
        diagnostics.Add(DiagnosticDescriptors.NirSubgraph, location, node.Name, inner.Count == 0 ? "no nodes" : $"{inner.Count} nodes: {listed}");
        return node;
    }

    /// <summary>Edges into a sub-graph name its inner nodes ("lif1.lif"); they connect to the sub-graph's node.</summary>
    private static string Owner(string name, Dictionary<string, NirNode> byName)
    {
        var dot = name.IndexOf('.');
        return !byName.ContainsKey(name) && dot > 0 && byName.ContainsKey(name.Substring(0, dot)) ? name.Substring(0, dot) : name;
    }

    private void ReportLoops(List<NirNode> nodes, List<NirEdge> edges, Dictionary<string, NirNode> byName)
    {
        var successors = edges.ToLookup(e => e.Source, e => e.Target);
        var state = new Dictionary<string, int>(); // 1 on the current path, 2 done
        var path = new List<string>();
        var reported = new HashSet<string>();

        void Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var next in successors[name])
            {
                if (state.TryGetValue(next, out var s) && s == 1)
                {
                    var loop = path.Skip(path.IndexOf(next)).Concat(new[] { next }).ToList();
                    var at = loop.FirstOrDefault(n => byName[n].Type.Contains("LI")) ?? next; // name the neuron of the loop
                    if (reported.Add(at))
                    {
                        diagnostics.Add(DiagnosticDescriptors.NirRecurrent, location, at, byName[at].Type, string.Join(" -> ", loop));
                    }
                }
                else if (!state.ContainsKey(next))
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }

        foreach (var node in nodes.Where(n => !state.ContainsKey(n.Name)))
        {
            Visit(node.Name);
        }
    }

    private Chain? Walk(List<NirNode> nodes, List<NirEdge> edges, int errors)
    {
        var inputs = nodes.Where(n => n.Type == NirTypes.Input).ToList();
        var outputs = nodes.Where(n => n.Type == NirTypes.Output).ToList();
        if (inputs.Count != 1 || outputs.Count != 1)
        {
            var names = string.Join(", ", inputs.Concat(outputs).Select(n => $"'{n.Name}' ({n.Type})"));
            diagnostics.Add(DiagnosticDescriptors.NirNotAChain, location,
                $"the graph has {inputs.Count} Input and {outputs.Count} Output nodes{(names.Length > 0 ? " (" + names + ")" : string.Empty)}, where a network has exactly one of each");
            return null;
        }

        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var outgoing = edges.Where(e => e.Source == node.Name).Select(e => e.Target).ToList();
            var incoming = edges.Where(e => e.Target == node.Name).Select(e => e.Source).ToList();
            if (outgoing.Count > 1 || incoming.Count > 1)
            {
                var (count, direction, others) = outgoing.Count > 1 ? (outgoing.Count, "outgoing edges (to", outgoing) : (incoming.Count, "incoming edges (from", incoming);
                diagnostics.Add(DiagnosticDescriptors.NirNotAChain, location, $"node '{node.Name}' ({node.Type}) has {count} {direction} {string.Join(", ", others.Select(o => $"'{o}'"))})");
            }
        }

        if (diagnostics.ErrorCount > errors)
        {
            return null;
        }

        var next = edges.ToDictionary(e => e.Source, e => e.Target, StringComparer.Ordinal);
        var chain = new List<NirNode> { inputs[0] };
        while (next.TryGetValue(chain[^1].Name, out var target))
        {
            chain.Add(byName[target]);
        }

        foreach (var node in nodes.Where(n => !chain.Contains(n)))
        {
            diagnostics.Add(DiagnosticDescriptors.NirNotAChain, location, $"node '{node.Name}' ({node.Type}) is not on the path from input '{inputs[0].Name}' to output '{outputs[0].Name}'");
        }

        return diagnostics.ErrorCount > errors ? null : Layers(chain);
    }

    /// <summary>Input, an optional Flatten, then pairs (weights, neuron), then Output; an LI neuron only in the last pair (a membrane readout).</summary>
    private Chain? Layers(List<NirNode> chain)
    {
        var position = 1;
        NirNode? flatten = null;
        if (chain[position].Type == NirTypes.Flatten)
        {
            flatten = chain[position++];
        }

        var layers = new List<ChainLayer>();
        while (position < chain.Count && chain[position].Type != NirTypes.Output)
        {
            var node = chain[position];
            var previous = chain[position - 1];
            if (node.Type is not (NirTypes.Affine or NirTypes.Linear))
            {
                return Sequence(node, node.Type == NirTypes.Flatten
                    ? "comes after other layers, but only the input may be flattened"
                    : $"follows '{previous.Name}' ({previous.Type}) where an Affine or Linear node must come");
            }

            var neuron = chain[position + 1];
            if (!IsNeuron(neuron.Type))
            {
                return Sequence(neuron, $"follows '{node.Name}' ({node.Type}) where a neuron node (LIF, IF or LI) must come");
            }

            if (layers.Count > 0 && layers[^1].Neuron.Type == NirTypes.Li)
            {
                return Sequence(layers[^1].Neuron, "is an LI node (no spikes) that feeds another layer; LI can only be the last layer, read out by its membrane");
            }

            layers.Add(new ChainLayer(node, neuron));
            position += 2;
        }

        if (layers.Count == 0)
        {
            return Sequence(chain[^1], $"follows '{chain[^2].Name}' ({chain[^2].Type}) directly, so the network has no layer");
        }

        return new Chain(chain[0], flatten, layers.ToEquatableArray());
    }

    private Chain? Sequence(NirNode node, string problem)
    {
        diagnostics.Add(DiagnosticDescriptors.NirSequence, location, node.Name, node.Type, problem);
        return null;
    }

    private static string Advice(string type) => type switch
    {
        "CubaLIF" or "CubaLI" => "its synaptic current has a time constant of its own (tau_syn), which a .snn neuron does not have; train with a plain leaky neuron (snntorch.Leaky, exported as LIF)",
        "Conv1d" or "Conv2d" => "convolutions are not supported; train a dense network (Linear layers) instead",
        "SumPool2d" or "AvgPool2d" => "pooling is not supported; remove it (the .snn input's 'downsample' averages the input)",
        "Delay" => "synaptic delays are not supported; train the network without delays",
        "Threshold" => "a bare threshold has no membrane; export the neuron as LIF or IF",
        "Scale" => "a scaling node is not supported; fold the scale into the next Linear node's weights",
        "I" => "an integrator without a threshold is not supported; use IF (spiking) or LI (a membrane readout)",
        _ => "it is not one of the node types the importer reads (Input, Output, Affine, Linear, Flatten, LIF, IF, LI)",
    };
}
