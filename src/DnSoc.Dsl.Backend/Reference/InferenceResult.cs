using DnSoc.Dsl.Language;

namespace DnSoc.Dsl.Backend.Reference;

/// <summary>Everything one inference produced; equal results compare equal.</summary>
/// <param name="PredictedClass">Index of the winning readout neuron (docs/semantics.md#readout).</param>
/// <param name="OutputSpikeCounts">Spikes per readout neuron over all timesteps.</param>
/// <param name="SpikeCounts">[layer][neuron]: spikes over all timesteps.</param>
/// <param name="SpikesPerTimestep">[layer][timestep]: spikes of the whole layer in that timestep.</param>
/// <param name="FinalMembranes">[layer][neuron]: membranes after the last timestep.</param>
/// <param name="SynapticOps">For every spike delivered to a layer, the synapses it reached (the layer's size unless a row cutoff is on).</param>
/// <param name="Events">Every spike in emission order.</param>
/// <param name="Timesteps">Timesteps run: the network's, or fewer when an early exit stopped it.</param>
/// <param name="WeightBitsFetched">Weight bits read: per synaptic update the layer's weight bits, or its low bits in low precision.</param>
public sealed record InferenceResult(
    int PredictedClass,
    EquatableArray<int> OutputSpikeCounts,
    EquatableArray<EquatableArray<int>> SpikeCounts,
    EquatableArray<EquatableArray<int>> SpikesPerTimestep,
    EquatableArray<EquatableArray<int>> FinalMembranes,
    long SynapticOps,
    EquatableArray<SpikeEvent> Events,
    int Timesteps,
    long WeightBitsFetched);
