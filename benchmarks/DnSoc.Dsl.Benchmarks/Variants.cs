using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Training.Evaluation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DnSoc.Dsl.Benchmarks;

/// <summary>Emits and compiles (Release) variants of a network: every layer's unroll set to one value, or pruned weights in either layout.</summary>
internal static class Variants
{
    public static readonly string[] Unrolls = { "none", "4", "8", "16", "full", "auto" };

    public static Type Compile(NetworkIr network, string unroll) =>
        Compile(network with
        {
            Name = $"{network.Name}_{unroll}",
            Layers = network.Layers.Select(l => l with { Unroll = Factor(unroll, l.Size) }).ToEquatableArray(),
        });

    /// <summary>
    /// Every layer magnitude-pruned to <paramref name="density"/> nonzero weights (no retraining: the same
    /// network for both layouts), emitted with dense rows or with sparse rows wherever they are exact.
    /// </summary>
    public static Type CompilePruned(NetworkIr network, double density, bool sparse) =>
        Compile(network with
        {
            Name = $"{network.Name}_{(int)(density * 100)}_{(sparse ? "sparse" : "dense")}",
            Layers = network.Layers.Select(l => l with { Weights = Pruned(l.Weights.ToArray(), density) }).ToEquatableArray(),
        }, sparse ? WeightLayout.Sparse : WeightLayout.Dense);

    private static EquatableArray<int> Pruned(int[] weights, double density)
    {
        var kept = weights.Select((w, k) => (w, k)).OrderByDescending(e => Math.Abs(e.w)).ThenBy(e => e.k)
            .Take((int)Math.Round(density * weights.Length)).Select(e => e.k).ToHashSet();
        return weights.Select((w, k) => kept.Contains(k) ? w : 0).ToEquatableArray();
    }

    private static Type Compile(NetworkIr variant, WeightLayout layout = WeightLayout.Auto)
    {
        var sources = new[]
        {
            CSharpEmitter.EmitNetwork(variant, new EmitOptions("Bench", "variant.snn", Layout: layout)),
            CSharpEmitter.EmitRuntime("Bench"),
        };
        var compilation = CSharpCompilation.Create(variant.Name, sources.Select(s => CSharpSyntaxTree.ParseText(s)), CompiledNetwork.RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Take(5)));
        }

        stream.Position = 0;
        var assembly = new AssemblyLoadContext(variant.Name).LoadFromStream(stream);
        return assembly.GetType($"Bench.{variant.Name}")!;
    }

    public static Func<byte[], int> Infer(Type type) =>
        (Func<byte[], int>)Delegate.CreateDelegate(typeof(Func<byte[], int>), Activator.CreateInstance(type)!, "Infer");

    /// <summary>IL bytes of every method of the class (code size, without the weight tables).</summary>
    public static int MethodIlBytes(Type type) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Concat<MethodBase>(type.GetConstructors(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Sum(m => m.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0);

    /// <summary>Bytes of the static weight tables.</summary>
    public static long WeightTableBytes(Type type) =>
        type.GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Select(f => f.GetValue(null))
            .OfType<Array>()
            .Sum(a => (long)a.Length * System.Runtime.InteropServices.Marshal.SizeOf(a.GetType().GetElementType()!));

    private static int Factor(string unroll, int size) => unroll switch
    {
        "none" => 1,
        "full" => size,
        "auto" => LayerIr.UnrollAuto,
        _ => Math.Min(int.Parse(unroll), size),
    };
}
