using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Emit;

/// <summary>
/// Generated code and the reference model must agree exactly: predicted class, output spike counts,
/// every final membrane of every layer, and the synaptic-operation count.
/// </summary>
public class GeneratedCodeEqualityTests
{
    private const string Namespace = "DnSoc.Networks";

    [Theory]
    [InlineData(CodeFlavour.Nano)]
    [InlineData(CodeFlavour.Host)]
    public void Random_networks_match_the_reference_model(CodeFlavour flavour)
    {
        // Seeded: a failure names the network index and the seed reproduces it.
        var random = new Random(7_2026);
        var networks = Enumerable.Range(0, 80).Select(i => RandomNetworks.Draw(random, $"Net{i}")).ToList();

        // Both weight layouts, in both update modes (docs/codegen.md#sparse-rows); the host flavour stays dense.
        foreach (var update in new[] { UpdateMode.PerEvent, UpdateMode.PerStep })
        {
            var layers = networks.Where(n => n.Update == update).SelectMany(n => n.Layers).ToList();
            Assert.Contains(layers, l => l.SparseRows(update));
            Assert.Contains(layers, l => !l.SparseRows(update));
        }

        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation("RandomNets",
            networks.Select(n => CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "random.snn", flavour)))
                .Append(CSharpEmitter.EmitRuntime(Namespace)).ToArray()));

        foreach (var network in networks)
        {
            var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
            var reference = new ReferenceModel(network);
            for (var sample = 0; sample < 6; sample++)
            {
                var input = RandomInput(random, network.Input.Size);
                AssertSame(network, reference.Infer(input), generated, input, $"{network.Name} sample {sample}");
            }
        }
    }

    /// <summary>Real digits (the first 100 of the committed MNIST sample) and random inputs, all layers' membranes compared.</summary>
    [Theory]
    [InlineData("mnist-784-48-10.snn", CodeFlavour.Nano)]
    [InlineData("mnist-784-128-10.snn", CodeFlavour.Nano)]
    [InlineData("mnist-784-128-10-w4.snn", CodeFlavour.Nano)]
    [InlineData("mnist-784-128-10-pruned.snn", CodeFlavour.Nano)]
    [InlineData("mnist-784-48-10.snn", CodeFlavour.Host)]
    [InlineData("mnist-784-128-10.snn", CodeFlavour.Host)]
    [InlineData("mnist-784-128-10-w4.snn", CodeFlavour.Host)]
    [InlineData("mnist-784-128-10-pruned.snn", CodeFlavour.Host)]
    public void Mnist_examples_match_the_reference_model(string file, CodeFlavour flavour)
    {
        var folder = RepoPaths.Combine("examples");
        var network = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder)).Networks.Single();
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation(network.Name,
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, file, flavour)), CSharpEmitter.EmitRuntime(Namespace)));
        var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
        var reference = new ReferenceModel(network);
        var digits = Data.Fixture.Set;
        for (var k = 0; k < 100; k++)
        {
            AssertSame(network, reference.Infer(digits.Image(k)), generated, digits.Image(k), $"{file} ({flavour}) MNIST test image {k}");
        }

        var random = new Random(784);
        for (var sample = 0; sample < 12; sample++)
        {
            var input = RandomInput(random, network.Input.Size);
            AssertSame(network, reference.Infer(input), generated, input, $"{file} random sample {sample}");
        }
    }

    private static void AssertSame(NetworkIr network, InferenceResult expected, GeneratedNetwork generated, byte[] input, string label)
    {
        var predicted = generated.Infer(input);
        Assert.True(expected.PredictedClass == predicted, $"{label}: class {predicted}, reference {expected.PredictedClass}");
        Assert.True(expected.OutputSpikeCounts.ToArray().SequenceEqual(generated.OutputSpikeCounts), $"{label}: output spike counts differ");
        foreach (var layer in network.Layers)
        {
            Assert.True(expected.FinalMembranes[layer.Index].ToArray().SequenceEqual(generated.Membranes(layer.Index)),
                $"{label}: membranes of layer {layer.Name} differ:\n ref {string.Join(" ", expected.FinalMembranes[layer.Index])}\n gen {string.Join(" ", generated.Membranes(layer.Index))}");
        }

        Assert.True(expected.SynapticOps == generated.SynapticOps, $"{label}: {generated.SynapticOps} synaptic ops, reference {expected.SynapticOps}");
    }

    private static byte[] RandomInput(Random random, int size)
    {
        var density = random.NextDouble();
        return Enumerable.Range(0, size).Select(_ => (byte)(random.NextDouble() < density ? random.Next(256) : 0)).ToArray();
    }
}
