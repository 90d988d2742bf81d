using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>The fitted constants, as cost-constants.tsv lines, and each grid row's estimate beside its measurement.</summary>
public sealed record FitResult(IReadOnlyList<string> Lines, IReadOnlyList<Residual> Residuals);

/// <summary>One grid row's estimate of one metric by the constants just fitted, beside what synthesis measured.</summary>
public sealed record Residual(int Id, string Device, string Metric, bool Holdout, double Estimate, double Measured)
{
    public double ErrorPercent => (Estimate - Measured) / Measured * 100;

    /// <summary>The error to a tenth of a percent, never "-0.0".</summary>
    public double RoundedErrorPercent => Math.Round(ErrorPercent, 1) is var e && e == 0 ? 0 : e;
}

/// <summary>
/// Least-squares fit of the area terms (<see cref="AreaFeatures"/>) to the grid's fit rows, per family for LUT and
/// FF and per iCE40 device for the clock period (docs/cost-model.md#calibration). Holdout rows never enter a fit.
/// A test refits the committed grid and requires the committed constants, so grid, model and constants cannot drift apart.
/// </summary>
public static class AreaFit
{
    public static FitResult Fit(IReadOnlyList<GridRow> grid, IReadOnlyList<MeasuredRow> measured)
    {
        var fitRows = grid.Where(g => !g.Holdout).ToDictionary(g => g.Id);
        var holdout = grid.Where(g => g.Holdout).ToDictionary(g => g.Id);
        var all = grid.ToDictionary(g => g.Id);
        var lines = new List<string>();
        var residuals = new List<Residual>();
        foreach (var family in new[] { FpgaFamily.Xilinx7, FpgaFamily.Ice40, FpgaFamily.Ecp5 })
        {
            var device = FpgaDevice.All.First(d => d.Family == family);
            var rows = measured.Where(m => m.Device == device.Name && fitRows.ContainsKey(m.Id)).OrderBy(m => m.Id).ToArray();
            var source = $"fitted to grid rows {Ranges(rows.Select(r => r.Id))} ({Tool(family)})";
            var held = measured.Where(m => m.Device == device.Name && holdout.ContainsKey(m.Id)).ToArray();
            foreach (var (metric, unit, features, of) in new (string, string, IReadOnlyList<Feature>, Func<FpgaArea, double>)[]
            {
                ("lut", "LUT", AreaFeatures.Lut, a => a.Lut), ("ff", "FF", AreaFeatures.Ff, a => a.Ff),
            })
            {
                var c = Coefficients(features, rows.Select(r => (fitRows[r.Id].Core, of(r.Area))), family);
                lines.AddRange(Lines($"{device.FamilyKey}.{metric}", unit, features, c, source));
                lines.Add(Band($"{device.FamilyKey}.band.{metric}", held.Select(h => (Predict(features, c, holdout[h.Id].Core, family), of(h.Area))), $"yosys 0.23 {device.Name}"));
                residuals.AddRange(measured.Where(m => m.Device == device.Name && all.ContainsKey(m.Id) && of(m.Area) > 0).OrderBy(m => m.Id)
                    .Select(m => new Residual(m.Id, device.Name, metric, all[m.Id].Holdout, Predict(features, c, all[m.Id].Core, family), of(m.Area))));
            }
        }

        foreach (var device in FpgaDevice.All.Where(d => d.TimingTool != null))
        {
            var rows = measured.Where(m => m.Device == device.Name && m.FmaxMHz is not null && fitRows.ContainsKey(m.Id)).OrderBy(m => m.Id).ToArray();
            var source = $"fitted to {device.TimingTool} on grid rows {Ranges(rows.Select(r => r.Id))}";
            var c = Coefficients(AreaFeatures.Period, rows.Select(r => (fitRows[r.Id].Core, 1000 / r.FmaxMHz!.Value)), device.Family);
            lines.AddRange(Lines($"{device.Name}.period", "ns", AreaFeatures.Period, c, source));
            var held = measured.Where(m => m.Device == device.Name && m.FmaxMHz is not null && holdout.ContainsKey(m.Id));
            lines.Add(Band($"{device.Name}.band.fmax", held.Select(h => (1000 / Predict(AreaFeatures.Period, c, holdout[h.Id].Core, device.Family), h.FmaxMHz!.Value)), device.TimingTool!));
            residuals.AddRange(measured.Where(m => m.Device == device.Name && m.FmaxMHz is not null && all.ContainsKey(m.Id)).OrderBy(m => m.Id)
                .Select(m => new Residual(m.Id, device.Name, "fmax", all[m.Id].Holdout, 1000 / Predict(AreaFeatures.Period, c, all[m.Id].Core, device.Family), m.FmaxMHz!.Value)));
        }

        return new FitResult(lines, residuals);
    }

    private static double[] Coefficients(IReadOnlyList<Feature> features, IEnumerable<(CoreShape Core, double Value)> rows, FpgaFamily family)
    {
        // Each row weighted by 1 / measured: the bands are relative, so a small core's error counts as much as a large one's.
        var data = rows.ToArray();
        var x = data.Select(r => features.Select(f => f.Of(r.Core, family) / r.Value).ToArray()).ToArray();
        return LeastSquares(x, data.Select(_ => 1.0).ToArray()).Select(c => Math.Round(c, 4)).ToArray();
    }

    private static IEnumerable<string> Lines(string prefix, string unit, IReadOnlyList<Feature> features, double[] coefficients, string source) =>
        features.Select((f, k) => string.Join("\t", $"{prefix}.{f.Name}", Round(coefficients[k]), unit, $"[M] {source}: {f.Meaning}"));

    private static double Predict(IReadOnlyList<Feature> features, double[] coefficients, CoreShape core, FpgaFamily family) =>
        features.Select((f, k) => coefficients[k] * f.Of(core, family)).Sum();

    // The band is the largest |estimate - measured| / measured over the holdout rows, rounded up to a whole percent.
    private static string Band(string key, IEnumerable<(double Estimate, double Measured)> held, string tool)
    {
        var errors = held.Where(h => h.Measured > 0).Select(h => Math.Abs(h.Estimate - h.Measured) / h.Measured * 100).ToArray();
        var band = errors.Length == 0 ? 100 : Math.Ceiling(errors.Max());
        return string.Join("\t", key, Round(band), "%", $"[M] largest error on the {errors.Length} holdout rows against {tool}");
    }

    /// <summary>Ordinary least squares by the normal equations; terms with no variation in the data get 0.</summary>
    public static double[] LeastSquares(double[][] x, double[] y)
    {
        var n = x.Length == 0 ? 0 : x[0].Length;
        var used = Enumerable.Range(0, n).Where(j => x.Select(r => r[j]).Distinct().Count() > 1 || x.All(r => r[j] == 1)).ToArray();
        var a = new double[used.Length, used.Length + 1];
        for (var i = 0; i < used.Length; i++)
        {
            for (var j = 0; j < used.Length; j++)
            {
                a[i, j] = x.Sum(r => r[used[i]] * r[used[j]]);
            }

            a[i, used.Length] = x.Select((r, k) => r[used[i]] * y[k]).Sum();
        }

        var solution = Solve(a, used.Length);
        var result = new double[n];
        for (var i = 0; i < used.Length; i++)
        {
            result[used[i]] = solution[i];
        }

        return result;
    }

    // Gauss-Jordan with partial pivoting on the augmented matrix.
    private static double[] Solve(double[,] a, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).OrderByDescending(r => Math.Abs(a[r, col])).First();
            for (var k = 0; k <= n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            if (Math.Abs(a[col, col]) < 1e-12)
            {
                continue; // a term the data cannot tell from the others keeps 0
            }

            for (var r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var factor = a[r, col] / a[col, col];
                for (var k = col; k <= n; k++)
                {
                    a[r, k] -= factor * a[col, k];
                }
            }
        }

        return Enumerable.Range(0, n).Select(i => Math.Abs(a[i, i]) < 1e-12 ? 0 : a[i, n] / a[i, i]).ToArray();
    }

    private static string Round(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Tool(FpgaFamily family) => family switch
    {
        FpgaFamily.Xilinx7 => "yosys 0.23 synth_xilinx -family xc7",
        FpgaFamily.Ice40 => "yosys 0.23 synth_ice40",
        _ => "yosys 0.23 synth_ecp5",
    };

    private static string Ranges(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().OrderBy(i => i).ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }

        return string.Join(",", parts);
    }
}
