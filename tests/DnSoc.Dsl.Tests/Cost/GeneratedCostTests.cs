using System;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cost;

public class GeneratedCostTests
{
    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("mnist-784-128-10.snn")]
    public void Generated_class_carries_the_worst_case_cost_as_constants_and_docs(string file)
    {
        var network = SnnCompiler.Compile(new SourceFile(file, System.IO.File.ReadAllText(System.IO.Path.Combine(ExampleNetworks.Folder, file))),
            new DirectoryResolver(ExampleNetworks.Folder)).Networks.Single();
        var code = CSharpEmitter.EmitNetwork(network, new EmitOptions("DnSoc.Networks", file));
        var cost = CostModel.Estimate(network);

        long Constant(string name) => long.Parse(Regex.Match(code, $@"public const long {name} = (-?\d+)L;").Groups[1].Value);
        Assert.Equal((long)Math.Round(cost.Lut), Constant("CostLut"));
        Assert.Equal((long)Math.Round(cost.Ff), Constant("CostFf"));
        Assert.Equal((long)Math.Round(cost.Bram * 2), Constant("CostBram18"));
        Assert.Equal(cost.Dsp, Constant("CostDsp"));
        Assert.Equal((long)Math.Round(cost.FmaxHz / 1e3), Constant("CostFmaxKilohertz"));
        Assert.Equal((long)Math.Round(cost.Cycles), Constant("CostCyclesPerInference"));
        Assert.Equal((long)Math.Round(cost.LatencySeconds * 1e9), Constant("CostLatencyNanoseconds"));
        Assert.Equal((long)Math.Round(cost.PowerWatts * 1e6), Constant("CostPowerMicrowatts"));
        Assert.Equal((long)Math.Round(cost.EnergyJoules * 1e9), Constant("CostEnergyNanojoules"));
        Assert.Equal(cost.FlashBytes, Constant("CostFlashBytes"));
        Assert.Equal(cost.RamBytes, Constant("CostRamBytes"));
        Assert.Contains("/// <remarks>", code);
        Assert.Contains($"cost model v{CostConstants.Version}", code);
        Assert.Contains("/// <summary>Estimated, worst case (docs/cost-model.md): latency ", code);
    }

    [Fact]
    public void Mcu_classes_carry_no_fpga_area_constants()
    {
        var network = RandomNetworks.Draw(new Random(3), "M") with { Target = new Language.Ir.TargetIr(Language.Ir.TargetKind.Mcu, 0, 0, 16, 24, 64_000_000, 1, "cortex_m4") };
        var code = CSharpEmitter.EmitNetwork(network, new EmitOptions("Test", "m.snn"));
        Assert.DoesNotContain("CostLut", code);
        Assert.Contains("public const long CostFlashBytes", code);
    }
}
