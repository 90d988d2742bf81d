using System;
using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>The IDX reader on the committed sample, and its refusal of damaged files.</summary>
public class IdxTests
{
    [Fact]
    public void Sample_fixture_has_the_recorded_checksums()
    {
        Assert.Equal(Fixture.ImagesMd5, Checksum.Md5(Fixture.Images));
        Assert.Equal(Fixture.LabelsMd5, Checksum.Md5(Fixture.Labels));
    }

    [Fact]
    public void Sample_fixture_holds_500_images_of_28x28_with_the_known_first_labels()
    {
        var set = Fixture.Set;
        Assert.Equal(Fixture.Count, set.Count);
        Assert.Equal((28, 28, 784), (set.Rows, set.Columns, set.ImageSize));
        Assert.Equal(784, set.Image(Fixture.Count - 1).Length);
        Assert.Equal(Fixture.Count, set.LabelHistogram().Sum());
        Assert.All(set.LabelHistogram(), n => Assert.True(n > 0));
        Assert.Equal(new[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, Enumerable.Range(0, 10).Select(set.Label));
    }

    [Fact]
    public void Images_are_row_major_bytes_with_a_background_of_zero()
    {
        var seven = Fixture.Set.Image(0);
        Assert.Equal(0, seven[0]);
        Assert.True(seven.Count(p => p > 0) > 50, "the first test image is a 7 drawn with many pixels");
    }

    [Fact]
    public void Writing_a_set_gives_back_the_same_bytes()
    {
        var (images, labels) = Fixture.Set.ToIdx();
        Assert.Equal(Fixture.Images, images);
        Assert.Equal(Fixture.Labels, labels);
    }

    [Fact]
    public void A_labels_file_given_as_images_is_refused_by_its_magic_number()
    {
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Fixture.Labels, "swapped", Fixture.Labels, "labels"));
        Assert.Equal("swapped: magic number 0x00000801, expected 0x00000803 (IDX image file)", e.Message);
    }

    [Fact]
    public void An_images_file_given_as_labels_is_refused_by_its_magic_number()
    {
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Fixture.Images, "images", Fixture.Images, "swapped"));
        Assert.Equal("swapped: magic number 0x00000803, expected 0x00000801 (IDX label file)", e.Message);
    }

    [Fact]
    public void A_truncated_images_file_is_refused_with_the_expected_size()
    {
        var cut = Fixture.Images.Take(392015).ToArray();
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(cut, "images", Fixture.Labels, "labels"));
        Assert.Equal("images: truncated: expected exactly 392016 bytes (16-byte header + 500 images of 28x28), got 392015", e.Message);
    }

    [Fact]
    public void A_padded_images_file_is_refused_with_the_expected_size()
    {
        var padded = Fixture.Images.Concat(new byte[3]).ToArray();
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(padded, "images", Fixture.Labels, "labels"));
        Assert.Equal("images: 3 trailing bytes: expected exactly 392016 bytes (16-byte header + 500 images of 28x28), got 392019", e.Message);
    }

    [Fact]
    public void A_truncated_labels_file_is_refused_with_the_expected_size()
    {
        var cut = Fixture.Labels.Take(100).ToArray();
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Fixture.Images, "images", cut, "labels"));
        Assert.Equal("labels: truncated: expected exactly 508 bytes (8-byte header + 500 labels), got 100", e.Message);
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_refused()
    {
        var cut = Fixture.Images.Take(10).ToArray();
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(cut, "images", Fixture.Labels, "labels"));
        Assert.Equal("images: truncated header: 10 bytes, an IDX image header has 16", e.Message);
        Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Array.Empty<byte>(), "images", Fixture.Labels, "labels"));
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused()
    {
        var (_, fewerLabels) = Fixture.Set.Take(499).ToIdx();
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Fixture.Images, "images", fewerLabels, "labels"));
        Assert.Equal("images holds 500 images but labels holds 499 labels; they must match", e.Message);
    }

    [Fact]
    public void A_label_outside_0_to_9_is_refused()
    {
        var labels = Fixture.Labels;
        labels[Idx.LabelsHeaderSize + 3] = 10;
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(Fixture.Images, "images", labels, "labels"));
        Assert.Equal("labels: label 10 at index 3; MNIST labels are 0..9", e.Message);
    }

    [Fact]
    public void A_header_size_beyond_int_range_is_refused_not_wrapped()
    {
        var images = Fixture.Images;
        images[4] = 0xFF;
        var e = Assert.Throws<IdxFormatException>(() => MnistSet.Parse(images, "images", Fixture.Labels, "labels"));
        Assert.Equal("images: image count 4278190580 is too large", e.Message);
    }

    [Fact]
    public void Take_keeps_the_first_items_in_order()
    {
        var first = Fixture.Set.Take(3);
        Assert.Equal(3, first.Count);
        Assert.Equal(Fixture.Set.Image(2), first.Image(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => first.Image(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fixture.Set.Take(501));
    }
}
