using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cost;

public class BudgetTests
{
    private const string Network = """
        network Tiny {{
          target {0};
          timesteps 4;
          input x[4] encode rate(seed: 7);
          neuron lif N {{ threshold: 10; leak: subtract 1; }}
          layer h: N[3] from x weights "tiny.w.txt#h";
          layer o: N[2] from h weights "tiny.w.txt#o";
          readout o count;
          budget {{ {1} }}
        }}
        """;

    [Theory]
    [InlineData("dnsoc(clock: 100 MHz)", "lut", "LUT")]
    [InlineData("dnsoc(clock: 100 MHz)", "ff", "")]
    [InlineData("dnsoc(clock: 100 MHz)", "bram", "")]
    [InlineData("dnsoc(clock: 100 MHz)", "latency", "s")]
    [InlineData("dnsoc(clock: 100 MHz)", "power", "W")]
    [InlineData("dnsoc(clock: 100 MHz)", "energy", "J")]
    [InlineData("mcu(core: cortex_m4, clock: 64 MHz)", "flash", "B")]
    [InlineData("mcu(core: cortex_m4, clock: 64 MHz)", "ram", "B")]
    [InlineData("mcu(core: cortex_m4, clock: 64 MHz)", "latency", "s")]
    [InlineData("mcu(core: cortex_m4, clock: 64 MHz)", "energy", "J")]
    public void A_budget_just_above_the_estimate_passes_and_just_below_warns_at_the_metric(string target, string metric, string unit)
    {
        var estimate = Estimate(target, metric);
        Assert.True(estimate > 0);
        var (above, below) = (Limit(estimate * 1.01, unit), Limit(estimate * 0.99, unit));

        var inside = Compile(target, $"{metric} <= {above};");
        Assert.Empty(inside.Diagnostics);

        var over = Compile(target, $"dsp <= 1000; {metric} <= {below};");
        var warning = Assert.Single(over.Diagnostics);
        Assert.Equal("SNN0501", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(8, warning.Location.Start.Line);
        Assert.Equal(over.Source.Text.Split('\n')[8].IndexOf(metric + " <= " + below, System.StringComparison.Ordinal) + metric.Length + 4, warning.Location.Start.Column);
        Assert.NotEmpty(over.Networks);
    }

    private static double Estimate(string target, string metric)
    {
        var network = Compile(target, "ff <= 1000000;").Networks.Single();
        var cost = CostModel.Estimate(network);
        return cost.Value(System.Enum.Parse<Language.Ir.BudgetMetric>(metric, true));
    }

    private static string Limit(double value, string unit) => unit switch
    {
        "s" => $"{value * 1e6:0.###} us",
        "W" => $"{value * 1e3:0.###} mW",
        "J" => $"{value * 1e9:0.###} nJ",
        "B" => $"{value:0} B",
        _ => $"{value:0.###}",
    };

    private static SnnCompilation Compile(string target, string budget)
    {
        var folder = RepoPaths.Combine("tests", "corpus", "valid");
        return SnnCompiler.Compile(new SourceFile("t.snn", string.Format(System.Globalization.CultureInfo.InvariantCulture, Network, target, budget)), new DirectoryResolver(folder));
    }
}
