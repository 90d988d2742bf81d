using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>Wall time and allocations of the source generator on the 784-128-10 example: a full run, and a rerun after an unrelated C# edit.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private AdditionalText[] texts = null!;
    private CSharpCompilation compilation = null!;
    private CSharpCompilation edited = null!;
    private GeneratorDriver warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var snn = Workload.ExamplePath("128");
        texts = new AdditionalText[] { new FileText(snn), new FileText(Path.ChangeExtension(snn, ".w.txt")) };
        compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText("class Program { }"), CSharpSyntaxTree.ParseText("class Other { int x; }") });
        edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class Other { int y; }"));
        warm = Driver().RunGenerators(compilation);
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun() => Driver().RunGenerators(compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterUnrelatedEdit() => warm.RunGenerators(edited);

    private GeneratorDriver Driver() => CSharpGeneratorDriver.Create(new[] { Generator.AsSourceGenerator() }, texts);

    private static IIncrementalGenerator Generator { get; } = LoadGenerator();

    private static IIncrementalGenerator LoadGenerator()
    {
        var path = typeof(GeneratorBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GeneratorAssembly").Value!;
        return (IIncrementalGenerator)System.Activator.CreateInstance(Assembly.LoadFrom(path).GetType("DnSoc.Dsl.Generator.SnnGenerator", throwOnError: true)!)!;
    }

    private sealed class FileText : AdditionalText
    {
        private readonly SourceText text;

        public FileText(string path)
        {
            Path = path;
            text = SourceText.From(File.ReadAllText(path));
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }
}
