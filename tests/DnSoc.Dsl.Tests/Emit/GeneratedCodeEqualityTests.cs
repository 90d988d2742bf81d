using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
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
    [InlineData(CodeFlavour.Nano, false)]
    [InlineData(CodeFlavour.Host, false)]
    [InlineData(CodeFlavour.Nano, true)]
    [InlineData(CodeFlavour.Host, true)]
    public void Random_networks_match_the_reference_model(CodeFlavour flavour, bool policies)
    {
        // Seeded: a failure names the network index and the seed reproduces it.
        var random = new Random(policies ? 7_0707 : 7_2026);
        var networks = Enumerable.Range(0, 80)
            .Select(i => policies ? RandomNetworks.DrawWithPolicies(random, $"Net{i}") : RandomNetworks.Draw(random, $"Net{i}"))
            .ToList();

        // Both weight layouts, in both update modes (docs/codegen.md#sparse-rows); the host flavour stays dense.
        foreach (var update in new[] { UpdateMode.PerEvent, UpdateMode.PerStep })
        {
            var layers = networks.Where(n => n.Update == update).SelectMany(n => CodePlanner.Plan(n, CodeFlavour.Nano).Layers).ToList();
            Assert.Contains(layers, l => l.Sparse);
            Assert.Contains(layers, l => !l.Sparse);
        }

        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation("RandomNets",
            networks.Select(n => CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "random.snn", flavour)))
                .Append(CSharpEmitter.EmitRuntime(Namespace)).ToArray()));

        int earlyExits = 0, cutRows = 0, lowPrecision = 0;
        foreach (var network in networks)
        {
            var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
            var reference = new ReferenceModel(network);
            for (var sample = 0; sample < 6; sample++)
            {
                var input = RandomInput(random, network.Input.RawSize);
                var expected = reference.Infer(input);
                AssertSame(network, expected, generated, input, $"{network.Name} sample {sample}");
                earlyExits += expected.Timesteps < network.Timesteps ? 1 : 0;
                cutRows += network.Layers.Count(l => reference.SynapsesKept(l.Index) < l.Size);
                lowPrecision += network.Layers.Count(l => reference.LowPrecision(l.Index));
                if (generated.WeightBitsFetched is { } bits)
                {
                    Assert.True(expected.WeightBitsFetched == bits, $"{network.Name} sample {sample}: {bits} weight bits fetched, reference {expected.WeightBitsFetched}");
                }
            }
        }

        // The policy draw must actually stop inferences early and cut rows, or it compares nothing new.
        Assert.Equal(policies, earlyExits > 20);
        Assert.Equal(policies, cutRows > 20);
        Assert.Equal(policies, lowPrecision > 20);
    }

    /// <summary>
    /// The host flavour's vector paths at each width it may use (the narrower ones are the fallbacks of
    /// machines without wider vectors): layers of several vectors, in registers and in memory, with partial
    /// last vectors and more events than one chunk; membranes of 15 and 16 bits (16-bit lanes, saturating
    /// at and below the lane range with extreme weights and thresholds) and 17 bits (the 32-bit path) mixed
    /// in one network; inputs encoded 64 at a time plus a tail.
    /// </summary>
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void Host_vector_paths_match_the_reference_model(int maxVectorBits)
    {
        var random = new Random(16_2027); // a seed whose draw reaches every path the asserts below name
        var networks = Enumerable.Range(0, 24)
            .Select(i => RandomNetworks.Draw(random, $"Wide{i}", maxInputs: 200, maxSize: 400, membraneBits: new[] { 15, 16, 17 }))
            .Select((n, i) => n with { Update = i % 4 == 3 ? UpdateMode.PerStep : UpdateMode.PerEvent })
            .ToList();
        var layers = networks.Where(n => n.Update == UpdateMode.PerEvent).SelectMany(n => n.Layers).ToList();
        Assert.Contains(layers, l => l.Neuron.MembraneBits == 17);
        Assert.Contains(layers, l => l.Neuron.MembraneBits == 16 && l.Size > maxVectorBits / 16 * 8); // 16-bit, in memory
        Assert.Contains(layers, l => l.Neuron.MembraneBits == 15 && l.Size <= maxVectorBits / 16 * 8 && l.Size > maxVectorBits / 16); // 16-bit, several registers
        Assert.Contains(networks, n => n.Input.Size >= 64 && n.Input.Size % 64 != 0);
        Assert.Contains(networks, n => CodePlanner.Plan(n, CodeFlavour.Host).HashTable is not null); // inputs encoded by the hash table

        var sources = networks.Select(n => CSharpEmitter.EmitNetwork(n, new EmitOptions(Namespace, "wide.snn", CodeFlavour.Host, maxVectorBits))).ToList();
        foreach (var wider in new[] { 256, 512 }.Where(bits => bits > maxVectorBits))
        {
            Assert.DoesNotContain(sources, s => s.Contains($"Vector{wider}", StringComparison.Ordinal));
        }

        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation($"WideNets{maxVectorBits}", sources.Append(CSharpEmitter.EmitRuntime(Namespace)).ToArray()));
        foreach (var network in networks)
        {
            var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
            var reference = new ReferenceModel(network);
            var inputs = Enumerable.Range(0, 4).Select(_ => RandomInput(random, network.Input.RawSize)).ToArray();
            for (var sample = 0; sample < inputs.Length; sample++)
            {
                AssertSame(network, reference.Infer(inputs[sample]), generated, inputs[sample], $"{network.Name} sample {sample} ({maxVectorBits}-bit vectors)");
            }

            AssertBatchSame(reference, generated, inputs, $"{network.Name} ({maxVectorBits}-bit vectors)");
        }
    }

    /// <summary>
    /// The host's hash table covers the network's timesteps; Step called beyond them (as a user may) hashes the
    /// inputs as the reference model does for a longer network, at each vector width.
    /// </summary>
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void Host_steps_beyond_the_hash_table_match_the_reference_model(int maxVectorBits)
    {
        var network = ExampleNetworks.Network("mnist-784-48-10.snn");
        Assert.NotNull(CodePlanner.Plan(network, CodeFlavour.Host).HashTable);
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation($"Beyond{maxVectorBits}",
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, "beyond.snn", CodeFlavour.Host, maxVectorBits)), CSharpEmitter.EmitRuntime(Namespace)));
        var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
        var longer = new ReferenceModel(network with { Timesteps = network.Timesteps + 3 });
        for (var k = 0; k < 5; k++)
        {
            var input = Data.Fixture.Set.Image(k);
            var expected = longer.Infer(input);
            generated.Run(input, network.Timesteps + 3);
            Assert.Equal(expected.OutputSpikeCounts.ToArray(), generated.OutputSpikeCounts);
            Assert.Equal(expected.FinalMembranes[0].ToArray(), generated.Membranes(0));
            Assert.Equal(expected.SynapticOps, generated.SynapticOps);
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
            var input = RandomInput(random, network.Input.RawSize);
            AssertSame(network, reference.Infer(input), generated, input, $"{file} random sample {sample}");
        }

        if (flavour == CodeFlavour.Host)
        {
            AssertBatchSame(reference, generated, Enumerable.Range(0, 100).Select(digits.Image).ToArray(), $"{file} MNIST test images");
        }
    }

    /// <summary>Real digits through InferBatch at each vector width: the reference model's class, timesteps and synaptic operations, and Infer's.</summary>
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    public void Host_infer_batch_matches_infer_and_the_reference_model_on_digits(int maxVectorBits)
    {
        var network = ExampleNetworks.Network("mnist-784-128-10.snn");
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation($"Batch{maxVectorBits}",
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, "batch.snn", CodeFlavour.Host, maxVectorBits)), CSharpEmitter.EmitRuntime(Namespace)));
        var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
        var digits = Enumerable.Range(0, 100).Select(Data.Fixture.Set.Image).ToArray();
        var batch = generated.InferBatch(digits);
        Assert.Equal(digits.Select(d => (generated.Infer(d), generated.Timestep, generated.SynapticOps)), batch);
        AssertBatchSame(new ReferenceModel(network), generated, digits, $"{maxVectorBits}-bit vectors");
    }

    /// <summary>InferBatch over the inputs gives, per input, the reference model's class, timesteps and synaptic operations.</summary>
    private static void AssertBatchSame(ReferenceModel reference, GeneratedNetwork generated, byte[][] inputs, string label)
    {
        var batch = generated.InferBatch(inputs);
        for (var k = 0; k < inputs.Length; k++)
        {
            var expected = reference.Infer(inputs[k]);
            Assert.True((expected.PredictedClass, expected.Timesteps, expected.SynapticOps) == batch[k],
                $"{label}, InferBatch input {k}: {batch[k]}, reference ({expected.PredictedClass}, {expected.Timesteps}, {expected.SynapticOps})");
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
        Assert.True(expected.Timesteps == generated.Timestep, $"{label}: ran {generated.Timestep} timesteps, reference {expected.Timesteps}");
    }

    private static byte[] RandomInput(Random random, int size)
    {
        var density = random.NextDouble();
        return Enumerable.Range(0, size).Select(_ => (byte)(random.NextDouble() < density ? random.Next(256) : 0)).ToArray();
    }
}
