using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Checking;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Targets;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Docs;

/// <summary>
/// Keeps docs/language.md true: every <c>```snn</c> example compiles (as if it were in tests/corpus/valid),
/// or, when its first line is <c>// expect: SNNxxxx</c>, reports that code; the sections the code links
/// to exist; the unit and limits tables say what Units.cs, Limits.cs and the binder's defaults say.
/// </summary>
public class LanguageDocTests
{
    private static readonly string Doc = Markdown.Read("language.md");

    private static readonly Regex Expect = new(@"^//\s*expect:\s*(SNN\d{4})\s*$");

    public static TheoryData<int> Examples()
    {
        var data = new TheoryData<int>();
        foreach (var block in SnnBlocks())
        {
            data.Add(block.Line);
        }

        return data;
    }

    [Fact]
    public void The_page_has_complete_examples()
    {
        Assert.True(SnnBlocks().Count >= 8, "docs/language.md should show complete ```snn examples");
        Assert.Contains(SnnBlocks(), b => !Expect.IsMatch(FirstLine(b)));
        Assert.Contains(SnnBlocks(), b => Expect.IsMatch(FirstLine(b)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_compiles_or_reports_the_code_it_expects(int line)
    {
        var block = SnnBlocks().Single(b => b.Line == line);
        var compilation = SnnCompiler.Compile(new SourceFile("doc.snn", block.Text), new DirectoryResolver(RepoPaths.Combine("tests", "corpus", "valid")));
        var all = string.Join("\n", compilation.Diagnostics);
        var expect = Expect.Match(FirstLine(block));
        if (expect.Success)
        {
            Assert.True(compilation.Diagnostics.Any(d => d.Code == expect.Groups[1].Value),
                $"docs/language.md line {line}: expected {expect.Groups[1].Value}; got:\n{all}");
        }
        else
        {
            Assert.False(compilation.HasErrors, $"docs/language.md line {line} does not compile:\n{all}");
            Assert.NotEmpty(compilation.Networks);
        }
    }

    [Theory]
    [InlineData("network")]
    [InlineData("file-structure")]
    [InlineData("comments")]
    [InlineData("names")]
    [InlineData("numbers")]
    [InlineData("units")]
    [InlineData("strings")]
    [InlineData("targets")]
    [InlineData("dnsoc")]
    [InlineData("tinyodin")]
    [InlineData("mcu")]
    [InlineData("timesteps")]
    [InlineData("update")]
    [InlineData("input")]
    [InlineData("neuron")]
    [InlineData("layer")]
    [InlineData("readout")]
    [InlineData("budget")]
    [InlineData("dynamic")]
    [InlineData("limits")]
    [InlineData("errors")]
    public void Section_anchor_exists(string anchor) =>
        Assert.Contains(anchor, Markdown.Anchors(Doc));

    [Fact]
    public void Every_code_the_page_mentions_exists()
    {
        var unknown = Regex.Matches(Doc, @"SNN\d{4}").Select(m => m.Value).Distinct().Except(DiagnosticsDocTests.Codes()).ToList();
        Assert.True(unknown.Count == 0, "docs/language.md mentions codes that do not exist: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Unit_table_matches_the_units_the_compiler_converts()
    {
        var rows = Markdown.ProseLines(Doc).Select(l => l.Text).Where(l => l.StartsWith("| ", System.StringComparison.Ordinal)).ToList();
        var kinds = new Dictionary<string, QuantityKind>
        {
            ["count"] = QuantityKind.Count,
            ["bits"] = QuantityKind.Bits,
            ["frequency"] = QuantityKind.Frequency,
            ["time"] = QuantityKind.Time,
            ["power"] = QuantityKind.Power,
            ["energy"] = QuantityKind.Energy,
            ["memory"] = QuantityKind.Memory,
        };
        foreach (var (name, kind) in kinds)
        {
            var row = rows.Single(r => r.StartsWith($"| {name} |", System.StringComparison.Ordinal));
            var units = Regex.Matches(row.Split('|')[2], "`([A-Za-z]+)`").Select(m => m.Groups[1].Value).ToList();
            Assert.All(units, u => Assert.NotNull(Units.Factor(kind, u)));
            Assert.Equal(Units.UnitOptional(kind), row.Split('|')[4].Trim() == "yes" || row.Split('|')[4].Trim() == "yes (only)");
        }

        Assert.Equal(1024m, Units.Factor(QuantityKind.Memory, "KB"));
        Assert.Equal(1024m * 1024m, Units.Factor(QuantityKind.Memory, "MB"));
        Assert.Contains("**1 KB = 1024 B**", Doc);
    }

    [Fact]
    public void Limits_and_defaults_match_the_compiler()
    {
        var limits = Section("Limits");
        Assert.Contains($"| `timesteps` | 1 … {Limits.MaxTimesteps} |", limits);
        Assert.Contains($"| layer size | 1 … {Limits.MaxLayerSize} |", limits);
        Assert.Contains($"| `rows`, `neurons` of `target dnsoc` | 1 … {TargetFacts.MaxCoreDimension} |", limits);
        Assert.Contains($"| {Limits.MinWeightBits} … {Limits.MaxWeightBits} |", limits);
        Assert.Contains($"| {Limits.MinMembraneBits} … {Limits.MaxMembraneBits} |", limits);
        Assert.Contains($"| `rate(seed)` | 0 … {Limits.MaxSeed} |", limits);
        Assert.Contains($"`subtract` 0 … {TargetFacts.MaxLeak} |", limits);
        Assert.Contains($"tinyodin: layer size | ≤ {TargetFacts.TinyOdinSize} |", limits);
        Assert.Equal(1L << 20, Limits.MaxInputSize);
        Assert.Equal(1L << 30, Limits.MaxAccumulator);
        Assert.Equal((1_000m, 5_000_000_000m), (Limits.MinClockHz, Limits.MaxClockHz));

        var dnsoc = Section("dnsoc");
        Assert.Contains($"| `rows` | synapse rows (inputs) per core | count | {TargetFacts.DnsocRows} |", dnsoc);
        Assert.Contains($"| `neurons` | neurons per core | count | {TargetFacts.DnsocNeurons} |", dnsoc);
        Assert.Contains($"| bits | {TargetFacts.DnsocWeightBits} |", dnsoc);
        Assert.Contains($"| bits | {TargetFacts.DnsocMembraneBits} |", dnsoc);
        Assert.Contains($"| frequency | {TargetFacts.CoreClockHz / 1_000_000m} MHz |", dnsoc);
        Assert.Contains($"| `lanes` | neurons updated in parallel | count | {TargetFacts.DnsocLanes} |", dnsoc);

        var mcu = Section("mcu");
        Assert.Contains($"| {TargetFacts.McuClockHz / 1_000_000m} MHz |", mcu);
        Assert.Contains(string.Join(", ", TargetFacts.McuCores.Select(c => $"`{c}`")), mcu);

        var input = Section("`input`");
        Assert.Contains($"| `rate` | `seed` | {Binder.Defaults.Seed} |", input);
        Assert.Contains($"| `direct` | `threshold` | {Binder.Defaults.DirectThreshold} |", input);
    }

    internal static IReadOnlyList<CodeBlock> SnnBlocks() => Markdown.Blocks(Doc).Where(b => b.Tag == "snn").ToList();

    private static string FirstLine(CodeBlock block) => block.Text.Split('\n')[0].Trim();

    /// <summary>The text from a heading to the next heading of the same or a higher level.</summary>
    private static string Section(string heading)
    {
        var match = Regex.Match(Doc, $@"^(#+) {Regex.Escape(heading)}\n(.*?)(?=^#{{1,}} |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/language.md has no section '{heading}'");
        return match.Groups[2].Value;
    }
}
