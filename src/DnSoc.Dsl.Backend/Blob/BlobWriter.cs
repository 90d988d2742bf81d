using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
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

/// <summary>
/// Writes the configuration blob (docs/blob-format.md): the core planner's layout, little-endian, CRC-32 last.
/// What fits is the planner's answer alone; callers with user input ask it first (<see cref="CorePlan.Mappable"/>).
/// </summary>
public static class BlobWriter
{
    /// <summary>Plans the network and writes its blob; throws <see cref="BlobMappingException"/> when the plan says it has none.</summary>
    public static byte[] Write(NetworkIr network) => Write(network, CorePlanner.Plan(network));

    public static byte[] Write(NetworkIr network, CorePlan plan)
    {
        if (!plan.Mappable)
        {
            throw new BlobMappingException(plan.WhyNotMappable!);
        }

        var target = network.Target;
        var w = new List<uint>();
        var layers = network.Layers;
        var cores = plan.Cores;
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
                s.AddRange(new[]
                {
                    (uint)core.Rows, (uint)core.Neurons, (uint)core.WeightBits, (uint)core.MembraneBits,
                    (uint)Leak(core.Leak), (uint)(core.Reset == ResetKind.Zero ? BlobLayout.ResetZero : BlobLayout.ResetSubtract), (uint)target.Lanes,
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
                var b = core.MembraneBits;
                var words = BlobLayout.NeuronWords(b);
                s.Add((uint)words);

                // A shared core's addresses below its first layer are input rows; their neurons are disabled and never reached.
                var idle = ((ulong)(uint)((1 << (b - 1)) - 1) << b) | (1UL << ((32 * words) - 1));
                var neurons = Enumerable.Repeat(idle, core.Layers[0].Offset).Concat(core.Layers.Select(p => network.Layers[p.Layer]).SelectMany(l =>
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
                var perRow = BlobLayout.WordsPerRow(core.Neurons, core.WeightBits);
                var fieldBits = BlobLayout.WeightFieldBits(core.WeightBits);
                var perWord = 32 / fieldBits;
                var mask = (1u << fieldBits) - 1;
                s.Add((uint)perRow);
                var image = new uint[core.UsedRows * perRow];

                // Layer k reads rows from the address of its source: the input rows for the first, the previous layer's neurons after.
                foreach (var placement in core.Layers)
                {
                    var layer = network.Layers[placement.Layer];
                    for (var pre = 0; pre < layer.InputSize; pre++)
                    {
                        for (var post = 0; post < layer.Size; post++)
                        {
                            // tinyODIN: word {pre, post[7:3]}, nibble post[2:0] (byte post[2:1], half post[0]).
                            var address = placement.Offset + post;
                            var field = ((uint)layer.Weight(pre, post) & mask) << (fieldBits * (address % perWord));
                            image[((placement.FirstRow + pre) * perRow) + (address / perWord)] |= field;
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
                foreach (var placement in core.Layers)
                {
                    s.AddRange(new[] { (uint)core.Index, (uint)placement.Offset, (uint)placement.Size });
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
            (uint)plan.PlacementOf(network.Readout.LayerIndex).Core, (uint)Mode(network.Readout.Mode), (uint)network.OutputLayer.Neuron.Threshold,
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
