using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>
/// What one core does in one inference, per resource (docs/cost-model.md#power-and-energy): the passes it runs and the memory
/// accesses, FIFO pushes, datapath updates and output events they make. Exact for the RTL's event flow (an RTL
/// simulation counts the same, RtlActivityTests); the toggles per update are the one data-dependent quantity.
/// </summary>
/// <param name="SpikePasses">Spike events served, each an update pass over the core's addresses.</param>
/// <param name="LeakPasses">Time-reference passes: one per timestep.</param>
/// <param name="SynapseReads">Synapse-memory word reads: one per batch of a spike pass (per bank).</param>
/// <param name="NeuronWrites">Neuron-word writes: every address the core updates (0..MAX_NEUR), every pass (each is one read too).</param>
/// <param name="FifoPushes">Events through the scheduler FIFO.</param>
/// <param name="OutputEvents">Spikes the core's neurons emit.</param>
public sealed record CoreActivity(double SpikePasses, double LeakPasses, double SynapseReads, double NeuronWrites, double FifoPushes, double OutputEvents)
{
    public static CoreActivity Of(NetworkIr network, CoreLayout core, CoreShape shape, EventCounts events, double reached)
    {
        var spikes = Enumerable.Range(0, core.Layers.Count).Sum(k => Served(events, core, k));
        var batches = (double)((core.Addresses + shape.Lanes - 1) / shape.Lanes);
        var output = core.Layers.Sum(p => events.LayerSpikes[network.Layers[p.Layer].Index]);
        return new CoreActivity(
            spikes,
            events.Timesteps,
            spikes * batches * reached * shape.SynapseBanks,
            ((spikes * reached) + events.Timesteps) * core.Addresses,
            spikes,
            output);
    }

    /// <summary>Spike events the core serves for its k-th layer; in closed loop its last layer's spikes come back too, and cost a pass.</summary>
    public static double Served(EventCounts events, CoreLayout core, int k)
    {
        var layer = core.Layers[k].Layer;
        return events.EventsInto(layer) + (core.Shared && k == core.Layers.Count - 1 ? events.LayerSpikes[layer] : 0);
    }
}
