using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace DnSoc.Dsl.Tests.Emit;

/// <summary>
/// The generated code stays within what .NET nanoFramework 1.x runs: the syntax guard accepts it and it
/// compiles against nano's mscorlib alone, for the examples and for random networks reaching every
/// emitter branch. The NanoCheck project does the same for the examples through a real build.
/// </summary>
public class NanoCompatibilityTests
{
    private const string Namespace = "DnSoc.Networks";

    /// <summary>Seeded; the coverage test proves these networks reach every branch below.</summary>
    private static readonly NetworkIr[] Networks = DrawNetworks();

    /// <summary>Every emitter branch, per update mode where the branch is emitted in both modes' code.</summary>
    private static readonly (string Branch, Func<NetworkIr, bool> Taken)[] Branches = BranchList().ToArray();

    [Fact]
    public void The_random_networks_reach_every_emitter_branch()
    {
        var missed = Branches.Where(b => !Networks.Any(b.Taken)).Select(b => b.Branch).ToList();
        Assert.True(missed.Count == 0, "no random network takes: " + string.Join(", ", missed));
    }

    [Fact]
    public void The_guard_accepts_the_runtime_and_every_random_network()
    {
        var violations = Networks
            .SelectMany(n => NanoSyntaxGuard.Check(CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "random.snn")), n.Name + ".g.cs"))
            .Concat(NanoSyntaxGuard.Check(CSharpEmitter.EmitRuntime(Namespace), "runtime.g.cs"))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
    }

    [Fact]
    public void The_guard_accepts_what_the_generator_makes_of_every_example()
    {
        var (driver, _, diagnostics) = GeneratorHarness.Run(MemoryText.FromFolder(RepoPaths.Combine("examples"), "*.snn", "*.w.txt"));
        Assert.Empty(diagnostics);
        var trees = driver.GetRunResult().GeneratedTrees;
        var examples = System.IO.Directory.GetFiles(RepoPaths.Combine("examples"), "*.snn").Length;
        Assert.Equal(examples + 1, trees.Length); // the runtime and one class per example network
        var violations = trees.SelectMany(t => NanoSyntaxGuard.Check(t.ToString(), t.FilePath)).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
    }

    [Fact]
    public void Every_random_network_compiles_against_nano_mscorlib_alone()
    {
        var compilation = NanoCompiler.Compilation("NanoRandomNets",
            Networks.Select(n => CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "random.snn")))
                .Append(CSharpEmitter.EmitRuntime(Namespace)).ToArray());
        var errors = NanoCompiler.EmitErrors(compilation);
        Assert.True(errors.Length == 0, "generated code does not compile against nano's mscorlib:\n" + string.Join("\n", errors.Take(20)));
    }

    [Theory]
    [InlineData("class C { int M(int a, int b) { return System.Math.Max(a, b); } }", "CS0234")]
    [InlineData("class C { System.Collections.Generic.List<int> l; }", "CS0234")]
    [InlineData("class C { System.Span<byte> M() { return default; } }", "CS0234")]
    [InlineData("class C { int? n; }", "CS0518")]
    [InlineData("class C { System.Collections.IEnumerable M() { yield return 1; } }", "CS0518")]
    public void The_nano_compiler_rejects_what_nano_mscorlib_lacks(string source, string error)
    {
        // Proves the compilations above really see only nano's mscorlib, not .NET's.
        var errors = NanoCompiler.EmitErrors(NanoCompiler.Compilation("Lacking", source));
        Assert.Contains(errors, e => e.Id == error);
    }

    [Fact]
    public void The_guard_accepts_what_nano_runs()
    {
        const string source = """
            using System;
            using System.Collections;
            namespace N
            {
                public delegate void Handler(int x);
                public interface IShape { int Area { get; } int Scale(int k); event Handler Changed; }
                public enum Kind { A, B }
                public struct P { public int X; }
                public sealed class C : IShape
                {
                    private static readonly sbyte[] W = new sbyte[] { 1, -2, 3 };
                    private readonly int[][] jagged = new int[2][];
                    public event Handler Changed;
                    public int Area { get { return W.Length; } }
                    public int Scale(int k)
                    {
                        var list = new ArrayList();
                        foreach (var w in W) list.Add(w);
                        Handler h = x => Changed?.Invoke(x);
                        h(k);
                        try { return jagged[k][0]; } catch (IndexOutOfRangeException) { throw new ArgumentException($"k = {k}"); }
                    }
                }
            }
            """;
        Assert.Empty(NanoSyntaxGuard.Check(source));
        Assert.Empty(NanoCompiler.EmitErrors(NanoCompiler.Compilation("Allowed", source)));
    }

    [Theory]
    [InlineData(NanoSyntaxGuard.Generic, "class C { void M() { var list = new List<int>(); } }")]
    [InlineData(NanoSyntaxGuard.Generic, "class C { void M() { N<int>(); } void N() { } }")]
    [InlineData(NanoSyntaxGuard.TypeParameters, "class Box<T> { }")]
    [InlineData(NanoSyntaxGuard.TypeParameters, "class C { void M<T>() { } }")]
    [InlineData(NanoSyntaxGuard.MultidimensionalArray, "class C { int[,] a = new int[2, 3]; }")]
    [InlineData(NanoSyntaxGuard.InterfaceMember, "interface I { int F() => 1; }")]
    [InlineData(NanoSyntaxGuard.InterfaceMember, "interface I { int P { get { return 1; } } }")]
    [InlineData(NanoSyntaxGuard.InterfaceMember, "interface I { static abstract int S(); }")]
    [InlineData(NanoSyntaxGuard.MissingType, "class C { int M(int a, int b) { return System.Math.Max(a, b); } }")]
    [InlineData(NanoSyntaxGuard.MissingType, "using static System.Math; class C { }")]
    [InlineData(NanoSyntaxGuard.MissingType, "class C { void M(System.Span<int> s) { } }")]
    [InlineData(NanoSyntaxGuard.MissingType, "class C { void M(ReadOnlySpan<byte> s) { } }")]
    [InlineData(NanoSyntaxGuard.Stackalloc, "class C { void M() { var s = stackalloc int[4]; } }")]
    [InlineData(NanoSyntaxGuard.Stackalloc, "class C { void M() { var s = stackalloc[] { 1, 2 }; } }")]
    [InlineData(NanoSyntaxGuard.ForbiddenNamespace, "using System.Collections.Generic; class C { }")]
    [InlineData(NanoSyntaxGuard.ForbiddenNamespace, "using System.Linq; class C { }")]
    [InlineData(NanoSyntaxGuard.ForbiddenNamespace, "class C { int M(int[] a) { return global::System.Linq.Enumerable.Count(a); } }")]
    [InlineData(NanoSyntaxGuard.Query, "class C { object M(int[] a) { return from x in a select x; } }")]
    [InlineData(NanoSyntaxGuard.Async, "class C { async void M() { } }")]
    [InlineData(NanoSyntaxGuard.Async, "class C { void M(System.Threading.Tasks.Task t) { System.Action a = async () => await t; } }")]
    [InlineData(NanoSyntaxGuard.Iterator, "class C { System.Collections.IEnumerable M() { yield return 1; } }")]
    [InlineData(NanoSyntaxGuard.Record, "record R(int A);")]
    [InlineData(NanoSyntaxGuard.Record, "record struct R(int A);")]
    [InlineData(NanoSyntaxGuard.Tuple, "class C { (int, int) M() { return (1, 2); } }")]
    [InlineData(NanoSyntaxGuard.Tuple, "class C { void M(int[] a) { var (x, y) = P(a); } object P(int[] a) { return a; } }")]
    [InlineData(NanoSyntaxGuard.Tuple, "class C { bool M(object o) { return o is P(1, 2); } }")]
    [InlineData(NanoSyntaxGuard.Nullable, "class C { int? n; }")]
    [InlineData(NanoSyntaxGuard.Dynamic, "class C { dynamic d; }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "unsafe class C { }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "class C { void M() { unsafe { } } }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "class C { int* p; }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "class C { void M(int x) { var p = &x; } }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "class C { void M(byte[] a) { fixed (byte* p = a) { } } }")]
    [InlineData(NanoSyntaxGuard.Unsafe, "class C { delegate*<void> f; }")]
    [InlineData(NanoSyntaxGuard.LocalFunction, "class C { int M() { int F() => 1; return F(); } }")]
    [InlineData(NanoSyntaxGuard.IndexRange, "class C { int M(int[] a) { return a[^1]; } }")]
    [InlineData(NanoSyntaxGuard.IndexRange, "class C { int[] M(int[] a) { return a[1..2]; } }")]
    public void The_guard_rejects(string rule, string source)
    {
        // Valid syntax, so it is the guard that rejects it, not the parser.
        Assert.Empty(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetDiagnostics());
        var violations = NanoSyntaxGuard.Check(source);
        Assert.True(violations.Any(v => v.Rule == rule), $"expected '{rule}', got: " + string.Join("; ", violations));
    }

    private static NetworkIr[] DrawNetworks()
    {
        var random = new Random(2_2026);
        return Enumerable.Range(0, 160).Select(i => RandomNetworks.Draw(random, $"Nano{i}")).ToArray();
    }

    private static IEnumerable<(string, Func<NetworkIr, bool>)> BranchList()
    {
        yield return ("rate encoding", n => n.Input.Encoding == EncodingKind.Rate);
        yield return ("direct encoding", n => n.Input.Encoding == EncodingKind.Direct);
        yield return ("count readout", n => n.Readout.Mode == ReadoutMode.Count);
        yield return ("membrane readout", n => n.Readout.Mode == ReadoutMode.Membrane);
        yield return ("per_event leak phase skipped (no leak, reset to zero)",
            n => n.Update == UpdateMode.PerEvent && n.Layers.Any(l => l.Neuron.Leak == LeakKind.None && l.Neuron.Reset == ResetKind.Zero));
        var layerBranches = new (string, Func<LayerIr, bool>)[]
        {
            ("leak none", l => l.Neuron.Leak == LeakKind.None),
            ("leak subtract", l => l.Neuron.Leak == LeakKind.Subtract && l.Neuron.LeakAmount > 0),
            ("leak subtract 0", l => l.Neuron.Leak == LeakKind.Subtract && l.Neuron.LeakAmount == 0),
            ("leak shift", l => l.Neuron.Leak == LeakKind.Shift),
            ("reset zero", l => l.Neuron.Reset == ResetKind.Zero),
            ("reset subtract", l => l.Neuron.Reset == ResetKind.Subtract),
            ("weights of 1..4 bits (packed nibbles)", l => l.WeightBits <= 4),
            ("weights of 5..8 bits", l => l.WeightBits is > 4 and <= 8),
            ("weights of 9..16 bits", l => l.WeightBits > 8),
            ("unroll none", l => l.Unroll == 1 && l.Size > 1),
            ("unroll factor, with a tail", l => l.Unroll > 1 && l.Unroll < l.Size && l.Size % l.Unroll != 0),
            ("unroll factor, no tail", l => l.Unroll > 1 && l.Unroll < l.Size && l.Size % l.Unroll == 0),
            ("unroll full", l => l.Unroll == l.Size && l.Size > 1),
            ("unroll auto, full", l => l.Unroll == LayerIr.UnrollAuto && l.Size > 1 && l.Size <= CodePlanner.AutoFullUnrollLimit),
            ("unroll auto, factor", l => l.Unroll == LayerIr.UnrollAuto && l.Size > CodePlanner.AutoFullUnrollLimit),
        };
        foreach (var update in new[] { UpdateMode.PerEvent, UpdateMode.PerStep })
        {
            foreach (var (branch, taken) in layerBranches)
            {
                yield return ($"{update}: {branch}", n => n.Update == update && n.Layers.Any(taken));
            }

            yield return ($"{update}: sparse rows", n => n.Update == update && CodePlanner.Plan(n, CodeFlavour.Nano).Any(LoopKind.SparseRows));
            yield return ($"{update}: sparse rows of packed nibbles", n => n.Update == update && CodePlanner.Plan(n, CodeFlavour.Nano).Layers.Any(l => l.Sparse && n.Layers[l.Index].WeightBits <= 4));
        }

        yield return ("per_event: sparse enough, but dense since a zero weight can test a threshold",
            n => n.Update == UpdateMode.PerEvent && n.Layers.Any(l => CodePlanner.SparseRowsPay(l) && !CodePlanner.ZerosSkippable(l, UpdateMode.PerEvent)));
    }
}
