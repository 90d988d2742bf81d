using System.Reflection;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Soc;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Soc;

public sealed class GeneratedBlobTests
{
    private const string Namespace = "Gen.Blob";

    [Fact]
    public void The_blob_in_the_generated_class_programs_a_soc_that_agrees_with_the_generated_code()
    {
        var network = SocHarness.Example("mnist-784-48-10.snn");
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation(network.Name,
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, "mnist-784-48-10.snn", EmbedBlob: true)), CSharpEmitter.EmitRuntime(Namespace)));
        var generated = new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
        var blob = (byte[])generated.Type.GetField("Blob", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal(BlobWriter.Write(network), blob);

        var controller = Controller.Load(blob, new SocSimulator(SocHarness.Cores(network)));
        var digits = Fixture.Set;
        for (var k = 0; k < 50; k++)
        {
            var outcome = controller.Infer(digits.Image(k));
            Assert.Equal(generated.Infer(digits.Image(k)), outcome.PredictedClass);
            Assert.Equal(generated.OutputSpikeCounts, outcome.OutputSpikeCounts);
        }
    }
}
