using System;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>
/// Reads the dnsoc metadata of a node or graph (docs/nir.md#metadata). An absent key is null; a key that is present
/// but out of range, of the wrong kind or not one number is SNN0614, since a file can say anything.
/// </summary>
internal sealed class Metadata
{
    private static readonly Regex IdentifierPattern = new("^[A-Za-z_][A-Za-z_0-9]*$");

    private readonly SourceLocation location;
    private readonly DiagnosticBag diagnostics;

    public Metadata(SourceLocation location, DiagnosticBag diagnostics)
    {
        this.location = location;
        this.diagnostics = diagnostics;
    }

    public double? Number(NirNode node, string key, Func<double, bool> valid, string requirement) => Number(node.Name, node.Meta(key), key, valid, requirement);

    public double? Number(string owner, NirValue? value, string key, Func<double, bool> valid, string requirement)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Tensor is not { Values.Count: 1 } tensor)
        {
            return Invalid<double>(owner, key, value.Text is { } text ? $"'{text}'" : "an array", "is not one number");
        }

        var number = tensor.Values[0];
        return double.IsNaN(number) || double.IsInfinity(number) || !valid(number) ? Invalid<double>(owner, key, LayerMapper.Format(number), requirement) : number;
    }

    public int? Integer(NirNode node, string key, int min, int max) => Integer(node.Name, node.Meta(key), key, min, max);

    public int? Integer(string owner, NirValue? value, string key, long min, long max) =>
        Number(owner, value, key, v => v == Math.Floor(v) && v >= min && v <= max, $"is not a whole number from {min} to {max}") is { } number ? (int)number : null;

    public long? Long(string owner, NirValue? value, string key, long min, long max) =>
        Number(owner, value, key, v => v == Math.Floor(v) && v >= min && v <= max, $"is not a whole number from {min} to {max}") is { } number ? (long)number : null;

    public string? Option(NirNode node, string key, string[] options) => Option(node.Name, node.Meta(key), key, options);

    public string? Option(string owner, NirValue? value, string key, string[] options)
    {
        if (value is null)
        {
            return null;
        }

        return value.Text is { } text && options.Contains(text)
            ? text
            : Invalid<string>(owner, key, value.Text is null ? "a number" : $"'{value.Text}'", "is not one of " + string.Join(", ", options));
    }

    public string? Identifier(NirNode node, string key) => Identifier(node.Name, node.Meta(key), key);

    public string? Identifier(string owner, NirValue? value, string key)
    {
        if (value is null)
        {
            return null;
        }

        return value.Text is { } text && IdentifierPattern.IsMatch(text) && !SnnNames.IsKeyword(text)
            ? text
            : Invalid<string>(owner, key, value.Text is null ? "a number" : $"'{value.Text}'", "is not a .snn name (a letter or _, then letters, digits and _; no keyword)");
    }

    private T? Invalid<T>(string owner, string key, string shown, string problem)
    {
        diagnostics.Add(DiagnosticDescriptors.NirMetadataInvalid, location, owner, key, shown, problem);
        return default;
    }
}
