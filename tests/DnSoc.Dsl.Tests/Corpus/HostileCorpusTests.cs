using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Corpus;

/// <summary>
/// The hostile-input corpus of tests/hostile (its README has the format): every case through the core and
/// through snnc in process, each with its expected line, in bounded time, and never a stack trace.
/// </summary>
public class HostileCorpusTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("tests", "hostile"), "*.txt").Order(StringComparer.Ordinal))
        {
            var count = HostileCase.Parse(File.ReadAllLines(file)).Count;
            for (var k = 0; k < count; k++)
            {
                data.Add(Path.GetFileName(file), k);
            }
        }

        return data;
    }

    [Fact]
    public void There_is_one_file_per_defect_of_the_audit()
    {
        var names = Directory.GetFiles(RepoPaths.Combine("tests", "hostile"), "*.txt").Select(Path.GetFileName).ToList();
        for (var defect = 1; defect <= 10; defect++)
        {
            Assert.Single(names, n => n!.StartsWith(defect.ToString("00", CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_case_gets_its_expected_answer_from_core_and_cli(string file, int index)
    {
        var hostile = HostileCase.Parse(File.ReadAllLines(RepoPaths.Combine("tests", "hostile", file)))[index];
        var folder = Path.Combine(Path.GetTempPath(), "snnc-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            hostile.Materialise(folder);
            var answers = new List<(string Who, string Text)>();
            if (hostile.Core is { } core)
            {
                answers.Add(("core", WithinLimit(() => Core(core.Kind, Path.Combine(folder, core.File)), $"{file} #{index} core")));
            }

            var (exit, output) = WithinLimit(() => Cli(hostile.Arguments.Select(a => a.StartsWith('@') ? Path.Combine(folder, a[1..]) : a).ToArray()), $"{file} #{index} cli");
            answers.Add(("cli", output));
            Assert.True(exit == hostile.Exit, $"{hostile.Title}: exit {exit}, expected {hostile.Exit}\n{output}");
            foreach (var (who, text) in answers)
            {
                Assert.DoesNotContain("   at ", text);
                foreach (var expected in hostile.Expected)
                {
                    Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{hostile.Title}: the {who} did not say '{expected}':\n{Shorten(text)}");
                }

                foreach (var rejected in hostile.Rejected)
                {
                    Assert.False(text.Contains(rejected, StringComparison.Ordinal), $"{hostile.Title}: the {who} said '{rejected}':\n{Shorten(text)}");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static T WithinLimit<T>(Func<T> run, string what)
    {
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(run, TaskCreationOptions.LongRunning);
        Assert.True(task.Wait(Limit), $"{what} took more than {Limit.TotalSeconds} s");
        Assert.True(clock.Elapsed < Limit, $"{what}: {clock.Elapsed.TotalSeconds:F1} s");
        return task.Result;
    }

    private static (int Exit, string Output) Cli(string[] args)
    {
        var output = new StringWriter();
        var exit = SnncApp.Run(args, output, output);
        return (exit, output.ToString());
    }

    /// <summary>What the core says of the file: diagnostics, a blob's verdict, or the IDX reader's error.</summary>
    private static string Core(string kind, string path)
    {
        switch (kind)
        {
            case "snn":
                var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
                return string.Join("\n", SnnCompiler.Compile(new SourceFile(path, text), new DiskFileResolver(path)).Diagnostics);
            case "blob":
                var error = BlobImage.Check(File.ReadAllBytes(path));
                return $"error {(int)error} ({error})";
            case "images":
            case "labels":
                try
                {
                    var bytes = File.ReadAllBytes(path);
                    return kind == "images" ? $"{Idx.ReadImages(bytes, path).Count} images" : $"{Idx.ReadLabels(bytes, path).Length} labels";
                }
                catch (IdxFormatException e)
                {
                    return e.Message;
                }

            default:
                throw new InvalidDataException($"unknown core kind '{kind}'");
        }
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}
