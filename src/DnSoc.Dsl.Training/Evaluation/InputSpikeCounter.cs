using System;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>
/// Input spikes of many images (the events into the first layer), as <see cref="InputEncoder.Spikes"/> gives them: the
/// seed is fixed, so the hash's top byte of every (timestep, input) is computed once, not once per image.
/// </summary>
public sealed class InputSpikeCounter
{
    private readonly InputIr input;

    /// <summary>The input's block of every raw pixel when it is downsampled, else null.</summary>
    private readonly int[]? blockOf;

    /// <summary>[timestep][input] top bytes of the rate-coding hash; null for direct encoding.</summary>
    private readonly byte[][]? top;

    public InputSpikeCounter(InputIr input, int timesteps)
    {
        this.input = input;
        blockOf = input.Downsampled.IsEmpty ? null : input.BlockOf();
        if (input.Encoding == EncodingKind.Rate)
        {
            top = Enumerable.Range(0, timesteps)
                .Select(t => Enumerable.Range(0, input.Size).Select(i => (byte)(InputEncoder.Hash(input.Seed, t, i) >> 24)).ToArray())
                .ToArray();
        }
    }

    /// <summary>
    /// Input spikes of an image over its first <paramref name="timesteps"/> timesteps (at most the counter's).
    /// A downsampled input spikes on its block means (docs/semantics.md#downsampling), not on the raw pixels.
    /// </summary>
    public int Count(byte[] image, int timesteps)
    {
        var encoded = blockOf is null ? image : Downsampling.Apply(blockOf, input.Size, image);
        if (top is null)
        {
            return timesteps * encoded.Count(x => x >= input.DirectThreshold);
        }

        var count = 0;
        for (var t = 0; t < timesteps; t++)
        {
            var row = top[t];
            var i = 0;
            for (; i <= encoded.Length - 32; i += 32)
            {
                count += BitOperations.PopCount(Vector256.LessThan(Vector256.Create<byte>(row.AsSpan(i)), Vector256.Create<byte>(encoded.AsSpan(i))).ExtractMostSignificantBits());
            }

            for (; i < encoded.Length; i++)
            {
                count += row[i] < encoded[i] ? 1 : 0;
            }
        }

        return count;
    }
}
