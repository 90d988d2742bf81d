using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Docs;

/// <summary>
/// Keeps docs/diagnostics.md and DiagnosticDescriptors in step: one anchored section per code, no
/// section for a code that does not exist, and every example producing the code of its section
/// (with the exact messages where the page shows them).
/// </summary>
public class DiagnosticsDocTests
{
    private static readonly string Doc = Markdown.Read("diagnostics.md");

    private static readonly Regex CodeHeading = new(@"^## (SNN\d{4}): (.+)$");

    public static IReadOnlyList<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    public static IEnumerable<string> Codes() => Descriptors().Select(d => d.Code);

    public static TheoryData<string> DescriptorCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Codes())
        {
            data.Add(code);
        }

        return data;
    }

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (code, block, _) in SectionExamples())
        {
            data.Add(code, block.Line);
        }

        return data;
    }

    [Fact]
    public void Codes_are_unique_and_follow_the_stage_numbering()
    {
        var descriptors = Descriptors();
        Assert.True(descriptors.Count >= 40);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Code).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches(@"^SNN0\d{3}$", d.Code);
            Assert.Equal((int)d.Stage, d.Code[4] - '0');
        });
    }

    [Theory]
    [MemberData(nameof(DescriptorCodes))]
    public void Code_has_an_anchor_right_before_its_heading(string code)
    {
        var descriptor = Descriptors().Single(d => d.Code == code);
        var anchor = code.ToLowerInvariant();
        var heading = $"## {code}: {descriptor.Title}";
        var match = Regex.Match(Doc, $"^<a id=\"{anchor}\"></a>\n\n?{Regex.Escape(heading)}\n", RegexOptions.Multiline);

        Assert.True(match.Success, $"docs/diagnostics.md needs '<a id=\"{anchor}\"></a>' followed by the heading '{heading}'");
        Assert.Single(Regex.Matches(Doc, $"<a id=\"{anchor}\">"));
        Assert.Equal($"docs/diagnostics.md#{anchor}", descriptor.HelpLink);
        Assert.Contains(anchor, Markdown.Anchors(Doc));
    }

    [Fact]
    public void Every_code_the_page_mentions_exists()
    {
        var known = Codes().ToHashSet();
        var unknown = Regex.Matches(Doc, @"SNN\d{4}").Select(m => m.Value).Distinct().Where(c => !known.Contains(c)).ToList();
        Assert.True(unknown.Count == 0, "docs/diagnostics.md mentions codes that do not exist: " + string.Join(", ", unknown));

        var headings = Markdown.Headings(Doc).Select(h => CodeHeading.Match("## " + h.Text)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(headings.Distinct().Count(), headings.Count);
        Assert.Equal(Codes().OrderBy(c => c), headings.OrderBy(c => c));
    }

    [Fact]
    public void Sections_are_grouped_by_stage_in_code_order()
    {
        var headings = Markdown.Headings(Doc).Select(h => CodeHeading.Match("## " + h.Text)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(headings.OrderBy(c => c, System.StringComparer.Ordinal), headings);
        foreach (var stage in new[] { "Parse (SNN01xx)", "Bind (SNN02xx)", "Check (SNN03xx)", "Weights (SNN04xx)", "Budget (SNN05xx)", "Interchange (SNN06xx)" })
        {
            Assert.Contains(Markdown.Headings(Doc), h => h.Text == stage);
        }

        Assert.Contains("SNN05xx", Doc);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_reports_the_code_of_its_section(string code, int line)
    {
        var (_, block, output) = SectionExamples().Single(e => e.Block.Line == line);
        var compilation = Compile(block.Text);
        var all = string.Join("\n", compilation.Diagnostics);

        Assert.True(compilation.Diagnostics.Any(d => d.Code == code), $"docs/diagnostics.md line {line}: expected {code}; got:\n{all}");
        if (output is not null)
        {
            var printed = compilation.Diagnostics.Select(d => d.ToString()).ToList();
            foreach (var shown in output.Text.Split('\n').Where(l => l.Length > 0))
            {
                Assert.True(printed.Contains(shown), $"docs/diagnostics.md line {output.Line} shows\n{shown}\nbut the compiler prints:\n{all}");
            }
        }
    }

    /// <summary>
    /// Host codes (SNN00xx) need a generator run (two files, or a compiler bug) and are tested by the generator tests;
    /// interchange codes (SNN06xx) come from .nir files, which a ```snn block cannot show, and NirImportTests has a case for each.
    /// </summary>
    [Fact]
    public void Every_section_has_an_example() =>
        Assert.Equal(Codes().Where(c => !c.StartsWith("SNN00") && !c.StartsWith("SNN06")).OrderBy(c => c), SectionExamples().Select(e => e.Code).Distinct().OrderBy(c => c));

    /// <summary>The ```snn blocks of each code's section, each with the untagged output block that directly follows it, if any.</summary>
    private static IEnumerable<(string Code, CodeBlock Block, CodeBlock? Output)> SectionExamples()
    {
        var sections = Markdown.Headings(Doc).ToList();
        var blocks = Markdown.Blocks(Doc);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Tag != "snn")
            {
                continue;
            }

            var section = sections.LastOrDefault(h => h.Line < block.Line);
            var heading = CodeHeading.Match("## " + section.Text);
            if (!heading.Success)
            {
                continue;
            }

            var next = i + 1 < blocks.Count ? blocks[i + 1] : null;
            yield return (heading.Groups[1].Value, block, next is { Tag: "" } && OnlyBlankLinesBetween(block, next) ? next : null);
        }
    }

    private static bool OnlyBlankLinesBetween(CodeBlock first, CodeBlock second)
    {
        // The first block's closing fence is on line first.Line + (its line count) + 1 (1-based).
        var closing = first.Line + first.Text.Count(c => c == '\n') + 1;
        return Doc.Split('\n').Skip(closing).Take(second.Line - 1 - closing).All(l => l.Trim().Length == 0);
    }

    /// <summary>As if the example were a file "tiny.snn" in tests/corpus/invalid; the valid folder's weights files are found too.</summary>
    private static SnnCompilation Compile(string text) =>
        SnnCompiler.Compile(new SourceFile("tiny.snn", text), new CorpusResolver());

    private sealed class CorpusResolver : IFileResolver
    {
        private readonly DirectoryResolver invalid = new(RepoPaths.Combine("tests", "corpus", "invalid"));
        private readonly DirectoryResolver valid = new(RepoPaths.Combine("tests", "corpus", "valid"));

        public string MissingFileHint => invalid.MissingFileHint;

        public FileResolution Resolve(string path) => invalid.Resolve(path) is { File: null, Refusal: null } ? valid.Resolve(path) : invalid.Resolve(path);
    }
}
