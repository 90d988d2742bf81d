using System;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>
/// An immutable MNIST-style set: images of Rows × Columns 8-bit pixels (0 = background) and a label
/// 0..9 for each. Built only from IDX bytes that passed every check.
/// </summary>
public sealed class MnistSet
{
    public const int Classes = 10;

    private readonly byte[] pixels;
    private readonly byte[] labels;

    private MnistSet(int rows, int columns, byte[] pixels, byte[] labels)
    {
        Rows = rows;
        Columns = columns;
        this.pixels = pixels;
        this.labels = labels;
    }

    public int Count => labels.Length;

    public int Rows { get; }

    public int Columns { get; }

    public int ImageSize => Rows * Columns;

    /// <summary>Parses an images file and its labels file; the names only go into messages.</summary>
    public static MnistSet Parse(byte[] images, string imagesName, byte[] labels, string labelsName)
    {
        var (count, rows, columns, pixels) = Idx.ReadImages(images, imagesName);
        var classes = Idx.ReadLabels(labels, labelsName);
        if (classes.Length != count)
        {
            throw new IdxFormatException($"{imagesName} holds {count} images but {labelsName} holds {classes.Length} labels; they must match");
        }

        var bad = Array.FindIndex(classes, l => l >= Classes);
        if (bad >= 0)
        {
            throw new IdxFormatException($"{labelsName}: label {classes[bad]} at index {bad}; MNIST labels are 0..9");
        }

        return new MnistSet(rows, columns, pixels, classes);
    }

    /// <summary>A copy of image <paramref name="index"/>, row by row.</summary>
    public byte[] Image(int index)
    {
        CheckIndex(index);
        var image = new byte[ImageSize];
        Buffer.BlockCopy(pixels, index * ImageSize, image, 0, ImageSize);
        return image;
    }

    public int Label(int index)
    {
        CheckIndex(index);
        return labels[index];
    }

    /// <summary>How many items carry each label 0..9.</summary>
    public int[] LabelHistogram()
    {
        var histogram = new int[Classes];
        foreach (var label in labels)
        {
            histogram[label]++;
        }

        return histogram;
    }

    /// <summary>The first <paramref name="count"/> items, in order.</summary>
    public MnistSet Take(int count)
    {
        if (count < 0 || count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the set holds {Count} items");
        }

        var firstPixels = new byte[count * ImageSize];
        Buffer.BlockCopy(pixels, 0, firstPixels, 0, firstPixels.Length);
        var firstLabels = new byte[count];
        Buffer.BlockCopy(labels, 0, firstLabels, 0, count);
        return new MnistSet(Rows, Columns, firstPixels, firstLabels);
    }

    /// <summary>The set as an IDX images file and labels file.</summary>
    public (byte[] Images, byte[] Labels) ToIdx() =>
        (Idx.WriteImages(Count, Rows, Columns, pixels), Idx.WriteLabels(labels));

    private void CheckIndex(int index)
    {
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the set holds {Count} items");
        }
    }
}
