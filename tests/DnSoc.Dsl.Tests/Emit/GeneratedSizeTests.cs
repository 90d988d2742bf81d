using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Emit;

/// <summary>What the compiler has to read of a generated class (docs/codegen.md#tables): tables as constants, the blob only on request.</summary>
public class GeneratedSizeTests
{
    // The nano class of examples/mnist-784-128-10.snn when every value was a literal and the blob always there
    // (main before the tables became constants); the goal of issue 18 is a tenth of it.
    private const int LiteralPerValueChars = 970_043;

    [Fact]
    public void The_784_128_10_example_is_at_most_a_tenth_of_its_literal_per_value_size()
    {
        var code = CSharpEmitter.EmitNetwork(ExampleNetworks.Network("mnist-784-128-10.snn"), new EmitOptions("Size", "mnist-784-128-10.snn"));

        Assert.InRange(code.Length, 1, LiteralPerValueChars / 10);
        Assert.DoesNotContain("[]\n", code, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CodeFlavour.Nano)]
    [InlineData(CodeFlavour.Host)]
    public void The_blob_is_there_only_when_asked_for_and_as_one_constant(CodeFlavour flavour)
    {
        var network = ExampleNetworks.Network("mnist-784-48-10.snn");
        var without = CSharpEmitter.EmitNetwork(network, new EmitOptions("Size", "mnist-784-48-10.snn", flavour));
        var with = CSharpEmitter.EmitNetwork(network, new EmitOptions("Size", "mnist-784-48-10.snn", flavour, EmbedBlob: true));

        Assert.DoesNotContain("Blob", without, System.StringComparison.Ordinal);
        Assert.Contains("private const string BlobPacked =", with, System.StringComparison.Ordinal);
        Assert.Contains("public static readonly byte[] Blob = Bytes(BlobPacked, ", with, System.StringComparison.Ordinal);
    }
}
