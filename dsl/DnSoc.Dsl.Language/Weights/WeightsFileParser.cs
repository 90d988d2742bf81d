using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Weights;

/// <summary>Reads the text weights format of docs/weights-format.md.</summary>
public static class WeightsFileParser
{
    private const string HeaderExample = "'tensor out f32 [48, 10] scale 0.125 base64'";

    /// <summary>
    /// Parses a weights file. Never throws on any text: problems become SNN0402/SNN0406 diagnostics, and the
    /// document holds every tensor that parsed cleanly (none if the header line is missing or unsupported).
    /// </summary>
    public static WeightsDocument Parse(SourceFile file, DiagnosticBag diagnostics) =>
        new Parser(file, diagnostics).Run();

    private readonly record struct Token(int Start, int End);

    private sealed record PendingTensor(
        string Name, WeightElementType Type, int[] Shape, TextSpan ShapeSpan, double Scale, WeightsEncoding Encoding, TextSpan HeaderSpan)
    {
        public List<Token> Data { get; } = new();

        public int Count => Shape.Aggregate(1, (product, dim) => product * dim);

        public string ShapeText => "[" + string.Join(", ", Shape) + "]";
    }

    private sealed class Parser
    {
        private readonly SourceFile file;
        private readonly string text;
        private readonly DiagnosticBag diagnostics;
        private readonly List<WeightsTensor> tensors = new();
        private readonly Dictionary<string, int> headerLines = new(StringComparer.Ordinal);

        public Parser(SourceFile file, DiagnosticBag diagnostics)
        {
            this.file = file;
            text = file.Text;
            this.diagnostics = diagnostics;
        }

        public WeightsDocument Run()
        {
            var version = 0;
            PendingTensor? current = null;

            // After a malformed header or stray data, skip lines up to the next tensor header quietly.
            var skipping = false;
            var lineStart = 0;
            while (lineStart <= text.Length)
            {
                var lineEnd = text.IndexOf('\n', lineStart);
                if (lineEnd < 0)
                {
                    lineEnd = text.Length;
                }

                var contentEnd = text.IndexOf('#', lineStart, lineEnd - lineStart);
                if (contentEnd < 0)
                {
                    contentEnd = lineEnd;
                }

                var words = Words(lineStart, contentEnd);
                if (words.Count > 0)
                {
                    if (version == 0)
                    {
                        version = ParseFileHeader(words);
                        if (version != WeightsFormat.Version)
                        {
                            return new WeightsDocument(version, EquatableArray<WeightsTensor>.Empty);
                        }
                    }
                    else if (TextOf(words[0]) == "tensor")
                    {
                        Finish(current);
                        current = ParseTensorHeader(words[0], contentEnd);
                        skipping = current is null;
                    }
                    else if (current is not null)
                    {
                        current.Data.AddRange(words);
                    }
                    else if (!skipping)
                    {
                        Error(words[0], $"'{TextOf(words[0])}' is outside any tensor; values belong below a tensor header line such as {HeaderExample}");
                        skipping = true;
                    }
                }

                lineStart = lineEnd + 1;
            }

            Finish(current);
            if (version == 0)
            {
                Error(new Token(0, 0), $"the weights file is empty; it must start with the line '{WeightsFormat.Magic} {WeightsFormat.Version}'");
            }

            return new WeightsDocument(version, tensors.ToEquatableArray());
        }

        /// <summary>Returns the version, or 0 after reporting a malformed header.</summary>
        private int ParseFileHeader(List<Token> words)
        {
            var expected = $"'{WeightsFormat.Magic} {WeightsFormat.Version}'";
            if (TextOf(words[0]) != WeightsFormat.Magic)
            {
                // Not quoted: a path may name any file (docs/weights-format.md#paths), and its content is not for a message.
                Error(words[0], $"a weights file must start with the line {expected}, but this one does not; is it a weights file?");
                return 0;
            }

            if (words.Count < 2)
            {
                Error(new Token(words[0].End, words[0].End), $"the format version is missing; write {expected}");
                return 0;
            }

            var versionText = TextOf(words[1]);
            if (!IsDigits(versionText) || !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version == 0)
            {
                Error(words[1], $"'{Shorten(versionText)}' is not a format version; write {expected}");
                return 0;
            }

            if (version != WeightsFormat.Version)
            {
                diagnostics.Add(DiagnosticDescriptors.WeightsVersionUnsupported, Location(words[1]), version, WeightsFormat.Version);
                return version;
            }

            if (words.Count > 2)
            {
                Error(words[2], $"unexpected '{Shorten(TextOf(words[2]))}' after the version; the first line is just {expected}");
            }

            return version;
        }

        private PendingTensor? ParseTensorHeader(Token keyword, int contentEnd)
        {
            var open = text.IndexOf('[', keyword.End, contentEnd - keyword.End);
            var beforeShape = Words(keyword.End, open < 0 ? contentEnd : open);
            if (beforeShape.Count < 2)
            {
                var at = beforeShape.Count == 0 ? keyword.End : beforeShape[0].End;
                Error(new Token(at, at), $"a tensor header needs a name and an element type before the shape, as in {HeaderExample}");
                return null;
            }

            var name = TextOf(beforeShape[0]);
            if (!WeightsFormat.IsValidTensorName(name))
            {
                Error(beforeShape[0], $"'{Shorten(name)}' is not a valid tensor name; start with a letter or '_' and use only letters, digits, '_', '.' and '-'");
                return null;
            }

            var typeText = TextOf(beforeShape[1]);
            if (!WeightsFormat.TryParseElementType(typeText, out var type))
            {
                Error(beforeShape[1], $"'{Shorten(typeText)}' is not an element type; use i8, i16, i32 or f32");
                return null;
            }

            if (open < 0)
            {
                Error(new Token(beforeShape[1].End, beforeShape[1].End), $"tensor '{name}' has no shape; write it in brackets after the element type, as in {HeaderExample}");
                return null;
            }

            if (beforeShape.Count > 2)
            {
                Error(beforeShape[2], $"unexpected '{Shorten(TextOf(beforeShape[2]))}'; a tensor header is 'tensor NAME TYPE [shape] ENCODING', as in {HeaderExample}");
                return null;
            }

            var close = text.IndexOf(']', open, contentEnd - open);
            if (close < 0)
            {
                Error(new Token(open, open + 1), $"the shape of tensor '{name}' has no closing ']'");
                return null;
            }

            var shape = ParseShape(name, open, close);
            if (shape is null)
            {
                return null;
            }

            var scale = 1.0;
            var rest = Words(close + 1, contentEnd);
            var next = 0;
            if (rest.Count > 0 && TextOf(rest[0]) == "scale")
            {
                if (rest.Count < 2)
                {
                    Error(new Token(rest[0].End, rest[0].End), "'scale' needs a positive number after it, as in 'scale 0.125'");
                    return null;
                }

                var scaleText = TextOf(rest[1]);
                if (type.IsInteger())
                {
                    Error(new Token(rest[0].Start, rest[1].End), $"tensor '{name}' is {type.Keyword()}: integer tensors are used as they are and take no scale; remove 'scale {Shorten(scaleText)}' or store the values as f32");
                    return null;
                }

                if (!TryParseFloat(scaleText, out scale) || !(scale > 0) || double.IsInfinity(scale))
                {
                    Error(rest[1], $"the scale of tensor '{name}' must be a positive finite number, but is '{Shorten(scaleText)}'");
                    return null;
                }

                next = 2;
            }

            if (rest.Count <= next)
            {
                var at = rest.Count == 0 ? close + 1 : rest[rest.Count - 1].End;
                Error(new Token(at, at), $"tensor '{name}' has no encoding; end the header with 'text' or 'base64'");
                return null;
            }

            var encodingText = TextOf(rest[next]);
            if (!WeightsFormat.TryParseEncoding(encodingText, out var encoding))
            {
                Error(rest[next], $"'{Shorten(encodingText)}' is not an encoding; use 'text' or 'base64'" + (encodingText == "scale" ? "" : " (an optional 'scale S' comes before it)"));
                return null;
            }

            if (rest.Count > next + 1)
            {
                Error(rest[next + 1], $"unexpected '{Shorten(TextOf(rest[next + 1]))}' after the encoding; values start on the next line");
                return null;
            }

            var line = file.GetLinePosition(keyword.Start).Line + 1;
            if (headerLines.TryGetValue(name, out var firstLine))
            {
                Error(beforeShape[0], $"tensor '{name}' is already defined on line {firstLine}; give each tensor its own name");
                return null;
            }

            headerLines.Add(name, line);
            var headerSpan = TextSpan.FromBounds(keyword.Start, rest[next].End);
            return new PendingTensor(name, type, shape, TextSpan.FromBounds(open, close + 1), scale, encoding, headerSpan);
        }

        private int[]? ParseShape(string name, int open, int close)
        {
            var dims = new List<int>();
            long product = 1;
            var partStart = open + 1;
            while (true)
            {
                var comma = text.IndexOf(',', partStart, close - partStart);
                var partEnd = comma < 0 ? close : comma;
                var words = Words(partStart, partEnd);
                if (words.Count != 1)
                {
                    var at = words.Count == 0 ? new Token(partEnd, Math.Min(partEnd + 1, close + 1)) : words[1];
                    var problem = words.Count == 0 ? (dims.Count == 0 && comma < 0 ? "is empty" : "has an empty dimension") : "needs a ',' between dimensions";
                    Error(at, $"the shape of tensor '{name}' {problem}; write it as, for example, [784, 48]");
                    return null;
                }

                var dimText = TextOf(words[0]);
                if (!IsDigits(dimText) || !int.TryParse(dimText, NumberStyles.None, CultureInfo.InvariantCulture, out var dim) || dim < 1)
                {
                    Error(words[0], $"'{Shorten(dimText)}' is not a valid dimension of tensor '{name}'; dimensions are whole numbers from 1 to {int.MaxValue}");
                    return null;
                }

                product *= dim;
                if (product > int.MaxValue)
                {
                    Error(new Token(open, close + 1), $"tensor '{name}' would hold more than {int.MaxValue} values; split it into smaller tensors");
                    return null;
                }

                dims.Add(dim);
                if (comma < 0)
                {
                    return dims.ToArray();
                }

                partStart = comma + 1;
            }
        }

        private void Finish(PendingTensor? tensor)
        {
            if (tensor is null)
            {
                return;
            }

            var values = tensor.Encoding == WeightsEncoding.Text ? DecodeText(tensor) : DecodeBase64(tensor);
            if (values is not null)
            {
                tensors.Add(new WeightsTensor(
                    tensor.Name,
                    tensor.Type,
                    new EquatableArray<int>(tensor.Shape),
                    new EquatableArray<double>(values),
                    tensor.Scale,
                    file.GetLocation(tensor.HeaderSpan)));
            }
        }

        private double[]? DecodeText(PendingTensor tensor)
        {
            var count = tensor.Count;
            var values = new double[Math.Min(count, tensor.Data.Count)];
            var ok = CheckCount(tensor, tensor.Data.Count, extraAt: count < tensor.Data.Count ? tensor.Data[count] : default);

            // Report the first bad value only, with how many more there are: one typo should not flood the output.
            Token? firstBad = null;
            var firstProblem = "";
            var badCount = 0;
            for (var i = 0; i < tensor.Data.Count; i++)
            {
                var problem = ParseValue(tensor.Type, TextOf(tensor.Data[i]), out var value);
                if (problem is not null)
                {
                    if (badCount++ == 0)
                    {
                        firstBad = tensor.Data[i];
                        firstProblem = problem;
                    }
                }
                else if (i < values.Length)
                {
                    values[i] = value;
                }
            }

            if (firstBad is { } bad)
            {
                var more = badCount > 1 ? $" ({badCount - 1} more value(s) in this tensor have problems)" : "";
                Error(bad, $"tensor '{tensor.Name}': '{Shorten(TextOf(bad))}' {firstProblem}{more}");
                return null;
            }

            return ok ? values : null;
        }

        /// <summary>Null when the text is a valid value of the type, else what is wrong with it.</summary>
        private static string? ParseValue(WeightElementType type, string token, out double value)
        {
            value = 0;
            if (type.IsInteger())
            {
                var digits = token.Length > 1 && (token[0] == '-' || token[0] == '+') ? token.Substring(1) : token;
                if (IsDigits(digits))
                {
                    var inRange = long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                        && integer >= type.MinValue() && integer <= type.MaxValue();
                    value = integer;
                    return inRange ? null : $"is outside the {type.Keyword()} range [{type.MinValue()}, {type.MaxValue()}]";
                }

                return TryParseFloat(token, out _)
                    ? $"is not a plain decimal integer, which {type.Keyword()} tensors hold; write it like '-12', or store fractional weights as f32"
                    : "is not a number";
            }

            if (!TryParseFloat(token, out value))
            {
                return "is not a number";
            }

            return double.IsNaN(value) || double.IsInfinity(value) ? "is not a finite number; weights must be finite" : null;
        }

        private double[]? DecodeBase64(PendingTensor tensor)
        {
            // Join the data words, remembering where each character came from so that errors point into the file.
            var chars = new StringBuilder();
            var offsets = new List<int>();
            var firstPadding = -1;
            foreach (var word in tensor.Data)
            {
                for (var i = word.Start; i < word.End; i++)
                {
                    var c = text[i];
                    var padding = c == '=';
                    if (!(padding || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
                    {
                        Error(new Token(i, i + 1), $"tensor '{tensor.Name}' has '{c}' in its base64 data; base64 uses only A-Z, a-z, 0-9, '+' and '/', with '=' padding at the very end");
                        return null;
                    }

                    if (firstPadding >= 0 && !padding)
                    {
                        Error(new Token(firstPadding, firstPadding + 1), $"tensor '{tensor.Name}' has '=' padding in the middle of its base64 data; '=' may only end it");
                        return null;
                    }

                    if (padding && firstPadding < 0)
                    {
                        firstPadding = i;
                    }

                    chars.Append(c);
                    offsets.Add(i);
                }
            }

            var encoded = chars.ToString();
            var paddingCount = encoded.Length - encoded.TrimEnd('=').Length;
            if (encoded.Length % 4 != 0 || paddingCount > 2)
            {
                var at = offsets.Count == 0 ? new Token(tensor.HeaderSpan.End, tensor.HeaderSpan.End) : new Token(offsets[offsets.Count - 1], offsets[offsets.Count - 1] + 1);
                Error(at, $"the base64 data of tensor '{tensor.Name}' has {encoded.Length} characters ({paddingCount} of them '=' padding), which is not valid base64 (a multiple of 4 characters, at most 2 '='); it may be truncated");
                return null;
            }

            var bytes = Convert.FromBase64String(encoded);
            var size = tensor.Type.ByteSize();
            var count = tensor.Count;
            var expectedBytes = (long)count * size;
            var extraAt = bytes.Length > expectedBytes ? new Token(offsets[CharOfByte(expectedBytes)], offsets[CharOfByte(expectedBytes)] + 1) : default;
            if (bytes.Length != expectedBytes)
            {
                var problem = $"tensor '{tensor.Name}' declares {tensor.ShapeText} = {count} {tensor.Type.Keyword()} values ({expectedBytes} bytes), but its base64 data holds {bytes.Length} bytes";
                Error(bytes.Length > expectedBytes ? extraAt : new Token(tensor.ShapeSpan.Start, tensor.ShapeSpan.End), problem + "; fix the shape or regenerate the file");
                return null;
            }

            if (!BitConverter.IsLittleEndian)
            {
                for (var i = 0; i < bytes.Length; i += size)
                {
                    Array.Reverse(bytes, i, size);
                }
            }

            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                var at = i * size;
                // Each arm is widened to double itself: a switch typed float would round large i32 values.
                values[i] = tensor.Type switch
                {
                    WeightElementType.I8 => (double)(sbyte)bytes[at],
                    WeightElementType.I16 => (double)BitConverter.ToInt16(bytes, at),
                    WeightElementType.I32 => (double)BitConverter.ToInt32(bytes, at),
                    _ => (double)BitConverter.ToSingle(bytes, at),
                };
                if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
                {
                    var start = offsets[CharOfByte(at)];
                    Error(new Token(start, start + 1), $"tensor '{tensor.Name}' value {IndexText(i, tensor.Shape)} is {values[i].ToString(CultureInfo.InvariantCulture)}; weights must be finite");
                    return null;
                }
            }

            return values;
        }

        /// <summary>Index of the base64 character holding the first bits of a byte: 3 bytes per 4 characters.</summary>
        private static int CharOfByte(long byteIndex) => (int)((byteIndex / 3 * 4) + (byteIndex % 3));

        private bool CheckCount(PendingTensor tensor, int actual, Token extraAt)
        {
            var count = tensor.Count;
            if (actual == count)
            {
                return true;
            }

            var fix = actual > count ? "remove the extra values or fix the shape" : "add the missing values or fix the shape";
            Error(
                actual > count ? extraAt : new Token(tensor.ShapeSpan.Start, tensor.ShapeSpan.End),
                $"tensor '{tensor.Name}' declares {tensor.ShapeText} = {count} values, but has {actual}; {fix}");
            return false;
        }

        private static string IndexText(int index, int[] shape)
        {
            var parts = new int[shape.Length];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                parts[d] = index % shape[d];
                index /= shape[d];
            }

            return "[" + string.Join(", ", parts) + "]";
        }

        private List<Token> Words(int start, int end)
        {
            var words = new List<Token>();
            var i = start;
            while (i < end)
            {
                while (i < end && IsSpace(text[i]))
                {
                    i++;
                }

                var wordStart = i;
                while (i < end && !IsSpace(text[i]))
                {
                    i++;
                }

                if (i > wordStart)
                {
                    words.Add(new Token(wordStart, i));
                }
            }

            return words;
        }

        private string TextOf(Token token) => text.Substring(token.Start, token.End - token.Start);

        private SourceLocation Location(Token token) => file.GetLocation(TextSpan.FromBounds(token.Start, token.End));

        private void Error(Token token, string message) =>
            diagnostics.Add(DiagnosticDescriptors.WeightsSyntax, Location(token), message);

        // A byte-order mark may survive in a text handed in by a caller.
        private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

        private static bool IsDigits(string s) => s.Length > 0 && s.All(c => c >= '0' && c <= '9');

        private static bool TryParseFloat(string s, out double value) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        /// <summary>Quotes in messages stay short even when the file holds a long garbage word.</summary>
        private static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 37) + "...";
    }
}
