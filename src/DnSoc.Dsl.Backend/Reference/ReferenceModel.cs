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

    // Each layer's row cutoff and layer precision (null without), looked up once: they are read per synapse.
    private readonly RowCutoffIr?[] cutoffs;
    private readonly LayerPrecisionIr?[] precisions;

    // Row cutoff state per layer (docs/dynamic.md#row-cutoff): synapses kept per row, spikes in the current window.
    private readonly int[] keep;
    private readonly int[] windowSpikes;

    // Layer precision state per layer (docs/dynamic.md#layer-precision): low precision on, activity average.
    private readonly bool[] low;
    private readonly int[] activity;

    public ReferenceModel(NetworkIr network)
    {
        Validate(network);
        Network = network;
        membranes = network.Layers.Select(l => new int[l.Size]).ToArray();
        spikeCounts = network.Layers.Select(l => new int[l.Size]).ToArray();
        blockOf = network.Input.BlockOf();
        cutoffs = network.Layers.Select(l => network.Policies.RowCutoff(l.Index)).ToArray();
        precisions = network.Layers.Select(l => network.Policies.Precision(l.Index)).ToArray();
        keep = new int[network.Layers.Count];
        windowSpikes = new int[network.Layers.Count];
        low = new bool[network.Layers.Count];
        activity = new int[network.Layers.Count];
        ResetPolicies();
    }

    public NetworkIr Network { get; }

    /// <summary>The timestep the next <see cref="Step"/> runs: the number of steps since <see cref="Reset"/>.</summary>
    public int Timestep { get; private set; }

    /// <summary>Synaptic updates since <see cref="Reset"/>: for every spike delivered to a layer, the synapses it reached.</summary>
    public long SynapticOps { get; private set; }

    /// <summary>Weight bits read since <see cref="Reset"/>: per synaptic update, the layer's weight bits, or its low bits in low precision.</summary>
    public long WeightBitsFetched { get; private set; }

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
        WeightBitsFetched = 0;
        Timestep = 0;
        ResetPolicies();
    }

    /// <summary>The synapses an event reaches in layer <paramref name="layer"/> now (its size unless a row cutoff is on).</summary>
    public int SynapsesKept(int layer) => keep[layer];

    private void ResetPolicies()
    {
        for (var m = 0; m < Layers.Count; m++)
        {
            keep[m] = cutoffs[m]?.KeepMax ?? Layers[m].Size;
            windowSpikes[m] = 0;
            low[m] = false;
            activity[m] = 0;
        }
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
        var emitted = events.Skip(first).ToList();
        AdaptRowCutoffs(emitted);
        AdaptPrecisions(emitted);
        return emitted.AsReadOnly();
    }

    /// <summary>Whether layer <paramref name="layer"/> runs in low precision now.</summary>
    public bool LowPrecision(int layer) => low[layer];

    // docs/dynamic.md#layer-precision: an exponential average of the layer's spikes, a decision every `hold` timesteps.
    private void AdaptPrecisions(List<SpikeEvent> emitted)
    {
        foreach (var precision in Network.Policies.Precisions)
        {
            var m = precision.LayerIndex;
            activity[m] += emitted.Count(e => e.Layer == m) - (activity[m] >> precision.EmaShift);
            if (Timestep % precision.Hold == 0)
            {
                low[m] = precision.Low(low[m], activity[m], ReadoutMargin());
            }
        }
    }

    /// <summary>The weight a synapse adds now: its own, or in low precision its top bits (docs/dynamic.md#layer-precision).</summary>
    private int Weight(int m, int pre, int post) =>
        low[m] ? precisions[m]!.LowWeights[(pre * Layers[m].Size) + post] << precisions[m]!.Shift : Layers[m].Weight(pre, post);

    private int WeightBits(int m) => low[m] ? precisions[m]!.LowBits : Layers[m].WeightBits;

    // docs/dynamic.md#row-cutoff: at the end of every window, fewer synapses when the layer is busy, more when quiet.
    private void AdaptRowCutoffs(List<SpikeEvent> emitted)
    {
        foreach (var cut in Network.Policies.RowCutoffs)
        {
            windowSpikes[cut.LayerIndex] += emitted.Count(e => e.Layer == cut.LayerIndex);
            if (Timestep % cut.Window == 0)
            {
                keep[cut.LayerIndex] = cut.Adapt(keep[cut.LayerIndex], windowSpikes[cut.LayerIndex]);
                windowSpikes[cut.LayerIndex] = 0;
            }
        }
    }

    /// <summary>
    /// How far the readout's best value leads the second best now, in the readout's units
    /// (docs/dynamic.md#early-exit); <see cref="long.MaxValue"/> with a single readout neuron.
    /// </summary>
    public long ReadoutMargin()
    {
        var m = Network.Readout.LayerIndex;
        long best = long.MinValue, second = long.MinValue;
        for (var j = 0; j < Layers[m].Size; j++)
        {
            var value = ReadoutValue(Network.Readout.Mode, spikeCounts[m][j], membranes[m][j], Layers[m].Neuron.Threshold);
            if (value > best)
            {
                second = best;
                best = value;
            }
            else if (value > second)
            {
                second = value;
            }
        }

        return second == long.MinValue ? long.MaxValue : best - second;
    }

    /// <summary>Reset, run <see cref="NetworkIr.Timesteps"/> steps, read out.</summary>
    public InferenceResult Infer(byte[] input) => Infer(input, afterEachStep: null);

    /// <summary>As <see cref="Infer(byte[])"/>, calling <paramref name="afterEachStep"/> after every timestep (to record membranes, say).</summary>
    public InferenceResult Infer(byte[] input, Action<ReferenceModel>? afterEachStep)
    {
        CheckInput(input);
        Reset();
        var exit = Network.Policies.EarlyExit;
        while (Timestep < Network.Timesteps)
        {
            Step(input);
            afterEachStep?.Invoke(this);
            if (exit is not null && Timestep < Network.Timesteps && exit.Stops(Timestep, ReadoutMargin()))
            {
                break;
            }
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
            Events: events.ToEquatableArray(),
            Timesteps: Timestep,
            WeightBitsFetched: WeightBitsFetched);
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
            SynapticOps += keep[m];
            WeightBitsFetched += (long)keep[m] * WeightBits(m);
            for (var j = 0; j < layer.Size; j++)
            {
                if (Reaches(m, pre, j))
                {
                    membranes[m][j] = NeuronRule.Integrate(membranes[m][j], Weight(m, pre, j), layer.Neuron);
                    FireIfAbove(m, j, queue);
                }
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
            SynapticOps += (long)sources.Count * keep[m];
            WeightBitsFetched += (long)sources.Count * keep[m] * WeightBits(m);
            for (var j = 0; j < layer.Size; j++)
            {
                long sum = 0;
                foreach (var i in sources.Where(i => Reaches(m, i, j)))
                {
                    sum += Weight(m, i, j);
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

    // A synapse the row cutoff skips is not visited at all: no integration and no threshold test.
    private bool Reaches(int m, int pre, int post) =>
        keep[m] == Layers[m].Size || cutoffs[m]!.Ranks[(pre * Layers[m].Size) + post] < keep[m];

    private void Record(int m, int j)
    {
        spikeCounts[m][j]++;
        events.Add(new SpikeEvent(Timestep, m, j));
    }

    // Strict comparisons: on a full tie the lower index stays.
    private static int Readout(ReadoutMode mode, int[] counts, int[] finalMembranes, int threshold)
    {
        long Value(int j) => ReadoutValue(mode, counts[j], finalMembranes[j], threshold);
        var best = 0;
        for (var j = 1; j < counts.Length; j++)
        {
            var better = Value(j) > Value(best)
                         || (mode == ReadoutMode.Count && counts[j] == counts[best] && finalMembranes[j] > finalMembranes[best]);
            if (better)
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>What a readout neuron is ranked by: its spike count, its membrane, or count x threshold + membrane.</summary>
    public static long ReadoutValue(ReadoutMode mode, int count, int membrane, int threshold) => mode switch
    {
        ReadoutMode.Count => count,
        ReadoutMode.Potential => ((long)count * threshold) + membrane,
        _ => membrane,
    };

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
