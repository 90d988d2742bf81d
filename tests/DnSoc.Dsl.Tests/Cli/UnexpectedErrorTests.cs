using System;
using System.IO;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Tests.Data;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>The top-level handler: anything unexpected is one line and exit code 2; the trace only with --verbose.</summary>
public class UnexpectedErrorTests
{
    [Fact]
    public void An_unexpected_exception_is_one_line_with_exit_code_2_and_a_hint_to_report_it()
    {
        using var cache = new TempFolder();
        var error = new StringWriter();
        var exit = SnncApp.Run(new[] { "data", "fetch", "--cache", cache.Path }, new StringWriter(), error, new ExplodingNpm());
        Assert.Equal(2, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("InvalidOperationException: the npm stand-in broke", line);
        Assert.Contains("please report it", line);
        Assert.Contains("--verbose", line);
        Assert.DoesNotContain("   at ", error.ToString());
    }

    [Fact]
    public void With_verbose_the_stack_trace_follows_the_line()
    {
        using var cache = new TempFolder();
        var error = new StringWriter();
        var exit = SnncApp.Run(new[] { "data", "fetch", "--cache", cache.Path, "--verbose" }, new StringWriter(), error, new ExplodingNpm());
        Assert.Equal(2, exit);
        Assert.Contains("   at ", error.ToString());
        Assert.Contains(nameof(ExplodingNpm), error.ToString());
    }

    private sealed class ExplodingNpm : INpmRunner
    {
        public string Pack(string spec, string folder) => throw new InvalidOperationException("the npm stand-in broke");
    }
}
