using System.IO;
using System.Text.Json;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>How snnc prints diagnostics: carets under the span, colour only in a terminal, --warnaserror.</summary>
public class DiagnosticOutputTests
{
    private const string Red = "\u001b[31m";
    private static readonly string Invalid = RepoPaths.Combine("tests", "corpus", "invalid");
    private static readonly string OverBudget = RepoPaths.Combine("tests", "corpus", "valid", "budget-exceeded.snn");
    private static readonly string UnknownProperty = Path.Combine(Invalid, "SNN0203-unknown-property.snn");
    private static readonly TerminalInfo Terminal = new(OutputIsTerminal: true, ErrorIsTerminal: true, ColourAllowed: true);

    [Fact]
    public void Redirected_output_is_the_msbuild_lines_alone()
    {
        var (_, output, _) = Run(TerminalInfo.Redirected, "check", UnknownProperty);
        var line = Assert.Single(output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{UnknownProperty}(6,18): error SNN0203: 'treshold' is not a property", line);
    }

    [Fact]
    public void Caret_option_prints_the_source_line_with_a_gutter_and_underlines_the_span()
    {
        var (exit, output, _) = Run(TerminalInfo.Redirected, "check", "--caret", UnknownProperty);
        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.StartsWith($"{UnknownProperty}(6,18): error SNN0203: ", lines[0]);
        Assert.Equal("  |", lines[1]);
        Assert.Equal("6 |   neuron lif N { treshold: 10; }", lines[2]);
        Assert.Equal("  |                  ^~~~~~~~", lines[3]);
        AssertNoColour(output);
    }

    [Fact]
    public void Missing_semicolon_caret_sits_just_after_the_previous_token()
    {
        var (_, output, _) = Run(TerminalInfo.Redirected, "check", "--caret", Path.Combine(Invalid, "SNN0101-missing-semicolon.snn"));
        var lines = output.Split('\n');
        Assert.EndsWith("(4,14): error SNN0101: expected ';' after '4'", lines[0]);
        Assert.Equal("4 |   timesteps 4", lines[2]);
        Assert.Equal("  |              ^", lines[3]);
    }

    [Fact]
    public void A_terminal_gets_carets_and_colour_and_the_first_line_stays_msbuild_without_its_colour()
    {
        var (_, output, _) = Run(Terminal, "check", UnknownProperty);
        var lines = output.Split('\n');
        Assert.StartsWith($"{UnknownProperty}(6,18): {Red}error\u001b[0m SNN0203: ", lines[0]);
        Assert.Contains($"{Red}^~~~~~~~\u001b[0m", lines[3]);
    }

    [Fact]
    public void No_color_keeps_the_carets_and_drops_the_colour()
    {
        var (_, output, _) = Run(Terminal with { ColourAllowed = false }, "check", UnknownProperty);
        AssertNoColour(output);
        Assert.Contains("  |                  ^~~~~~~~", output);
    }

    [Fact]
    public void Json_output_has_neither_carets_nor_colour()
    {
        var (_, output, _) = Run(Terminal, "check", "--json", "--caret", UnknownProperty);
        AssertNoColour(output);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("SNN0203", json.RootElement.GetProperty("files")[0].GetProperty("diagnostics")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Style_follows_the_stream_the_diagnostics_go_to()
    {
        var outputOnly = new TerminalInfo(OutputIsTerminal: true, ErrorIsTerminal: false, ColourAllowed: true);
        Assert.Equal(new DiagnosticStyle(true, true), outputOnly.For(standardOutput: true, caret: false, json: false));
        Assert.Equal(DiagnosticStyle.Plain, outputOnly.For(standardOutput: false, caret: false, json: false));
        Assert.Equal(new DiagnosticStyle(true, false), outputOnly.For(standardOutput: false, caret: true, json: false));
        Assert.Equal(DiagnosticStyle.Plain, outputOnly.For(standardOutput: true, caret: true, json: true));
    }

    [Fact]
    public void Warnaserror_turns_warnings_into_errors_and_fails_check()
    {
        var (plainExit, plainOutput, _) = Run(TerminalInfo.Redirected, "check", OverBudget);
        Assert.Equal(0, plainExit);
        Assert.Contains("warning SNN0501", plainOutput);

        var (exit, output, error) = Run(TerminalInfo.Redirected, "check", "--warnaserror", OverBudget);
        Assert.Equal(1, exit);
        Assert.DoesNotContain("warning SNN", output);
        Assert.Equal(plainOutput.Replace("warning SNN", "error SNN"), output);
        Assert.Contains("error(s), 0 warning(s)", error);
    }

    [Fact]
    public void Warnaserror_fails_compile_and_build()
    {
        var (compileExit, compileOutput, compileError) = Run(TerminalInfo.Redirected, "compile", "--warnaserror", OverBudget);
        Assert.Equal(1, compileExit);
        Assert.Contains("0 network(s) compiled, 1 file(s) failed", compileOutput);
        Assert.Contains("error SNN0501", compileError);
        Assert.Equal(0, Run(TerminalInfo.Redirected, "compile", OverBudget).Exit);

        var folder = Path.Combine(Path.GetTempPath(), $"snnc-warnaserror-{System.Guid.NewGuid():N}");
        var (buildExit, _, buildError) = Run(TerminalInfo.Redirected, "build", "--warnaserror", OverBudget, "-o", folder);
        Assert.Equal(1, buildExit);
        Assert.Contains("error SNN0501", buildError);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_new_network_without_weights_is_told_once_to_train()
    {
        var file = Path.Combine(Invalid, "SNN0401-untrained-network.snn");
        var (_, output, _) = Run(TerminalInfo.Redirected, "check", file);
        var line = Assert.Single(output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"error SNN0401: weights file 'fresh.w.txt' was not found", line);
        Assert.Contains($"run 'snnc train {file}' to train it and write its weights", line);
    }

    // A char, not a string: culture-aware string search ignores control characters such as ESC.
    private static void AssertNoColour(string output) => Assert.DoesNotContain('\u001b', output);

    private static (int Exit, string Output, string Error) Run(TerminalInfo terminal, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = SnncApp.Run(args, output, error, terminal);
        return (exit, output.ToString(), error.ToString());
    }
}
