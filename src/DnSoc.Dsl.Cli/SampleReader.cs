using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The input of <c>snnc run</c>: one image of an IDX images file (MNIST's format, what <c>snnc data sample</c>
/// writes), else whatever <see cref="InputReader"/> reads (PGM or text; the example app shares that one).
/// </summary>
internal static class SampleReader
{
    /// <param name="index">Which image of an IDX file (0 when null); only IDX files hold several.</param>
    public static byte[] Read(string path, int expectedSize, int? index)
    {
        var bytes = InputFiles.ReadBytes(path, InputFiles.MaxIdxBytes, "input file not found");
        var idx = bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0x08; // IDX magic: 0, 0, type 0x08 (unsigned bytes), dimensions
        if (idx)
        {
            return Image(path, bytes, expectedSize, index ?? 0);
        }

        if (index is not null)
        {
            throw new InputException($"{path}: --index picks an image of an IDX images file, and this is not one; without --index, give a PGM image or a text file of values");
        }

        if (bytes.Length > InputFiles.MaxSampleBytes)
        {
            throw new InputException($"{path}: it has {bytes.Length} bytes, more than the {InputFiles.MaxSampleBytes} snnc reads from a PGM or text sample");
        }

        return InputReader.Parse(path, bytes, expectedSize);
    }

    private static byte[] Image(string path, byte[] bytes, int expectedSize, int index)
    {
        var (count, rows, columns, pixels) = Idx.ReadImages(bytes, path);
        if (index < 0 || index >= count)
        {
            throw new InputException($"{path}: there is no image {index}: the file holds {count} images; give --index 0 to {count - 1}");
        }

        var size = rows * columns;
        if (size != expectedSize)
        {
            throw new InputException($"{path}: its images have {rows} x {columns} = {size} pixels, but the network takes {expectedSize} input values");
        }

        return pixels.Skip(index * size).Take(size).ToArray();
    }
}
