using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Rtl;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Tests.Performance;

/// <summary>
/// The hand-written C baseline (benchmarks/c-baseline) computes what the reference model computes, on both of its
/// paths (AVX-512 where the machine has it, scalar), or the host / C ratio of snnc bench would mean nothing.
/// </summary>
public class CBaselineTests
{
    [RtlTheory("gcc")]
    [InlineData("mnist-784-48-10.snn", false)]
    [InlineData("mnist-784-128-10.snn", false)]
    [InlineData("mnist-784-128-10-w4.snn", false)]
    [InlineData("mnist-784-128-10.snn", true)]
    public void Mnist_examples_match_the_reference_model_on_200_digits(string file, bool scalar)
    {
        var folder = RepoPaths.Combine("examples");
        var network = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder)).Networks.Single();
        var inputs = Enumerable.Range(0, 200).Select(Data.Fixture.Set.Image).ToArray();
        AssertSame(network, inputs, scalar);
    }

    [RtlFact("gcc")]
    public void Random_networks_in_its_scope_match_the_reference_model()
    {
        var random = new Random(2026);
        var tested = 0;
        for (var n = 0; n < 1000 && tested < 25; n++)
        {
            var network = RandomNetworks.Draw(random, $"Net{n}", maxSize: 70);
            if (!CBaselineFormat.Supports(network))
            {
                continue;
            }

            tested++;
            var inputs = Enumerable.Range(0, 8).Select(_ =>
            {
                var density = random.NextDouble();
                return Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)(random.NextDouble() < density ? random.Next(256) : 0)).ToArray();
            }).ToArray();
            AssertSame(network, inputs, scalar: tested % 2 == 0);
        }

        Assert.True(tested >= 25, $"only {tested} random networks were in the C baseline's scope");
    }

    [Fact]
    public void A_network_outside_its_scope_gets_a_reason_and_no_baseline()
    {
        var network = RandomNetworks.Draw(new Random(1), "Wide", membraneBits: new[] { 24 });
        var (baseline, problem) = GccBaseline.Create(network);
        Assert.Null(baseline);
        Assert.Contains("outside the C baseline's scope", problem);
    }

    private static void AssertSame(NetworkIr network, byte[][] inputs, bool scalar)
    {
        var (baseline, problem) = GccBaseline.Create(network, scalar);
        Assert.True(baseline != null, problem);
        using (baseline)
        {
            var results = baseline.Check(inputs);
            var reference = new ReferenceModel(network);
            Assert.Equal(inputs.Length, results.Count);
            for (var k = 0; k < inputs.Length; k++)
            {
                var expected = reference.Infer(inputs[k]);
                Assert.True(
                    results[k] == (expected.PredictedClass, CBaselineFormat.Checksum(expected)),
                    $"{network.Name} input {k} ({(scalar ? "scalar" : "vector")} path): class {results[k].Class} and checksum {results[k].Checksum}, the reference model {expected.PredictedClass} and {CBaselineFormat.Checksum(expected)}");
            }
        }
    }
}
