using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Interchange.Export;

namespace DnSoc.Dsl.Tests.Interchange;

/// <summary>Seeded corruptions of real files: the importer never throws, and a file it does not import always says why.</summary>
public class NirCorruptionTests
{
    public static TheoryData<string> Files() => new("exported", "fixture");

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_truncation_is_a_diagnostic(string which)
    {
        var file = Original(which);
        var random = new Random(15);
        foreach (var length in Enumerable.Range(0, 120).Select(_ => random.Next(0, file.Length - 1)).Append(0).Append(file.Length / 2))
        {
            var (imported, diagnostics) = NirFiles.Import(file.AsSpan(0, length).ToArray());
            Assert.True(imported is null, $"{which} cut to {length} of {file.Length} bytes still imported");
            Assert.True(diagnostics.Any(d => d.IsError && d.Code.StartsWith("SNN06")), $"{which} cut to {length} bytes: no diagnostic");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Flipped_bytes_never_throw_and_every_refusal_says_why(string which)
    {
        var file = Original(which);
        var random = new Random(1015);
        var refused = 0;
        for (var run = 0; run < 300; run++)
        {
            var corrupt = (byte[])file.Clone();
            for (var flips = random.Next(1, 9); flips > 0; flips--)
            {
                corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            }

            var (imported, diagnostics) = NirFiles.Import(corrupt);
            Assert.True(imported is not null || diagnostics.Any(d => d.IsError), $"{which} run {run}: refused without a diagnostic");
            refused += imported is null ? 1 : 0;
        }

        Assert.True(refused > 0, "no corruption was noticed at all: the test would not see a reader that ignores its input");
    }

    private static byte[] Original(string which) => which == "exported"
        ? NirFiles.Bytes(NirExporter.Export(Infrastructure.ExampleNetworks.Network("tinyodin-mnist.snn")).Document!)
        : File.ReadAllBytes(Path.Combine(NirFiles.Fixtures, "mlp-linear-beta0875.nir"));
}
