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
        }

        Assert.Equal(expected.SynapticOps, kernel.SynapticOps);
    }
}
