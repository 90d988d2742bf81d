using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Interchange.Import;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Interchange;

/// <summary>Where the NIR test files are, and small graphs built in memory for the refusal and corruption tests.</summary>
internal static class NirFiles
{
    /// <summary>The committed fixtures written by tests/fixtures/nir/write_fixtures.py (h5py, not this code).</summary>
    public static readonly string Fixtures = RepoPaths.Combine("tests", "fixtures", "nir");

    /// <summary>
    /// The frameworks' own files: shared/nir beside the checkout (../shared/nir from the main one, a copy beside the
    /// clone in CI), found by walking up from the repository root; null when no such folder exists.
    /// </summary>
    public static readonly string? Shared = FindShared();

    public static (ImportedNetwork? Network, EquatableArray<Diagnostic> Diagnostics) Import(string path, ImportOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        var network = NirImporter.Import(stream, path, options ?? new ImportOptions(), diagnostics);
        return (network, diagnostics.ToSortedArray());
    }

    public static (ImportedNetwork? Network, EquatableArray<Diagnostic> Diagnostics) Import(byte[] file, ImportOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        var network = NirImporter.Import(new MemoryStream(file), "model.nir", options ?? new ImportOptions(), diagnostics);
        return (network, diagnostics.ToSortedArray());
    }

    public static byte[] Bytes(NirDocument document)
    {
        using var stream = new MemoryStream();
        NirWriter.Write(document, stream);
        return stream.ToArray();
    }

    /// <summary>Input[3] -> fc (Linear 2 x 3) -> lif (LIF, snnTorch's beta 0.875 at dt 1e-4) -> Output[2].</summary>
    public static NirDocument Small() => Document(Input(3), Linear("fc", 2, 3), Lif("lif", 2), Output(2));

    public static NirDocument Document(params NirNode[] chain) =>
        new("0.5.0", new NirGraph(chain.ToEquatableArray(), chain.Zip(chain.Skip(1), (a, b) => new NirEdge(a.Name, b.Name)).ToEquatableArray(), EquatableArray<NirValue>.Empty));

    public static NirNode Input(int size) => Node("input", NirTypes.Input, ("shape", NirTensor.Vector(size)));

    public static NirNode Output(int size) => Node("output", NirTypes.Output, ("shape", NirTensor.Vector(size)));

    public static NirNode Linear(string name, int outputs, int inputs) =>
        Node(name, NirTypes.Linear, ("weight", NirTensor.Matrix(outputs, inputs, Enumerable.Range(0, outputs * inputs).Select(k => (k % 5) - 2.0).ToArray())));

    public static NirNode Lif(string name, int size, double tau = 8e-4, double r = 8)
    {
        NirTensor Each(double v) => NirTensor.Vector(Enumerable.Repeat(v, size).ToArray());
        return Node(name, NirTypes.Lif, ("tau", Each(tau)), ("r", Each(r)), ("v_leak", Each(0)), ("v_threshold", Each(1.5)), ("v_reset", Each(0)));
    }

    public static NirNode Node(string name, string type, params (string Name, NirTensor Tensor)[] parameters) =>
        new(name, type, parameters.Select(p => NirValue.Of(p.Name, p.Tensor)).ToEquatableArray(), EquatableArray<NirValue>.Empty);

    public static NirNode With(this NirNode node, string name, NirValue value) =>
        node with { Parameters = node.Parameters.Where(p => p.Name != name).Append(value).ToEquatableArray() };

    public static NirNode Without(this NirNode node, string name) =>
        node with { Parameters = node.Parameters.Where(p => p.Name != name).ToEquatableArray() };

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(RepoPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "nir");
            if (File.Exists(Path.Combine(candidate, "lif_norse.nir")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact on the frameworks' files in shared/nir: skipped, and reported as skipped, where that folder is absent.</summary>
public sealed class SharedNirFactAttribute : FactAttribute
{
    public SharedNirFactAttribute()
    {
        if (NirFiles.Shared is null)
        {
            Skip = "shared/nir (the frameworks' NIR files) is not beside the checkout";
        }
    }
}

internal static class DiagnosticList
{
    public static string Show(this IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);
}
