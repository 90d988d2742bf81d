using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Fuzz;

/// <summary>
/// The seed corpus of each target, from the repository (run from its root): the .snn corpus and the examples,
/// their weights files, the blobs they build, and small IDX files and samples in every accepted form.
/// </summary>
public static class Seeds
{
    /// <summary>AFL works best on small seeds; larger files (the MNIST weights) are left out.</summary>
    private const int MaxSeedBytes = 32 * 1024;

    public static int Write(string target, string directory)
    {
        Directory.CreateDirectory(directory);
        var seeds = target switch
        {
            "snn" => SnnFiles().Select(f => Encoding.UTF8.GetBytes(WithWeights(f))),
            "weights" => WeightsFiles().Select(File.ReadAllBytes),
            "blob" => Blobs(),
            "idx" => IdxFiles(),
            "pgm" => Samples(),
            _ => throw new ArgumentException($"no target '{target}'", nameof(target)),
        };
        var count = 0;
        foreach (var seed in seeds.Where(s => s.Length <= MaxSeedBytes))
        {
            File.WriteAllBytes(Path.Combine(directory, $"seed-{count++:D3}"), seed);
        }

        return count;
    }

    private static IEnumerable<string> SnnFiles() =>
        new[] { "tests/corpus/valid", "tests/corpus/invalid", "examples" }
            .SelectMany(folder => Directory.GetFiles(folder, "*.snn"))
            .Where(f => !f.EndsWith(".diagnostics.snn", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> WeightsFiles() =>
        Directory.GetFiles("tests/corpus", "*.w.txt", SearchOption.AllDirectories).Concat(Directory.GetFiles("examples", "*.w.txt")).Order(StringComparer.Ordinal);

    /// <summary>The .snn text, then the first weights file it names when that one is small (FuzzTargets.WeightsSeparator).</summary>
    private static string WithWeights(string snnPath)
    {
        var text = File.ReadAllText(snnPath);
        var reference = Regex.Match(text, "weights \"([^\"#]+)");
        var weights = reference.Success ? Path.Combine(Path.GetDirectoryName(snnPath)!, reference.Groups[1].Value) : null;
        return weights is not null && File.Exists(weights) && new FileInfo(weights).Length <= MaxSeedBytes
            ? text + FuzzTargets.WeightsSeparator + File.ReadAllText(weights)
            : text;
    }

    /// <summary>The blob of every corpus network the cores can run, without its CRC (the target seals it).</summary>
    private static IEnumerable<byte[]> Blobs()
    {
        foreach (var file in SnnFiles())
        {
            var compilation = SnnCompiler.Compile(new SourceFile(Path.GetFileName(file), File.ReadAllText(file)), new FolderResolver(Path.GetDirectoryName(file)!));
            foreach (var network in compilation.Networks)
            {
                byte[]? blob = null;
                try
                {
                    blob = BlobWriter.Write(network);
                }
                catch (BlobMappingException)
                {
                    // mcu, per-step and generated-code-only networks have no blob
                }

                if (blob is not null)
                {
                    yield return blob.AsSpan(0, blob.Length - 4).ToArray();
                }
            }
        }
    }

    private static IEnumerable<byte[]> IdxFiles()
    {
        var images = Idx.WriteImages(2, 4, 4, Enumerable.Range(0, 32).Select(i => (byte)(i * 8)).ToArray());
        var labels = Idx.WriteLabels(new byte[] { 3, 9 });
        yield return images;
        yield return labels;
        yield return images.Concat(labels).ToArray();
        yield return Idx.WriteImages(0, 28, 28, Array.Empty<byte>()).Concat(Idx.WriteLabels(Array.Empty<byte>())).ToArray();
    }

    private static IEnumerable<byte[]> Samples()
    {
        var pixels = Enumerable.Range(0, 784).Select(i => (byte)(i % 7 == 0 ? 200 : 0)).ToArray();
        yield return Encoding.ASCII.GetBytes("P5\n# a comment\n28 28\n255\n").Concat(pixels).ToArray();
        yield return Encoding.ASCII.GetBytes("P2 28 28 255\n" + string.Join(" ", pixels));
        yield return Encoding.ASCII.GetBytes(string.Join(",", pixels));
        yield return Encoding.ASCII.GetBytes("P5 2 2 255\n\u0001\u0002\u0003\u0004");
    }

    private sealed class FolderResolver : IFileResolver
    {
        private readonly string folder;

        public FolderResolver(string folder) => this.folder = folder;

        public string MissingFileHint => "not in the corpus";

        public FileResolution Resolve(string path)
        {
            var full = Path.Combine(folder, path);
            return File.Exists(full) ? new SourceFile(path, File.ReadAllText(full)) : null;
        }
    }
}
