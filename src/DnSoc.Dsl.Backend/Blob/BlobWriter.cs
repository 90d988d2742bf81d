using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Backend.Blob;

/// <summary>A network the target's cores cannot hold (docs/blob-format.md#mapping).</summary>
public sealed class BlobMappingException : Exception
{
    public BlobMappingException(string message)
        : base(message)
    {
    }
}

/// <summary>Writes the configuration blob (docs/blob-format.md): one core per layer, little-endian, CRC-32 last.</summary>
public static class BlobWriter
{
    public static byte[] Write(NetworkIr network)
    {
        var target = network.Target;
        if (target.Kind == TargetKind.Mcu)
        {
            throw new BlobMappingException("target mcu has no neurosynaptic cores; it runs the generated code");
        }

        if (network.Update != UpdateMode.PerEvent)
        {
            throw new BlobMappingException("the cores test thresholds per event; 'update per_step' cannot be mapped");
        }

        if (!network.Policies.RowCutoffs.IsEmpty)
        {
            throw new BlobMappingException("a crossbar core reaches every neuron of a row; 'row_cutoff' runs only in the generated code (docs/dynamic.md#row-cutoff)");
        }

        if (!network.Policies.Precisions.IsEmpty)
        {
            throw new BlobMappingException("the cores have one synapse memory at one width; 'layer_precision' runs only in the generated code (docs/dynamic.md#layer-precision)");
        }

        var w = new List<uint>();
        var layers = network.Layers;
        var cores = Plan(network);
        var profile = target.Kind == TargetKind.TinyOdin ? BlobLayout.ProfileTinyOdin : BlobLayout.ProfileDnsoc;
        w.Add(BlobLayout.Magic);
        w.Add((uint)(BlobLayout.Version | (profile << 16)));
        w.Add(0); // total length, patched below
        w.Add(BlobLayout.SectionCount);
        w.Add((uint)cores.Count);
        w.Add((uint)network.Input.Size);

        Section(w, BlobLayout.SectionNetwork, s => s.AddRange(new[] { (uint)network.Timesteps, 0u, (uint)layers.Count }));
        Section(w, BlobLayout.SectionCores, s =>
        {
            foreach (var core in cores)
            {
                var n = core.Layers[0].Neuron;
                s.AddRange(new[]
                {
                    (uint)target.Rows, (uint)target.NeuronsPerCore, (uint)core.WeightBits, (uint)n.MembraneBits,
                    (uint)core.Leak, (uint)(n.Reset == ResetKind.Zero ? BlobLayout.ResetZero : BlobLayout.ResetSubtract), (uint)target.Lanes,
                    (uint)core.UsedRows, (uint)core.Addresses,
                    core.Shared ? 0u : 1u, // open loop unless layers share the core: then spikes re-enter as rows
                    0u, // AER source: the neurons
                    (uint)(core.Addresses - 1),
                });
            }
        });
        Section(w, BlobLayout.SectionNeurons, s =>
        {
            foreach (var core in cores)
            {
                var b = core.Layers[0].Neuron.MembraneBits;
                var words = BlobLayout.NeuronWords(b);
                s.Add((uint)words);

                // A shared core's addresses below its first layer are input rows; their neurons are disabled and never reached.
                var idle = ((ulong)(uint)((1 << (b - 1)) - 1) << b) | (1UL << ((32 * words) - 1));
                var neurons = Enumerable.Repeat(idle, core.Offsets[0]).Concat(core.Layers.SelectMany(l =>
                    Enumerable.Repeat(((ulong)(uint)l.Neuron.Threshold << b) | ((ulong)(uint)LeakField(l.Neuron) << (2 * b)), l.Size)));
                foreach (var word in neurons)
                {
                    s.Add((uint)word);
                    if (words == 2)
                    {
                        s.Add((uint)(word >> 32));
                    }
                }
            }
        });
        Section(w, BlobLayout.SectionSynapses, s =>
        {
            foreach (var core in cores)
            {
                var perRow = BlobLayout.WordsPerRow(target.NeuronsPerCore, core.WeightBits);
                var fieldBits = BlobLayout.WeightFieldBits(core.WeightBits);
                var perWord = 32 / fieldBits;
                var mask = (1u << fieldBits) - 1;
                s.Add((uint)perRow);
                var image = new uint[core.UsedRows * perRow];

                // Layer k reads rows from the address of its source: the input rows for the first, the previous layer's neurons after.
                for (var k = 0; k < core.Layers.Count; k++)
                {
                    var layer = core.Layers[k];
                    var firstRow = k == 0 ? 0 : core.Offsets[k - 1];
                    for (var pre = 0; pre < layer.InputSize; pre++)
                    {
                        for (var post = 0; post < layer.Size; post++)
                        {
                            // tinyODIN: word {pre, post[7:3]}, nibble post[2:0] (byte post[2:1], half post[0]).
                            var address = core.Offsets[k] + post;
                            var field = ((uint)layer.Weight(pre, post) & mask) << (fieldBits * (address % perWord));
                            image[((firstRow + pre) * perRow) + (address / perWord)] |= field;
                        }
                    }
                }

                s.AddRange(image);
            }
        });
        Section(w, BlobLayout.SectionRouting, s =>
        {
            foreach (var core in cores)
            {
                for (var k = 0; k < core.Layers.Count; k++)
                {
                    s.AddRange(new[] { (uint)core.Index, (uint)core.Offsets[k], (uint)core.Layers[k].Size });
                }
            }
        });
        var input = network.Input;
        Section(w, BlobLayout.SectionInput, s =>
        {
            s.AddRange(new[] { input.Encoding == EncodingKind.Rate ? 0u : 1u, input.Seed, (uint)input.DirectThreshold, (uint)input.Size, (uint)input.RawSize });
            if (input.RawSize != input.Size)
            {
                s.AddRange(input.BlockOf().Select(b => (uint)b));
            }
        });
        Section(w, BlobLayout.SectionReadout, s => s.AddRange(new[]
        {
            (uint)network.OutputLayer.CoreIndex, (uint)Mode(network.Readout.Mode), (uint)network.OutputLayer.Neuron.Threshold,
        }));
        Section(w, BlobLayout.SectionPrecision, s =>
        {
            // docs/blob-format.md#precision: the policies the controller runs; early_exit is the only one the SoC can.
            var exit = network.Policies.EarlyExit;
            s.Add(exit is null ? 0u : 1u);
            if (exit is not null)
            {
                s.AddRange(new[] { (uint)BlobLayout.PolicyEarlyExit, (uint)exit.MinTimesteps, (uint)exit.Margin, (uint)exit.CheckEvery });
            }
        });

        var bytes = new byte[(w.Count * 4) + BlobLayout.CrcBytes];
        w[2] = (uint)bytes.Length;
        for (var i = 0; i < w.Count; i++)
        {
            Put(bytes, i * 4, w[i]);
        }

        Put(bytes, bytes.Length - 4, BlobLayout.Crc32(bytes, bytes.Length - 4));
        return bytes;
    }

    /// <summary>One core and the consecutive layers on it (docs/blob-format.md#shared-core).</summary>
    private sealed record CorePlan(int Index, IReadOnlyList<LayerIr> Layers, int[] Offsets, int UsedRows, int Addresses, int WeightBits, int Leak)
    {
        public bool Shared => Layers.Count > 1;
    }

    // One core per run of layers with the same core index. Alone, a layer's neurons start at address 0 and its
    // rows are its inputs; sharing, the first layer's inputs take the low addresses, then every layer's neurons,
    // and every address is also a row (a spike re-enters as the row of its neuron).
    private static List<CorePlan> Plan(NetworkIr network)
    {
        var plans = new List<CorePlan>();
        foreach (var group in network.Layers.GroupBy(l => l.CoreIndex))
        {
            var layers = group.ToList();
            var shared = layers.Count > 1;
            var offsets = new int[layers.Count];
            var next = shared ? layers[0].InputSize : 0;
            for (var k = 0; k < layers.Count; k++)
            {
                offsets[k] = next;
                next += layers[k].Size;
            }

            var kinds = layers.Select(l => Leak(l.Neuron.Leak)).Distinct().ToList();
            var t = network.Target;
            void Require(bool ok, string why)
            {
                if (!ok)
                {
                    throw new BlobMappingException($"layer '{layers[layers.Count - 1].Name}' cannot be mapped to {t.Kind.ToString().ToLowerInvariant()} core {group.Key}: {why}");
                }
            }

            // A core without leak and one that subtracts 0 behave alike, so none and subtract may share a subtracting core.
            Require(kinds.Count == 1 || !kinds.Contains(BlobLayout.LeakShift), "a shift leak shares the core with another leak kind");
            Require(layers.Select(l => (l.Neuron.MembraneBits, l.Neuron.Reset)).Distinct().Count() == 1, "its layers differ in membrane width or reset");
            Require(!shared || layers[0].Neuron.Reset == ResetKind.Zero, "layers sharing a core must reset to zero");
            var rows = shared ? next : layers[0].InputSize;
            Require(t.Rows <= BlobLayout.MaxCoreDimension && t.NeuronsPerCore <= BlobLayout.MaxCoreDimension,
                $"the target's cores have {t.Rows} rows and {t.NeuronsPerCore} neurons; the firmware programs cores of at most {BlobLayout.MaxCoreDimension} of each");
            Require(rows <= t.Rows, $"{rows} rows, the core has {t.Rows} (a crossbar cannot split rows)");
            Require(next <= t.NeuronsPerCore, $"{next} neurons, the core has {t.NeuronsPerCore}");
            foreach (var layer in layers)
            {
                var n = layer.Neuron;
                Require(layer.WeightBits <= 16, $"{layer.WeightBits}-bit weights are wider than a synapse field");
                Require(n.MembraneBits is >= 2 and <= 24, $"{n.MembraneBits}-bit membranes do not fit a neuron word");
                Require(n.Threshold < (1 << (n.MembraneBits - 1)), $"threshold {n.Threshold} does not fit the membrane");
                Require(LeakField(n) < (1 << BlobLayout.LeakFieldBits), $"leak {n.LeakAmount} does not fit the 7-bit leak field");
            }

            plans.Add(new CorePlan(plans.Count, layers, offsets, rows, next, layers.Max(l => l.WeightBits), kinds.Max()));
        }

        return plans;
    }

    private static int LeakField(NeuronIr n) => n.Leak == LeakKind.None ? 0 : n.LeakAmount;

    private static int Leak(LeakKind kind) => kind switch
    {
        LeakKind.None => BlobLayout.LeakNone,
        LeakKind.Subtract => BlobLayout.LeakSubtract,
        _ => BlobLayout.LeakShift,
    };

    private static int Mode(ReadoutMode mode) => mode switch
    {
        ReadoutMode.Count => 0,
        ReadoutMode.Membrane => 1,
        _ => 2,
    };

    private static void Section(List<uint> words, int id, Action<List<uint>> body)
    {
        var payload = new List<uint>();
        body(payload);
        words.Add((uint)id);
        words.Add((uint)(payload.Count * 4));
        words.AddRange(payload);
    }

    private static void Put(byte[] bytes, int at, uint value)
    {
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >> 8);
        bytes[at + 2] = (byte)(value >> 16);
        bytes[at + 3] = (byte)(value >> 24);
    }
}
