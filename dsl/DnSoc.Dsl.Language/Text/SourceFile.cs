using System;
using System.Collections.Generic;

namespace DnSoc.Dsl.Language.Text;

/// <summary>A text handed to the compiler by its caller (the CLI reads files, the generator reads AdditionalTexts).</summary>
public sealed class SourceFile : IEquatable<SourceFile>
{
    private int[]? lineStarts;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>The path as the caller named it; diagnostics print it unchanged.</summary>
    public string Path { get; }

    public string Text { get; }

    /// <summary>0-based line and column of a character offset.</summary>
    public LinePosition GetLinePosition(int offset)
    {
        var starts = lineStarts ??= ComputeLineStarts(Text);
        offset = Math.Max(0, Math.Min(offset, Text.Length));
        var line = Array.BinarySearch(starts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, offset - starts[line]);
    }

    public SourceLocation GetLocation(TextSpan span) =>
        new(Path, span, GetLinePosition(span.Start), GetLinePosition(span.End));

    public bool Equals(SourceFile? other) =>
        other is not null && Path == other.Path && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as SourceFile);

    public override int GetHashCode() => unchecked((Path.GetHashCode() * 397) ^ Text.GetHashCode());

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }
}

/// <summary>A character range: <see cref="Start"/> is a 0-based offset, <see cref="Length"/> characters long.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    public TextSpan Cover(TextSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));
}

/// <summary>0-based line and column (Roslyn's convention); printed 1-based.</summary>
public readonly record struct LinePosition(int Line, int Column);

/// <summary>Where a diagnostic points: file, span and its line/column range.</summary>
public sealed record SourceLocation(string Path, TextSpan Span, LinePosition Start, LinePosition End)
{
    /// <summary>The MSBuild/Roslyn form <c>path(line,col)</c>, 1-based.</summary>
    public override string ToString() => $"{Path}({Start.Line + 1},{Start.Column + 1})";
}
