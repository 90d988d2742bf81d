using System;
using CsCheck;
using DnSoc.Dsl.Backend.Reference;

namespace DnSoc.Dsl.Tests.Reference;

public class InputEncoderTests
{
    // Expected values computed independently (Python, 32-bit masked arithmetic).
    [Theory]
    [InlineData(0u, 0, 0, 0x00000000u)]
    [InlineData(0u, 0, 1, 0xC4A0E45Cu)]
    [InlineData(0u, 1, 0, 0x6D523710u)]
    [InlineData(42u, 0, 0, 0x172733C2u)]
    [InlineData(42u, 3, 7, 0xEECAF970u)]
    [InlineData(1u, 2, 3, 0x237C1242u)]
    [InlineData(0xDEADBEEFu, 100, 783, 0x36952EE4u)]
    [InlineData(0xFFFFFFFFu, int.MaxValue, int.MaxValue, 0x9CA23A6Du)]
    public void Hash_matches_pinned_values(uint seed, int timestep, int index, uint expected) =>
        Assert.Equal(expected, InputEncoder.Hash(seed, timestep, index));

    [Fact]
    public void Rate_zero_never_spikes() =>
        Gen.Select(Gen.UInt, Gen.Int[0, 10_000], Gen.Int[0, 10_000]).Sample((seed, t, i) =>
            !InputEncoder.Spikes(Nets.Rate(1, seed), 0, t, i));

    [Fact]
    public void Rate_full_intensity_spikes_unless_top_hash_byte_is_255() =>
        Gen.Select(Gen.UInt, Gen.Int[0, 10_000], Gen.Int[0, 10_000]).Sample((seed, t, i) =>
            InputEncoder.Spikes(Nets.Rate(1, seed), 255, t, i) == (InputEncoder.Hash(seed, t, i) >> 24 != 255));

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(255)]
    public void Rate_spike_frequency_is_intensity_over_256(int intensity)
    {
        var input = Nets.Rate(1, 12345);
        const int Samples = 256 * 400;
        var spikes = 0;
        for (var k = 0; k < Samples; k++)
        {
            if (InputEncoder.Spikes(input, (byte)intensity, k / 784, k % 784))
            {
                spikes++;
            }
        }

        // Binomial: mean intensity * 400; allow five standard deviations.
        var mean = intensity * 400.0;
        var tolerance = (5 * Math.Sqrt(mean)) + 1;
        Assert.InRange(spikes, mean - tolerance, mean + tolerance);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(99, 100, false)]
    [InlineData(100, 100, true)]
    [InlineData(255, 100, true)]
    [InlineData(255, 256, false)]
    public void Direct_spikes_at_or_above_threshold_at_every_timestep(int intensity, int threshold, bool expected)
    {
        var input = Nets.Direct(1, threshold);
        for (var t = 0; t < 5; t++)
        {
            Assert.Equal(expected, InputEncoder.Spikes(input, (byte)intensity, t, 0));
        }
    }
}
