using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;
using PureHDF;

namespace DnSoc.Dsl.Interchange.Nir;

/// <summary>
/// Reads a NIR file (HDF5, through PureHDF) into a <see cref="NirDocument"/>. Never throws on the file's content:
/// a file that HDF5 cannot read, a missing or mistyped dataset and a tensor too large to import are diagnostics
/// (SNN0601, SNN0602, SNN0617, SNN0611) at the file, naming the dataset.
/// </summary>
public static class NirReader
{
    /// <summary>The most values one dataset may hold: far above any layer the language allows to be useful, far below what would exhaust memory.</summary>
    public const long MaxValues = 1L << 24;

    /// <summary>How deep sub-graphs may nest; a deeper file is malformed (or crafted to recurse forever).</summary>
    public const int MaxDepth = 8;

    public static NirDocument? Read(Stream stream, string path, DiagnosticBag diagnostics)
    {
        var reader = new Reader(NirLocation.Of(path), diagnostics);
        try
        {
            using var file = H5File.Open(stream, leaveOpen: true);
            return reader.Document(file);
        }
        catch (Exception e)
        {
            // PureHDF reports a damaged file with exceptions of many kinds (a corrupt length even as OutOfMemoryException
            // for an impossible array); each is the file's fault, not ours.
            diagnostics.Add(DiagnosticDescriptors.NirUnreadable, reader.Location, Describe(e));
            return null;
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message.TrimEnd('.')}";

    private sealed class Reader
    {
        private readonly DiagnosticBag diagnostics;

        public Reader(SourceLocation location, DiagnosticBag diagnostics)
        {
            Location = location;
            this.diagnostics = diagnostics;
        }

        public SourceLocation Location { get; }

        public NirDocument? Document(IH5Group root)
        {
            var version = Text(root, "version", "version");
            var graph = Child(root, "node", "node") is IH5Group node ? Graph(node, "node", depth: 0) : null;
            return version is not null && graph is not null ? new NirDocument(version, graph) : null;
        }

        private NirGraph? Graph(IH5Group group, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                return Malformed<NirGraph>(path, $"sub-graphs nest deeper than {MaxDepth} levels");
            }

            var type = Text(group, "type", path + "/type");
            if (type is not null && type != NirTypes.Graph)
            {
                return Malformed<NirGraph>(path + "/type", $"it is '{type}', not '{NirTypes.Graph}'");
            }

            var edges = Edges(group, path + "/edges");
            var nodes = new List<NirNode>();
            var nodesChild = Child(group, "nodes", path + "/nodes");
            if (nodesChild is IH5Group nodesGroup)
            {
                foreach (var child in nodesGroup.Children())
                {
                    if (child is IH5Group nodeGroup && Node(nodeGroup, child.Name, $"{path}/nodes/{child.Name}", depth) is { } node)
                    {
                        nodes.Add(node);
                    }
                }
            }
            else if (nodesChild is not null)
            {
                return Malformed<NirGraph>(path + "/nodes", "it is a dataset, not a group");
            }

            var metadata = group.LinkExists("metadata") && group.Get("metadata") is IH5Group meta ? Values(meta, path + "/metadata") : EquatableArray<NirValue>.Empty;
            return type is null || edges is null ? null : new NirGraph(nodes.ToEquatableArray(), edges.Value, metadata);
        }

        private NirNode? Node(IH5Group group, string name, string path, int depth)
        {
            if (Text(group, "type", path + "/type") is not { } type)
            {
                return null;
            }

            if (type == NirTypes.Graph)
            {
                return Graph(group, path, depth + 1) is { } sub
                    ? new NirNode(name, type, EquatableArray<NirValue>.Empty, sub.Metadata, sub)
                    : null;
            }

            var metadata = group.LinkExists("metadata") && group.Get("metadata") is IH5Group meta ? Values(meta, path + "/metadata") : EquatableArray<NirValue>.Empty;
            return new NirNode(name, type, Values(group, path), metadata);
        }

        /// <summary>The group's datasets as values (its "type" aside); datasets of other HDF5 classes and sub-groups are not parameters of any supported node.</summary>
        private EquatableArray<NirValue> Values(IH5Group group, string path)
        {
            var values = new List<NirValue>();
            foreach (var child in group.Children())
            {
                if (child is IH5Dataset dataset && child.Name != "type" && Value(dataset, child.Name, $"{path}/{child.Name}") is { } value)
                {
                    values.Add(value);
                }
            }

            return values.OrderBy(v => v.Name, StringComparer.Ordinal).ToEquatableArray();
        }

        private NirValue? Value(IH5Dataset dataset, string name, string path)
        {
            if (IsText(dataset))
            {
                return IsScalar(dataset) && dataset.Read<string>() is { } text ? NirValue.Of(name, text) : null;
            }

            return Numbers(dataset, path) is { } tensor ? NirValue.Of(name, tensor) : null;
        }

        private NirTensor? Numbers(IH5Dataset dataset, string path)
        {
            var type = dataset.Type;
            if (type.Class is not (H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint))
            {
                return null; // an HDF5 class no NIR parameter uses; the importer says so if it needed it
            }

            var shape = dataset.Space.Type == H5DataspaceType.Scalar ? Array.Empty<ulong>() : dataset.Space.Dimensions;
            var count = shape.Aggregate(1.0, (product, d) => product * d);
            if (count > MaxValues)
            {
                diagnostics.Add(DiagnosticDescriptors.NirTooLarge, Location, path, string.Join(", ", shape), count.ToString("0", CultureInfo.InvariantCulture), MaxValues);
                return null;
            }

            var values = (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
            {
                (H5DataTypeClass.FloatingPoint, 4, _) => dataset.Read<float[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FloatingPoint, 8, _) => dataset.Read<double[]>(),
                (H5DataTypeClass.FixedPoint, 1, true) => dataset.Read<sbyte[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 1, false) => dataset.Read<byte[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 2, true) => dataset.Read<short[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 2, false) => dataset.Read<ushort[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 4, true) => dataset.Read<int[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 4, false) => dataset.Read<uint[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 8, true) => dataset.Read<long[]>().Select(v => (double)v).ToArray(),
                (H5DataTypeClass.FixedPoint, 8, false) => dataset.Read<ulong[]>().Select(v => (double)v).ToArray(),
                _ => null,
            };
            if (values is null || values.Length != (long)count)
            {
                return values is null ? null : Malformed<NirTensor>(path, $"it holds {values.Length} values for shape [{string.Join(", ", shape)}]");
            }

            return new NirTensor(shape.Select(d => (long)d).ToEquatableArray(), values.ToEquatableArray());
        }

        private EquatableArray<NirEdge>? Edges(IH5Group group, string path)
        {
            if (Child(group, "edges", path) is not { } child)
            {
                return null;
            }

            if (child is not IH5Dataset dataset || !IsText(dataset))
            {
                WrongType(path, child is IH5Dataset ? "not text" : "a group", "an N x 2 array of strings (source, target)");
                return null;
            }

            var shape = dataset.Space.Type == H5DataspaceType.Simple ? dataset.Space.Dimensions : Array.Empty<ulong>();
            if (shape.Length != 2 || shape[1] != 2)
            {
                WrongType(path, $"of shape [{string.Join(", ", shape)}]", "an N x 2 array of strings (source, target)");
                return null;
            }

            if (shape[0] * 2 > MaxValues)
            {
                diagnostics.Add(DiagnosticDescriptors.NirTooLarge, Location, path, string.Join(", ", shape), shape[0] * 2, MaxValues);
                return null;
            }

            var names = dataset.Read<string[]>();
            if (names.Any(n => n is null))
            {
                Malformed<NirEdge>(path, "a node name in it is not a string");
                return null;
            }

            return Enumerable.Range(0, names.Length / 2).Select(i => new NirEdge(names[2 * i], names[(2 * i) + 1])).ToEquatableArray();
        }

        private string? Text(IH5Group group, string name, string path)
        {
            if (Child(group, name, path) is not { } child)
            {
                return null;
            }

            if (child is not IH5Dataset dataset || !IsText(dataset) || !IsScalar(dataset))
            {
                WrongType(path, child is IH5Dataset ? "not one string" : "a group", "one string");
                return null;
            }

            return dataset.Read<string>() ?? Malformed<string>(path, "it holds no string");
        }

        private IH5Object? Child(IH5Group group, string name, string path) =>
            group.LinkExists(name) ? group.Get(name) : Malformed<IH5Object>(path, "there is no such dataset or group");

        private T? Malformed<T>(string path, string problem)
            where T : class
        {
            diagnostics.Add(DiagnosticDescriptors.NirMalformed, Location, $"'{path}'", problem);
            return null;
        }

        private void WrongType(string path, string actual, string expected) =>
            diagnostics.Add(DiagnosticDescriptors.NirWrongType, Location, $"dataset '{path}'", actual, expected);

        private static bool IsText(IH5Dataset dataset) => dataset.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;

        private static bool IsScalar(IH5Dataset dataset) =>
            dataset.Space.Type == H5DataspaceType.Scalar || (dataset.Space.Type == H5DataspaceType.Simple && dataset.Space.Dimensions.Aggregate(1UL, (p, d) => p * d) == 1);
    }
}

/// <summary>Where an import diagnostic points: the .nir file itself (HDF5 has no lines; the message names the node and dataset).</summary>
public static class NirLocation
{
    public static SourceLocation Of(string path) => new(path, new TextSpan(0, 0), new LinePosition(0, 0), new LinePosition(0, 0));
}
