using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>The bundled examples on the reference model: the expected answers for code generated from them.</summary>
public static class ExampleNetworks
{
    public static readonly string Folder = RepoPaths.Combine("examples");

    /// <summary>The single network in examples/<paramref name="file"/>, compiled without any diagnostic.</summary>
    public static NetworkIr Network(string file)
    {
        var compilation = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(Folder, file))), new DirectoryResolver(Folder));
        Assert.Empty(compilation.Diagnostics);
        return compilation.Networks.Single();
    }

    /// <summary>The reference result of one inference of the single network in examples/<paramref name="file"/>.</summary>
    public static InferenceResult Infer(string file, byte[] input) => new ReferenceModel(Network(file)).Infer(input);
}
