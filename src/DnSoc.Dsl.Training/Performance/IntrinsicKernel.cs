using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Performance;

/// <summary>
/// A hand-written per-event LIF inference with 512-bit vectors: the baseline of issue 8 that the
/// generated host flavour is measured against (docs/performance.md; the host flavour now beats it, as it
/// keeps membranes in registers and lists spikes without per-event branches), and the spiking half of
/// tandem training (docs/training.md#tandem), which reloads its weights after every batch. It keeps 16-bit membranes and
/// 16-bit weight rows padded to whole vectors, and encodes 16 inputs per vector. Because the network is
/// feed-forward, the FIFO of docs/semantics.md#per-event delivers all events of one source layer before
/// any of the next, so each layer runs over a plain list of events; lanes that fire are handled in index
/// order. Tests hold it bit-exact with the reference model.
/// </summary>
public sealed class IntrinsicKernel
{
    private const int Lanes = 32;

    private readonly NetworkIr network;
    private readonly int[] sizes;
    private readonly int[] strides;
    private readonly short[][] weights;
    private readonly short[][] membranes;
    private readonly int[][] events;
    private readonly int[] eventCounts;
    private readonly uint[] intensities;
    private readonly int[]? blockOf;

    // Spikes per neuron over the inference: [0] the encoded inputs, [m + 1] layer m.
    private readonly int[][] spikeCounts;

    public IntrinsicKernel(NetworkIr network)
    {
        if (!Supports(network))
        {
            throw new NotSupportedException("the kernel runs per-event networks with membranes of at most 16 bits and no shift leak");
        }

        this.network = network;
        var layers = network.Layers.Count;
        sizes = new int[layers];
        strides = new int[layers];
        weights = new short[layers][];
        membranes = new short[layers][];
        events = new int[layers + 1][];
        eventCounts = new int[layers + 1];
        events[0] = new int[network.Input.Size];
        for (var m = 0; m < layers; m++)
        {
            var layer = network.Layers[m];
            sizes[m] = layer.Size;
            strides[m] = (layer.Size + Lanes - 1) / Lanes * Lanes;
            membranes[m] = new short[strides[m]];
            weights[m] = new short[layer.InputSize * strides[m]];
            LoadWeights(m, layer.Weights);
            events[m + 1] = new int[Math.Max(64, layer.Size * 4)];
        }

        intensities = new uint[(network.Input.Size + 15) / 16 * 16];
        blockOf = network.Input.Downsampled.IsEmpty ? null : network.Input.BlockOf();
        spikeCounts = [new int[network.Input.Size], .. sizes.Select(size => new int[size])];
    }

    public long SynapticOps { get; private set; }

    public int[] OutputSpikeCounts => spikeCounts[^1];

    /// <summary>Spikes per encoded input over the last inference.</summary>
    public int[] InputSpikeCounts => spikeCounts[0];

    /// <summary>Spikes per neuron of a layer over the last inference.</summary>
    public int[] SpikeCounts(int layer) => spikeCounts[layer + 1];

    /// <summary>Replaces a layer's weights (row-major [inputs][neurons], as <see cref="LayerIr.Weights"/>); they must fit in 16 bits.</summary>
    public void LoadWeights(int layer, IReadOnlyList<int> rowMajor)
    {
        var (size, stride) = (sizes[layer], strides[layer]);
        for (var i = 0; i < rowMajor.Count / size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                weights[layer][(i * stride) + j] = checked((short)rowMajor[(i * size) + j]);
            }
        }
    }

    /// <summary>Whether the kernel can run a network (16-bit lanes, per-event, subtract or no leak; downsampled inputs too).</summary>
    public static bool Supports(NetworkIr network)
    {
        foreach (var layer in network.Layers)
        {
            // A threshold above the membrane range never fires; the 16-bit compare cannot hold it.
            if (layer.Neuron.MembraneBits > 16 || layer.Neuron.Threshold > short.MaxValue || layer.Neuron.Leak == LeakKind.Shift || layer.Neuron.LeakAmount > short.MaxValue)
            {
                return false;
            }
        }

        return network.Update == UpdateMode.PerEvent && network.Readout.LayerIndex == network.Layers.Count - 1;
    }

    /// <summary>The final membranes of a layer, unpadded.</summary>
    public int[] Membranes(int layer) => Array.ConvertAll(membranes[layer][..sizes[layer]], v => (int)v);

    public int Infer(byte[] input)
    {
        var encoded = blockOf is null ? input : Downsampling.Apply(blockOf, network.Input.Size, input);
        for (var i = 0; i < encoded.Length; i++)
        {
            intensities[i] = encoded[i];
        }

        foreach (var v in membranes)
        {
            Array.Clear(v);
        }

        foreach (var counts in spikeCounts)
        {
            Array.Clear(counts);
        }

        SynapticOps = 0;
        for (var t = 0; t < network.Timesteps; t++)
        {
            Encode(t);
            Array.Clear(eventCounts, 1, sizes.Length);
            for (var m = 0; m < sizes.Length; m++)
            {
                Deliver(m);
            }

            // Leak phase: every layer's leak spikes become the first events of the next layer's drain.
            for (var m = 0; m < sizes.Length; m++)
            {
                eventCounts[m + 1] = 0;
                Leak(m);
            }

            eventCounts[0] = 0;
            for (var m = 0; m < sizes.Length; m++)
            {
                Deliver(m);
            }
        }

        return Readout();
    }

    /// <summary>Input spikes of timestep t in ascending index: 16 hashes per vector.</summary>
    private void Encode(int t)
    {
        var count = 0;
        var list = events[0];
        var input = network.Input;
        var step = Vector512.Create(input.Seed ^ unchecked((uint)t * 0x9E3779B1u));
        var lane = Vector512<uint>.Indices;
        for (var i = 0; i < intensities.Length; i += 16)
        {
            var x = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(intensities), (nuint)i);
            Vector512<uint> spikes;
            if (input.Encoding == EncodingKind.Direct)
            {
                spikes = Vector512.GreaterThanOrEqual(x, Vector512.Create((uint)input.DirectThreshold));
            }
            else
            {
                var h = step ^ ((lane + Vector512.Create((uint)i)) * 0x85EBCA77u);
                h ^= h >>> 16;
                h *= 0x7FEB352Du;
                h ^= h >>> 15;
                h *= 0x846CA68Bu;
                h ^= h >>> 16;
                spikes = Vector512.LessThan(h >>> 24, x);
            }

            for (var bits = spikes.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
            {
                var index = i + BitOperations.TrailingZeroCount(bits);
                if (index < input.Size)
                {
                    list[count++] = index;
                    spikeCounts[0][index]++;
                }
            }
        }

        eventCounts[0] = count;
    }

    /// <summary>Delivers the events of layer m's source, in order, to layer m; spikes go to layer m's list.</summary>
    private void Deliver(int m)
    {
        var layer = network.Layers[m];
        var neuron = layer.Neuron;
        var stride = strides[m];
        var list = events[m];
        var count = eventCounts[m];
        ref var v = ref MemoryMarshal.GetArrayDataReference(membranes[m]);
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights[m]);
        var lo = Vector512.Create((short)FixedPoint.MinSigned(neuron.MembraneBits));
        var hi = Vector512.Create((short)FixedPoint.MaxSigned(neuron.MembraneBits));
        var theta = Vector512.Create((short)neuron.Threshold);
        SynapticOps += (long)count * layer.Size;
        for (var e = 0; e < count; e++)
        {
            var row = (nuint)(list[e] * stride);
            for (nuint j = 0; j < (nuint)stride; j += Lanes)
            {
                // Widened to 32 bits would be exact; 16-bit saturating add then clamp is the same for b <= 16.
                var x = Vector512.Min(Vector512.Max(AddSaturate(Vector512.LoadUnsafe(ref v, j), Vector512.LoadUnsafe(ref w, row + j)), lo), hi);
                x.StoreUnsafe(ref v, j);
                var fired = Vector512.GreaterThanOrEqual(x, theta).ExtractMostSignificantBits();
                if (fired != 0)
                {
                    Fire(m, (int)j, fired);
                }
            }
        }
    }

    private void Leak(int m)
    {
        var neuron = network.Layers[m].Neuron;
        if (neuron.Leak == LeakKind.None && neuron.Reset == ResetKind.Zero)
        {
            return;
        }

        ref var v = ref MemoryMarshal.GetArrayDataReference(membranes[m]);
        var k = Vector512.Create((short)(neuron.Leak == LeakKind.Subtract ? neuron.LeakAmount : 0));
        var theta = Vector512.Create((short)neuron.Threshold);
        for (nuint j = 0; j < (nuint)strides[m]; j += Lanes)
        {
            var x = Vector512.LoadUnsafe(ref v, j);
            x = Vector512.ConditionalSelect(
                Vector512.GreaterThanOrEqual(x, Vector512<short>.Zero),
                Vector512.Max(SubtractSaturate(x, k), Vector512<short>.Zero),
                Vector512.Min(AddSaturate(x, k), Vector512<short>.Zero));
            x.StoreUnsafe(ref v, j);
            var fired = Vector512.GreaterThanOrEqual(x, theta).ExtractMostSignificantBits();
            if (fired != 0)
            {
                Fire(m, (int)j, fired);
            }
        }
    }

    /// <summary>The lanes of one vector that reached the threshold, in ascending index: reset, count, enqueue.</summary>
    private void Fire(int m, int j, ulong fired)
    {
        var neuron = network.Layers[m].Neuron;
        var v = membranes[m];
        var last = m == sizes.Length - 1;
        for (; fired != 0; fired &= fired - 1)
        {
            var n = j + BitOperations.TrailingZeroCount(fired);
            v[n] = neuron.Reset == ResetKind.Zero ? (short)0 : (short)(v[n] - neuron.Threshold);
            spikeCounts[m + 1][n]++;
            if (!last)
            {
                if (eventCounts[m + 1] == events[m + 1].Length)
                {
                    Array.Resize(ref events[m + 1], events[m + 1].Length * 2);
                }

                events[m + 1][eventCounts[m + 1]++] = n;
            }
        }
    }

    private int Readout()
    {
        var output = network.OutputLayer;
        var v = membranes[output.Index];
        var outputCounts = OutputSpikeCounts;
        var best = 0;
        for (var k = 1; k < output.Size; k++)
        {
            var better = network.Readout.Mode switch
            {
                ReadoutMode.Count => outputCounts[k] > outputCounts[best] || (outputCounts[k] == outputCounts[best] && v[k] > v[best]),
                ReadoutMode.Potential => ((long)outputCounts[k] * output.Neuron.Threshold) + v[k] > ((long)outputCounts[best] * output.Neuron.Threshold) + v[best],
                _ => v[k] > v[best],
            };
            if (better)
            {
                best = k;
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> AddSaturate(Vector512<short> a, Vector512<short> b) =>
        System.Runtime.Intrinsics.X86.Avx512BW.IsSupported ? System.Runtime.Intrinsics.X86.Avx512BW.AddSaturate(a, b) : Vector512.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> SubtractSaturate(Vector512<short> a, Vector512<short> b) =>
        System.Runtime.Intrinsics.X86.Avx512BW.IsSupported ? System.Runtime.Intrinsics.X86.Avx512BW.SubtractSaturate(a, b) : Vector512.SubtractSaturate(a, b);
}
