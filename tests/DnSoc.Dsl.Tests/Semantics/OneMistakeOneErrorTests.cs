using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Semantics;

/// <summary>One mistake gives exactly one diagnostic: later stages do not repeat what an earlier one said.</summary>
public class OneMistakeOneErrorTests
{
    private const string Template = """
        network Tiny {
          target TARGET;
          timesteps 4;
          input x[4] encode rate(seed: 7);
          neuron lif N { NEURON }
          layer h: N[3] from x weights "WEIGHTS#h";
          layer o: N[2] from h weights "WEIGHTS#o";
          readout o count;EXTRA
        }
        """;

    [Theory]
    [InlineData("dnsoc", "threshold: 10", "", "SNN0101")] // a broken neuron statement: no "no layers", no readout error
    [InlineData("dnsoc", "threshold: 10; leak: shift;", "", "SNN0206")] // a shift without amount: no "shift 0" range error
    [InlineData("tinyodin", "threshold: 10; membrane_bits: 16;", "", "SNN0304")] // too wide for the profile: reported once
    [InlineData("tinyodin", "threshold: 10; membrane_bits: 8;", "", "SNN0309")]
    [InlineData("dnsoc", "treshold: 10;", "", "SNN0203")] // a misspelt key is not also a missing key
    [InlineData("dnsoc", "threshold: 10;", "\n  budget { power <= 1 W; }\n  budget { power <= 2 W; }", "SNN0204")] // across blocks
    [InlineData("dnsoc(membrane_bits: 40)", "threshold: 10;", "", "SNN0304")] // the target's own width, at the target
    public void Reports_exactly_one_diagnostic(string target, string neuron, string extra, string code)
    {
        var text = Template.Replace("WEIGHTS", target.StartsWith("tinyodin") ? "tiny4.w.txt" : "tiny.w.txt").Replace("TARGET", target).Replace("NEURON", neuron).Replace("EXTRA", extra);
        var folder = RepoPaths.Combine("tests", "corpus", "valid");
        var compilation = SnnCompiler.Compile(new SourceFile("tiny.snn", text), new DirectoryResolver(folder));
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
    }

    [Fact]
    public void Unused_neuron_types_are_checked_too()
    {
        var text = Template.Replace("WEIGHTS", "tiny.w.txt").Replace("TARGET", "dnsoc").Replace("NEURON", "threshold: 10;").Replace("EXTRA", "\n  neuron lif Unused { threshold: 0; }");
        var compilation = SnnCompiler.Compile(new SourceFile("tiny.snn", text), new DirectoryResolver(RepoPaths.Combine("tests", "corpus", "valid")));
        Assert.Equal("SNN0305", Assert.Single(compilation.Diagnostics).Code);
    }
}
