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

    [Fact]
    public void Random_networks_match_the_reference_model()
    {
        // Seeded: a failure names the network index and the seed reproduces it.
        var random = new Random(7_2026);
        var networks = Enumerable.Range(0, 80).Select(i => RandomNetwork(random, $"Net{i}")).ToList();
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation("RandomNets",
            networks.Select(n => CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "random.snn")))
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

    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("mnist-784-128-10.snn")]
    public void Mnist_examples_match_the_reference_model(string file)
    {
        var folder = RepoPaths.Combine("examples");
        var network = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder)).Networks.Single();
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation(network.Name,
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, file)), CSharpEmitter.EmitRuntime(Namespace)));
        var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
        var reference = new ReferenceModel(network);
        var random = new Random(784);
        for (var sample = 0; sample < 12; sample++)
        {
            var input = RandomInput(random, network.Input.Size);
            AssertSame(network, reference.Infer(input), generated, input, $"{file} sample {sample}");
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

    /// <summary>A network the checker accepts, drawn over every knob: sizes, widths, leaks, resets, encodings, update modes, unrolling.</summary>
    private static NetworkIr RandomNetwork(Random random, string name)
    {
        var inputSize = random.Next(1, 40);
        var encoding = random.Next(2) == 0 ? EncodingKind.Rate : EncodingKind.Direct;
        var input = new InputIr("x", new[] { inputSize }.ToEquatableArray(), inputSize, encoding, (uint)random.Next(int.MinValue, int.MaxValue), random.Next(1, 256));
        var layers = new LayerIr[random.Next(1, 4)];
        var previous = inputSize;
        for (var m = 0; m < layers.Length; m++)
        {
            var size = random.Next(1, 20);
            var membraneBits = random.Next(2, 25);
            var weightBits = random.Next(1, 17);
            var vmax = (int)FixedPoint.MaxSigned(membraneBits);
            var extreme = random.Next(4) == 0;
            var threshold = extreme ? random.Next(2) == 0 ? 1 : vmax : random.Next(1, Math.Min(vmax, 1 << Math.Min(weightBits + 2, 24)) + 1);
            var leak = (LeakKind)random.Next(3);
            var leakAmount = leak switch
            {
                LeakKind.Subtract => random.Next(0, Math.Min(vmax, 64) + 1),
                LeakKind.Shift => random.Next(1, membraneBits),
                _ => 0,
            };
            var neuron = new NeuronIr($"N{m}", threshold, leak, leakAmount, random.Next(2) == 0 ? ResetKind.Zero : ResetKind.Subtract, membraneBits);
            var wmin = (int)FixedPoint.MinSigned(weightBits);
            var wmax = (int)FixedPoint.MaxSigned(weightBits);
            var weights = Enumerable.Range(0, previous * size)
                .Select(_ => extreme && random.Next(2) == 0 ? (random.Next(2) == 0 ? wmin : wmax) : random.Next(wmin, wmax + 1))
                .ToEquatableArray();
            var unroll = random.Next(4) switch
            {
                0 => LayerIr.UnrollAuto,
                1 => 1,
                2 => size,
                _ => random.Next(1, size + 1),
            };
            layers[m] = new LayerIr($"l{m}", m, size, previous, m == 0 ? "x" : $"l{m - 1}", weightBits, neuron, weights, unroll);
            previous = size;
        }

        return new NetworkIr(
            name,
            new TargetIr(TargetKind.Dnsoc, 1024, 256, 16, 24, 100_000_000, 1, null),
            random.Next(1, 9),
            random.Next(2) == 0 ? UpdateMode.PerEvent : UpdateMode.PerStep,
            input,
            layers.ToEquatableArray(),
            new ReadoutIr(layers.Length - 1, random.Next(2) == 0 ? ReadoutMode.Count : ReadoutMode.Membrane),
            EquatableArray<BudgetLimitIr>.Empty);
    }
}
