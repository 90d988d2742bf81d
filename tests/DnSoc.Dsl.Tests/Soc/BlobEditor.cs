using System;
using System.Collections.Generic;
using System.IO;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>
/// Edits fields of a valid blob by name (docs/blob-format.md) and seals it again with a correct length and
/// CRC, so a test reaches the checks behind the integrity checks: a hostile blob, not a damaged one.
/// </summary>
public sealed class BlobEditor
{
    private readonly byte[] blob;
    private readonly Dictionary<int, int> sections = new();

    public BlobEditor(byte[] blob)
    {
        this.blob = (byte[])blob.Clone();
        var position = BlobLayout.HeaderBytes;
        while (position < blob.Length - BlobLayout.CrcBytes)
        {
            sections[(int)Word(position)] = position + BlobLayout.SectionHeaderBytes;
            position += BlobLayout.SectionHeaderBytes + (int)Word(position + 4);
        }
    }

    public int CoreCount => (int)Word(16);

    /// <summary>The blob of a valid-corpus network (tests/corpus/valid).</summary>
    public static BlobEditor OfValidCase(string name)
    {
        var folder = RepoPaths.Combine("tests", "corpus", "valid");
        var compilation = SnnCompiler.Compile(new SourceFile(name, File.ReadAllText(Path.Combine(folder, name))), new DirectoryResolver(folder));
        return new BlobEditor(BlobWriter.Write(compilation.Networks[0]));
    }

    public static BlobEditor OfExample(string name) => new(BlobWriter.Write(SocHarness.Example(name)));

    public BlobEditor SetInputSize(uint size)
    {
        SetWord(20, size);
        SetWord(sections[BlobLayout.SectionInput] + 12, size);
        return this;
    }

    public BlobEditor SetReadoutThreshold(uint threshold)
    {
        SetWord(sections[BlobLayout.SectionReadout] + 8, threshold);
        return this;
    }

    /// <summary>Sets or clears the disable bit (bit 31 of a neuron's last word) of neurons [first, first + count) of a core.</summary>
    public BlobEditor SetDisabled(int core, int first, int count, bool disabled = true)
    {
        var position = sections[BlobLayout.SectionNeurons];
        for (var c = 0; c <= core; c++)
        {
            var words = (int)Word(position);
            if (c == core)
            {
                for (var n = first; n < first + count; n++)
                {
                    var at = position + 4 + (((n * words) + words - 1) * 4);
                    SetWord(at, disabled ? Word(at) | 0x80000000u : Word(at) & 0x7FFFFFFFu);
                }
            }

            position += 4 + (UsedNeurons(c) * words * 4);
        }

        return this;
    }

    public int UsedNeurons(int core) => (int)Word(sections[BlobLayout.SectionCores] + (core * BlobLayout.CoreFields * 4) + 32);

    /// <summary>The edited blob, its CRC recomputed.</summary>
    public byte[] Seal()
    {
        var crc = BlobLayout.Crc32(blob, blob.Length - BlobLayout.CrcBytes);
        SetWord(blob.Length - BlobLayout.CrcBytes, crc);
        return (byte[])blob.Clone();
    }

    private uint Word(int at) => BitConverter.ToUInt32(blob, at);

    private void SetWord(int at, uint value) => BitConverter.GetBytes(value).CopyTo(blob, at);
}
