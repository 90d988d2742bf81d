using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Syntax;

// The compiler's own immutable syntax tree. It keeps every name and value with its span, so later
// stages can point diagnostics at the exact token, and it does not depend on ANTLR types.

public abstract record SyntaxNode(TextSpan Span);

public sealed record IdentifierSyntax(string Text, TextSpan Span) : SyntaxNode(Span);

/// <summary>A numeric literal. <see cref="Value"/> is null when the literal did not parse (SNN0103 was reported).</summary>
public sealed record NumberSyntax(string Text, decimal? Value, TextSpan Span) : SyntaxNode(Span);

public abstract record ValueSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>128</c>, <c>-3</c>, <c>100 MHz</c>, <c>0.5 ms</c>.</summary>
public sealed record QuantityValueSyntax(bool Negative, NumberSyntax Number, IdentifierSyntax? Unit, TextSpan Span) : ValueSyntax(Span)
{
    public decimal? SignedValue => Number.Value is { } value ? (Negative ? -value : value) : null;
}

/// <summary><c>zero</c>, <c>subtract 1</c>, <c>shift 4</c>, <c>cortex_m4</c>.</summary>
public sealed record WordValueSyntax(IdentifierSyntax Word, QuantityValueSyntax? Amount, TextSpan Span) : ValueSyntax(Span);

public sealed record StringValueSyntax(string Value, TextSpan Span) : ValueSyntax(Span);

/// <summary><c>key: value</c> (also the arguments in <c>rate(seed: 1)</c>); a property may list several values.</summary>
public sealed record PropertySyntax(IdentifierSyntax Key, EquatableArray<ValueSyntax> Values, TextSpan Span) : SyntaxNode(Span);

public sealed record ShapeSyntax(EquatableArray<NumberSyntax> Dimensions, TextSpan Span) : SyntaxNode(Span);

public sealed record NetworkSyntax(IdentifierSyntax Name, EquatableArray<StatementSyntax> Statements, TextSpan Span) : SyntaxNode(Span);

public sealed record SnnFileSyntax(EquatableArray<NetworkSyntax> Networks, TextSpan Span) : SyntaxNode(Span);

public abstract record StatementSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>target dnsoc(clock: 100 MHz);</c>. <see cref="Arguments"/> is empty when there are no parentheses.</summary>
public sealed record TargetSyntax(IdentifierSyntax Kind, EquatableArray<PropertySyntax> Arguments, TextSpan Span) : StatementSyntax(Span);

public sealed record TimestepsSyntax(ValueSyntax Value, TextSpan Span) : StatementSyntax(Span);

public sealed record UpdateSyntax(IdentifierSyntax Mode, TextSpan Span) : StatementSyntax(Span);

public sealed record InputSyntax(
    IdentifierSyntax Name,
    ShapeSyntax Shape,
    ShapeSyntax? Downsample,
    IdentifierSyntax Encoding,
    EquatableArray<PropertySyntax> Arguments,
    TextSpan Span) : StatementSyntax(Span);

public sealed record NeuronSyntax(
    IdentifierSyntax Model,
    IdentifierSyntax Name,
    EquatableArray<PropertySyntax> Properties,
    TextSpan Span) : StatementSyntax(Span);

public sealed record LayerSyntax(
    IdentifierSyntax Name,
    IdentifierSyntax NeuronType,
    ShapeSyntax Shape,
    IdentifierSyntax Source,
    StringValueSyntax? Weights,
    EquatableArray<PropertySyntax> Properties,
    TextSpan Span) : StatementSyntax(Span);

public sealed record ReadoutSyntax(IdentifierSyntax Layer, IdentifierSyntax Mode, TextSpan Span) : StatementSyntax(Span);

public sealed record BudgetItemSyntax(IdentifierSyntax Metric, ValueSyntax Limit, TextSpan Span) : SyntaxNode(Span);

public sealed record BudgetSyntax(EquatableArray<BudgetItemSyntax> Items, TextSpan Span) : StatementSyntax(Span);

/// <summary>An item of a <c>quantize dynamic</c> / <c>prune dynamic</c> block: a property or a nested block.</summary>
public sealed record DynamicItemSyntax(
    PropertySyntax? Property,
    IdentifierSyntax? BlockKind,
    IdentifierSyntax? BlockName,
    EquatableArray<DynamicItemSyntax> Items,
    TextSpan Span) : SyntaxNode(Span);

public sealed record DynamicSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Mode,
    EquatableArray<DynamicItemSyntax> Items,
    TextSpan Span) : StatementSyntax(Span);

/// <summary>
/// A statement the parser could not read. It remembers its keyword and the name it declares, so
/// the binder neither reports it as missing nor reports its name as unknown: one mistake, one error.
/// </summary>
public sealed record ErrorStatementSyntax(string Keyword, IdentifierSyntax? DeclaredName, TextSpan Span) : StatementSyntax(Span);
