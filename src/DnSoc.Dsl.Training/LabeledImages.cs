using System;

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

    public LabeledImages Slice(int start, int count) => new(Images.AsSpan(start, count).ToArray(), Labels.AsSpan(start, count).ToArray());
}
