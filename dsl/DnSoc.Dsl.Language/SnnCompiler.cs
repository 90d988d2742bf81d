using System.Linq;
using DnSoc.Dsl.Language.Checking;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Parsing;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language;

/// <summary>Everything one compilation of a .snn file produced, stage by stage.</summary>
public sealed record SnnCompilation(
    SourceFile Source,
    SnnFileSyntax Syntax,
    EquatableArray<BoundNetwork> Bound,
    EquatableArray<NetworkIr> Networks,
    EquatableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// The compiler core's one entry point: parse, bind, check, lower. Callers (CLI, source generator,
/// tests) hand in texts; nothing here reads files. Never throws on user input.
/// </summary>
public static class SnnCompiler
{
    public static SnnCompilation Compile(SourceFile source, IFileResolver files)
    {
        var diagnostics = new DiagnosticBag();
        if (SnnSyntaxParser.Parse(source, diagnostics) is not { } syntax)
        {
            return new SnnCompilation(source, new SnnFileSyntax(EquatableArray<NetworkSyntax>.Empty, new TextSpan(0, 0)), EquatableArray<BoundNetwork>.Empty,
                EquatableArray<NetworkIr>.Empty, diagnostics.ToSortedArray());
        }

        var bound = Binder.Bind(source, syntax, diagnostics);
        foreach (var network in bound)
        {
            NetworkChecker.Check(network, diagnostics);
        }

        var lowerer = new Lowerer(source, files, diagnostics);
        var networks = bound.Select(lowerer.Lower).ToList();
        var lowered = diagnostics.HasErrors ? EquatableArray<NetworkIr>.Empty : networks.OfType<NetworkIr>().ToEquatableArray();
        foreach (var network in lowered)
        {
            BudgetChecker.Check(network, diagnostics);
        }

        return new SnnCompilation(source, syntax, bound, lowered, diagnostics.ToSortedArray());
    }
}
