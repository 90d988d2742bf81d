using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>
/// CRC-valid blobs that are well formed byte for byte but would program the hardware wrongly, or once
/// crashed the parser (issue 16, defects 4 and 5): each is refused with its own error code, never an exception.
/// </summary>
public class HostileBlobTests
{
    [Fact]
    public void A_shared_core_blob_whose_input_outgrows_its_neuron_memory_is_refused_not_crashed()
    {
        var editor = BlobEditor.OfValidCase("tinyodin-shared-core.snn");
        var blob = editor.SetDisabled(0, 0, editor.UsedNeurons(0)).SetInputSize(100).Seal();
        Assert.Equal(BlobError.BadRouting, CheckWithoutCrash(blob));
        var bus = new RecordingBus();
        Assert.Throws<BlobException>(() => Controller.Load(blob, bus));
        Assert.Equal(0, bus.Calls);
    }

    [Fact]
    public void All_output_neurons_of_an_unshared_core_disabled_is_refused()
    {
        var editor = BlobEditor.OfValidCase("tiny-dnsoc.snn");
        var blob = editor.SetDisabled(editor.CoreCount - 1, 0, 2).Seal();
        Assert.Equal(10, (int)CheckWithoutCrash(blob));
    }

    [Fact]
    public void A_readout_threshold_other_than_the_output_neurons_threshold_is_refused()
    {
        var blob = BlobEditor.OfValidCase("tinyodin-shared-core.snn").SetReadoutThreshold(2147483647).Seal();
        Assert.Equal(11, (int)CheckWithoutCrash(blob));
    }

    [Fact]
    public void A_disabled_neuron_of_a_hidden_layer_is_refused()
    {
        var blob = BlobEditor.OfValidCase("tiny-dnsoc.snn").SetDisabled(0, 1, 1).Seal();
        Assert.Equal(12, (int)CheckWithoutCrash(blob));
    }

    [Fact]
    public void The_unedited_blobs_still_pass()
    {
        Assert.Equal(BlobError.None, BlobImage.Check(BlobEditor.OfValidCase("tiny-dnsoc.snn").Seal()));
        Assert.Equal(BlobError.None, BlobImage.Check(BlobEditor.OfValidCase("tinyodin-shared-core.snn").Seal()));
    }

    private static BlobError CheckWithoutCrash(byte[] blob)
    {
        var error = BlobImage.Check(blob);
        Assert.NotEqual(BlobError.None, error);
        return error;
    }
}
