using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Reference;

/// <summary>
/// The bit-exact reference model of docs/semantics.md: the judge for generated code, blobs and
/// simulators. Written for obviousness, not speed.
/// </summary>
public sealed class ReferenceModel
{
    private readonly int[][] membranes;
    private readonly int[][] spikeCounts;
    private readonly List<SpikeEvent> events = new();
    private readonly int[] blockOf;

    public ReferenceModel(NetworkIr network)
    {
        Validate(network);
        Network = network;
        membranes = network.Layers.Select(l => new int[l.Size]).ToArray();
        spikeCounts = network.Layers.Select(l => new int[l.Size]).ToArray();
        blockOf = network.Input.BlockOf();
    }

    public NetworkIr Network { get; }

    /// <summary>The timestep the next <see cref="Step"/> runs: the number of steps since <see cref="Reset"/>.</summary>
    public int Timestep { get; private set; }

    /// <summary>Synaptic updates since <see cref="Reset"/>: for every spike delivered to a layer, that layer's size.</summary>
    public long SynapticOps { get; private set; }

    private IReadOnlyList<LayerIr> Layers => Network.Layers;

    public IReadOnlyList<int> Membranes(int layer) => Array.AsReadOnly(membranes[layer]);

    /// <summary>Start an inference: membranes, counters and timestep back to 0.</summary>
    public void Reset()
    {
        foreach (var layer in membranes.Concat(spikeCounts))
        {
            Array.Clear(layer, 0, layer.Length);
        }

        events.Clear();
        SynapticOps = 0;
        Timestep = 0;
    }

    /// <summary>Run one timestep; returns the spikes it emitted, in emission order.</summary>
    public IReadOnlyList<SpikeEvent> Step(byte[] input)
    {
        CheckInput(input);
        var first = events.Count;
        var encoded = Downsampling.Apply(blockOf, Network.Input.Size, input);
        var inputSpikes = Enumerable.Range(0, encoded.Length)
            .Where(i => InputEncoder.Spikes(Network.Input, encoded[i], Timestep, i))
            .ToList();
        if (Network.Update == UpdateMode.PerEvent)
        {
            StepPerEvent(inputSpikes);
        }
        else
        {
            StepPerStep(inputSpikes);
        }

        Timestep++;
        return events.Skip(first).ToList().AsReadOnly();
    }

    /// <summary>Reset, run <see cref="NetworkIr.Timesteps"/> steps, read out.</summary>
    public InferenceResult Infer(byte[] input)
    {
        CheckInput(input);
        Reset();
        for (var t = 0; t < Network.Timesteps; t++)
        {
            Step(input);
        }

        var perTimestep = Layers.Select(_ => new int[Network.Timesteps]).ToArray();
        foreach (var e in events)
        {
            perTimestep[e.Layer][e.Timestep]++;
        }

        var readout = Network.Readout.LayerIndex;
        return new InferenceResult(
            PredictedClass: Readout(Network.Readout.Mode, spikeCounts[readout], membranes[readout], Layers[readout].Neuron.Threshold),
            OutputSpikeCounts: spikeCounts[readout].ToEquatableArray(),
            SpikeCounts: Snapshot(spikeCounts),
            SpikesPerTimestep: Snapshot(perTimestep),
            FinalMembranes: Snapshot(membranes),
            SynapticOps: SynapticOps,
            Events: events.ToEquatableArray());
    }

    // docs/semantics.md#per-event: test after every update; spikes travel through one FIFO queue.
    private void StepPerEvent(List<int> inputSpikes)
    {
        var queue = new Queue<(int Layer, int Index)>(inputSpikes.Select(i => (-1, i)));
        Drain(queue);
        for (var m = 0; m < Layers.Count; m++)
        {
            var neuron = Layers[m].Neuron;
            for (var j = 0; j < Layers[m].Size; j++)
            {
                membranes[m][j] = NeuronRule.Leak(membranes[m][j], neuron);
                FireIfAbove(m, j, queue);
            }
        }

        Drain(queue);
    }

    private void Drain(Queue<(int Layer, int Index)> queue)
    {
        while (queue.Count > 0)
        {
            var (source, pre) = queue.Dequeue();
            var m = source + 1;
            if (m == Layers.Count)
            {
                continue;
            }

            var layer = Layers[m];
            SynapticOps += layer.Size;
            for (var j = 0; j < layer.Size; j++)
            {
                membranes[m][j] = NeuronRule.Integrate(membranes[m][j], layer.Weight(pre, j), layer.Neuron);
                FireIfAbove(m, j, queue);
            }
        }
    }

    private void FireIfAbove(int m, int j, Queue<(int Layer, int Index)> queue)
    {
        var neuron = Layers[m].Neuron;
        if (NeuronRule.Fires(membranes[m][j], neuron))
        {
            membranes[m][j] = NeuronRule.Reset(membranes[m][j], neuron);
            Record(m, j);
            queue.Enqueue((m, j));
        }
    }

    // docs/semantics.md#per-step: integrate the timestep's spikes exactly, leak, test once.
    private void StepPerStep(List<int> inputSpikes)
    {
        var sources = inputSpikes;
        for (var m = 0; m < Layers.Count; m++)
        {
            var layer = Layers[m];
            var fired = new List<int>();
            SynapticOps += (long)sources.Count * layer.Size;
            for (var j = 0; j < layer.Size; j++)
            {
                long sum = 0;
                foreach (var i in sources)
                {
                    sum += layer.Weight(i, j);
                }

                var v = FixedPoint.Saturate(membranes[m][j] + sum, layer.Neuron.MembraneBits);
                v = NeuronRule.Leak(v, layer.Neuron);
                if (NeuronRule.Fires(v, layer.Neuron))
                {
                    v = NeuronRule.Reset(v, layer.Neuron);
                    Record(m, j);
                    fired.Add(j);
                }

                membranes[m][j] = v;
            }

            sources = fired;
        }
    }

    private void Record(int m, int j)
    {
        spikeCounts[m][j]++;
        events.Add(new SpikeEvent(Timestep, m, j));
    }

    // Strict comparisons: on a full tie the lower index stays.
    private static int Readout(ReadoutMode mode, int[] counts, int[] finalMembranes, int threshold)
    {
        long Potential(int j) => ((long)counts[j] * threshold) + finalMembranes[j];
        var best = 0;
        for (var j = 1; j < counts.Length; j++)
        {
            var better = mode switch
            {
                ReadoutMode.Count => counts[j] > counts[best] || (counts[j] == counts[best] && finalMembranes[j] > finalMembranes[best]),
                ReadoutMode.Potential => Potential(j) > Potential(best),
                _ => finalMembranes[j] > finalMembranes[best],
            };
            if (better)
            {
                best = j;
            }
        }

        return best;
    }

    private static EquatableArray<EquatableArray<int>> Snapshot(int[][] rows) =>
        rows.Select(r => r.ToEquatableArray()).ToEquatableArray();

    private void CheckInput(byte[] input)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        if (input.Length != Network.Input.RawSize)
        {
            throw new ArgumentException($"Expected {Network.Input.RawSize} input intensities, got {input.Length}.", nameof(input));
        }
    }

    // The checker guarantees these; a violation here is a bug upstream, caught before it turns into
    // an index error or an overflow deep inside a step.
    private static void Validate(NetworkIr network)
    {
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(network));
            }
        }

        Require(network.Layers.Count > 0, "The network has no layers.");
        Require(network.Timesteps >= 0, "Timesteps must not be negative.");
        Require(network.Readout.LayerIndex == network.Layers.Count - 1, "The readout must be on the last layer.");
        for (var m = 0; m < network.Layers.Count; m++)
        {
            var layer = network.Layers[m];
            var n = layer.Neuron;
            var expectedInputs = m == 0 ? network.Input.Size : network.Layers[m - 1].Size;
            Require(layer.Size > 0, $"Layer {m} is empty.");
            Require(layer.InputSize == expectedInputs, $"Layer {m} has {layer.InputSize} inputs, expected {expectedInputs}.");
            Require(layer.Weights.Count == layer.InputSize * layer.Size, $"Layer {m} has {layer.Weights.Count} weights, expected {layer.InputSize * layer.Size}.");
            Require(n.MembraneBits is >= 1 and <= 32, $"Layer {m}: membrane bits must be 1..32.");
            Require(n.Threshold >= 1, $"Layer {m}: threshold must be at least 1.");
            Require(n.LeakAmount >= 0, $"Layer {m}: leak amount must not be negative.");
        }
    }
}
