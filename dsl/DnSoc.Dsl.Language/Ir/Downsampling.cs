using System.Collections.Generic;
using System.Linq;

namespace DnSoc.Dsl.Language.Ir;

/// <summary>
/// Input downsampling (docs/semantics.md#downsampling): each element of the downsampled shape is the
/// integer mean of a block of the input. The one implementation the reference model, the blob writer and
/// the emitter use; the firmware and the generated code apply the block table it computes.
/// </summary>
public static class Downsampling
{
    /// <summary>
    /// For each input element (row-major), the downsampled element whose block holds it. Along a dimension
    /// of size d downsampled to e, block y covers floor(y·d/e) … floor((y+1)·d/e) − 1.
    /// </summary>
    public static int[] BlockOf(IReadOnlyList<int> shape, IReadOnlyList<int> target)
    {
        var blocks = new int[shape.Aggregate(1, (p, d) => p * d)];
        for (var r = 0; r < blocks.Length; r++)
        {
            var rest = r;
            var stride = 1;
            for (var k = shape.Count - 1; k >= 0; k--)
            {
                var x = rest % shape[k];
                rest /= shape[k];
                // The largest y with floor(y·d/e) <= x.
                blocks[r] += ((((x + 1) * target[k]) - 1) / shape[k]) * stride;
                stride *= target[k];
            }
        }

        return blocks;
    }

    /// <summary>The downsampled intensities: per block, the sum of its elements divided by their count, rounded down.</summary>
    public static byte[] Apply(IReadOnlyList<int> blockOf, int blocks, byte[] input)
    {
        var sums = new int[blocks];
        var counts = new int[blocks];
        for (var r = 0; r < input.Length; r++)
        {
            sums[blockOf[r]] += input[r];
            counts[blockOf[r]]++;
        }

        return sums.Select((sum, o) => (byte)(sum / counts[o])).ToArray();
    }
}
