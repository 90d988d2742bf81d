using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>Stands in for npm: counts calls, and either fails as a missing npm would or packs the given entries.</summary>
internal sealed class FakeNpm : INpmRunner
{
    private readonly IReadOnlyList<(string Name, byte[] Data)>? entries;

    private FakeNpm(IReadOnlyList<(string Name, byte[] Data)>? entries) => this.entries = entries;

    public int Calls { get; private set; }

    /// <summary>As if npm were not installed.</summary>
    public static FakeNpm Missing() => new(null);

    /// <summary>Writes a package tarball holding these entries (names relative to the tarball root).</summary>
    public static FakeNpm Packing(params (string Name, byte[] Data)[] entries) => new(entries);

    public string Pack(string spec, string folder)
    {
        Calls++;
        if (entries is null)
        {
            throw new InputException(NpmCli.MissingMessage);
        }

        var tarball = Path.Combine(folder, "package.tgz");
        using var gzip = new GZipStream(File.Create(tarball), CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip);
        foreach (var (name, data) in entries)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }

        return tarball;
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>A fresh cache folder, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "snnc-test-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
