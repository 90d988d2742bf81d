using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Docs;

/// <summary>A fenced code block: its info string (language tag), its text and the 1-based line of its opening fence.</summary>
public sealed record CodeBlock(string Tag, string Text, int Line);

/// <summary>Just enough Markdown for the doc tests: fenced blocks, GitHub heading anchors, explicit anchors and links.</summary>
public static class Markdown
{
    private static readonly Regex Fence = new(@"^(```+)\s*([^\s`]*)\s*$");
    private static readonly Regex Heading = new(@"^#{1,6}\s+(.+?)\s*#*\s*$");
    private static readonly Regex ExplicitAnchor = new(@"<a\s+(?:id|name)=""([^""]+)""");
    private static readonly Regex Link = new(@"\]\(([^)\s]+)\)");

    public static string Read(string name) => File.ReadAllText(RepoPaths.Combine("docs", name)).Replace("\r\n", "\n");

    /// <summary>Every fenced block in order, with the text between the fences.</summary>
    public static IReadOnlyList<CodeBlock> Blocks(string markdown)
    {
        var blocks = new List<CodeBlock>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence.Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var text = new StringBuilder();
            var start = i;
            for (i++; i < lines.Length && lines[i].TrimEnd() != open.Groups[1].Value; i++)
            {
                text.Append(lines[i]).Append('\n');
            }

            blocks.Add(new CodeBlock(open.Groups[2].Value, text.ToString(), start + 1));
        }

        return blocks;
    }

    /// <summary>The lines outside fenced blocks, each with its 1-based number.</summary>
    public static IEnumerable<(string Text, int Line)> ProseLines(string markdown)
    {
        var inFence = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence.IsMatch(lines[i]))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                yield return (lines[i], i + 1);
            }
        }
    }

    /// <summary>The headings (outside code) with their text as written.</summary>
    public static IEnumerable<(string Text, int Line)> Headings(string markdown) =>
        ProseLines(markdown)
            .Select(l => (Match: Heading.Match(l.Text), l.Line))
            .Where(h => h.Match.Success)
            .Select(h => (h.Match.Groups[1].Value, h.Line));

    /// <summary>Every anchor a link can target: GitHub's heading slugs (with -1, -2 for repeats) and explicit &lt;a id&gt; anchors.</summary>
    public static ISet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>();
        var counts = new Dictionary<string, int>();
        foreach (var (text, _) in Headings(markdown))
        {
            var slug = Slug(text);
            counts.TryGetValue(slug, out var seen);
            counts[slug] = seen + 1;
            anchors.Add(seen == 0 ? slug : $"{slug}-{seen}");
        }

        foreach (var (line, _) in ProseLines(markdown))
        {
            foreach (Match anchor in ExplicitAnchor.Matches(line))
            {
                anchors.Add(anchor.Groups[1].Value);
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static string Slug(string heading)
    {
        var text = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c == '-' || c == '_')
            {
                text.Append(c);
            }
            else if (c == ' ')
            {
                text.Append('-');
            }
        }

        return text.ToString();
    }

    /// <summary>The targets of the inline links <c>[text](target)</c> outside code blocks, with their lines.</summary>
    public static IEnumerable<(string Target, int Line)> Links(string markdown) =>
        ProseLines(markdown).SelectMany(l => Link.Matches(l.Text).Cast<Match>().Select(m => (m.Groups[1].Value, l.Line)));
}
