using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Synthesis;
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

    [Fact]
    public void On_the_holdout_rows_lut_and_ff_are_within_ten_percent_bram_and_dsp_exact_and_ice40_fmax_within_fifteen()
    {
        var rows = new List<string>();
        foreach (var g in Grid.Where(g => g.Holdout))
        {
            foreach (var device in FpgaDevice.All)
            {
                var m = Measured.Single(r => r.Id == g.Id && r.Device == device.Name);
                var estimate = FpgaCoreModel.Area(g.Core, device);
                rows.Add($"row {g.Id} {device.Name}: LUT {estimate.Lut:0}/{m.Area.Lut} FF {estimate.Ff:0}/{m.Area.Ff} BRAM {estimate.Bram}/{m.Area.Bram} DSP {estimate.Dsp}/{m.Area.Dsp}" +
                         (m.FmaxMHz is { } f ? $" Fmax {FpgaCoreModel.FmaxHz(g.Core, device) / 1e6:0.0}/{f:0.0} MHz" : string.Empty));
                Assert.InRange(Error(estimate.Lut, m.Area.Lut), -10, 10);
                Assert.InRange(Error(estimate.Ff, m.Area.Ff), -10, 10);
                Assert.Equal(m.Area.Bram, estimate.Bram);
                Assert.Equal(m.Area.Dsp, estimate.Dsp);
                if (m.FmaxMHz is { } fmax)
                {
                    Assert.InRange(Error(FpgaCoreModel.FmaxHz(g.Core, device)!.Value / 1e6, fmax), -15, 15);
                }
            }
        }

        output.WriteLine(string.Join("\n", rows));
    }

    [Fact]
    public void Bram_and_dsp_are_exact_on_every_grid_row()
    {
        foreach (var m in Measured)
        {
            var core = Grid.Single(g => g.Id == m.Id).Core;
            var estimate = FpgaCoreModel.Area(core, FpgaDevice.Find(m.Device)!);
            Assert.True(m.Area.Bram == estimate.Bram, $"row {m.Id} {m.Device}: {estimate.Bram} estimated, {m.Area.Bram} measured BRAM");
            Assert.True(m.Area.Dsp == estimate.Dsp, $"row {m.Id} {m.Device}: {estimate.Dsp} estimated, {m.Area.Dsp} measured DSP");
        }
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
            foreach (var family in new[] { FpgaFamily.Xilinx7, FpgaFamily.Ice40 })
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

    private static double Error(double estimate, double measured) => (estimate - measured) / measured * 100;
}
