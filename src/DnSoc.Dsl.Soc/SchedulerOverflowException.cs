using System;

namespace DnSoc.Dsl.Soc;

/// <summary>
/// A spike found the scheduler FIFO full: the chip would drop it without a signal, so the simulator stops
/// (docs/semantics.md#tinyodin). Names the core, the timestep, the event being served and the neuron.
/// </summary>
public sealed class SchedulerOverflowException : InvalidOperationException
{
    public SchedulerOverflowException(int core, int timestep, string servedEvent, int neuron, int depth)
        : base($"scheduler FIFO overflow on core {core} at timestep {timestep}: while serving {servedEvent}, neuron {neuron} fired with all {depth} entries taken (the served spike holds one, so one pass can queue at most {depth - 1}); the core would drop the spike. Give the layer its own core or make it smaller")
    {
        Core = core;
        Timestep = timestep;
        ServedEvent = servedEvent;
        Neuron = neuron;
    }

    public int Core { get; }

    public int Timestep { get; }

    public string ServedEvent { get; }

    public int Neuron { get; }
}
