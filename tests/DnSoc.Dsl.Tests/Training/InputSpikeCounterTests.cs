using System;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Tests.Training;

/// <summary>The evaluator's input spike count, from the hash table, against the reference encoder input by input.</summary>
public class InputSpikeCounterTests
{
    [Fact]
    public void Counts_the_reference_encoders_spikes_of_random_networks_and_inputs()
    {
        var random = new Random(1818);
        var networks = Enumerable.Range(0, 40).Select(i => RandomNetworks.Draw(random, $"Count{i}", maxInputs: 300)).ToList();
        Assert.Contains(networks, n => n.Input.Encoding == EncodingKind.Direct);
        Assert.Contains(networks, n => !n.Input.Downsampled.IsEmpty);
        Assert.Contains(networks, n => n.Input.Encoding == EncodingKind.Rate && n.Input.Size >= 32); // the vector compare, not only the tail
        foreach (var network in networks)
        {
            var counter = new InputSpikeCounter(network.Input, network.Timesteps);
            for (var sample = 0; sample < 3; sample++)
            {
                var image = Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)random.Next(256)).ToArray();
                var timesteps = random.Next(network.Timesteps + 1);
                var encoded = network.Input.Downsampled.IsEmpty ? image : Downsampling.Apply(network.Input.BlockOf(), network.Input.Size, image);
                var expected = Enumerable.Range(0, timesteps).Sum(t => encoded.Where((x, i) => InputEncoder.Spikes(network.Input, x, t, i)).Count());
                Assert.Equal(expected, counter.Count(image, timesteps));
            }
        }
    }
}
