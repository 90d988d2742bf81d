using System;
using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Training;

/// <summary>Images (one byte per input, row-major) and their class labels.</summary>
public sealed class LabeledImages
{
    public LabeledImages(byte[][] images, byte[] labels)
    {
        if (images.Length != labels.Length)
        {
            throw new ArgumentException($"{images.Length} images but {labels.Length} labels");
        }

        Images = images;
        Labels = labels;
    }

    public byte[][] Images { get; }

    public byte[] Labels { get; }

    public int Count => Images.Length;

    /// <summary>The images and labels of an IDX set, for the trainer and the evaluator.</summary>
    public static LabeledImages From(MnistSet set) =>
        new(Enumerable.Range(0, set.Count).Select(set.Image).ToArray(), Enumerable.Range(0, set.Count).Select(i => (byte)set.Label(i)).ToArray());

    public LabeledImages Slice(int start, int count) => new(Images.AsSpan(start, count).ToArray(), Labels.AsSpan(start, count).ToArray());
}
