using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// Reads one input sample for `snnc run` (after SampleReader took IDX files) and the example app:
/// a PGM image (P2 or P5, 8-bit) or a text file of intensities 0..255 separated by spaces, commas or
/// newlines. Errors say what was expected and never echo raw binary bytes.
/// </summary>
internal static class InputReader
{
    /// <summary>Largest image read: the language's largest input (docs/language.md#limits).</summary>
    private const long MaxPixels = 1 << 20;

    public static byte[] Read(string path, int expectedSize) =>
        Parse(path, InputFiles.ReadBytes(path, InputFiles.MaxSampleBytes, "input file not found"), expectedSize);

    /// <summary>As <see cref="Read"/>, for bytes already read; <paramref name="path"/> only goes into messages.</summary>
    public static byte[] Parse(string path, byte[] bytes, int expectedSize)
    {
        var values = bytes.Length >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '2')
            ? ReadPgm(path, bytes)
            : ReadText(path, Text(path, bytes));
        if (values.Length != expectedSize)
        {
            throw new InputException($"{path}: the network takes {expectedSize} input values, but the file holds {values.Length}");
        }

        return values;
    }

    /// <summary>The bytes as text, or a refusal that shows the first bytes in hex when they are binary.</summary>
    private static string Text(string path, byte[] bytes)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        string? text;
        try
        {
            text = strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = null;
        }

        if (text is null || text.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)))
        {
            var start = string.Join(" ", bytes.Take(8).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            throw new InputException($"{path}: a binary file (it starts with bytes {start}), neither an 8-bit PGM image (P2 or P5) nor a text file of values 0..255");
        }

        return text;
    }

    private static byte[] ReadText(string path, string text)
    {
        var fields = text.Split(new[] { ' ', '\t', '\r', '\n', ',' }, StringSplitOptions.RemoveEmptyEntries);
        return fields.Select((field, i) =>
            int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 255
                ? (byte)v
                : throw new InputException($"{path}: value {i + 1} is '{Printable(field)}'; inputs are whole numbers from 0 to 255")).ToArray();
    }

    /// <summary>At most 20 characters of a field, anything unprintable as \uXXXX: a message must not carry raw bytes to the terminal.</summary>
    private static string Printable(string field)
    {
        var shown = string.Concat(field.Take(20).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return field.Length > 20 ? shown + "..." : shown;
    }

    private static byte[] ReadPgm(string path, byte[] bytes)
    {
        // Header: magic, width, height, maxval, separated by whitespace, '#' comments allowed.
        var position = 2;
        int NextNumber()
        {
            while (position < bytes.Length)
            {
                if (bytes[position] == '#')
                {
                    while (position < bytes.Length && bytes[position] != '\n')
                    {
                        position++;
                    }
                }
                else if (char.IsWhiteSpace((char)bytes[position]))
                {
                    position++;
                }
                else
                {
                    break;
                }
            }

            var start = position;
            while (position < bytes.Length && bytes[position] is >= (byte)'0' and <= (byte)'9')
            {
                position++;
            }

            return position > start && int.TryParse(Encoding.ASCII.GetString(bytes, start, position - start), out var value)
                ? value
                : throw new InputException($"{path}: malformed PGM header");
        }

        var binary = bytes[1] == '5';
        var width = NextNumber();
        var height = NextNumber();
        var max = NextNumber();
        if (max is < 1 or > 255)
        {
            throw new InputException($"{path}: only 8-bit PGM images are supported (maxval {max})");
        }

        var count = (long)width * height;
        if (width < 1 || height < 1 || count > MaxPixels)
        {
            throw new InputException($"{path}: a PGM image of {width} x {height} pixels; width and height must be at least 1 and the image at most {MaxPixels} pixels");
        }

        if (!binary)
        {
            var values = ReadText(path, Encoding.ASCII.GetString(bytes, position, bytes.Length - position));
            return values.Length == count
                ? values
                : throw new InputException($"{path}: the PGM header says {width} x {height} = {count} pixels, but the file holds {values.Length}");
        }

        position++; // the single whitespace after maxval
        if (bytes.Length - position != count)
        {
            var problem = bytes.Length - position < count ? "is truncated" : "has bytes after its pixels";
            throw new InputException($"{path}: the PGM image {problem} ({Math.Max(0, bytes.Length - position)} bytes for {width} x {height} = {count} pixels)");
        }

        return bytes.Skip(position).Take((int)count).ToArray();
    }
}

/// <summary>A problem with a file the user named; printed as one line, exit code 1.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }
}
