using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Docs;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary><c>snnc new</c>: a file the checker accepts but for its missing weights, that train and eval then take as it is.</summary>
public sealed class NewCommandTests : IDisposable
{
    private static readonly string Images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
    private static readonly string Labels = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"snnc-new-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("dnsoc", null)]
    [InlineData("tinyodin", null)]
    [InlineData("mcu", null)]
    [InlineData("dnsoc", "128,64")]
    [InlineData("tinyodin", "128,64")]
    public void The_new_file_passes_check_but_for_the_weights_file_train_writes(string target, string? hidden)
    {
        var snn = New("Digits", target, hidden);

        var (exit, output, _) = Run("check", snn, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var codes = json.RootElement.GetProperty("files")[0].GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Equal("SNN0401", code));
    }

    [Theory]
    [InlineData("dnsoc")]
    [InlineData("tinyodin")]
    [InlineData("mcu")]
    public void Train_then_eval_take_the_new_file_as_it_is(string target)
    {
        var snn = New("Digits", target);

        var train = Run("train", snn, "--images", Images, "--labels", Labels, "--validation", "100", "--limit", "200", "--epochs", "1");
        Assert.True(train.Exit == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(folder, "Digits.w.txt")));
        Assert.Equal(0, Run("check", snn).Exit);

        var eval = Run("eval", snn, "--images", Images, "--labels", Labels);
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Contains("accuracy", eval.Output);
    }

    [Fact]
    public void Every_docs_section_the_comments_point_at_exists()
    {
        var text = File.ReadAllText(New("Digits", "tinyodin"));

        var links = Regex.Matches(text, @"docs/([a-z-]+\.md)#([a-z0-9-]+)").Select(m => (Page: m.Groups[1].Value, Anchor: m.Groups[2].Value)).ToList();

        Assert.Contains(links, l => l.Page == "language.md" && l.Anchor == "tinyodin");
        Assert.All(links, l => Assert.Contains(l.Anchor, Markdown.Anchors(Markdown.Read(l.Page))));
    }

    [Fact]
    public void An_existing_file_is_kept_unless_force_is_given()
    {
        Directory.CreateDirectory(folder);
        var snn = Path.Combine(folder, "Digits.snn");
        File.WriteAllText(snn, "// mine\n");

        var refused = Run("new", "Digits", "-o", folder);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("already exists; give --force", refused.Error);
        Assert.Equal("// mine\n", File.ReadAllText(snn));

        Assert.Equal(0, Run("new", "Digits", "-o", folder, "--force").Exit);
        Assert.Contains("network Digits {", File.ReadAllText(snn));
    }

    [Theory]
    [InlineData(new[] { "Big", "--target", "tinyodin", "--hidden", "300" }, "error SNN0309: the tinyodin target has 256 neurons, but layer 'hidden' has 300")]
    [InlineData(new[] { "9lives" }, "'9lives' cannot name a network")]
    [InlineData(new[] { "Net", "--hidden", "64,x" }, "--hidden '64,x': give one or more layer sizes")]
    public void Bad_names_and_sizes_are_refused_and_nothing_is_written(string[] args, string message)
    {
        var (exit, _, error) = Run(new[] { "new" }.Concat(args).Concat(new[] { "-o", folder }).ToArray());

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }

    private string New(string name, string target, string? hidden = null)
    {
        var (exit, output, error) = Run(new[] { "new", name, "--target", target, "-o", folder }.Concat(hidden is null ? Array.Empty<string>() : new[] { "--hidden", hidden }).ToArray());
        Assert.True(exit == 0, error);
        Assert.Contains($"next: ./snnc train {Path.Combine(folder, name + ".snn")}", output);
        return Path.Combine(folder, name + ".snn");
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
