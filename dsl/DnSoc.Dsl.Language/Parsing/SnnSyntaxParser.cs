using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Parsing.Generated;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Parsing;

/// <summary>
/// Stage 1: text to the compiler's own syntax tree. ANTLR does the parsing and its error recovery;
/// this class turns lexer and parser errors into SNN01xx diagnostics and the ANTLR tree into
/// <see cref="SnnFileSyntax"/>. A statement that did not parse cleanly becomes an
/// <see cref="ErrorStatementSyntax"/>, so later stages do not pile errors onto it.
/// </summary>
public static class SnnSyntaxParser
{
    /// <summary>Characters of the largest .snn file parsed; far above any network, far below what exhausts memory.</summary>
    public const int MaxSourceLength = 1 << 20;

    /// <summary>
    /// Deepest block nesting parsed. The parser (and its error recovery) recurses once per open block, so an
    /// unbounded depth would overflow the stack of whoever hosts the compiler (the C# compiler, for the generator).
    /// </summary>
    public const int MaxNesting = 64;

    /// <summary>The file's syntax tree, or null (with SNN0104, or SNN0003) when it is too large or too deep to parse.</summary>
    public static SnnFileSyntax? Parse(SourceFile source, DiagnosticBag diagnostics)
    {
        if (source.Text.Length > MaxSourceLength)
        {
            diagnostics.Add(DiagnosticDescriptors.SourceTooLarge, source.GetLocation(new TextSpan(0, 0)), source.Text.Length, MaxSourceLength);
            return null;
        }

        var tokens = Lex(source, diagnostics);
        if (TooDeep(tokens) is { } brace)
        {
            diagnostics.Add(DiagnosticDescriptors.NestingTooDeep, source.GetLocation(SpanOf(brace)), MaxNesting + 1, MaxNesting);
            return null;
        }

        var parser = new SnnParser(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.RemoveErrorListeners();
        var reporter = new SyntaxErrorReporter(source, diagnostics);
        parser.AddErrorListener(reporter);
        var tree = parser.file();
        return new TreeConverter(source, diagnostics, reporter.Unterminated).File(tree);
    }

    /// <summary>Lexes the whole text; bad characters and unclosed strings are reported once and repaired.</summary>
    private static List<IToken> Lex(SourceFile source, DiagnosticBag diagnostics)
    {
        var lexer = new SnnLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var result = new List<IToken>();
        var all = lexer.GetAllTokens();
        for (var i = 0; i < all.Count; i++)
        {
            var token = all[i];
            if (token.Type == SnnLexer.BAD_CHAR)
            {
                var start = token.StartIndex;
                var end = token.StopIndex + 1;
                while (i + 1 < all.Count && all[i + 1].Type == SnnLexer.BAD_CHAR && all[i + 1].StartIndex == end)
                {
                    end = all[++i].StopIndex + 1;
                }

                var text = source.Text.Substring(start, end - start);
                diagnostics.Add(DiagnosticDescriptors.InvalidCharacter, source.GetLocation(TextSpan.FromBounds(start, end)),
                    $"'{text}' cannot appear in a .snn file; names use letters, digits and '_', comments start with '//'");
            }
            else if (token.Type == SnnLexer.UNTERMINATED_STRING)
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidCharacter, source.GetLocation(SpanOf(token)),
                    "this string is not closed; add '\"' before the end of the line");
                var repaired = new CommonToken(token) { Type = SnnLexer.STRING, Text = token.Text + "\"" };
                result.Add(repaired);
            }
            else
            {
                result.Add(token);
            }
        }

        return result;
    }

    /// <summary>The first '{' that opens a block deeper than <see cref="MaxNesting"/>, if any.</summary>
    private static IToken? TooDeep(List<IToken> tokens)
    {
        var depth = 0;
        foreach (var token in tokens)
        {
            if (token.Type == SnnLexer.LBRACE && ++depth > MaxNesting)
            {
                return token;
            }

            if (token.Type == SnnLexer.RBRACE && depth > 0)
            {
                depth--;
            }
        }

        return null;
    }

    internal static TextSpan SpanOf(IToken token) =>
        token.StartIndex < 0 ? new TextSpan(0, 0) : TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1);

    private sealed class SyntaxErrorReporter : BaseErrorListener
    {
        private static readonly int[] StatementKeywords =
        {
            SnnLexer.TARGET, SnnLexer.TIMESTEPS, SnnLexer.UPDATE, SnnLexer.INPUT, SnnLexer.NEURON,
            SnnLexer.LAYER, SnnLexer.READOUT, SnnLexer.BUDGET, SnnLexer.QUANTIZE, SnnLexer.PRUNE,
        };

        private readonly SourceFile source;
        private readonly DiagnosticBag diagnostics;

        public SyntaxErrorReporter(SourceFile source, DiagnosticBag diagnostics)
        {
            this.source = source;
            this.diagnostics = diagnostics;
        }

        /// <summary>
        /// Statements that stopped where their final ';' (or block) was due, at the next line's first token:
        /// everything before it parsed, so they are converted as written and checked like any other.
        /// </summary>
        public HashSet<ParserRuleContext> Unterminated { get; } = new();

        private readonly HashSet<SnnParser.StatementContext> reportedStatements = new();

        public override void SyntaxError(
            TextWriter output,
            IRecognizer recognizer,
            IToken offendingSymbol,
            int line,
            int charPositionInLine,
            string msg,
            RecognitionException e)
        {
            var parser = (Parser)recognizer;
            if (StatementOf(parser.Context) is { } statement && !reportedStatements.Add(statement))
            {
                return; // ANTLR's recovery inside a broken statement finds follow-on errors that are not the user's
            }

            var expected = parser.GetExpectedTokens().ToList();
            var expectedText = DescribeExpected(expected, parser.Vocabulary);
            var stream = (ITokenStream)parser.InputStream;
            var previous = stream.LT(-1);
            var missing = msg.StartsWith("missing ", StringComparison.Ordinal);

            // A ';' forgotten at the end of a line shows up only at the next line's first token; like rustc
            // and Roslyn, point just after the token it should have followed.
            var unfinishedLine = expected.Contains(SnnLexer.SEMI)
                && (offendingSymbol.Type == TokenConstants.EOF || offendingSymbol.Line > previous?.Line);
            if (KeyReadAsUnit(stream, offendingSymbol, expected) is { } number)
            {
                previous = number;
                expectedText = "';'";
                unfinishedLine = true;
            }
            else if (unfinishedLine && e is not null && parser.Context.Parent is SnnParser.StatementContext)
            {
                Unterminated.Add(parser.Context);
            }

            if ((missing || unfinishedLine) && previous is not null)
            {

                var at = new TextSpan(previous.StopIndex + 1, 0);
                diagnostics.Add(DiagnosticDescriptors.SyntaxError, source.GetLocation(at),
                    $"expected {expectedText} after '{previous.Text}'");
                return;
            }

            var found = offendingSymbol.Type == TokenConstants.EOF ? "end of file" : $"'{offendingSymbol.Text}'";
            var hint = offendingSymbol.Type == SnnLexer.IDENT
                ? Suggestions.DidYouMean(offendingSymbol.Text, expected.Where(t => t > 0).Select(t => parser.Vocabulary.GetLiteralName(t)?.Trim('\'')).OfType<string>())
                : string.Empty;
            diagnostics.Add(DiagnosticDescriptors.SyntaxError, source.GetLocation(SpanOf(offendingSymbol)),
                $"unexpected {found}; expected {expectedText}{hint}");
        }

        private static SnnParser.StatementContext? StatementOf(RuleContext? context)
        {
            while (context is not null and not SnnParser.StatementContext)
            {
                context = context.Parent;
            }

            return context as SnnParser.StatementContext;
        }

        /// <summary>
        /// In <c>threshold: 10</c> + newline + <c>leak: ...</c>, the next key reads as the unit of 10 and only
        /// its ':' fails; the token the ';' belongs after is then the number, returned here.
        /// </summary>
        private static IToken? KeyReadAsUnit(ITokenStream stream, IToken offending, IList<int> expected)
        {
            var unit = stream.LT(-1);
            var number = stream.LT(-2);
            return offending.Type == SnnLexer.COLON && expected.Contains(SnnLexer.SEMI) && unit?.Type == SnnLexer.IDENT
                && number is not null && unit.Line > number.Line
                ? number
                : null;
        }

        private static string DescribeExpected(IList<int> expected, IVocabulary vocabulary)
        {
            var names = new List<string>();
            if (StatementKeywords.All(expected.Contains))
            {
                names.Add("a statement (target, timesteps, input, neuron, layer, readout, budget, ...)");
                expected = expected.Where(t => !StatementKeywords.Contains(t)).ToList();
            }

            names.AddRange(expected.Select(t => t switch
            {
                TokenConstants.EOF => "end of file",
                SnnLexer.IDENT => "a name",
                SnnLexer.INTEGER => "a whole number",
                SnnLexer.DECIMAL or SnnLexer.HEX => null,
                SnnLexer.STRING => "a \"string\"",
                _ => vocabulary.GetLiteralName(t) ?? vocabulary.GetDisplayName(t),
            }).OfType<string>().Distinct());

            return names.Count switch
            {
                0 => "something else",
                1 => names[0],
                _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1],
            };
        }
    }

    /// <summary>Walks the ANTLR tree once, building immutable syntax nodes with spans.</summary>
    private sealed class TreeConverter
    {
        private readonly SourceFile source;
        private readonly DiagnosticBag diagnostics;
        private readonly HashSet<ParserRuleContext> unterminated;

        public TreeConverter(SourceFile source, DiagnosticBag diagnostics, HashSet<ParserRuleContext> unterminated)
        {
            this.source = source;
            this.diagnostics = diagnostics;
            this.unterminated = unterminated;
        }

        public SnnFileSyntax File(SnnParser.FileContext context) =>
            new(context.network().Select(Network).OfType<NetworkSyntax>().ToEquatableArray(), Span(context));

        private NetworkSyntax? Network(SnnParser.NetworkContext context)
        {
            if (Missing(context.name))
            {
                return null;
            }

            return new NetworkSyntax(Identifier(context.name), context.statement().Select(Statement).ToEquatableArray(), Span(context));
        }

        private StatementSyntax Statement(SnnParser.StatementContext context)
        {
            var inner = (ParserRuleContext)context.GetChild(0);
            if (inner is null || IsBroken(inner))
            {
                return new ErrorStatementSyntax(context.Start.Text, DeclaredName(inner), Span(context));
            }

            return inner switch
            {
                SnnParser.TargetStatementContext c => new TargetSyntax(Identifier(c.kind), Arguments(c.argumentList()), Span(c)),
                SnnParser.TimestepsStatementContext c => new TimestepsSyntax(Value(c.value()), Span(c)),
                SnnParser.UpdateStatementContext c => new UpdateSyntax(Identifier(c.updateMode), Span(c)),
                SnnParser.InputStatementContext c => new InputSyntax(
                    Identifier(c.name), Shape(c.shape(0)), c.downsampled is null ? null : Shape(c.downsampled), Identifier(c.encoding),
                    Arguments(c.argumentList()), Span(c)),
                SnnParser.NeuronStatementContext c => new NeuronSyntax(
                    Identifier(c.model), Identifier(c.name), Properties(c.propertyBlock()), Span(c)),
                SnnParser.LayerStatementContext c => new LayerSyntax(
                    Identifier(c.name),
                    Identifier(c.neuronType),
                    Shape(c.shape()),
                    Identifier(c.source),
                    c.weightsRef is null ? null : String(c.weightsRef),
                    Properties(c.propertyBlock()),
                    Span(c)),
                SnnParser.ReadoutStatementContext c => new ReadoutSyntax(Identifier(c.layer), Identifier(c.readoutMode), Span(c)),
                SnnParser.BudgetStatementContext c => new BudgetSyntax(
                    c.budgetItem().Select(i => new BudgetItemSyntax(Identifier(i.metric), Value(i.value()), Span(i))).ToEquatableArray(),
                    Span(c)),
                SnnParser.DynamicStatementContext c => new DynamicSyntax(
                    Identifier(c.kind), Identifier(c.dynamicMode), c.dynamicItem().Select(DynamicItem).ToEquatableArray(), Span(c)),
                _ => new ErrorStatementSyntax(context.Start.Text, null, Span(context)),
            };
        }

        private DynamicItemSyntax DynamicItem(SnnParser.DynamicItemContext context) =>
            context.property() is { } property
                ? new DynamicItemSyntax(Property(property), null, null, EquatableArray<DynamicItemSyntax>.Empty, Span(context))
                : new DynamicItemSyntax(
                    null,
                    Identifier(context.kind),
                    context.name is null ? null : Identifier(context.name),
                    context.dynamicItem().Select(DynamicItem).ToEquatableArray(),
                    Span(context));

        private EquatableArray<PropertySyntax> Arguments(SnnParser.ArgumentListContext? context) =>
            context is null
                ? EquatableArray<PropertySyntax>.Empty
                : context.argument()
                    .Select(a => new PropertySyntax(Identifier(a.key), new[] { Value(a.value()) }.ToEquatableArray(), Span(a)))
                    .ToEquatableArray();

        private EquatableArray<PropertySyntax> Properties(SnnParser.PropertyBlockContext? context) =>
            context is null ? EquatableArray<PropertySyntax>.Empty : context.property().Select(Property).ToEquatableArray();

        private PropertySyntax Property(SnnParser.PropertyContext context) =>
            new(Identifier(context.key), context.value().Select(Value).ToEquatableArray(), Span(context));

        private ShapeSyntax Shape(SnnParser.ShapeContext context) =>
            new(context._dims.Select(Number).ToEquatableArray(), Span(context));

        private ValueSyntax Value(SnnParser.ValueContext context) => context switch
        {
            SnnParser.QuantityValueContext q => Quantity(q.MINUS() is not null, q.number(), q.unit, Span(q)),
            SnnParser.WordValueContext w => new WordValueSyntax(
                Identifier(w.word),
                w.number() is null ? null : Quantity(w.MINUS() is not null, w.number(), w.unit, TextSpan.FromBounds((w.MINUS()?.Symbol ?? w.number().Start).StartIndex, w.Stop.StopIndex + 1)),
                Span(w)),
            SnnParser.StringValueContext s => String(s.STRING().Symbol),
            _ => throw new InvalidOperationException("unreachable: value alternatives are exhaustive"),
        };

        private QuantityValueSyntax Quantity(bool negative, SnnParser.NumberContext number, IToken? unit, TextSpan span) =>
            new(negative, Number(number.Start), unit is null ? null : Identifier(unit), span);

        private NumberSyntax Number(IToken token)
        {
            var text = token.Text;
            var value = ParseNumber(text);
            if (value is null)
            {
                var problem = text.Replace("_", string.Empty).Length <= 2 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? "has no digits after '0x'; write, for example, 0x1F"
                    : "is too large; numbers must stay below 2^63";
                diagnostics.Add(DiagnosticDescriptors.InvalidNumber, source.GetLocation(SpanOf(token)), text, problem);
            }

            return new NumberSyntax(text, value, SpanOf(token));
        }

        private static decimal? ParseNumber(string text)
        {
            var digits = text.Replace("_", string.Empty);
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return long.TryParse(digits.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0
                    ? hex
                    : null;
            }

            return decimal.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue
                ? value
                : null;
        }

        private static StringValueSyntax String(IToken token)
        {
            var raw = token.Text;
            var inner = raw.Length >= 2 ? raw.Substring(1, raw.Length - 2) : string.Empty;
            return new StringValueSyntax(inner.Replace("\\\"", "\"").Replace("\\\\", "\\"), SpanOf(token));
        }

        private static IdentifierSyntax Identifier(IToken token) => new(token.Text, SpanOf(token));

        /// <summary>The name a broken declaration would have introduced, if the parser got that far.</summary>
        private static IdentifierSyntax? DeclaredName(ParserRuleContext? context)
        {
            var token = context switch
            {
                SnnParser.InputStatementContext c => c.name,
                SnnParser.NeuronStatementContext c => c.name,
                SnnParser.LayerStatementContext c => c.name,
                _ => null,
            };
            return Missing(token) ? null : Identifier(token!);
        }

        private static bool Missing(IToken? token) => token is null || token.TokenIndex < 0 || token.StartIndex < 0;

        /// <summary>
        /// True when ANTLR had to recover anywhere inside the node (error, conjured or skipped tokens). A conjured
        /// ';' does not count: ANTLR conjures a token only when the next one fits after it, so all else parsed as
        /// written; nor does the failed end of an <see cref="SyntaxErrorReporter.Unterminated"/> statement.
        /// </summary>
        private bool IsBroken(IParseTree tree)
        {
            switch (tree)
            {
                case ITerminalNode conjured when Missing(conjured.Symbol):
                    return conjured.Symbol.Type != SnnLexer.SEMI;
                case IErrorNode:
                    return true;
                case ParserRuleContext rule:
                    if (rule.exception is not null && !unterminated.Contains(rule))
                    {
                        return true;
                    }

                    for (var i = 0; i < rule.ChildCount; i++)
                    {
                        if (IsBroken(rule.GetChild(i)))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static TextSpan Span(ParserRuleContext context)
        {
            var start = Math.Max(0, context.Start.StartIndex);
            var stop = context.Stop is null || context.Stop.StopIndex < start ? start : context.Stop.StopIndex + 1;
            return TextSpan.FromBounds(start, stop);
        }
    }
}
