using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Docs;

/// <summary>The README's layout table names every project, every top-level folder and every doc, and nothing that is gone.</summary>
public class ReadmeLayoutTests
{
    private static readonly string Root = RepoPaths.Combine();

    [Fact]
    public void The_layout_table_lists_every_project_folder_and_doc_of_the_tree()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var start = readme.IndexOf("## Layout\n", System.StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Layout' section");
        var end = readme.IndexOf("\n## ", start + 1, System.StringComparison.Ordinal);
        var table = readme.Substring(start, (end < 0 ? readme.Length : end) - start);
        var rows = table.Split('\n').Where(l => l.StartsWith("| `", System.StringComparison.Ordinal)).ToList();
        var listed = rows.SelectMany(r => Regex.Matches(r.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value)).ToHashSet();

        var projects = Regex.Matches(File.ReadAllText(Path.Combine(Root, "DnSoc.Dsl.sln")), "\"([^\"]+\\.csproj)\"")
            .Select(m => Path.GetDirectoryName(m.Groups[1].Value.Replace('\\', '/'))!.Replace('\\', '/') + "/")
            .Where(folder => folder != "examples/DigitClassifier/"); // the example app is part of the examples/ row
        var folders = Directory.GetDirectories(Root).Select(Path.GetFileName).Where(n => !n!.StartsWith('.') && n is not ("bin" or "obj" or "TestResults"))
            .Select(n => n + "/");
        var missing = projects.Where(p => !listed.Contains(p))
            .Concat(folders.Where(f => !listed.Any(l => l.StartsWith(f, System.StringComparison.Ordinal)))).ToList();
        Assert.True(missing.Count == 0, "README layout table misses: " + string.Join(", ", missing));

        var gone = listed.Where(p => p.EndsWith('/') && !Directory.Exists(Path.Combine(Root, p))).ToList();
        Assert.True(gone.Count == 0, "README layout table lists folders that do not exist: " + string.Join(", ", gone));

        var docsRow = rows.Single(r => r.StartsWith("| `docs/`", System.StringComparison.Ordinal));
        var docs = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).ToList();
        var unlisted = docs.Where(d => !docsRow.Contains($"({d})", System.StringComparison.Ordinal)).ToList();
        Assert.True(unlisted.Count == 0, "README layout table's docs row misses: " + string.Join(", ", unlisted));
        var dead = Regex.Matches(docsRow, @"\((docs/[^)]+\.md)\)").Select(m => m.Groups[1].Value).Where(d => !File.Exists(Path.Combine(Root, d))).ToList();
        Assert.True(dead.Count == 0, "README layout table links docs that do not exist: " + string.Join(", ", dead));
    }
}
