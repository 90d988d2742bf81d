using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// A table as C# string literals (docs/codegen.md#tables): its values little-endian at the literal's element size,
/// each byte plus <see cref="Offset"/>, two bytes a char, low byte first. One token per line costs the compiler
/// almost nothing, where a literal per value made it bind hundreds of thousands of expressions on every build.
/// </summary>
internal static class PackedLiteral
{
    /// <summary>
    /// Added to every byte (mod 256) so that the common small values, zero above all, make chars that need no escape:
    /// a zero high byte would give a control char, high bytes D8 to DF a surrogate; here only bytes -64 and -104 to -97 do.
    /// </summary>
    public const int Offset = 0x40;

    /// <summary>Chars per source line, before escaping.</summary>
    private const int CharsPerLine = 256;

    /// <summary>The values packed as chars; the last char's high byte is the offset zero when the bytes are odd.</summary>
    public static string Chars(IReadOnlyList<int> values, ElementType element)
    {
        var width = element.Bytes();
        var length = values.Count * width;
        var bytes = new byte[length + 1];
        bytes[length] = Offset;
        for (var k = 0; k < values.Count; k++)
        {
            for (var b = 0; b < width; b++)
            {
                bytes[(k * width) + b] = (byte)((values[k] >> (8 * b)) + Offset);
            }
        }

        var chars = new char[(length + 1) / 2];
        for (var c = 0; c < chars.Length; c++)
        {
            chars[c] = (char)(bytes[2 * c] | (bytes[(2 * c) + 1] << 8));
        }

        return new string(chars);
    }

    /// <summary>The chars as quoted literals, one per line, to be joined with '+' (a constant: the compiler folds them).</summary>
    public static IEnumerable<string> Lines(string chars)
    {
        for (var start = 0; start < chars.Length || start == 0; start += CharsPerLine)
        {
            var line = new StringBuilder("\"");
            for (var k = start; k < chars.Length && k < start + CharsPerLine; k++)
            {
                Append(line, chars[k]);
            }

            yield return line.Append('"').ToString();
        }
    }

    // Written as is unless the lexer or a UTF-8 file cannot hold it as is: controls, quote, backslash,
    // line separators, surrogates (unpaired here), the byte order mark and the two non-characters.
    private static void Append(StringBuilder line, char c)
    {
        var escape = c < 0x20 || c == '"' || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                     || char.IsSurrogate(c) || c == '\uFEFF' || c >= '\uFFFE';
        if (escape)
        {
            line.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        else
        {
            line.Append(c);
        }
    }
}
