using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>docs/semantics.md#downsampling, by its own examples.</summary>
public sealed class DownsamplingTests
{
    [Fact]
    public void The_documented_example_averages_uneven_blocks()
    {
        var blocks = Downsampling.BlockOf(new[] { 2, 4 }, new[] { 1, 3 });
        Assert.Equal(new[] { 0, 1, 2, 2, 0, 1, 2, 2 }, blocks);
        Assert.Equal(new byte[] { 30, 40, 55 }, Downsampling.Apply(blocks, 3, new byte[] { 10, 20, 30, 40, 50, 60, 70, 80 }));
    }

    [Fact]
    public void Twenty_eight_to_twelve_starts_blocks_where_the_page_says()
    {
        var row = Downsampling.BlockOf(new[] { 28 }, new[] { 12 });
        var starts = Enumerable.Range(0, 28).Where(x => x == 0 || row[x] != row[x - 1]).ToArray();
        Assert.Equal(new[] { 0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25 }, starts);
    }

    [Fact]
    public void The_mean_rounds_down_and_a_full_block_of_255_stays_255()
    {
        var blocks = Downsampling.BlockOf(new[] { 3 }, new[] { 1 });
        Assert.Equal(new byte[] { 1 }, Downsampling.Apply(blocks, 1, new byte[] { 1, 1, 2 }));
        Assert.Equal(new byte[] { 255 }, Downsampling.Apply(blocks, 1, new byte[] { 255, 255, 255 }));
    }
}
