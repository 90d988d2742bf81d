using System.Globalization;
using System.Text;

namespace DnSoc.Dsl.Language.Diagnostics;

/// <summary>
/// Keeps every message one printable line of bounded length whatever the input held: control
/// characters (a NUL, a newline inside a name) are escaped, and an unbroken run of more than
/// <see cref="MaxWord"/> characters (a 50 MB identifier) is cut to its start and its length.
/// </summary>
public static class MessageText
{
    public const int MaxWord = 256;

    private const int KeptOfLongWord = 64;

    public static string Clean(string message)
    {
        if (!NeedsCleaning(message))
        {
            return message;
        }

        var result = new StringBuilder(message.Length < 1024 ? message.Length : 1024);
        var wordStart = 0;
        for (var i = 0; i <= message.Length; i++)
        {
            if (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                continue;
            }

            AppendWord(result, message, wordStart, i - wordStart);
            if (i < message.Length)
            {
                AppendChar(result, message[i]);
            }

            wordStart = i + 1;
        }

        return result.ToString();
    }

    private static bool NeedsCleaning(string message)
    {
        var run = 0;
        foreach (var c in message)
        {
            if (char.IsControl(c))
            {
                return true;
            }

            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > MaxWord)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendWord(StringBuilder result, string message, int start, int length)
    {
        var kept = length > MaxWord ? KeptOfLongWord : length;
        for (var i = start; i < start + kept; i++)
        {
            AppendChar(result, message[i]);
        }

        if (length > MaxWord)
        {
            result.Append(string.Format(CultureInfo.InvariantCulture, "...({0} characters)", length));
        }
    }

    private static void AppendChar(StringBuilder result, char c)
    {
        if (!char.IsControl(c) || c == ' ')
        {
            result.Append(c);
        }
        else if (c == '\0')
        {
            result.Append("\\0");
        }
        else if (c == '\n')
        {
            result.Append("\\n");
        }
        else
        {
            result.Append(string.Format(CultureInfo.InvariantCulture, "\\u{0:X4}", (int)c));
        }
    }
}
