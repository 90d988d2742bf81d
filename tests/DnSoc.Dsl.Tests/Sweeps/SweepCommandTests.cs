using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Tests.Data;

namespace DnSoc.Dsl.Tests.Sweeps;

/// <summary><c>snnc sweep</c> end to end on a tiny sweep: the table, the report, the cache, one point, collecting, an interrupted run.</summary>
public sealed class SweepCommandTests
{
    [Fact]
    public void A_sweep_writes_the_table_and_report_and_each_row_is_what_snnc_eval_measures_on_the_point()
    {
        using var sweep = new TinySweep();
        var report = Path.Combine(sweep.Folder, "report");

        var (exit, output, error) = sweep.Run("--report", report);

        Assert.True(exit == 0, error);
        var rows = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Results, "table.json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(new[] { "4", "8" }, rows.Select(r => r.GetProperty("hidden").GetString()));
        var csv = File.ReadAllLines(Path.Combine(sweep.Results, "table.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("point,key,network,dataset,hidden,weight_bits,membrane_bits,timesteps,", csv[0]);
        Assert.Contains("lut_band", csv[0]);
        foreach (var file in new[] { "sweep.html", "sweep.md", "sweep-accuracy-lut.svg", "sweep-accuracy-lut.png", "sweep-accuracy-energy.png", "sweep-accuracy-latency.png", "sweep-accuracy-bram.png" })
        {
            Assert.True(File.Exists(Path.Combine(report, file)), file);
        }

        var markdown = File.ReadAllText(Path.Combine(report, "sweep.md"));
        Assert.Contains("1 epochs, seed 1", markdown);
        Assert.Contains("energy band", markdown);
        Assert.Contains("wrote " + Path.Combine(sweep.Results, "table.csv"), output);

        foreach (var row in rows)
        {
            var snn = Path.Combine(sweep.Results, "points", row.GetProperty("key").GetString()!, "point.snn");
            var eval = TinySweep.Snnc("eval", snn, "--images", Fixture.ImagesPath, "--labels", Fixture.LabelsPath, "--json");
            Assert.True(eval.Exit == 0, eval.Error);
            var measured = JsonDocument.Parse(eval.Output).RootElement;
            Assert.Equal(measured.GetProperty("accuracy").GetDouble(), row.GetProperty("accuracy_percent").GetDouble());
            Assert.Equal(measured.GetProperty("sops_per_image").GetDouble(), row.GetProperty("sops_per_image").GetDouble());
            Assert.Equal(measured.GetProperty("energy_joules_per_image").GetDouble(), row.GetProperty("energy_joules").GetDouble());
            Assert.Equal(measured.GetProperty("images").GetInt32(), row.GetProperty("test_images").GetInt32());
        }
    }

    [Fact]
    public void A_second_run_recomputes_nothing_and_one_point_then_collect_gives_the_same_table()
    {
        using var sweep = new TinySweep();
        var first = sweep.Run();
        Assert.True(first.Exit == 0, first.Error);
        var table = File.ReadAllText(Path.Combine(sweep.Results, "table.csv"));
        var written = sweep.ResultFiles.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = sweep.Run();

        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(2, again.Error.Split('\n').Count(l => l.Contains("): cached in ", StringComparison.Ordinal)));
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
        Assert.Equal(table, File.ReadAllText(Path.Combine(sweep.Results, "table.csv")));

        File.Delete(Path.Combine(sweep.Results, "table.csv"));
        Directory.Delete(Path.GetDirectoryName(sweep.ResultFiles[0])!, recursive: true);
        var missing = sweep.Run("--collect");
        Assert.Equal(1, missing.Exit);
        Assert.Matches(@"^error: --collect: point\(s\) [01] have no result yet; run them", missing.Error);
        Assert.False(File.Exists(Path.Combine(sweep.Results, "table.csv")));

        foreach (var point in new[] { "0", "1" })
        {
            var one = sweep.Run("--point", point);
            Assert.True(one.Exit == 0, one.Error);
            Assert.False(File.Exists(Path.Combine(sweep.Results, "table.csv"))); // one point alone writes no table
        }

        var collected = sweep.Run("--collect");
        Assert.True(collected.Exit == 0, collected.Error);
        Assert.Equal(table, File.ReadAllText(Path.Combine(sweep.Results, "table.csv")));
    }

    [Fact]
    public void A_sweep_killed_after_its_first_point_continues_without_redoing_it()
    {
        using var sweep = new TinySweep("\"hidden\": [4, 6, 8]");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "snnc.dll"), "sweep", sweep.Spec, "--results", sweep.Results, "--jobs", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        DateTime finished;
        string firstResult;
        using (var process = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            while (sweep.ResultFiles.Length == 0 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                System.Threading.Thread.Sleep(50);
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            firstResult = Assert.Single(sweep.ResultFiles);
            finished = File.GetLastWriteTimeUtc(firstResult);
        }

        var resumed = sweep.Run("--jobs", "1");

        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Single(resumed.Error.Split('\n'), l => l.Contains("): cached in ", StringComparison.Ordinal));
        Assert.Equal(2, resumed.Error.Split('\n').Count(l => l.Contains("trained in", StringComparison.Ordinal)));
        Assert.Equal(finished, File.GetLastWriteTimeUtc(firstResult));
        Assert.Equal(3, sweep.ResultFiles.Length);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(sweep.Results, "table.csv")).Length);
    }

    [Fact]
    public void Tandem_epochs_train_each_point_on_in_tandem_and_the_report_says_so()
    {
        using var sweep = new TinySweep("\"hidden\": [8]");
        File.WriteAllText(sweep.Spec, File.ReadAllText(sweep.Spec).Replace("\"validation\": 50 }", "\"validation\": 50, \"tandem_epochs\": 1 }", StringComparison.Ordinal));
        var report = Path.Combine(sweep.Folder, "report");

        var (exit, _, error) = sweep.Run("--report", report);

        Assert.True(exit == 0, error);
        var row = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Results, "table.json"))).RootElement.EnumerateArray().Single();
        var folder = Path.Combine(sweep.Results, "points", row.GetProperty("key").GetString()!);
        Assert.Contains("1 epochs, kept epoch 1 (best validation accuracy), then 1 epochs of tandem training at learning rate 0.0005, kept epoch 1", File.ReadAllText(Path.Combine(folder, "point.w.txt")));
        Assert.Contains("then 1 epochs of tandem training at 0.0005", File.ReadAllText(Path.Combine(report, "sweep.md")));
        var eval = TinySweep.Snnc("eval", Path.Combine(folder, "point.snn"), "--images", Fixture.ImagesPath, "--labels", Fixture.LabelsPath, "--json");
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Equal(JsonDocument.Parse(eval.Output).RootElement.GetProperty("accuracy").GetDouble(), row.GetProperty("accuracy_percent").GetDouble());
    }

    [Fact]
    public void Tandem_epochs_on_a_point_the_kernel_cannot_run_is_one_error_line_before_anything_is_written()
    {
        using var sweep = new TinySweep("\"hidden\": [4], \"target\": [\"mcu(core: cortex_m4, clock: 80 MHz)\"], \"membrane_bits\": [20]");
        File.WriteAllText(sweep.Spec, File.ReadAllText(sweep.Spec).Replace("\"validation\": 50 }", "\"validation\": 50, \"tandem_epochs\": 1 }", StringComparison.Ordinal));

        var (exit, _, error) = sweep.Run();

        Assert.Equal(1, exit);
        Assert.StartsWith("error: point 0 (hidden 4, 20-bit membranes, target mcu(core: cortex_m4, clock: 80 MHz), xc7): training.tandem_epochs: tandem training runs the network per event", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(sweep.Results) && Directory.EnumerateFileSystemEntries(sweep.Results, "*", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData("\"axes\": { \"hiden\": [4] }", "tiny.spec: $.axes.hiden is not a key of a sweep spec (line ")]
    [InlineData("\"axes\": { \"device\": [\"xc9\"] }", "tiny.spec: unknown device 'xc9' in axes.device; use one of xc7, ice40-up5k, ice40-hx8k, ecp5")]
    [InlineData("\"axes\": { \"hidden\": [0] }", "tiny.spec: axes.hidden holds 0; every count, size and width must be at least 1")]
    [InlineData("\"axes\": { \"hidden\": [[4, 4]] }", "hidden [4, 4] gives 2 size(s);")]
    [InlineData("\"dataset\": \"cifar\"", "unknown data set 'cifar': use mnist or fashion-mnist")]
    [InlineData("\"training\": { \"tandem_epochs\": -1 }", "tiny.spec: training.tandem_epochs must be 0 (none) or more")]
    public void A_bad_spec_is_one_error_line_and_nothing_is_written(string entry, string message)
    {
        using var sweep = new TinySweep();
        var spec = JsonDocument.Parse(File.ReadAllText(sweep.Spec)).RootElement.EnumerateObject()
            .Where(p => p.Name != "files" || !entry.Contains("dataset", StringComparison.Ordinal))
            .Where(p => !entry.StartsWith($"\"{p.Name}\"", StringComparison.Ordinal))
            .Select(p => $"\"{p.Name}\": {p.Value.GetRawText()}").Append(entry);
        File.WriteAllText(sweep.Spec, "{" + string.Join(",", spec) + "}");

        var (exit, _, error) = sweep.Run();

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(sweep.Results) && Directory.EnumerateFileSystemEntries(sweep.Results).Any());
    }
}
