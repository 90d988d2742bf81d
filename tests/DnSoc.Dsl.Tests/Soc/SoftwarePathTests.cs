using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Firmware;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>The firmware's two engines, the cores (on the simulator) and the generated code, agree on real digits.</summary>
public sealed class SoftwarePathTests
{
    private const string Namespace = "Gen.Software";

    private readonly ITestOutputHelper output;

    public SoftwarePathTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("mnist-784-128-10-w4.snn")]
    public void The_software_engine_gives_the_class_counts_and_membranes_of_the_hardware_engine(string file)
    {
        var network = SocHarness.Example(file);

        // The generated class made an ISoftwareNetwork by the one partial declaration docs/codegen.md shows.
        var declaration = $"namespace {Namespace} {{ public partial class {network.Name} : DnSoc.Firmware.ISoftwareNetwork {{ }} }}";
        var compilation = InMemoryCompiler.Compilation(network.Name, CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, file)), CSharpEmitter.EmitRuntime(Namespace), declaration)
            .AddReferences(MetadataReference.CreateFromFile(typeof(ISoftwareNetwork).Assembly.Location));
        var generated = new GeneratedNetwork(InMemoryCompiler.Load(compilation), $"{Namespace}.{network.Name}");
        IInferenceEngine software = new SoftwareEngine((ISoftwareNetwork)generated.Instance, network.Layers.Count);
        IInferenceEngine hardware = SocHarness.For(network).Controller;

        var set = Fixture.Set;
        var agreeWithLabel = 0;
        for (var i = 0; i < Fixture.Count; i++)
        {
            var image = set.Image(i);
            var expected = hardware.Infer(image);
            var actual = software.Infer(image);
            Assert.Equal(expected.PredictedClass, actual.PredictedClass);
            Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts);
            Assert.Equal(expected.FinalMembranes, actual.FinalMembranes);
            agreeWithLabel += actual.PredictedClass == set.Label(i) ? 1 : 0;
        }

        output.WriteLine($"{file}: {Fixture.Count} images, both engines identical, {agreeWithLabel} classified as labelled");
    }
}
