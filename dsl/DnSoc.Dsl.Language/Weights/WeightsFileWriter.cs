using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DnSoc.Dsl.Language.Weights;

/// <summary>Writes the text weights format of docs/weights-format.md; <see cref="WeightsFileParser"/> reads it back exactly.</summary>
public static class WeightsFileWriter
{
    /// <summary>Without an explicit encoding, tensors of at most this many values are written as text, larger ones as base64.</summary>
    public const int TextThreshold = 256;

    private const int MaxValuesPerLine = 32;
    private const int Base64LineLength = 76;

    /// <summary>
    /// The file text for these tensors, in order. <paramref name="encoding"/> forces one encoding for every tensor;
    /// null picks text for small tensors (see <see cref="TextThreshold"/>) and base64 otherwise. Locations are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A tensor cannot be written exactly: invalid or repeated name, shape not matching the value count, an integer
    /// value that is fractional or outside its type, a non-finite value, an f32 value that is not a float (base64 only),
    /// or a scale that is not positive, or not 1.0 on an integer tensor.
    /// </exception>
    public static string Write(IEnumerable<WeightsTensor> tensors, WeightsEncoding? encoding = null)
    {
        var output = new StringBuilder();
        output.Append(WeightsFormat.Magic).Append(' ').Append(WeightsFormat.Version).Append('\n');
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"tensor '{tensor.Name}' appears twice", nameof(tensors));
            }

            var chosen = encoding ?? (tensor.Values.Count <= TextThreshold ? WeightsEncoding.Text : WeightsEncoding.Base64);
            Validate(tensor, chosen);
            output.Append('\n');
            WriteHeader(output, tensor, chosen);
            if (chosen == WeightsEncoding.Text)
            {
                WriteText(output, tensor);
            }
            else
            {
                WriteBase64(output, tensor);
            }
        }

        return output.ToString();
    }

    private static void Validate(WeightsTensor tensor, WeightsEncoding encoding)
    {
        string? problem = null;
        var type = tensor.ElementType;
        if (!WeightsFormat.IsValidTensorName(tensor.Name))
        {
            problem = "is not a valid tensor name";
        }
        else if (tensor.Shape.IsEmpty || tensor.Shape.Any(d => d < 1))
        {
            problem = "needs a shape of one or more dimensions, each at least 1";
        }
        else if (tensor.Shape.Aggregate(1L, (product, d) => product * d) != tensor.Values.Count)
        {
            problem = $"has {tensor.Values.Count} values, which does not match its shape";
        }
        else if (!(tensor.Scale > 0) || double.IsInfinity(tensor.Scale) || (type.IsInteger() && tensor.Scale != 1.0))
        {
            problem = $"has scale {tensor.Scale}; f32 scales must be positive and finite, integer tensors take 1.0";
        }
        else if (tensor.Values.Any(v => double.IsNaN(v) || double.IsInfinity(v)))
        {
            problem = "has a non-finite value";
        }
        else if (type.IsInteger() && tensor.Values.Any(v => v != Math.Floor(v) || v < type.MinValue() || v > type.MaxValue()))
        {
            problem = $"has a value that is not an integer in the {type.Keyword()} range";
        }
        else if (type == WeightElementType.F32 && encoding == WeightsEncoding.Base64 && tensor.Values.Any(v => (float)v != v))
        {
            problem = "has a value that is not exactly a 32-bit float, so base64 would change it; use text";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"tensor '{tensor.Name}' {problem}", nameof(tensor));
        }
    }

    private static void WriteHeader(StringBuilder output, WeightsTensor tensor, WeightsEncoding encoding)
    {
        output.Append("tensor ").Append(tensor.Name).Append(' ').Append(tensor.ElementType.Keyword())
            .Append(" [").Append(string.Join(", ", tensor.Shape)).Append(']');
        if (tensor.Scale != 1.0)
        {
            output.Append(" scale ").Append(FormatFloat(tensor.Scale));
        }

        output.Append(encoding == WeightsEncoding.Text ? " text\n" : " base64\n");
    }

    private static void WriteText(StringBuilder output, WeightsTensor tensor)
    {
        // One line per row of the last dimension, right-aligned so that small matrices read as a grid.
        var texts = tensor.Values
            .Select(v => tensor.ElementType.IsInteger() ? ((long)v).ToString(CultureInfo.InvariantCulture) : FormatFloat(v))
            .ToArray();
        var width = texts.Max(t => t.Length);
        var rowLength = tensor.Shape[tensor.Shape.Count - 1];
        for (var rowStart = 0; rowStart < texts.Length; rowStart += rowLength)
        {
            for (var lineStart = rowStart; lineStart < rowStart + rowLength; lineStart += MaxValuesPerLine)
            {
                output.Append(' ');
                for (var i = lineStart; i < Math.Min(lineStart + MaxValuesPerLine, rowStart + rowLength); i++)
                {
                    output.Append(' ').Append(texts[i].PadLeft(width));
                }

                output.Append('\n');
            }
        }
    }

    private static void WriteBase64(StringBuilder output, WeightsTensor tensor)
    {
        var size = tensor.ElementType.ByteSize();
        var bytes = new byte[tensor.Values.Count * size];
        for (var i = 0; i < tensor.Values.Count; i++)
        {
            var value = tensor.Values[i];
            var element = tensor.ElementType switch
            {
                WeightElementType.I8 => new[] { (byte)(sbyte)value },
                WeightElementType.I16 => BitConverter.GetBytes((short)value),
                WeightElementType.I32 => BitConverter.GetBytes((int)value),
                _ => BitConverter.GetBytes((float)value),
            };
            if (!BitConverter.IsLittleEndian)
            {
                Array.Reverse(element);
            }

            Array.Copy(element, 0, bytes, i * size, size);
        }

        var encoded = Convert.ToBase64String(bytes);
        for (var start = 0; start < encoded.Length; start += Base64LineLength)
        {
            output.Append("  ").Append(encoded, start, Math.Min(Base64LineLength, encoded.Length - start)).Append('\n');
        }
    }

    /// <summary>The shortest text that parses back to the same double.</summary>
    private static string FormatFloat(double value)
    {
        // "R" is shortest round-trip on .NET Core 3.0+, but not always exact on .NET Framework; G17 always is.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value
            ? text
            : value.ToString("G17", CultureInfo.InvariantCulture);
    }
}
