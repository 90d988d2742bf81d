using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DnSoc.Dsl.Tests.Emit;

/// <summary>One construct the guard rejects, where it is, and the offending text.</summary>
public sealed record NanoViolation(string Rule, FileLinePositionSpan Where, string Text)
{
    public override string ToString() => $"{Where.Path}({Where.StartLinePosition.Line + 1},{Where.StartLinePosition.Character + 1}): {Rule}: {Text}";
}

/// <summary>
/// Rejects C# that Roslyn compiles but .NET nanoFramework 1.x cannot run (generics, [,] arrays, default
/// interface methods) or whose support types nano's mscorlib lacks (System.Math, Span, collections,
/// LINQ, async, iterators, records, tuples, Nullable&lt;T&gt;, Index/Range), plus what nano never had
/// (dynamic, unsafe code). Local functions are rejected too: the team's nanoFramework toolchain notes
/// list lambdas as working, not local functions, whose closures are by-ref structs. String interpolation
/// is allowed (it lowers to String.Format). Purely syntactic, so it is conservative: a name is
/// enough to be rejected.
/// </summary>
public sealed class NanoSyntaxGuard : CSharpSyntaxWalker
{
    public const string Generic = "generic name";
    public const string TypeParameters = "type parameter list";
    public const string MultidimensionalArray = "multidimensional array";
    public const string InterfaceMember = "interface member beyond an abstract signature";
    public const string MissingType = "System.Math, Span or another type nano's mscorlib lacks";
    public const string Stackalloc = "stackalloc";
    public const string ForbiddenNamespace = "System.Collections.Generic or System.Linq";
    public const string Query = "LINQ query";
    public const string Async = "async/await";
    public const string Iterator = "yield";
    public const string Record = "record";
    public const string Tuple = "tuple";
    public const string Nullable = "nullable type";
    public const string Dynamic = "dynamic";
    public const string Unsafe = "unsafe code";
    public const string LocalFunction = "local function";
    public const string IndexRange = "index or range";

    private static readonly HashSet<string> MissingTypes = new() { "Math", "MathF", "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory", "StringBuilder" };
    private static readonly string[] ForbiddenNamespaces = { "System.Collections.Generic", "System.Linq" };

    private readonly List<NanoViolation> violations = new();

    private NanoSyntaxGuard()
        : base(SyntaxWalkerDepth.Token)
    {
    }

    /// <summary>Every violation in the source (none means it passes).</summary>
    public static IReadOnlyList<NanoViolation> Check(string source, string path = "generated.cs")
    {
        var guard = new NanoSyntaxGuard();
        guard.Visit(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path).GetRoot());
        return guard.violations;
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        Reject(Generic, node);
        if (MissingTypes.Contains(node.Identifier.ValueText))
        {
            Reject(MissingType, node);
        }
    }

    public override void VisitTypeParameterList(TypeParameterListSyntax node) => Reject(TypeParameters, node);

    public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        if (node.Rank > 1)
        {
            Reject(MultidimensionalArray, node);
        }

        base.VisitArrayRankSpecifier(node);
    }

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
    {
        foreach (var member in node.Members.Where(IsBeyondSignature))
        {
            Reject(InterfaceMember, member);
        }

        base.VisitInterfaceDeclaration(node);
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (MissingTypes.Contains(node.Identifier.ValueText))
        {
            Reject(MissingType, node);
        }
        else if (node.Identifier.ValueText == "dynamic")
        {
            Reject(Dynamic, node);
        }
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node) => Reject(Stackalloc, node);

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node) => Reject(Stackalloc, node);

    public override void VisitQualifiedName(QualifiedNameSyntax node) => RejectNamespace(node);

    public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node) => RejectNamespace(node);

    public override void VisitQueryExpression(QueryExpressionSyntax node) => Reject(Query, node);

    public override void VisitAwaitExpression(AwaitExpressionSyntax node) => Reject(Async, node);

    public override void VisitYieldStatement(YieldStatementSyntax node) => Reject(Iterator, node);

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node) => Reject(Record, node);

    public override void VisitTupleType(TupleTypeSyntax node) => Reject(Tuple, node);

    public override void VisitTupleExpression(TupleExpressionSyntax node) => Reject(Tuple, node);

    public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node) => Reject(Tuple, node);

    public override void VisitPositionalPatternClause(PositionalPatternClauseSyntax node) => Reject(Tuple, node);

    public override void VisitNullableType(NullableTypeSyntax node) => Reject(Nullable, node);

    public override void VisitPointerType(PointerTypeSyntax node) => Reject(Unsafe, node);

    public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node) => Reject(Unsafe, node);

    public override void VisitFixedStatement(FixedStatementSyntax node) => Reject(Unsafe, node);

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => Reject(LocalFunction, node);

    public override void VisitRangeExpression(RangeExpressionSyntax node) => Reject(IndexRange, node);

    public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.IndexExpression))
        {
            Reject(IndexRange, node);
        }
        else if (node.IsKind(SyntaxKind.AddressOfExpression) || node.IsKind(SyntaxKind.PointerIndirectionExpression))
        {
            Reject(Unsafe, node);
        }
        else
        {
            base.VisitPrefixUnaryExpression(node);
        }
    }

    public override void VisitToken(SyntaxToken token)
    {
        // Keywords with no node of their own: async methods and lambdas, unsafe types, members and blocks.
        if (token.IsKind(SyntaxKind.AsyncKeyword))
        {
            Reject(Async, token.Parent!);
        }
        else if (token.IsKind(SyntaxKind.UnsafeKeyword))
        {
            Reject(Unsafe, token.Parent!);
        }
    }

    /// <summary>Interfaces may hold only abstract instance methods, properties, indexers and events.</summary>
    private static bool IsBeyondSignature(MemberDeclarationSyntax member) =>
        member.Modifiers.Any(SyntaxKind.StaticKeyword) || member switch
        {
            BaseMethodDeclarationSyntax method => method.Body is not null || method.ExpressionBody is not null,
            BasePropertyDeclarationSyntax property =>
                (property is PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null })
                || (property.AccessorList?.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null) ?? false),
            _ => member is not EventFieldDeclarationSyntax,
        };

    /// <summary>The innermost name or member access spelling a forbidden namespace (under <c>global::</c> too).</summary>
    private void RejectNamespace(SyntaxNode node)
    {
        var dotted = node.ToString().Replace("global::", string.Empty);
        dotted = string.Concat(dotted.Where(c => !char.IsWhiteSpace(c)));
        if (ForbiddenNamespaces.Contains(dotted))
        {
            Reject(ForbiddenNamespace, node);
            return;
        }

        DefaultVisit(node);
    }

    private void Reject(string rule, SyntaxNode node) =>
        violations.Add(new NanoViolation(rule, node.GetLocation().GetLineSpan(), node.ToString()));
}
