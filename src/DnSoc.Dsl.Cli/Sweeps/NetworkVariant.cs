using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Parsing;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>
/// A sweep point's .snn text: the base file edited at the spans its syntax tree gives (hidden shapes, widths, timesteps,
/// target), so the result is a plain file the whole front end checks again and <c>snnc eval</c> can run on its own.
/// Every layer takes its weights from one file beside it; budgets are dropped, since a sweep explores past them.
/// </summary>
internal static class NetworkVariant
{
    public static string Rewrite(SourceFile source, SweepPoint point, string weightsFile)
    {
        var text = point.Policy is { } policy ? PolicyOverride.Apply(source.Text, policy.Trim() == "none" ? string.Empty : policy) : source.Text;
        var diagnostics = new DiagnosticBag();
        var network = SnnSyntaxParser.Parse(new SourceFile(source.Path, text), diagnostics) is { Networks.Count: 1 } file && !diagnostics.HasErrors
            ? file.Networks[0]
            : throw new InputException($"{source.Path}: a sweep's base file must hold exactly one network that parses; run snnc check {source.Path}");

        var edits = new List<(TextSpan Span, string Text)>();
        var statements = network.Statements.ToList();
        var layers = statements.OfType<LayerSyntax>().ToList();
        var output = statements.OfType<ReadoutSyntax>().LastOrDefault()?.Layer.Text ?? layers.LastOrDefault()?.Name.Text;
        var hidden = layers.Where(l => l.Name.Text != output).ToList();
        if (point.Hidden is { } sizes)
        {
            if (sizes.Length != hidden.Count)
            {
                throw new InputException($"hidden [{string.Join(", ", sizes)}] gives {sizes.Length} size(s); {source.Path} has {hidden.Count} hidden layer(s)");
            }

            edits.AddRange(hidden.Select((layer, k) => (layer.Shape.Span, $"[{sizes[k]}]")));
        }

        var end = new TextSpan(network.Span.End - 1, 0); // before the network's closing brace
        foreach (var layer in layers)
        {
            var reference = $" weights \"{weightsFile}#{layer.Name.Text}\"";
            edits.Add(layer.Weights is { } weights ? (weights.Span, reference.Substring(" weights ".Length)) : (new TextSpan(layer.Source.Span.End, 0), reference));
            if (point.WeightBits is { } bits)
            {
                edits.Add(SetProperty(text, layer.Properties, layer.Span, "weight_bits", bits));
            }
        }

        foreach (var neuron in statements.OfType<NeuronSyntax>())
        {
            if (point.MembraneBits is { } bits)
            {
                edits.Add(SetProperty(text, neuron.Properties, neuron.Span, "membrane_bits", bits));
            }
        }

        var timesteps = statements.OfType<TimestepsSyntax>().FirstOrDefault();
        if (point.Timesteps is { } t)
        {
            edits.Add(timesteps is null ? (end, $"  timesteps {t};\n") : (timesteps.Value.Span, Number(t)));
        }

        var target = statements.OfType<TargetSyntax>().FirstOrDefault();
        if (point.Target is { } kind)
        {
            edits.Add(target is null ? (end, $"  target {kind};\n") : (target.Span, $"target {kind};"));
        }

        edits.AddRange(statements.OfType<BudgetSyntax>().Select(b => (b.Span, string.Empty)));
        foreach (var (span, replacement) in edits.OrderByDescending(e => e.Span.Start).ThenByDescending(e => e.Span.Length))
        {
            text = text.Remove(span.Start, span.Length).Insert(span.Start, replacement);
        }

        return text;
    }

    /// <summary>Replaces the property's values, or adds it to the statement's block (making one for a layer that ends in ';').</summary>
    private static (TextSpan, string) SetProperty(string text, IEnumerable<PropertySyntax> properties, TextSpan statement, string key, int value)
    {
        if (properties.FirstOrDefault(p => p.Key.Text == key) is { } existing)
        {
            var first = existing.Values[0].Span.Start;
            return (new TextSpan(first, existing.Values[existing.Values.Count - 1].Span.End - first), Number(value));
        }

        var last = statement.End - 1;
        return text[last] == ';'
            ? (new TextSpan(last, 1), $" {{ {key}: {Number(value)}; }}")
            : (new TextSpan(last, 0), $"{key}: {Number(value)}; ");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
