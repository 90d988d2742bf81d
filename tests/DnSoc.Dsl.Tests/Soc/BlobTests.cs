using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Tests.Emit;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Reference;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Soc;

public sealed class BlobTests
{
    [Fact]
    public void A_tinyodin_synapse_image_has_the_rtl_layout()
    {
        // W[pre][post] lands in word {pre, post[7:3]}, byte post[2:1], nibble post[0].
        var weights = new int[3 * 20];
        weights[(2 * 20) + 13] = -3; // pre 2, post 13 = 0b01101: word 2*32+1, byte 2, high nibble
        var network = Nets.Network(Nets.Direct(3), 1, UpdateMode.PerEvent, Nets.Layer(0, 3, Nets.Neuron(9), weights)) with
        {
            Target = new TargetIr(TargetKind.TinyOdin, 256, 256, 4, 12, 100_000_000, 1, null),
        };
        var core = BlobImage.Parse(BlobWriter.Write(network)).Cores.Single();

        Assert.Equal(32, core.WordsPerRow);
        Assert.Equal(3 * 32, core.SynapseMemory.Length);
        Assert.Equal(0xDu << 20, core.SynapseMemory[(2 * 32) + 1]);
        Assert.Equal(1, core.SynapseMemory.Count(w => w != 0));
        Assert.Equal(9u << 12, core.NeuronMemory[0]); // threshold in bits 23..12, leak 0, enabled
        Assert.Equal(BlobLayout.ProfileTinyOdin, BlobImage.Parse(BlobWriter.Write(network)).Profile);
    }

    [Fact]
    public void A_layer_wider_than_the_core_or_per_step_is_refused_by_the_plan_with_a_reason()
    {
        var small = FaultInjectionTests.Small();
        var tooNarrow = small with { Target = small.Target with { Rows = 5 } };
        var plan = CorePlanner.Plan(tooNarrow);
        Assert.False(plan.Mappable);
        Assert.Contains("6 inputs and the core 5 rows", plan.WhyNotMappable);
        Assert.Contains("6 inputs and the core 5 rows", Assert.Throws<BlobMappingException>(() => BlobWriter.Write(tooNarrow)).Message);
        Assert.Contains("per_step", CorePlanner.Plan(small with { Update = UpdateMode.PerStep }).WhyNotMappable);
        Assert.Throws<BlobMappingException>(() => BlobWriter.Write(small with { Update = UpdateMode.PerStep }));
    }

    [Fact]
    public void The_firmware_sources_pass_the_nano_syntax_guard()
    {
        var files = Directory.GetFiles(RepoPaths.Combine("firmware"), "*.cs");
        Assert.NotEmpty(files);
        Assert.Empty(files.SelectMany(f => NanoSyntaxGuard.Check(File.ReadAllText(f), f)));
    }
}
