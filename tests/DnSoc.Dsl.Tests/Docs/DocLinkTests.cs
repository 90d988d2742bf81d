using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Docs;

/// <summary>
/// Every <c>docs/*.md#anchor</c> named in the sources (messages, comments, help links) and every
/// relative link between the docs pages points at a page and an anchor that exist.
/// </summary>
public class DocLinkTests
{
    private static readonly Regex SourceLink = new(@"docs/([A-Za-z0-9_.-]+\.md)(?:#([A-Za-z0-9_-]+))?");

    [Fact]
    public void Links_in_the_sources_point_at_existing_anchors()
    {
        var links = SourceFiles()
            .SelectMany(file => File.ReadAllLines(file).SelectMany((line, i) =>
                SourceLink.Matches(line).Cast<Match>().Select(m => (Where: $"{Relative(file)}:{i + 1}", Page: m.Groups[1].Value, Anchor: m.Groups[2].Value))))
            .ToList();

        Assert.Contains(links, l => l.Page == "language.md" && l.Anchor == "limits");
        Assert.Contains(links, l => l.Page == "language.md" && l.Anchor == "units");
        Assert.Contains(links, l => l.Page == "language.md" && l.Anchor == "targets");
        var broken = links.Where(l => !Resolves(l.Page, l.Anchor)).Select(l => $"{l.Where}: docs/{l.Page}#{l.Anchor}").ToList();
        Assert.True(broken.Count == 0, "links to missing docs pages or anchors:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Links_between_the_docs_pages_resolve()
    {
        var broken = new List<string>();
        foreach (var page in Directory.GetFiles(RepoPaths.Combine("docs"), "*.md"))
        {
            var name = Path.GetFileName(page);
            foreach (var (target, line) in Markdown.Links(Markdown.Read(name)))
            {
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target.Substring(0, hash);
                var anchor = hash < 0 ? string.Empty : target.Substring(hash + 1);
                var file = Path.GetFullPath(Path.Combine(RepoPaths.Combine("docs"), path.Length == 0 ? name : path));
                var ok = File.Exists(file) || Directory.Exists(file);
                if (ok && anchor.Length > 0)
                {
                    ok = file.EndsWith(".md", StringComparison.Ordinal) && Markdown.Anchors(File.ReadAllText(file).Replace("\r\n", "\n")).Contains(anchor);
                }

                if (!ok)
                {
                    broken.Add($"docs/{name}:{line}: {target}");
                }
            }
        }

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Slugs_follow_github()
    {
        Assert.Equal("update-modes", Markdown.Slug("Update modes"));
        Assert.Equal("tinyodin", Markdown.Slug("tinyODIN"));
        Assert.Equal("snn0203-unknown-property", Markdown.Slug("SNN0203: Unknown property"));
        Assert.Equal("timesteps", Markdown.Slug("`timesteps`"));
        Assert.Equal("parse-snn01xx", Markdown.Slug("Parse (SNN01xx)"));
    }

    private static bool Resolves(string page, string anchor)
    {
        var path = RepoPaths.Combine("docs", page);
        return File.Exists(path) && (anchor.Length == 0 || Markdown.Anchors(Markdown.Read(page)).Contains(anchor));
    }

    /// <summary>The hand-written sources (C#, grammar, scripts, .snn files), without build output or generated code.</summary>
    private static IEnumerable<string> SourceFiles() =>
        new[] { "dsl", "src", "tests", "grammars", "tools", "examples" }
            .Select(d => RepoPaths.Combine(d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".g4", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".snn", StringComparison.Ordinal))
            .Where(f => !Regex.IsMatch(f.Replace('\\', '/'), "/(bin|obj|Generated)/"));

    private static string Relative(string file) => Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
}
