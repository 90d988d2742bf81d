using System.Text;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Language.Semantics;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// <c>snnc eval --policy</c>: the .snn text with its <c>quantize dynamic</c> / <c>prune dynamic</c>
/// blocks replaced by other policies, so every variant goes through the whole front end (and its
/// diagnostics) exactly like a file would.
/// </summary>
internal static class PolicyOverride
{
    private static readonly Regex DynamicBlock = new(@"\b(quantize|prune)\s+dynamic\s*\{", RegexOptions.CultureInvariant);
    private static readonly Regex Policy = new(@"\G\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\{[^{}]*\})", RegexOptions.CultureInvariant);

    /// <summary>
    /// <paramref name="policies"/> is a list of <c>NAME { key: value; ... }</c> (empty for none);
    /// throws <see cref="InputException"/> when it is not.
    /// </summary>
    public static string Apply(string source, string policies)
    {
        var text = RemoveDynamicBlocks(source);
        var blocks = new StringBuilder();
        var position = 0;
        for (var match = Policy.Match(policies, 0); match.Success; match = Policy.Match(policies, position))
        {
            var name = match.Groups[1].Value;
            var block = Binder.BlockOf(name) ?? throw new InputException($"--policy: '{name}' is not a policy; see docs/dynamic.md");
            blocks.Append($"  {block} dynamic {{ policy {name} {match.Groups[2].Value} }}\n");
            position = match.Index + match.Length;
        }

        if (policies.Substring(position).Trim().Length > 0)
        {
            throw new InputException($"--policy: expected 'NAME {{ key: value; ... }}', got '{policies.Substring(position).Trim()}'");
        }

        var end = text.LastIndexOf('}');
        if (end < 0)
        {
            throw new InputException("--policy: the file declares no network");
        }

        return text.Substring(0, end) + blocks + text.Substring(end);
    }

    // Brace matching is enough: a dynamic block holds only properties and nested blocks, no strings with braces.
    private static string RemoveDynamicBlocks(string source)
    {
        var text = source;
        for (var match = DynamicBlock.Match(text); match.Success; match = DynamicBlock.Match(text))
        {
            var depth = 0;
            var end = match.Index + match.Length - 1;
            do
            {
                depth += text[end] == '{' ? 1 : text[end] == '}' ? -1 : 0;
                end++;
            }
            while (depth > 0 && end < text.Length);
            text = text.Remove(match.Index, end - match.Index);
        }

        return text;
    }
}
