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

        var w = new List<uint>();
        var layers = network.Layers;
        var profile = target.Kind == TargetKind.TinyOdin ? BlobLayout.ProfileTinyOdin : BlobLayout.ProfileDnsoc;
        w.Add(BlobLayout.Magic);
        w.Add((uint)(BlobLayout.Version | (profile << 16)));
        w.Add(0); // total length, patched below
        w.Add(BlobLayout.SectionCount);
        w.Add((uint)layers.Count);
        w.Add((uint)network.Input.Size);

        Section(w, BlobLayout.SectionNetwork, s => s.AddRange(new[] { (uint)network.Timesteps, 0u }));
        Section(w, BlobLayout.SectionCores, s =>
        {
            foreach (var layer in layers)
            {
                CheckFits(network, layer);
                var n = layer.Neuron;
                s.AddRange(new[]
                {
                    (uint)target.Rows, (uint)target.NeuronsPerCore, (uint)layer.WeightBits, (uint)n.MembraneBits,
                    (uint)Leak(n.Leak), (uint)(n.Reset == ResetKind.Zero ? BlobLayout.ResetZero : BlobLayout.ResetSubtract), (uint)target.Lanes,
                    (uint)layer.InputSize, (uint)layer.Size,
                    1u, // open loop: one core per layer, spikes travel through the controller
                    0u, // AER source: the neurons
                    (uint)(layer.Size - 1),
                });
            }
        });
        Section(w, BlobLayout.SectionNeurons, s =>
        {
            foreach (var layer in layers)
            {
                var n = layer.Neuron;
                var words = BlobLayout.NeuronWords(n.MembraneBits);
                s.Add((uint)words);
                ulong word = ((ulong)(uint)n.Threshold << n.MembraneBits) | ((ulong)(uint)LeakField(n) << (2 * n.MembraneBits));
                for (var j = 0; j < layer.Size; j++)
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
            foreach (var layer in layers)
            {
                var perRow = BlobLayout.WordsPerRow(target.NeuronsPerCore, layer.WeightBits);
                var fieldBits = BlobLayout.WeightFieldBits(layer.WeightBits);
                var perWord = 32 / fieldBits;
                var mask = (1u << fieldBits) - 1;
                s.Add((uint)perRow);
                var image = new uint[layer.InputSize * perRow];
                for (var pre = 0; pre < layer.InputSize; pre++)
                {
                    for (var post = 0; post < layer.Size; post++)
                    {
                        // tinyODIN: word {pre, post[7:3]}, nibble post[2:0] (byte post[2:1], half post[0]).
                        var field = ((uint)layer.Weight(pre, post) & mask) << (fieldBits * (post % perWord));
                        image[(pre * perRow) + (post / perWord)] |= field;
                    }
                }

                s.AddRange(image);
            }
        });
        Section(w, BlobLayout.SectionRouting, s =>
        {
            for (var m = 0; m < layers.Count; m++)
            {
                s.Add((uint)m);
                s.Add(m == 0 ? BlobLayout.NoCore : (uint)(m - 1));
                s.Add(m == layers.Count - 1 ? BlobLayout.NoCore : (uint)(m + 1));
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
            (uint)network.Readout.LayerIndex, (uint)Mode(network.Readout.Mode), (uint)network.OutputLayer.Neuron.Threshold,
        }));
        Section(w, BlobLayout.SectionPrecision, s => s.Add(0)); // no entries yet: the dynamic-precision issue fills it

        var bytes = new byte[(w.Count * 4) + BlobLayout.CrcBytes];
        w[2] = (uint)bytes.Length;
        for (var i = 0; i < w.Count; i++)
        {
            Put(bytes, i * 4, w[i]);
        }

        Put(bytes, bytes.Length - 4, BlobLayout.Crc32(bytes, bytes.Length - 4));
        return bytes;
    }

    private static void CheckFits(NetworkIr network, LayerIr layer)
    {
        var t = network.Target;
        var n = layer.Neuron;
        void Require(bool ok, string why)
        {
            if (!ok)
            {
                throw new BlobMappingException($"layer '{layer.Name}' cannot be mapped to one {t.Kind.ToString().ToLowerInvariant()} core: {why}");
            }
        }

        Require(layer.InputSize <= t.Rows, $"{layer.InputSize} inputs, the core has {t.Rows} rows (a crossbar cannot split rows)");
        Require(layer.Size <= t.NeuronsPerCore, $"{layer.Size} neurons, the core has {t.NeuronsPerCore}");
        Require(layer.WeightBits <= 16, $"{layer.WeightBits}-bit weights are wider than a synapse field");
        Require(n.MembraneBits is >= 2 and <= 24, $"{n.MembraneBits}-bit membranes do not fit a neuron word");
        Require(n.Threshold < (1 << (n.MembraneBits - 1)), $"threshold {n.Threshold} does not fit the membrane");
        Require(LeakField(n) < (1 << BlobLayout.LeakFieldBits), $"leak {n.LeakAmount} does not fit the 7-bit leak field");
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
