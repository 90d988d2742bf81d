namespace DnSoc.Dsl.Backend.Reference;

/// <summary>Neuron <paramref name="Neuron"/> of layer <paramref name="Layer"/> fired in <paramref name="Timestep"/>.</summary>
public readonly record struct SpikeEvent(int Timestep, int Layer, int Neuron);
