using System;
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
        Type = type;
    }

    public Type Type { get; }

    public object Instance => instance;

    public int Infer(byte[] input) => (int)infer.Invoke(instance, new object[] { input })!;

    public int[] Membranes(int layer) => (int[])((int[])membranes.Invoke(instance, new object[] { layer })!).Clone();

    public int[] OutputSpikeCounts => (int[])((int[])outputCounts.GetValue(instance)!).Clone();

    public long SynapticOps => (long)synapticOps.GetValue(instance)!;

    /// <summary>Weight bits read by the last inference, for networks that count them (layer precision).</summary>
    public long? WeightBitsFetched => (long?)weightBits?.GetValue(instance);

    /// <summary>Timesteps run by the last inference.</summary>
    public int Timestep => (int)timestep.GetValue(instance)!;
}
