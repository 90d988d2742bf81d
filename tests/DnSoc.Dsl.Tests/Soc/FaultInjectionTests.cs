using System;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Tests.Reference;
using DnSoc.Firmware;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>A damaged blob is refused as a whole: the firmware never writes a single frame of it.</summary>
public sealed class FaultInjectionTests
{
    private readonly ITestOutputHelper output;

    public FaultInjectionTests(ITestOutputHelper output) => this.output = output;

    public static NetworkIr Small() => Nets.Network(
        Nets.Rate(6, 3),
        4,
        UpdateMode.PerEvent,
        ReadoutMode.Potential,
        Nets.Layer(0, 6, Nets.Neuron(5, ResetKind.Subtract, LeakKind.Subtract, 1), Enumerable.Range(0, 18).Select(k => (k % 15) - 7).ToArray()),
        Nets.Layer(1, 3, Nets.Neuron(4), new[] { 3, -2, 7, 1, -8, 5 })) with
    {
        Target = new TargetIr(TargetKind.Dnsoc, 8, 4, 4, 12, 100_000_000, 1, null),
    };

    [Fact]
    public void Every_bit_flip_and_every_truncation_of_a_small_blob_is_refused_before_any_bus_write()
    {
        var blob = BlobWriter.Write(Small());
        Assert.Equal(BlobError.None, BlobImage.Check(blob));
        var flips = 0;
        for (var bit = 0; bit < blob.Length * 8; bit++)
        {
            AssertRefused(Flip(blob, bit));
            flips++;
        }

        for (var length = 0; length < blob.Length; length++)
        {
            // The truncated copy and the full buffer with a shorter length are refused alike (the MNIST test uses the latter).
            var copy = AssertRefused(blob.Take(length).ToArray());
            Assert.Equal(copy, AssertRefused(blob, length));
        }

        output.WriteLine($"{blob.Length}-byte blob: {flips} bit flips and {blob.Length} truncations refused");
    }

    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("mnist-784-128-10.snn")]
    [InlineData("mnist-784-128-10-w4.snn")]
    public void Sampled_bit_flips_and_every_truncation_of_the_mnist_blobs_are_refused(string file)
    {
        var blob = BlobWriter.Write(SocHarness.Example(file));
        var random = new Random(file.Length);

        // The header and the CRC in full, the rest sampled.
        var bits = Enumerable.Range(0, 64 * 8).Concat(Enumerable.Range((blob.Length - 4) * 8, 32))
            .Concat(Enumerable.Range(0, 300).Select(_ => random.Next(blob.Length * 8)));
        var flips = bits.Count(bit => AssertRefused(Flip(blob, bit)) != BlobError.None);
        var truncations = Enumerable.Range(0, blob.Length).Count(length => AssertRefused(blob, length) != BlobError.None);
        output.WriteLine($"{file}: {blob.Length} bytes, {flips} bit flips and all {truncations} truncations refused");
    }

    [Fact]
    public void The_crc_is_the_ieee_one()
    {
        var data = System.Text.Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, BlobLayout.Crc32(data, data.Length));
    }

    private static byte[] Flip(byte[] blob, int bit)
    {
        var copy = (byte[])blob.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static BlobError AssertRefused(byte[] blob) => AssertRefused(blob, blob.Length);

    /// <summary>The first <paramref name="length"/> bytes are refused and the bus saw nothing; returns why.</summary>
    private static BlobError AssertRefused(byte[] buffer, int length)
    {
        var bus = new RecordingBus();
        var refused = Assert.Throws<BlobException>(() => Controller.Load(buffer, length, bus));
        Assert.NotEqual(BlobError.None, refused.Error);
        Assert.Equal(0, bus.Calls);
        return refused.Error;
    }
}
