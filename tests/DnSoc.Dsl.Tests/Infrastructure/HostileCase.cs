using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using DnSoc.Dsl.Tests.Soc;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>One case of the hostile-input corpus (tests/hostile/README.md): the files it lays out, what it runs, what it expects.</summary>
public sealed class HostileCase
{
    private readonly List<Action<string>> steps = new();

    private HostileCase(string title) => Title = title;

    public string Title { get; }

    public (string Kind, string File)? Core { get; private set; }

    public string[] Arguments { get; private set; } = Array.Empty<string>();

    public List<string> Expected { get; } = new();

    public List<string> Rejected { get; } = new();

    public int Exit { get; private set; }

    public static List<HostileCase> Parse(IEnumerable<string> lines)
    {
        var cases = new List<HostileCase>();
        StringBuilder? content = null;
        foreach (var line in lines)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (directive, rest) = Split(line);
            if (directive == "case")
            {
                cases.Add(new HostileCase(rest));
                continue;
            }

            var current = cases.Count > 0 ? cases[^1] : throw new InvalidDataException($"'{line}' comes before the first case");
            switch (directive)
            {
                case "file":
                    var text = content = new StringBuilder();
                    current.steps.Add(folder => File.WriteAllBytes(Path.Combine(folder, rest), Encoding.Latin1.GetBytes(text.ToString())));
                    break;
                case "|":
                    (content ?? throw new InvalidDataException($"'{line}' outside a file")).Append(Unescape(rest)).Append('\n');
                    break;
                case "+":
                    var (count, repeated) = Split(rest);
                    var unit = Unescape(repeated);
                    var builder = content ?? throw new InvalidDataException($"'{line}' outside a file");
                    for (var k = int.Parse(count, CultureInfo.InvariantCulture); k > 0; k--)
                    {
                        builder.Append(unit);
                    }

                    break;
                case "copy":
                    var (name, source) = Split(rest);
                    current.steps.Add(folder => File.Copy(RepoPaths.Combine(source.Split('/')), Path.Combine(folder, name)));
                    break;
                case "blob":
                    current.steps.Add(folder => WriteBlob(folder, rest.Split(' ')));
                    break;
                case "fifo":
                    current.steps.Add(folder => MakeFifo(Path.Combine(folder, rest)));
                    break;
                case "folder":
                    current.steps.Add(folder => Directory.CreateDirectory(Path.Combine(folder, rest)));
                    break;
                case "core":
                    var (kind, file) = Split(rest);
                    current.Core = (kind, file);
                    break;
                case "run":
                    current.Arguments = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "expect":
                    current.Expected.Add(Unescape(rest));
                    break;
                case "reject":
                    current.Rejected.Add(Unescape(rest));
                    break;
                case "exit":
                    current.Exit = int.Parse(rest, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new InvalidDataException($"unknown directive '{directive}'");
            }
        }

        return cases;
    }

    public void Materialise(string folder)
    {
        foreach (var step in steps)
        {
            step(folder);
        }
    }

    private static (string Head, string Tail) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, string.Empty) : (text[..space], text[(space + 1)..]);
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var c = text[++i];
            switch (c)
            {
                case 's': result.Append(' '); break;
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case '0': result.Append('\0'); break;
                case 'x':
                    result.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: result.Append(c); break;
            }
        }

        return result.ToString();
    }

    private static void WriteBlob(string folder, string[] words)
    {
        var editor = BlobEditor.OfValidCase(words[1]);
        for (var k = 2; k < words.Length;)
        {
            switch (words[k])
            {
                case "disable":
                    var core = int.Parse(words[k + 1], CultureInfo.InvariantCulture);
                    var first = int.Parse(words[k + 2], CultureInfo.InvariantCulture);
                    var count = words[k + 3] == "all" ? editor.UsedNeurons(core) - first : int.Parse(words[k + 3], CultureInfo.InvariantCulture);
                    editor.SetDisabled(core, first, count);
                    k += 4;
                    break;
                case "input-size":
                    editor.SetInputSize(uint.Parse(words[k + 1], CultureInfo.InvariantCulture));
                    k += 2;
                    break;
                case "readout-threshold":
                    editor.SetReadoutThreshold(uint.Parse(words[k + 1], CultureInfo.InvariantCulture));
                    k += 2;
                    break;
                default:
                    throw new InvalidDataException($"unknown blob edit '{words[k]}'");
            }
        }

        File.WriteAllBytes(Path.Combine(folder, words[0]), editor.Seal());
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false }) ?? throw new InvalidOperationException("mkfifo did not start");
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed");
        }
    }
}
