using System;
using System.Text;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>Indented C# text, '\n' line ends, so generated files are identical on every platform.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', depth * 4).Append(line);
        }

        text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        depth++;
        return new Scope(this);
    }

    public override string ToString() => text.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly CodeWriter writer;

        public Scope(CodeWriter writer) => this.writer = writer;

        public void Dispose()
        {
            writer.depth--;
            writer.Line("}");
        }
    }
}
