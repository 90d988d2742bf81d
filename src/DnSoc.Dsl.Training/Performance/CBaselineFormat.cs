using System.Collections.Generic;
using System.IO;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Performance;

/// <summary>
/// What the hand-written C baseline (benchmarks/c-baseline/snn_baseline.c) reads and prints: the network and the
/// images as little-endian int32 fields and bytes, and per image a class and a checksum of every layer's spike counts
/// and final membranes, which the reference model's result gives too. No file I/O: the CLI runs the program.
/// </summary>
public static class CBaselineFormat
{
    private const int Magic = 0x424E4E53;

    /// <summary>The C code's scope: the hand-written kernel's (16-bit lanes, per event, no downsampling), and no dynamic policy.</summary>
    public static bool Supports(NetworkIr network) => IntrinsicKernel.Supports(network) && network.Policies.IsEmpty && network.Input.Downsampled.IsEmpty;

    public static byte[] Network(NetworkIr network)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        foreach (var field in new[]
        {
            Magic, network.Timesteps, network.Input.Size, network.Input.Encoding == EncodingKind.Direct ? 1 : 0, unchecked((int)network.Input.Seed),
            network.Input.DirectThreshold, network.Readout.Mode switch { ReadoutMode.Count => 0, ReadoutMode.Potential => 2, _ => 1 }, network.Layers.Count,
        })
        {
            writer.Write(field);
        }

        foreach (var layer in network.Layers)
        {
            var neuron = layer.Neuron;
            foreach (var field in new[]
            {
                layer.Size, layer.InputSize, neuron.MembraneBits, neuron.Threshold, neuron.Leak == LeakKind.Subtract ? 1 : 0, neuron.LeakAmount,
                neuron.Reset == ResetKind.Subtract ? 1 : 0,
            })
            {
                writer.Write(field);
            }

            foreach (var weight in layer.Weights)
            {
                writer.Write(weight);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static byte[] Images(IReadOnlyList<byte[]> inputs)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(inputs.Count);
        writer.Write(inputs.Count == 0 ? 0 : inputs[0].Length);
        foreach (var input in inputs)
        {
            writer.Write(input);
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>FNV-1a (64-bit) over every layer's spike counts, then every layer's final membranes, each as 4 bytes.</summary>
    public static ulong Checksum(InferenceResult result)
    {
        var hash = 14695981039346656037ul;
        foreach (var table in new[] { result.SpikeCounts, result.FinalMembranes })
        {
            foreach (var layer in table)
            {
                foreach (var value in layer)
                {
                    for (var b = 0; b < 4; b++)
                    {
                        hash = unchecked((hash ^ ((uint)value >> (8 * b) & 0xFF)) * 1099511628211ul);
                    }
                }
            }
        }

        return hash;
    }
}

/// <summary>A baseline outside the process (the C program): its results for checking and its time per image.</summary>
public interface IExternalBaseline
{
    /// <summary>Class and <see cref="CBaselineFormat.Checksum"/> per input, in order.</summary>
    IReadOnlyList<(int Class, ulong Checksum)> Check(IReadOnlyList<byte[]> inputs);

    /// <summary>Microseconds per image over whole passes of the inputs for about <paramref name="seconds"/>.</summary>
    double MicrosecondsPerImage(IReadOnlyList<byte[]> inputs, double seconds);
}
