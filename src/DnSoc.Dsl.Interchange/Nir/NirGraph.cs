using System;
using System.Linq;
using DnSoc.Dsl.Language;

namespace DnSoc.Dsl.Interchange.Nir;

// The NIR graph as its HDF5 file holds it (docs/nir.md#file-layout), format-neutral: the reader fills it,
// the writer writes it, the importer and exporter translate it. Immutable and equatable like every pipeline value.

/// <summary>A numeric dataset: row-major values, widened to double, and its shape ([] for a scalar).</summary>
public sealed record NirTensor(EquatableArray<long> Shape, EquatableArray<double> Values)
{
    public static NirTensor Scalar(double value) => new(EquatableArray<long>.Empty, new[] { value }.ToEquatableArray());

    public static NirTensor Vector(params double[] values) => new(new[] { (long)values.Length }.ToEquatableArray(), values.ToEquatableArray());

    public static NirTensor Matrix(int rows, int columns, double[] values) => new(new long[] { rows, columns }.ToEquatableArray(), values.ToEquatableArray());
}

/// <summary>One dataset of a node (a parameter or a metadata entry): a number tensor or a text.</summary>
public sealed record NirValue(string Name, NirTensor? Tensor, string? Text)
{
    public static NirValue Of(string name, NirTensor tensor) => new(name, tensor, null);

    public static NirValue Of(string name, string text) => new(name, null, text);

    public static NirValue Of(string name, double value) => new(name, NirTensor.Scalar(value), null);
}

/// <summary>A node: its NIR type ("Affine", "LIF", ...), its parameters, its free-form metadata, and for a NIRGraph node its sub-graph.</summary>
public sealed record NirNode(string Name, string Type, EquatableArray<NirValue> Parameters, EquatableArray<NirValue> Metadata, NirGraph? Graph = null)
{
    public NirValue? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    public NirValue? Meta(string name) => Metadata.FirstOrDefault(p => p.Name == name);
}

/// <summary>A directed edge between two nodes of one graph, by name (a sub-graph's node is "graph.node").</summary>
public sealed record NirEdge(string Source, string Target);

public sealed record NirGraph(EquatableArray<NirNode> Nodes, EquatableArray<NirEdge> Edges, EquatableArray<NirValue> Metadata)
{
    public NirNode? Node(string name) => Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));
}

/// <summary>A whole file: the NIR version it says it follows and its top-level graph.</summary>
public sealed record NirDocument(string Version, NirGraph Graph)
{
    /// <summary>The version the exporter writes: the NIR 1.0 layout and node names.</summary>
    public const string ExportVersion = "1.0.0";
}

/// <summary>NIR's node type names (NIR 1.0).</summary>
public static class NirTypes
{
    public const string Graph = "NIRGraph";
    public const string Input = "Input";
    public const string Output = "Output";
    public const string Affine = "Affine";
    public const string Linear = "Linear";
    public const string Flatten = "Flatten";
    public const string Lif = "LIF";
    public const string If = "IF";
    public const string Li = "LI";
}
