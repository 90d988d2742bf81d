using System;
using System.Linq;
using System.Reflection;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>A generated network class loaded by reflection, with the members the equality tests compare.</summary>
public sealed class GeneratedNetwork
{
    private readonly object instance;
    private readonly MethodInfo infer;
    private readonly MethodInfo membranes;
    private readonly PropertyInfo outputCounts;
    private readonly PropertyInfo synapticOps;
    private readonly PropertyInfo timestep;
    private readonly PropertyInfo? weightBits;
    private readonly BatchInfer? inferBatch;

    public GeneratedNetwork(Assembly assembly, string fullName)
    {
        var type = assembly.GetType(fullName) ?? throw new InvalidOperationException($"{fullName} was not generated");
        instance = Activator.CreateInstance(type)!;
        infer = type.GetMethod("Infer")!;
        membranes = type.GetMethod("Membranes")!;
        outputCounts = type.GetProperty("OutputSpikeCounts")!;
        synapticOps = type.GetProperty("SynapticOps")!;
        timestep = type.GetProperty("Timestep")!;
        weightBits = type.GetProperty("WeightBitsFetched");
        inferBatch = type.GetMethod("InferBatch") is null ? null : (BatchInfer)Delegate.CreateDelegate(typeof(BatchInfer), instance, "InferBatch");
        Type = type;
    }

    private delegate void BatchInfer(ReadOnlySpan<byte[]> inputs, Span<int> classes, Span<int> timesteps, Span<long> synapticOps);

    public Type Type { get; }

    public object Instance => instance;

    public int Infer(byte[] input) => (int)infer.Invoke(instance, new object[] { input })!;

    /// <summary>The host class's InferBatch: per input its class, timesteps and synaptic operations.</summary>
    public (int Class, int Timesteps, long SynapticOps)[] InferBatch(byte[][] inputs)
    {
        var (classes, timesteps, ops) = (new int[inputs.Length], new int[inputs.Length], new long[inputs.Length]);
        (inferBatch ?? throw new InvalidOperationException($"{Type.Name} has no InferBatch"))(inputs, classes, timesteps, ops);
        return inputs.Select((_, k) => (classes[k], timesteps[k], ops[k])).ToArray();
    }

    /// <summary>Reset, then <paramref name="timesteps"/> calls of Step, as many as the caller likes (beyond the network's too).</summary>
    public void Run(byte[] input, int timesteps)
    {
        Type.GetMethod("Reset")!.Invoke(instance, null);
        for (var t = 0; t < timesteps; t++)
        {
            Type.GetMethod("Step")!.Invoke(instance, new object[] { input });
        }
    }

    public int[] Membranes(int layer) => (int[])((int[])membranes.Invoke(instance, new object[] { layer })!).Clone();

    public int[] OutputSpikeCounts => (int[])((int[])outputCounts.GetValue(instance)!).Clone();

    public long SynapticOps => (long)synapticOps.GetValue(instance)!;

    /// <summary>Weight bits read by the last inference, for networks that count them (layer precision).</summary>
    public long? WeightBitsFetched => (long?)weightBits?.GetValue(instance);

    /// <summary>Timesteps run by the last inference.</summary>
    public int Timestep => (int)timestep.GetValue(instance)!;
}
