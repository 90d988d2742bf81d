using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Cli.Sweeps;
using DnSoc.Dsl.Language.Cost;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc sweep SPEC</c>: every point of a design-space sweep trained, evaluated and costed, cached by content, on this
/// machine (<c>--jobs</c>), one point at a time (<c>--point</c>), or on a Slurm cluster (<c>--slurm</c>, then
/// <c>--collect</c>); the table as CSV and JSON, and with <c>--report</c> the figures and methods (docs/sweep.md).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm, TerminalInfo terminal)
    {
        var spec = new Argument<string>("spec") { Description = "a sweep spec (JSON, docs/sweep.md)" };
        var results = new Option<string?>("--results") { Description = "the results folder (default: SPEC's name with .results, beside it); shared by every task of a cluster run" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "points computed at once (each trains on two threads)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var point = new Option<int?>("--point") { Description = "compute only point N (from 0, as numbered in the table) into the results folder" };
        var slurm = new Option<string?>("--slurm") { Description = "write a Slurm job array (one task per point) into this folder instead of computing" };
        var snnc = new Option<string?>("--snnc") { Description = "with --slurm: the command the tasks run snnc with (default: this repository's ./snnc launcher)" };
        var collect = new Option<bool>("--collect") { Description = "compute nothing: merge the points' results (e.g. of a Slurm run) into the table; fails naming the points not done" };
        var report = new Option<string?>("--report") { Description = "also write sweep.html and sweep.md with the figures, the table and the methods into this folder" };
        var json = SnncApp.JsonOption();
        var command = new Command("sweep", "Train, evaluate and cost every point of a design-space sweep (hidden sizes, widths, timesteps, targets, policies); cached, resumable, parallel, or on Slurm")
        {
            spec, results, jobs, point, slurm, snnc, collect, report, json,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(spec)!;
            var parsed = SweepSpec.Parse(path, InputFiles.ReadText(path, InputFiles.MaxSnnBytes));
            var points = parsed.Points();
            var folder = Path.GetFullPath(result.GetValue(results) ?? Path.ChangeExtension(parsed.Path, ".results"));
            if (result.GetValue(slurm) is { } scriptFolder)
            {
                OutputFolder.Create(scriptFolder);
                var logs = Path.GetFullPath(Path.Combine(scriptFolder, "logs"));
                Directory.CreateDirectory(logs);
                var script = Path.Combine(scriptFolder, SlurmScript.FileName);
                File.WriteAllText(script, SlurmScript.Text(parsed, points.Count, folder, logs, result.GetValue(snnc) ?? Launcher()));
                output.WriteLine($"wrote {script}: {points.Count} array tasks into {folder}; submit it with sbatch, then run snnc sweep {path} --collect --results {folder}");
                return 0;
            }

            if (result.GetValue(jobs) < 1)
            {
                throw new InputException($"--jobs {result.GetValue(jobs)}: run at least 1 point at a time");
            }

            var selected = points;
            if (result.GetValue(point) is { } n)
            {
                selected = n >= 0 && n < points.Count ? new[] { points[n] } : throw new InputException($"--point {n}: {path} has points 0 to {points.Count - 1}");
            }

            var synchronized = TextWriter.Synchronized(error);
            var runner = new PointRunner(parsed, SweepData.Load(parsed, npm), folder, synchronized);
            var progress = ConsoleProgress.For(synchronized, terminal, result.GetValue(json));
            var done = result.GetValue(collect) ? Collect(runner, selected) : new SweepRun(runner, progress).Run(selected, points.Count, result.GetValue(jobs));
            var rows = done.Select(d => d.Row).ToList();
            var written = new List<string>();
            if (result.GetValue(point) is null)
            {
                written.Add(Path.Combine(folder, "table.csv"));
                written.Add(Path.Combine(folder, "table.json"));
                File.WriteAllText(written[0], SweepTable.Csv(rows));
                File.WriteAllText(written[1], SweepTable.Json(rows));
            }

            if (result.GetValue(report) is { } reportFolder)
            {
                written.AddRange(SweepReport.Write(parsed, rows, reportFolder));
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Spec = parsed.Path, Results = folder, Points = rows, Written = written });
                return 0;
            }

            CostReport.PrintTable(Summary(rows), output);
            written.ForEach(w => output.WriteLine("wrote " + w));
            return 0;
        });
        return command;
    }

    /// <summary>The points' results from their folders; the points without one are the user's to run first.</summary>
    private static IReadOnlyList<PointResult> Collect(PointRunner runner, IReadOnlyList<SweepPoint> points)
    {
        var found = points.Select(p => runner.Cached(p, runner.Key(p))).ToList();
        var missing = points.Where((p, k) => found[k] is null).Select(p => p.Index.ToString(CultureInfo.InvariantCulture)).ToList();
        return missing.Count == 0 ? found.Select(f => f!).ToList()
            : throw new InputException($"--collect: point(s) {string.Join(", ", missing)} have no result yet; run them (--point N, or without --collect) first");
    }

    private static (string[] Header, string[][] Rows) Summary(IReadOnlyList<SweepRow> rows) =>
        (new[] { "point", "hidden", "weights", "T", "target", "device", "policy", "accuracy", "LUT", "energy/inference", "latency" },
         rows.Select(r => new[]
         {
             r.Point.ToString(CultureInfo.InvariantCulture), r.Hidden, r.WeightBits, r.Timesteps.ToString(CultureInfo.InvariantCulture), r.Target, r.Device, r.Policy,
             r.AccuracyPercent.ToString("0.00", CultureInfo.InvariantCulture) + " %", r.Lut?.ToString("#,0", CultureInfo.InvariantCulture) ?? "-",
             CostFormat.Si(r.EnergyJoules, "J"), CostFormat.Si(r.LatencySeconds, "s"),
         }).ToArray());

    /// <summary>The repository's ./snnc launcher, absolute, for cluster nodes that share the file system; else snnc on PATH.</summary>
    private static string Launcher() => DataCache.RepositoryRoot() is { } root ? Path.Combine(root, "snnc") : "snnc";
}
