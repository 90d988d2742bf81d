using System.IO;
using System.Linq;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Parsing;

/// <summary>
/// The committed parser must be exactly what the pinned antlr-ng makes of grammars/Snn.g4. These run
/// tools/check-parser-drift.sh, which needs Node.js and npm (it installs the pinned tool on first use).
/// </summary>
public class ParserDriftTests
{
    [Fact]
    public void Committed_parser_matches_the_grammar()
    {
        var (exit, output) = RunDriftCheck();
        Assert.True(exit == 0, "the drift check failed on the committed grammar:\n" + output);
    }

    [Fact]
    public void Drift_check_fails_when_the_grammar_changed_but_the_parser_did_not()
    {
        var stale = Path.Combine(Path.GetTempPath(), $"snn-drift-{System.Guid.NewGuid():N}.g4");
        File.WriteAllText(stale, File.ReadAllText(RepoPaths.Combine("grammars", "Snn.g4")).Replace(
            "timestepsStatement\n    : TIMESTEPS value SEMI",
            "timestepsStatement\n    : TIMESTEPS value value? SEMI"));
        try
        {
            var (exit, output) = RunDriftCheck(stale);
            Assert.True(exit != 0, "the drift check passed although the grammar differs from the committed parser:\n" + output);
            Assert.Contains("stale", output);
        }
        finally
        {
            File.Delete(stale);
        }
    }

    private static (int Exit, string Output) RunDriftCheck(params string[] arguments) =>
        ProcessRunner.Run("bash", new[] { RepoPaths.Combine("tools", "check-parser-drift.sh") }.Concat(arguments).ToArray());
}
