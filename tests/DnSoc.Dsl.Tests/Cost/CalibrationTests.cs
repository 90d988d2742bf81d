using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Synthesis;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Rtl;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Cost;

/// <summary>
/// The area and timing models against open synthesis (docs/cost-model.md#validation): the committed grid
/// (hardware/calibration) has enough rows, the committed constants are what fitting it gives, the holdout rows are
/// within the bounds, and a re-synthesis of a few rows still gives the committed measurements.
/// </summary>
public sealed class CalibrationTests
{
    private static readonly string Folder = RepoPaths.Combine("hardware", "calibration");
    private static readonly IReadOnlyList<GridRow> Grid = CalibrationGrid.ParseGrid(File.ReadAllText(Path.Combine(Folder, "grid.tsv")));
    private static readonly IReadOnlyList<MeasuredRow> Measured = CalibrationGrid.ParseMeasured(File.ReadAllText(Path.Combine(Folder, "measured.tsv")));
    private readonly ITestOutputHelper output;

    public CalibrationTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void The_grid_has_thirty_fit_and_ten_holdout_rows_each_measured_on_every_device()
    {
        Assert.True(Grid.Count(g => !g.Holdout) >= 30, "at least 30 rows to fit");
        Assert.True(Grid.Count(g => g.Holdout) >= 10, "at least 10 rows never fitted");
        foreach (var g in Grid)
        {
            foreach (var device in FpgaDevice.All)
            {
                Assert.Single(Measured, m => m.Id == g.Id && m.Device == device.Name);
            }
        }
    }

    [Fact]
    public void The_committed_constants_are_the_fit_of_the_committed_grid()
    {
        foreach (var line in AreaFit.Fit(Grid, Measured).Lines)
        {
            var fields = line.Split('\t');
            Assert.True(CostConstants.Get(fields[0]) == double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture),
                $"{fields[0]} is {CostConstants.Get(fields[0])} in cost-constants.tsv, the grid fits {fields[1]}: run hardware/calibration/regenerate.sh and refit");
        }
    }

    /// <summary>
    /// The bounds where the model meets them: FF within 10 % on xc7 and iCE40, LUT within 10 % on iCE40 and ECP5,
    /// iCE40 Fmax within 15 % (BRAM and DSP: exact on every row, holdout included, in Bram_and_dsp_are_exact_on_every_grid_row).
    /// xc7 LUT (11 %) and ECP5 FF (16 %) do not meet 10 % yet; their bands are what reports print, checked by the next test.
    /// </summary>
    [Fact]
    public void On_the_holdout_rows_ff_and_ice40_and_ecp5_lut_are_within_ten_percent_and_ice40_fmax_within_fifteen()
    {
        var wrong = new List<string>();
        foreach (var (g, device, m, estimate) in Holdout())
        {
            var tenPercent = device.Family switch
            {
                FpgaFamily.Ice40 => new[] { ("LUT", estimate.Lut, m.Area.Lut), ("FF", estimate.Ff, m.Area.Ff) },
                FpgaFamily.Xilinx7 => new[] { ("FF", estimate.Ff, m.Area.Ff) },
                _ => new[] { ("LUT", estimate.Lut, m.Area.Lut) },
            };
            foreach (var (metric, estimated, measured) in tenPercent.Where(t => Math.Abs(Error(t.Item2, t.Item3)) > 10))
            {
                wrong.Add($"row {g.Id} {device.Name}: {metric} {estimated:0} estimated, {measured} measured ({Error(estimated, measured):+0.0;-0.0} %)");
            }

            if (m.FmaxMHz is { } fmax && FpgaCoreModel.FmaxHz(g.Core, device)!.Value / 1e6 is var fmaxEstimate && Math.Abs(Error(fmaxEstimate, fmax)) > 15)
            {
                wrong.Add($"row {g.Id} {device.Name}: Fmax {fmaxEstimate:0.0} estimated, {fmax} MHz measured");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>The band every report prints beside LUT, FF and Fmax covers each holdout row's error on each device.</summary>
    [Fact]
    public void Every_holdout_error_lies_within_the_band_the_reports_print()
    {
        var rows = new List<string>();
        var wrong = new List<string>();
        foreach (var (g, device, m, estimate) in Holdout())
        {
            var checks = new List<(string Metric, double Estimate, double Measured, string Band)>
            {
                ("LUT", estimate.Lut, m.Area.Lut, $"{device.FamilyKey}.band.lut"),
                ("FF", estimate.Ff, m.Area.Ff, $"{device.FamilyKey}.band.ff"),
            };
            if (m.FmaxMHz is { } fmax)
            {
                checks.Add(("Fmax", FpgaCoreModel.FmaxHz(g.Core, device)!.Value / 1e6, fmax, $"{device.Name}.band.fmax"));
            }

            foreach (var (metric, estimated, measured, band) in checks)
            {
                var error = Error(estimated, measured);
                rows.Add($"row {g.Id} {device.Name} {metric}: {estimated:0.#} estimated, {measured} measured, {error:+0.0;-0.0} % (band {CostConstants.Get(band)} %)");
                if (Math.Abs(error) > CostConstants.Get(band))
                {
                    wrong.Add(rows[^1]);
                }
            }
        }

        output.WriteLine(string.Join("\n", rows));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>What <c>snnc calibrate --fit --residuals</c> prints is the model's own error, row by row, fit and holdout rows alike.</summary>
    [Fact]
    public void The_fits_residuals_are_the_errors_of_the_model_reports_use()
    {
        var residuals = AreaFit.Fit(Grid, Measured).Residuals;
        // LUT and FF on xc7, iCE40 and ECP5; Fmax where nextpnr placed the core on an iCE40 device.
        Assert.Equal((Grid.Count * 3 * 2) + Measured.Count(m => m.FmaxMHz is not null), residuals.Count);
        foreach (var r in residuals)
        {
            var core = Grid.Single(g => g.Id == r.Id).Core;
            var device = FpgaDevice.Find(r.Device)!;
            var model = r.Metric switch
            {
                "lut" => FpgaCoreModel.Area(core, device).Lut,
                "ff" => FpgaCoreModel.Area(core, device).Ff,
                _ => FpgaCoreModel.FmaxHz(core, device)!.Value / 1e6,
            };
            Assert.True(Math.Abs(model - r.Estimate) < 1e-6 * Math.Abs(model), $"row {r.Id} {r.Device} {r.Metric}: the fit says {r.Estimate}, the model {model}");
            Assert.Equal(Grid.Single(g => g.Id == r.Id).Holdout, r.Holdout);
        }
    }

    private static IEnumerable<(GridRow Row, FpgaDevice Device, MeasuredRow Measured, FpgaArea Estimate)> Holdout() =>
        from g in Grid.Where(g => g.Holdout)
        from device in FpgaDevice.All
        let m = Measured.Single(r => r.Id == g.Id && r.Device == device.Name)
        select (g, device, m, FpgaCoreModel.Area(g.Core, device));

    [Fact]
    public void Bram_and_dsp_are_exact_on_every_grid_row()
    {
        var wrong = new List<string>();
        foreach (var m in Measured)
        {
            var core = Grid.Single(g => g.Id == m.Id).Core;
            var estimate = FpgaCoreModel.Area(core, FpgaDevice.Find(m.Device)!);
            if (m.Area.Bram != estimate.Bram || m.Area.Dsp != estimate.Dsp)
            {
                wrong.Add($"row {m.Id} {m.Device}: BRAM {estimate.Bram} estimated, {m.Area.Bram} measured; DSP {estimate.Dsp} estimated, {m.Area.Dsp} measured");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Like the parser's drift check: the RTL changed and the grid was not regenerated.</summary>
    [RtlTheory("yosys")]
    [InlineData(1)]
    [InlineData(33)]
    public void A_fresh_synthesis_of_a_grid_row_still_gives_the_committed_counts(int id)
    {
        var core = Grid.Single(g => g.Id == id).Core;
        var folder = Path.Combine(Path.GetTempPath(), $"dnsoc-calibration-{Environment.ProcessId}-{id}");
        try
        {
            foreach (var family in new[] { FpgaFamily.Xilinx7, FpgaFamily.Ice40, FpgaFamily.Ecp5 })
            {
                var result = CoreSynthesis.Run(core, family, Array.Empty<FpgaDevice>(), Path.Combine(folder, family.ToString()));
                var committed = Measured.First(m => m.Id == id && FpgaDevice.Find(m.Device)!.Family == family).Area;
                Assert.True(committed == result.Area, $"grid row {id} on {family}: synthesis now gives {result.Area}, measured.tsv has {committed}; run hardware/calibration/regenerate.sh (delete measured.tsv first) and refit");
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Fitting_a_table_with_no_measured_fit_rows_says_to_synthesize_first_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var measured = Path.Combine(folder.Path, "measured.tsv");
        File.WriteAllText(measured, CalibrationGrid.MeasuredHeader + "\n");
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = DnSoc.Dsl.Cli.SnncApp.Run(new[] { "calibrate", Path.Combine(Folder, "grid.tsv"), "-o", measured, "--fit" }, output, error);
        Assert.Equal(1, exit);
        Assert.Contains("no fit row is measured for xc7, ice40-up5k, ice40-hx8k, ecp5", error.ToString());
        Assert.Contains("without --fit", error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    private static double Error(double estimate, double measured) => (estimate - measured) / measured * 100;
}
