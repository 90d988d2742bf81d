using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>
/// A network's generated class, compiled in memory (Release) and loaded: what evaluation runs, because
/// it is generated code (by default the host flavour, bit-exact with the deployed nano flavour and
/// faster) and much faster than the reference model. A hook compiled with it
/// sums the spikes of every layer.
/// </summary>
public sealed class CompiledNetwork
{
    private const string Namespace = "DnSoc.Evaluation";

    private const string CounterSource = """
        namespace DnSoc.Evaluation
        {
            public sealed class SpikeTotals : ITimestepHook
            {
                public long[] Totals;
                public void OnTimestepEnd(ISpikingNetwork network)
                {
                    int[] spikes = network.LayerSpikes;
                    if (Totals == null) Totals = new long[spikes.Length];
                    for (int m = 0; m < spikes.Length; m++) Totals[m] += spikes[m];
                }
            }
        }
        """;

    private readonly Type type;

    public CompiledNetwork(NetworkIr network, CodeFlavour flavour = CodeFlavour.Host)
    {
        Network = network;
        var sources = new[]
        {
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, network.Name + ".snn", flavour)),
            CSharpEmitter.EmitRuntime(Namespace),
            CounterSource,
        };
        var compilation = CSharpCompilation.Create(
            "Eval" + network.Name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s)),
            RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("generated code did not compile: " + string.Join("; ", result.Diagnostics.Take(3)));
        }

        stream.Position = 0;
        var assembly = new AssemblyLoadContext("Eval" + network.Name, isCollectible: true).LoadFromStream(stream);
        type = assembly.GetType($"{Namespace}.{network.Name}")!;
        CounterType = assembly.GetType($"{Namespace}.SpikeTotals")!;
    }

    /// <summary>The running .NET's own assemblies: what generated code needs to compile in memory.</summary>
    public static IReadOnlyList<MetadataReference> RuntimeReferences { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();

    public NetworkIr Network { get; }

    private Type CounterType { get; }

    /// <summary>A fresh instance; instances are independent, one per thread.</summary>
    public Instance CreateInstance() => new(Activator.CreateInstance(type)!, Activator.CreateInstance(CounterType)!);

    public sealed class Instance
    {
        private readonly Func<byte[], int> infer;
        private readonly BatchInfer? inferBatch;
        private readonly Func<int[]> outputCounts;
        private readonly Func<long> synapticOps;
        private readonly Func<int> timestep;
        private readonly Func<long>? weightBitsFetched;
        private readonly FieldInfo totals;
        private readonly object counter;

        internal Instance(object network, object counter)
        {
            var type = network.GetType();
            infer = (Func<byte[], int>)Delegate.CreateDelegate(typeof(Func<byte[], int>), network, "Infer");
            inferBatch = type.GetMethod("InferBatch") is null ? null : (BatchInfer)Delegate.CreateDelegate(typeof(BatchInfer), network, "InferBatch");
            outputCounts = (Func<int[]>)Delegate.CreateDelegate(typeof(Func<int[]>), network, type.GetProperty("OutputSpikeCounts")!.GetMethod!);
            synapticOps = (Func<long>)Delegate.CreateDelegate(typeof(Func<long>), network, type.GetProperty("SynapticOps")!.GetMethod!);
            timestep = (Func<int>)Delegate.CreateDelegate(typeof(Func<int>), network, type.GetProperty("Timestep")!.GetMethod!);
            if (type.GetProperty("WeightBitsFetched") is { } bits)
            {
                weightBitsFetched = (Func<long>)Delegate.CreateDelegate(typeof(Func<long>), network, bits.GetMethod!);
            }

            type.GetProperty("Hook")!.SetValue(network, counter);
            this.counter = counter;
            totals = counter.GetType().GetField("Totals")!;
        }

        private delegate void BatchInfer(ReadOnlySpan<byte[]> inputs, Span<int> classes, Span<int> timesteps, Span<long> synapticOps);

        public int Infer(byte[] input) => infer(input);

        /// <summary>The host class's InferBatch: a class, the timesteps run and the synaptic operations per input.</summary>
        public void InferBatch(ReadOnlySpan<byte[]> inputs, Span<int> classes, Span<int> timesteps, Span<long> synapticOps) =>
            (inferBatch ?? throw new InvalidOperationException("only the host flavour has InferBatch"))(inputs, classes, timesteps, synapticOps);

        public int[] OutputSpikeCounts => outputCounts();

        public long SynapticOps => synapticOps();

        /// <summary>Weight bits the last inference read, when the class counts them (layer precision), else null.</summary>
        public long? WeightBitsFetched => weightBitsFetched?.Invoke();

        /// <summary>Timesteps the last inference ran (fewer than the network's after an early exit).</summary>
        public int Timestep => timestep();

        /// <summary>Spikes per layer summed over every inference this instance ran.</summary>
        public long[] LayerSpikeTotals => (long[]?)totals.GetValue(counter) ?? Array.Empty<long>();
    }
}
