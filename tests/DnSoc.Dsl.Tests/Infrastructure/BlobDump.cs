using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>
/// A readable golden form of a network's configuration blob: what the firmware parses from it (header, every
/// core's registers, every layer's place) and a SHA-256 of the whole blob, so that any changed byte shows.
/// </summary>
public static class BlobDump
{
    public static string Of(NetworkIr network)
    {
        byte[] blob;
        try
        {
            blob = BlobWriter.Write(network);
        }
        catch (BlobMappingException e)
        {
            return $"network {network.Name}: no blob: {e.Message}\n";
        }

        var image = BlobImage.Parse(blob);
        var text = new StringBuilder();
        text.Append($"network {network.Name}: {blob.Length} bytes, sha256 {Convert.ToHexString(SHA256.HashData(blob)).ToLowerInvariant()}\n");
        text.Append($"profile {image.Profile}, timesteps {image.Timesteps}, inputs {image.InputSize} (raw {image.RawInputSize}), encoding {image.Encoding} seed {image.Seed} direct {image.DirectThreshold}\n");
        text.Append($"readout core {image.ReadoutCore} mode {image.ReadoutMode} threshold {image.ReadoutThreshold}; exit min {image.ExitMinTimesteps} margin {image.ExitMargin} every {image.ExitEvery}\n");
        foreach (var (core, i) in image.Cores.Select((c, i) => (c, i)))
        {
            text.Append($"core {i}: rows {core.Rows} neurons {core.Neurons} weight_bits {core.WeightBits} membrane_bits {core.MembraneBits} leak {core.Leak} reset {core.Reset} lanes {core.Lanes}" +
                $" used_rows {core.UsedRows} used_neurons {core.UsedNeurons} open_loop {core.OpenLoop} aer_source {core.AerSource} max_neuron {core.MaxNeuron}" +
                $" neuron_words {core.NeuronWords} words_per_row {core.WordsPerRow} neuron_memory {core.NeuronMemory.Length} synapse_memory {core.SynapseMemory.Length}\n");
        }

        foreach (var (layer, i) in image.Layers.Select((l, i) => (l, i)))
        {
            text.Append($"layer {i}: core {layer.Core} offset {layer.Offset} size {layer.Size}\n");
        }

        return text.ToString();
    }
}
