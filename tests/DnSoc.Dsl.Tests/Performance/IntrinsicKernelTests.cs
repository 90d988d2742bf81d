using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Tests.Performance;

/// <summary>The benchmark's hand-written kernel must compute what the reference model computes, or its speed means nothing.</summary>
public class IntrinsicKernelTests
{
    [Fact]
    public void Reloaded_weights_give_what_a_network_lowered_with_them_gives()
    {
        var random = new Random(77);
        var network = RandomNetworks.Draw(random, "Before");
        for (var n = 0; !IntrinsicKernel.Supports(network); n++)
        {
            network = RandomNetworks.Draw(random, $"Before{n}");
        }

        var after = network with
        {
            Layers = network.Layers.Select(l => l with { Weights = l.Weights.Select(w => -w / 2).ToEquatableArray() }).ToEquatableArray(),
        };
        var kernel = new IntrinsicKernel(network);
        foreach (var layer in after.Layers)
        {
            kernel.LoadWeights(layer.Index, layer.Weights);
        }

        var reference = new ReferenceModel(after);
        for (var sample = 0; sample < 6; sample++)
        {
            var input = Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)random.Next(256)).ToArray();
            AssertSame(after, reference.Infer(input), kernel, input, $"sample {sample}");
        }
    }

    [Fact]
    public void Random_networks_it_supports_match_the_reference_model()
    {
        var random = new Random(512);
        var tested = 0;
        for (var n = 0; n < 1000 && tested < 60; n++)
        {
            var network = RandomNetworks.Draw(random, $"Net{n}");
            if (!IntrinsicKernel.Supports(network))
            {
                continue;
            }

            tested++;
            var kernel = new IntrinsicKernel(network);
            var reference = new ReferenceModel(network);
            for (var sample = 0; sample < 6; sample++)
            {
                var density = random.NextDouble();
                var input = Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)(random.NextDouble() < density ? random.Next(256) : 0)).ToArray();
                AssertSame(network, reference.Infer(input), kernel, input, $"{network.Name} sample {sample}");
            }
        }

        Assert.True(tested >= 60, $"only {tested} random networks were in the kernel's range");
    }

    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("mnist-784-128-10.snn")]
    [InlineData("mnist-784-128-10-w4.snn")]
    [InlineData("tinyodin-mnist.snn")]
    public void Mnist_examples_match_the_reference_model(string file)
    {
        var folder = RepoPaths.Combine("examples");
        var network = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder)).Networks.Single();
        var kernel = new IntrinsicKernel(network);
        var reference = new ReferenceModel(network);
        for (var k = 0; k < 50; k++)
        {
            AssertSame(network, reference.Infer(Data.Fixture.Set.Image(k)), kernel, Data.Fixture.Set.Image(k), $"{file} image {k}");
        }
    }

    private static void AssertSame(NetworkIr network, InferenceResult expected, IntrinsicKernel kernel, byte[] input, string label)
    {
        Assert.True(expected.PredictedClass == kernel.Infer(input), $"{label}: class differs");
        Assert.True(expected.OutputSpikeCounts.SequenceEqual(kernel.OutputSpikeCounts), $"{label}: output spike counts differ");
        foreach (var layer in network.Layers)
        {
            Assert.True(expected.FinalMembranes[layer.Index].SequenceEqual(kernel.Membranes(layer.Index)), $"{label}: membranes of {layer.Name} differ");
            Assert.True(expected.SpikeCounts[layer.Index].SequenceEqual(kernel.SpikeCounts(layer.Index)), $"{label}: spike counts of {layer.Name} differ");
        }

        var encoded = Downsampling.Apply(network.Input.BlockOf(), network.Input.Size, input);
        var inputSpikes = Enumerable.Range(0, network.Input.Size)
            .Select(i => Enumerable.Range(0, network.Timesteps).Count(t => InputEncoder.Spikes(network.Input, encoded[i], t, i)));
        Assert.True(inputSpikes.SequenceEqual(kernel.InputSpikeCounts), $"{label}: input spike counts differ");

        Assert.Equal(expected.SynapticOps, kernel.SynapticOps);
    }
}
