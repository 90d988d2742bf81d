using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Generator;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Corpus;

/// <summary>
/// The valid/invalid .snn corpus under tests/corpus. Every invalid file names the diagnostic it must
/// produce (<c>// expect: CODE at [file] line:col</c>, 1-based); every file has golden baselines for its
/// diagnostics and, when valid, its IR, its generated C# per flavour (<c>.g.cs.txt</c> nano, <c>.host.g.cs.txt</c> host; not
/// compiled as part of the tests), its blob (<c>.blob.txt</c>, <see cref="BlobDump"/>), its core plan (<c>.cores.plan.txt</c>)
/// and its code plan in both flavours (<c>.code.plan.txt</c>). The bundled examples have their IR, blob, core plan, code
/// plan and a SHA-256 of each flavour's generated code (their code is too large to keep as text).
/// </summary>
public class CorpusTests
{
    private static readonly string CorpusRoot = RepoPaths.Combine("tests", "corpus");

    public static TheoryData<string> InvalidCases() => Cases("invalid");

    public static TheoryData<string> ValidCases() => Cases("valid");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples"), "*.snn").Select(Path.GetFileName).Order())
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_file_reports_the_expected_diagnostics_at_the_expected_places(string name)
    {
        var compilation = Compile("invalid", name);
        var expectations = Expectations(compilation.Source.Text, name);
        Assert.NotEmpty(expectations);
        foreach (var (code, file, line, column) in expectations)
        {
            Assert.True(
                compilation.Diagnostics.Any(d => d.Code == code && d.Location.Path == file && d.Location.Start.Line + 1 == line && d.Location.Start.Column + 1 == column),
                $"expected {code} at {file}({line},{column}); got:\n" + string.Join("\n", compilation.Diagnostics));
        }

        Assert.True(compilation.HasErrors);
        Assert.True(compilation.Networks.IsEmpty, "a file with errors must not lower to IR");
        Baseline.Match(BaselinePath("invalid", name, ".diagnostics.snn"), DiagnosticAnnotator.Annotate(compilation));
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_file_compiles_and_matches_its_baselines(string name)
    {
        var compilation = Compile("valid", name);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        Assert.NotEmpty(compilation.Networks);
        Baseline.Match(BaselinePath("valid", name, ".diagnostics.snn"), DiagnosticAnnotator.Annotate(compilation));
        Baseline.Match(BaselinePath("valid", name, ".ir.txt"), string.Join("\n", compilation.Networks.Select(IrPrinter.Print)));
        Baseline.Match(BaselinePath("valid", name, ".g.cs.txt"), string.Join("\n", compilation.Networks.Select(n =>
            CSharpEmitter.EmitNetwork(n, new EmitOptions(SnnGenerator.Namespace, name)))));
        Baseline.Match(BaselinePath("valid", name, ".host.g.cs.txt"), string.Join("\n", compilation.Networks.Select(n =>
            CSharpEmitter.EmitNetwork(n, new EmitOptions(SnnGenerator.Namespace, name, CodeFlavour.Host)))));
        Baseline.Match(BaselinePath("valid", name, ".blob.txt"), string.Join("\n", compilation.Networks.Select(BlobDump.Of)));
        Baseline.Match(BaselinePath("valid", name, ".cores.plan.txt"), string.Join("\n", compilation.Networks.Select(n => CorePlanPrinter.Print(n.Name, CorePlanner.Plan(n)))));
        Baseline.Match(BaselinePath("valid", name, ".code.plan.txt"), string.Join("\n", compilation.Networks.Select(CodePlanPrinter.Print)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Bundled_example_compiles_and_matches_its_ir_baseline(string name)
    {
        var folder = RepoPaths.Combine("examples");
        var compilation = SnnCompiler.Compile(new SourceFile(name, File.ReadAllText(Path.Combine(folder, name))), new DirectoryResolver(folder));
        Assert.Empty(compilation.Diagnostics);
        Baseline.Match(Path.Combine(CorpusRoot, "examples", Path.ChangeExtension(name, ".ir.txt")),
            string.Join("\n", compilation.Networks.Select(IrPrinter.Print)));
        Baseline.Match(Path.Combine(CorpusRoot, "examples", Path.ChangeExtension(name, ".blob.txt")),
            string.Join("\n", compilation.Networks.Select(BlobDump.Of)));
        Baseline.Match(Path.Combine(CorpusRoot, "examples", Path.ChangeExtension(name, ".cores.plan.txt")),
            string.Join("\n", compilation.Networks.Select(n => CorePlanPrinter.Print(n.Name, CorePlanner.Plan(n)))));
        Baseline.Match(Path.Combine(CorpusRoot, "examples", Path.ChangeExtension(name, ".code.plan.txt")),
            string.Join("\n", compilation.Networks.Select(CodePlanPrinter.Print)));
        Baseline.Match(Path.Combine(CorpusRoot, "examples", Path.ChangeExtension(name, ".code.sha256.txt")),
            string.Concat(compilation.Networks.SelectMany(n => new[] { CodeFlavour.Nano, CodeFlavour.Host }.Select(flavour =>
                $"{n.Name} {flavour}: {Sha256(CSharpEmitter.EmitNetwork(n, new EmitOptions(SnnGenerator.Namespace, name, flavour)))}\n"))));
    }

    [Fact]
    public void Every_diagnostic_code_has_a_corpus_case()
    {
        // Host codes (SNN00xx) come from the generator around the compiler and are tested there. Interchange codes
        // (SNN06xx) concern .nir files, which a .snn case cannot be: NirImportTests has a case for each of them.
        var codes = DiagnosticDescriptors.All
            .Where(d => d.Stage is not (DiagnosticStage.Host or DiagnosticStage.Interchange))
            .Select(d => d.Code)
            .ToList();
        var covered = new HashSet<string>();
        foreach (var folder in new[] { "invalid", "valid" })
        {
            foreach (var name in CaseNames(folder))
            {
                covered.UnionWith(Compile(folder, name).Diagnostics.Select(d => d.Code));
            }
        }

        Assert.Empty(codes.Except(covered));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void A_file_with_many_mistakes_reports_every_one()
    {
        var compilation = Compile("invalid", "many-errors.snn");
        var codes = compilation.Diagnostics.Select(d => d.Code).ToList();
        Assert.Equal(new[] { "SNN0208", "SNN0301", "SNN0203", "SNN0210", "SNN0202", "SNN0403" }, codes);
    }

    private static SnnCompilation Compile(string folder, string name)
    {
        var directory = Path.Combine(CorpusRoot, folder);
        return SnnCompiler.Compile(new SourceFile(name, File.ReadAllText(Path.Combine(directory, name))), new DirectoryResolver(directory));
    }

    private static string Sha256(string text) =>
        System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static TheoryData<string> Cases(string folder) => new(CaseNames(folder));

    private static List<string> CaseNames(string folder) =>
        Directory.GetFiles(Path.Combine(CorpusRoot, folder), "*.snn")
            .Select(f => Path.GetFileName(f))
            .Where(f => !f.EndsWith(".diagnostics.snn"))
            .Order()
            .ToList();

    private static string BaselinePath(string folder, string name, string suffix) =>
        Path.Combine(CorpusRoot, folder, Path.GetFileNameWithoutExtension(name) + suffix);

    private static List<(string Code, string File, int Line, int Column)> Expectations(string text, string sourceName) =>
        Regex.Matches(text, @"^// expect: (SNN\d{4}) at (?:(\S+) )?(\d+):(\d+)$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : sourceName, int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value)))
            .ToList();
}
