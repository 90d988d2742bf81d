using System;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>
/// The IDX format of the MNIST files: a big-endian header (magic number, then one 32-bit size per
/// dimension) followed by the unsigned bytes. Only the two shapes MNIST uses are read: images
/// (3 dimensions) and labels (1 dimension). No file I/O: the caller hands in the bytes.
/// </summary>
public static class Idx
{
    /// <summary>Unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    public const int ImagesHeaderSize = 16;
    public const int LabelsHeaderSize = 8;

    /// <summary>Reads an images file: every image as rows × columns bytes, one after another.</summary>
    public static (int Count, int Rows, int Columns, byte[] Pixels) ReadImages(byte[] data, string name)
    {
        CheckHeader(data, name, ImagesMagic, ImagesHeaderSize, "image");
        var count = ReadSize(data, 4, name, "image count");
        var rows = ReadSize(data, 8, name, "row count");
        var columns = ReadSize(data, 12, name, "column count");
        if (rows == 0 || columns == 0)
        {
            throw new IdxFormatException($"{name}: images of {rows}x{columns} pixels; rows and columns must be at least 1");
        }

        CheckSize(data, name, ImagesHeaderSize, (long)count * rows * columns, $"{count} images of {rows}x{columns}");
        var pixels = new byte[data.Length - ImagesHeaderSize];
        Buffer.BlockCopy(data, ImagesHeaderSize, pixels, 0, pixels.Length);
        return (count, rows, columns, pixels);
    }

    /// <summary>Reads a labels file: one byte per item.</summary>
    public static byte[] ReadLabels(byte[] data, string name)
    {
        CheckHeader(data, name, LabelsMagic, LabelsHeaderSize, "label");
        var count = ReadSize(data, 4, name, "label count");
        CheckSize(data, name, LabelsHeaderSize, count, $"{count} labels");
        var labels = new byte[count];
        Buffer.BlockCopy(data, LabelsHeaderSize, labels, 0, count);
        return labels;
    }

    public static byte[] WriteImages(int count, int rows, int columns, byte[] pixels)
    {
        if (pixels.Length != (long)count * rows * columns)
        {
            throw new ArgumentException($"{pixels.Length} pixels for {count} images of {rows}x{columns}", nameof(pixels));
        }

        var data = new byte[ImagesHeaderSize + pixels.Length];
        WriteInt(data, 0, ImagesMagic);
        WriteInt(data, 4, count);
        WriteInt(data, 8, rows);
        WriteInt(data, 12, columns);
        Buffer.BlockCopy(pixels, 0, data, ImagesHeaderSize, pixels.Length);
        return data;
    }

    public static byte[] WriteLabels(byte[] labels)
    {
        var data = new byte[LabelsHeaderSize + labels.Length];
        WriteInt(data, 0, LabelsMagic);
        WriteInt(data, 4, labels.Length);
        Buffer.BlockCopy(labels, 0, data, LabelsHeaderSize, labels.Length);
        return data;
    }

    private static void CheckHeader(byte[] data, string name, int magic, int headerSize, string kind)
    {
        if (data.Length < 4)
        {
            throw new IdxFormatException($"{name}: {data.Length} bytes; an IDX {kind} file has a {headerSize}-byte header");
        }

        var actual = ReadInt(data, 0);
        if (actual != magic)
        {
            throw new IdxFormatException($"{name}: magic number 0x{actual:X8}, expected 0x{magic:X8} (IDX {kind} file)");
        }

        if (data.Length < headerSize)
        {
            throw new IdxFormatException($"{name}: truncated header: {data.Length} bytes, an IDX {kind} header has {headerSize}");
        }
    }

    private static int ReadSize(byte[] data, int offset, string name, string what)
    {
        var value = ReadInt(data, offset);
        if (value < 0)
        {
            throw new IdxFormatException($"{name}: {what} {(uint)value} is too large");
        }

        return value;
    }

    // The header states the payload size, so anything else is damage: a cut download or stray bytes.
    private static void CheckSize(byte[] data, string name, int headerSize, long payload, string what)
    {
        var expected = headerSize + payload;
        if (data.Length != expected)
        {
            var problem = data.Length < expected ? "truncated" : $"{data.Length - expected} trailing bytes";
            throw new IdxFormatException(
                $"{name}: {problem}: expected exactly {expected} bytes ({headerSize}-byte header + {what}), got {data.Length}");
        }
    }

    private static int ReadInt(byte[] data, int offset) =>
        (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];

    private static void WriteInt(byte[] data, int offset, int value)
    {
        data[offset] = (byte)(value >> 24);
        data[offset + 1] = (byte)(value >> 16);
        data[offset + 2] = (byte)(value >> 8);
        data[offset + 3] = (byte)value;
    }
}
