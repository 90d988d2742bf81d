using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Parsing;

/// <summary>
/// Texts built to break the compiler core (issue 16, defects 1, 2, 3 and 9): each ends in diagnostics,
/// in bounded time and stack, never in an exception or a dead process.
/// </summary>
public class HostileSourceTests
{
    /// <summary>A worker thread as small as the generator's host gives (1.5 MB); the core must not need more.</summary>
    private const int WorkerStack = 1536 * 1024;

    [Theory]
    [InlineData(65)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void A_dynamic_block_nested_deeper_than_the_limit_is_one_SNN0104(int depth)
    {
        var text = "network P { quantize dynamic { " + Repeat("a { ", depth) + Repeat("} ", depth) + "} }";
        var compilation = CompileOnSmallStack(text);
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("SNN0104", diagnostic.Code);
        Assert.Equal(1, diagnostic.Location.Start.Line + 1);
    }

    [Fact]
    public void Nesting_within_the_limit_still_parses()
    {
        var text = "network P { quantize dynamic { " + Repeat("a { ", 60) + Repeat("} ", 60) + "} }";
        Assert.DoesNotContain(CompileOnSmallStack(text).Diagnostics, d => d.Code == "SNN0104");
    }

    [Theory]
    [InlineData(8_000)]
    [InlineData(16_000)]
    public void Unclosed_networks_after_a_policy_are_reported_in_linear_time(int count)
    {
        var text = "network P { target dnsoc; quantize dynamic { policy row_cutoff { layers: h " + Repeat("network n { ", count);
        var clock = Stopwatch.StartNew();
        var compilation = CompileOnSmallStack(text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed.TotalSeconds:F1} s for {count} unclosed networks");
        Assert.Contains(compilation.Diagnostics, d => d.Code == "SNN0104");
    }

    [Fact]
    public void A_layer_size_near_long_max_on_a_shared_tinyodin_core_is_a_diagnostic_not_an_overflow()
    {
        var text = """
            network P {
              target tinyodin;
              timesteps 4;
              input x[4] encode rate(seed: 1);
              neuron lif N { threshold: 9; }
              layer h: N[3] from x weights "tiny.w.txt#h";
              layer o: N[9223372036854775807] from h weights "tiny.w.txt#o" { core: 0; }
              readout o count;
            }
            """;
        var compilation = CompileOnSmallStack(text);
        Assert.Contains(compilation.Diagnostics, d => d.Code == "SNN0302");
        Assert.True(compilation.HasErrors);
    }

    [Fact]
    public void A_file_above_the_size_cap_is_one_SNN0003_without_parsing()
    {
        var text = Repeat("network a { }\n", (1 << 20) / 14 + 1);
        var clock = Stopwatch.StartNew();
        var compilation = CompileOnSmallStack(text);
        Assert.Equal("SNN0003", Assert.Single(compilation.Diagnostics).Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Many_mistakes_are_reported_up_to_the_cap_then_summarised()
    {
        var text = Repeat("network a { }\n", 5_000);
        var compilation = CompileOnSmallStack(text);
        Assert.Equal(101, compilation.Diagnostics.Count);
        var summary = compilation.Diagnostics[100];
        Assert.Equal("SNN0004", summary.Code);
        Assert.True(summary.IsError, "the summary stands for errors, so it is one");
        Assert.Matches(@"^and \d+ more diagnostic\(s\)", summary.Message);
    }

    [Fact]
    public void A_huge_name_is_shortened_in_every_message()
    {
        var name = new string('q', 150_000);
        var text = $"network {name} {{ target {name}; timesteps 4; layer {name}: {name}[3] from {name}; readout {name} count; }}";
        var compilation = CompileOnSmallStack(text);
        Assert.NotEmpty(compilation.Diagnostics);
        Assert.All(compilation.Diagnostics, d => Assert.True(d.Message.Length < 1_000, $"{d.Code}: {d.Message.Length} characters"));
        Assert.Contains(compilation.Diagnostics, d => System.Text.RegularExpressions.Regex.IsMatch(d.Message, @"'q{63}\.\.\.\(15000\d characters\)"));
    }

    [Fact]
    public void A_nul_in_a_name_is_escaped_in_the_message()
    {
        var compilation = CompileOnSmallStack("network P { target dn\0soc; }");
        Assert.NotEmpty(compilation.Diagnostics);
        Assert.All(compilation.Diagnostics, d => Assert.DoesNotContain('\0', d.Message));
        Assert.Contains(compilation.Diagnostics, d => d.Message.Contains("\\0", StringComparison.Ordinal));
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static SnnCompilation CompileOnSmallStack(string text)
    {
        SnnCompilation? compilation = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    compilation = SnnCompiler.Compile(new SourceFile("hostile.snn", text), new DirectoryResolver(RepoPaths.Combine("tests", "corpus", "valid")));
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            WorkerStack);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        return compilation!;
    }
}
