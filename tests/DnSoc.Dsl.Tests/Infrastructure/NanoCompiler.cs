using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Compiles C# against .NET nanoFramework's mscorlib alone (the nanoFramework.CoreLibrary package's, located at build time).</summary>
public static class NanoCompiler
{
    public static readonly string MscorlibPath = typeof(NanoCompiler).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NanoMscorlib").Value!;

    public static CSharpCompilation Compilation(string name, params string[] sources)
    {
        Assert.True(File.Exists(MscorlibPath), $"nanoFramework's mscorlib is not at {MscorlibPath}: restore the test project");
        return CSharpCompilation.Create(
            name,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), $"source{i}.cs")),
            new[] { MetadataReference.CreateFromFile(MscorlibPath) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
    }

    /// <summary>The errors of a full emit (emitting also finds compiler-required members the library lacks).</summary>
    public static Diagnostic[] EmitErrors(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
    }
}
