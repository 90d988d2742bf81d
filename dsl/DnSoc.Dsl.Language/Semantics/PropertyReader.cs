using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Semantics;

/// <summary>
/// Reads a <c>key: value</c> list against the keys one construct allows. Unknown and repeated keys
/// are reported when the reader is made; each getter checks the kind and unit of its value, reports
/// what is wrong and falls back to the default, so one bad value never hides the next.
/// </summary>
internal sealed class PropertyReader
{
    private readonly SourceFile source;
    private readonly DiagnosticBag diagnostics;
    private readonly string owner;
    private readonly SourceLocation ownerLocation;
    private readonly Dictionary<string, PropertySyntax> properties = new();

    // Keys an unknown (misspelt) key was matched to; a missing key among them is not reported again.
    private readonly HashSet<string> suggested = new();

    public PropertyReader(
        SourceFile source,
        DiagnosticBag diagnostics,
        string owner,
        SourceLocation ownerLocation,
        IEnumerable<PropertySyntax> syntax,
        params string[] allowedKeys)
    {
        this.source = source;
        this.diagnostics = diagnostics;
        this.owner = owner;
        this.ownerLocation = ownerLocation;
        foreach (var property in syntax)
        {
            var key = property.Key.Text;
            if (!allowedKeys.Contains(key))
            {
                if (Suggestions.Closest(key, allowedKeys) is { } match)
                {
                    suggested.Add(match);
                }

                diagnostics.Add(DiagnosticDescriptors.UnknownProperty, Location(property.Key.Span), key, owner,
                    Suggestions.DidYouMean(key, allowedKeys), allowedKeys.Length == 0 ? "none" : string.Join(", ", allowedKeys));
            }
            else if (properties.ContainsKey(key))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateProperty, Location(property.Key.Span), key, owner);
            }
            else
            {
                properties.Add(key, property);
            }
        }
    }

    public bool Has(string key) => properties.ContainsKey(key);

    /// <summary>A whole number (optionally with a unit of <paramref name="kind"/>), or the default.</summary>
    public Located<long> Integer(string key, long fallback, QuantityKind kind = QuantityKind.Count)
    {
        var quantity = Quantity(key, fallback, kind, wholeNumber: true);
        return new Located<long>((long)quantity.Value, quantity.Location);
    }

    /// <summary>A quantity converted to its base unit, or the default (already in the base unit).</summary>
    public Located<decimal> Quantity(string key, decimal fallback, QuantityKind kind, bool wholeNumber = false)
    {
        if (Single(key) is not { } value)
        {
            return new Located<decimal>(fallback, ownerLocation);
        }

        return ConvertQuantity($"'{key}' of {owner}", value, kind, wholeNumber) is { } converted
            ? new Located<decimal>(converted, Location(value.Span))
            : new Located<decimal>(fallback, Location(value.Span));
    }

    /// <summary>One of a fixed set of words, or the default.</summary>
    public Located<string> Choice(string key, string fallback, params string[] options)
    {
        if (Single(key) is not { } value)
        {
            return new Located<string>(fallback, ownerLocation);
        }

        if (value is WordValueSyntax { Amount: null } word)
        {
            if (options.Contains(word.Word.Text))
            {
                return new Located<string>(word.Word.Text, Location(value.Span));
            }

            diagnostics.Add(DiagnosticDescriptors.UnknownOption, Location(value.Span), word.Word.Text, $"'{key}' of {owner}",
                Suggestions.DidYouMean(word.Word.Text, options), string.Join(", ", options));
        }
        else
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, Location(value.Span), $"'{key}' of {owner}",
                "one of: " + string.Join(", ", options), Describe(value));
        }

        return new Located<string>(fallback, Location(value.Span));
    }

    /// <summary>A whole number, or one of the named <paramref name="words"/> standing for a number.</summary>
    public Located<long> WordOrInteger(string key, long fallback, params (string Word, long Value)[] words)
    {
        if (Single(key) is WordValueSyntax { Amount: null } word)
        {
            var match = words.Where(w => w.Word == word.Word.Text).ToList();
            if (match.Count == 1)
            {
                return new Located<long>(match[0].Value, Location(word.Span));
            }

            var names = words.Select(w => w.Word).ToArray();
            diagnostics.Add(DiagnosticDescriptors.UnknownOption, Location(word.Span), word.Word.Text, $"'{key}' of {owner}",
                Suggestions.DidYouMean(word.Word.Text, names), string.Join(", ", names) + " or a whole number");
            return new Located<long>(fallback, Location(word.Span));
        }

        return Integer(key, fallback);
    }

    /// <summary>A list of names, e.g. <c>layers: hidden, out;</c>; empty when the key is absent.</summary>
    public EquatableArray<IdentifierSyntax> Names(string key)
    {
        if (!properties.TryGetValue(key, out var property))
        {
            return EquatableArray<IdentifierSyntax>.Empty;
        }

        var names = new List<IdentifierSyntax>();
        foreach (var value in property.Values)
        {
            if (value is WordValueSyntax { Amount: null } word)
            {
                names.Add(word.Word);
            }
            else
            {
                diagnostics.Add(DiagnosticDescriptors.WrongValueKind, Location(value.Span), $"'{key}' of {owner}", "a list of names", Describe(value));
            }
        }

        return names.ToEquatableArray();
    }

    /// <summary><c>leak: none | subtract N | shift N</c>.</summary>
    public BoundLeak Leak(string key)
    {
        if (Single(key) is not { } value)
        {
            return new BoundLeak(LeakKind.None, 0, ownerLocation);
        }

        var location = Location(value.Span);
        var options = new[] { "none", "subtract", "shift" };
        if (value is not WordValueSyntax word)
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, location, $"'{key}' of {owner}",
                "'none', 'subtract N' or 'shift N'", Describe(value));
            return new BoundLeak(LeakKind.None, 0, location);
        }

        var kind = word.Word.Text switch
        {
            "none" => LeakKind.None,
            "subtract" => LeakKind.Subtract,
            "shift" => LeakKind.Shift,
            _ => (LeakKind?)null,
        };
        if (kind is null)
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownOption, location, word.Word.Text, $"'{key}' of {owner}",
                Suggestions.DidYouMean(word.Word.Text, options), "none, subtract N, shift N");
            return new BoundLeak(LeakKind.None, 0, location);
        }

        if (kind == LeakKind.None)
        {
            if (word.Amount is not null)
            {
                diagnostics.Add(DiagnosticDescriptors.WrongValueKind, Location(word.Amount.Span), "'leak: none'", "no amount", Describe(word.Amount));
            }

            return new BoundLeak(LeakKind.None, 0, location);
        }

        if (word.Amount is null)
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, location, $"'leak: {word.Word.Text}' of {owner}",
                "an amount", $"none; write, for example, 'leak: {word.Word.Text} {(kind == LeakKind.Shift ? 4 : 1)};'");
            return new BoundLeak(LeakKind.None, 0, location);
        }

        var amount = ConvertQuantity($"'leak: {word.Word.Text}' of {owner}", word.Amount, QuantityKind.Count, wholeNumber: true);
        return new BoundLeak(kind.Value, (long)(amount ?? 0), location);
    }

    public void Require(string key, string example)
    {
        if (!Has(key) && !suggested.Contains(key))
        {
            diagnostics.Add(DiagnosticDescriptors.MissingProperty, ownerLocation, owner, key, example);
        }
    }

    /// <summary>Converts a quantity to the base unit of <paramref name="kind"/>; reports and returns null when it does not fit.</summary>
    internal static decimal? ConvertQuantity(
        SourceFile source, DiagnosticBag diagnostics, string what, ValueSyntax value, QuantityKind kind, bool wholeNumber)
    {
        var location = source.GetLocation(value.Span);
        if (value is not QuantityValueSyntax quantity)
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, location, what,
                wholeNumber ? "a whole number" : Units.Describe(kind), Describe(source, value));
            return null;
        }

        if (quantity.SignedValue is not { } number)
        {
            return null; // SNN0103 already reported by the parser
        }

        if (Units.Factor(kind, quantity.Unit?.Text) is not { } factor)
        {
            var given = source.Text.Substring(value.Span.Start, value.Span.Length);
            diagnostics.Add(DiagnosticDescriptors.WrongUnit, location, what, Units.Describe(kind), given, Units.Example(kind));
            return null;
        }

        if (wholeNumber && decimal.Truncate(number) != number)
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, location, what, "a whole number", Describe(source, value));
            return null;
        }

        return number * factor;
    }

    internal static string Describe(SourceFile source, ValueSyntax value) =>
        value switch
        {
            StringValueSyntax s => $"the string \"{s.Value}\"",
            WordValueSyntax w => $"'{source.Text.Substring(w.Span.Start, w.Span.Length)}'",
            _ => $"'{source.Text.Substring(value.Span.Start, value.Span.Length)}'",
        };

    private decimal? ConvertQuantity(string what, ValueSyntax value, QuantityKind kind, bool wholeNumber) =>
        ConvertQuantity(source, diagnostics, what, value, kind, wholeNumber);

    private string Describe(ValueSyntax value) => Describe(source, value);

    private ValueSyntax? Single(string key)
    {
        if (!properties.TryGetValue(key, out var property))
        {
            return null;
        }

        if (property.Values.Count > 1)
        {
            diagnostics.Add(DiagnosticDescriptors.WrongValueKind, Location(property.Values[1].Span), $"'{key}' of {owner}",
                "a single value", $"{property.Values.Count} values");
        }

        return property.Values[0];
    }

    private SourceLocation Location(TextSpan span) => source.GetLocation(span);
}
