using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>
/// Runs a sweep's points on this machine, <c>jobs</c> at a time: cached points are reported and skipped, the others
/// computed, with a progress line (the pending points' share done, an ETA, each running point's share and ETA) and a
/// line per finished point. Points that share a key are computed once.
/// </summary>
internal sealed class SweepRun(PointRunner runner, ConsoleProgress progress)
{
    private readonly object gate = new();
    private readonly Dictionary<int, (double Fraction, Stopwatch Clock)> running = new();
    private int finished;
    private int pending;

    /// <summary>
    /// The results of <paramref name="points"/> (of the <paramref name="total"/> in the spec) in their order; throws the
    /// first point's error after every other point has finished.
    /// </summary>
    public IReadOnlyList<PointResult> Run(IReadOnlyList<SweepPoint> points, int total, int jobs)
    {
        var keyed = points.Select(p => (Point: p, Key: runner.Key(p))).ToList();
        var results = new Dictionary<int, PointResult>();
        foreach (var (point, key) in keyed)
        {
            if (runner.Cached(point, key) is { } done)
            {
                results[point.Index] = done;
                progress.WriteLine($"point {point.Index} of {total} ({point.Label}): cached in {runner.Folder(key)}, accuracy {done.Row.AccuracyPercent:0.00} %");
            }
        }

        var todo = keyed.Where(k => !results.ContainsKey(k.Point.Index)).GroupBy(k => k.Key).ToList();
        pending = todo.Count;
        var failures = new List<Exception>();
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = jobs }, group =>
        {
            var (point, key) = group.First();
            try
            {
                var result = runner.Run(point, key, new Part(this, point.Index));
                lock (gate)
                {
                    running.Remove(point.Index);
                    finished++;
                    foreach (var (same, _) in group)
                    {
                        results[same.Index] = result with { Row = result.Row with { Point = same.Index } };
                    }
                }

                progress.WriteLine($"point {point.Index} of {total} ({point.Label}): accuracy {result.Row.AccuracyPercent:0.00} %, " +
                    $"trained in {ConsoleProgress.Duration(TimeSpan.FromSeconds(result.TrainSeconds))}, evaluated in {ConsoleProgress.Duration(TimeSpan.FromSeconds(result.EvalSeconds))}");
            }
            catch (Exception e) when (e is InputException or System.IO.IOException)
            {
                lock (gate)
                {
                    running.Remove(point.Index);
                    failures.Add(e);
                }
            }
        });
        progress.Clear();
        return failures.Count > 0 ? throw failures[0] : points.Select(p => results[p.Index]).ToList();
    }

    private void Report(int point, double fraction)
    {
        string status;
        double overall;
        lock (gate)
        {
            running[point] = (fraction, running.TryGetValue(point, out var state) ? state.Clock : Stopwatch.StartNew());
            overall = (finished + running.Values.Sum(r => r.Fraction)) / Math.Max(1, pending);
            status = $"{finished}/{pending} done; " + string.Join(", ", running.OrderBy(r => r.Key).Select(r => $"point {r.Key} {r.Value.Fraction:P0} ETA {Eta(r.Value.Fraction, r.Value.Clock)}"));
        }

        progress.Report(overall, status);
    }

    private static string Eta(double fraction, Stopwatch clock) =>
        fraction > 0 ? ConsoleProgress.Duration(TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (1 - fraction) / fraction)) : "?";

    private sealed class Part(SweepRun run, int point) : IProgress<double>
    {
        public void Report(double value) => run.Report(point, value);
    }
}
