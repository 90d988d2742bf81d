using System.Collections.Generic;
using System.IO;
using System.Linq;
using PureHDF;

namespace DnSoc.Dsl.Interchange.Nir;

/// <summary>
/// Writes a <see cref="NirDocument"/> in NIR's HDF5 layout (docs/nir.md#file-layout) through PureHDF: strings as
/// variable-length UTF-8 (as h5py writes them), parameters as float32 like the frameworks' own exports, shapes
/// and dimensions as int64, metadata numbers as float64 so that every integer of the exact semantics survives.
/// </summary>
public static class NirWriter
{
    private static readonly HashSet<string> IntegerParameters = new() { "shape", "start_dim", "end_dim" };

    public static void Write(NirDocument document, Stream stream)
    {
        var file = new H5File { ["version"] = document.Version, ["node"] = Graph(document.Graph) };
        file.Write(stream);
    }

    private static H5Group Graph(NirGraph graph)
    {
        var nodes = new H5Group();
        foreach (var node in graph.Nodes)
        {
            nodes[node.Name] = node.Graph is { } sub ? Graph(sub) : Node(node);
        }

        var edges = graph.Edges.SelectMany(e => new[] { e.Source, e.Target }).ToArray();
        var group = new H5Group
        {
            ["type"] = NirTypes.Graph,
            ["nodes"] = nodes,
            ["edges"] = new H5Dataset<string[]>(edges, fileDims: new ulong[] { (ulong)graph.Edges.Count, 2 }),
        };
        AddMetadata(group, graph.Metadata);
        return group;
    }

    private static H5Group Node(NirNode node)
    {
        var group = new H5Group { ["type"] = node.Type };
        foreach (var parameter in node.Parameters)
        {
            group[parameter.Name] = Dataset(parameter, IntegerParameters.Contains(parameter.Name) ? Precision.Int64 : Precision.Float32);
        }

        AddMetadata(group, node.Metadata);
        return group;
    }

    private static void AddMetadata(H5Group group, Language.EquatableArray<NirValue> metadata)
    {
        if (!metadata.IsEmpty)
        {
            var meta = new H5Group();
            foreach (var value in metadata)
            {
                meta[value.Name] = Dataset(value, Precision.Float64);
            }

            group["metadata"] = meta;
        }
    }

    private static object Dataset(NirValue value, Precision precision)
    {
        if (value.Tensor is not { } tensor)
        {
            return value.Text ?? string.Empty;
        }

        var values = tensor.Values.ToArray();
        if (tensor.Shape.IsEmpty)
        {
            return precision switch { Precision.Int64 => (long)values[0], Precision.Float32 => (float)values[0], _ => (object)values[0] };
        }

        var dims = tensor.Shape.Select(d => (ulong)d).ToArray();
        return precision switch
        {
            Precision.Int64 => new H5Dataset<long[]>(values.Select(v => (long)v).ToArray(), fileDims: dims),
            Precision.Float32 => new H5Dataset<float[]>(values.Select(v => (float)v).ToArray(), fileDims: dims),
            _ => new H5Dataset<double[]>(values, fileDims: dims),
        };
    }

    private enum Precision
    {
        Int64,
        Float32,
        Float64,
    }
}
