using System;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Reference;

/// <summary>Input spikes from byte intensities (docs/semantics.md#encoding).</summary>
public static class InputEncoder
{
    /// <summary>
    /// Counter-based: a pure function of (seed, timestep, index), so inputs can be skipped or
    /// computed in any order and every platform gets the same spikes. Mixer: "lowbias32" by C. Wellons.
    /// </summary>
    public static uint Hash(uint seed, int timestep, int index)
    {
        unchecked
        {
            var h = seed ^ ((uint)timestep * 0x9E3779B1u) ^ ((uint)index * 0x85EBCA77u);
            h ^= h >> 16;
            h *= 0x7FEB352Du;
            h ^= h >> 15;
            h *= 0x846CA68Bu;
            h ^= h >> 16;
            return h;
        }
    }

    public static bool Spikes(InputIr input, byte intensity, int timestep, int index) => input.Encoding switch
    {
        EncodingKind.Rate => (Hash(input.Seed, timestep, index) >> 24) < intensity,
        EncodingKind.Direct => intensity >= input.DirectThreshold,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input.Encoding, "Unknown encoding."),
    };

    /// <summary>
    /// Input spikes of an image over its first <paramref name="timesteps"/> timesteps: the events into the first layer.
    /// A downsampled input spikes on its block means (docs/semantics.md#downsampling), not on the raw pixels.
    /// </summary>
    public static int CountSpikes(InputIr input, byte[] image, int timesteps)
    {
        var encoded = input.Downsampled.IsEmpty ? image : Downsampling.Apply(input.BlockOf(), input.Size, image);
        var count = 0;
        for (var t = 0; t < timesteps; t++)
        {
            for (var i = 0; i < encoded.Length; i++)
            {
                count += Spikes(input, encoded[i], t, i) ? 1 : 0;
            }
        }

        return count;
    }
}
