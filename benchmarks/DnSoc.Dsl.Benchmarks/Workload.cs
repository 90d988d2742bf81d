using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>The bundled examples and the inputs every benchmark uses, so all compare on the same work.</summary>
internal static class Workload
{
    public const int Images = DnSoc.Dsl.Training.Performance.QuickBench.Images;

    public static readonly string Root = FindRoot();

    public static string ExamplePath(string hidden) => Path.Combine(Root, "examples", $"mnist-784-{hidden}-10.snn");

    public static NetworkIr Network(string hidden)
    {
        var path = ExamplePath(hidden);
        var compilation = SnnCompiler.Compile(new SourceFile(path, File.ReadAllText(path)), new DiskResolver());
        return compilation.Networks.Single();
    }

    /// <summary>The synthetic digit-sized inputs of snnc bench (seeded), so both measure the same work.</summary>
    public static byte[][] Inputs() => DnSoc.Dsl.Training.Performance.QuickBench.SyntheticInputs(784);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DnSoc.Dsl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }

    private sealed class DiskResolver : IFileResolver
    {
        public string MissingFileHint => "the examples must be present";

        public FileResolution Resolve(string path) => File.Exists(path) ? new SourceFile(path, File.ReadAllText(path)) : null;
    }
}
