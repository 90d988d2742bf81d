using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Synthesis;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc calibrate GRID -o MEASURED</c>: synthesizes every row of the calibration grid (hardware/calibration) for
/// every device and appends what it measured; <c>--fit</c> fits the area and timing constants to the fit rows of a
/// measured table and prints them as cost-constants.tsv lines (docs/cost-model.md#calibration).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var grid = new Argument<string>("grid") { Description = "the calibration grid (hardware/calibration/grid.tsv)" };
        var measured = new Option<string>("--output", "-o") { Description = "the measured table to write or continue (hardware/calibration/measured.tsv)", Required = true };
        var fit = new Option<bool>("--fit") { Description = "fit the constants to the measured table instead of synthesizing, and print them" };
        var constants = new Option<string?>("--constants") { Description = "with --fit: write the fitted constants into this cost-constants.tsv, between its #FIT-BEGIN and #FIT-END lines" };
        var residuals = new Option<bool>("--residuals") { Description = "with --fit: also print every grid row's estimate, measurement and error per device and metric" };
        var command = new Command("calibrate", "Synthesize the calibration grid, or fit the cost model's area and timing constants to it (maintainers)") { grid, measured, fit, constants, residuals };
        command.SetAction(result =>
        {
            var rows = CalibrationGrid.ParseGrid(InputFiles.ReadText(result.GetValue(grid)!, InputFiles.MaxSnnBytes));
            var path = result.GetValue(measured)!;
            var done = File.Exists(path) ? CalibrationGrid.ParseMeasured(File.ReadAllText(path)) : Array.Empty<MeasuredRow>();
            if (result.GetValue(fit))
            {
                var unmeasured = FpgaDevice.All.Where(d => !done.Any(m => m.Device == d.Name && rows.Any(g => g.Id == m.Id && !g.Holdout))).Select(d => d.Name).ToArray();
                if (unmeasured.Length > 0)
                {
                    error.WriteLine($"{path}: error: no fit row is measured for {string.Join(", ", unmeasured)}; run 'snnc calibrate {result.GetValue(grid)} -o {path}' (without --fit) first");
                    return 1;
                }

                var fitted = AreaFit.Fit(rows, done);
                var lines = fitted.Lines;
                if (result.GetValue(residuals))
                {
                    output.WriteLine("# row\tdevice\tmetric\trole\testimate\tmeasured\terror %");
                    foreach (var r in fitted.Residuals)
                    {
                        output.WriteLine(FormattableString.Invariant($"{r.Id}\t{r.Device}\t{r.Metric}\t{(r.Holdout ? "holdout" : "fit")}\t{r.Estimate:0.#}\t{r.Measured:0.#}\t{r.RoundedErrorPercent:+0.0;-0.0}"));
                    }
                }

                if (result.GetValue(constants) is not { } table)
                {
                    foreach (var line in lines)
                    {
                        output.WriteLine(line);
                    }

                    return 0;
                }

                var text = File.ReadAllText(table);
                var begin = text.IndexOf("#FIT-BEGIN\n", StringComparison.Ordinal);
                var end = text.IndexOf("#FIT-END\n", StringComparison.Ordinal);
                if (begin < 0 || end < begin)
                {
                    error.WriteLine($"{table}: error: no #FIT-BEGIN and #FIT-END lines to write the fitted constants between");
                    return 1;
                }

                begin += "#FIT-BEGIN\n".Length;
                File.WriteAllText(table, text[..begin] + string.Concat(lines.Select(l => l + "\n")) + text[end..]);
                output.WriteLine($"{table}: {lines.Count} fitted constants written; bump its version line");
                return 0;
            }

            if (!File.Exists(path))
            {
                File.WriteAllText(path, "# Measured by hardware/calibration/regenerate.sh from grid.tsv (docs/cost-model.md#calibration); do not edit.\n" + CalibrationGrid.MeasuredHeader + "\n");
            }

            var work = Path.Combine(Path.GetTempPath(), $"snnc-calibrate-{Environment.ProcessId}");
            try
            {
                GridRunner.Run(rows, done, work, row => File.AppendAllText(path, CalibrationGrid.Format(row) + "\n"), error.WriteLine);
            }
            catch (SynthToolException e)
            {
                // The rows measured so far are in the table already: running the command again continues from there.
                error.WriteLine($"error: {e.Message}; the rows measured so far are kept in {path}, run the same command again to continue");
                return 1;
            }
            finally
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }

            output.WriteLine($"{path}: {CalibrationGrid.ParseMeasured(File.ReadAllText(path)).Count} measured rows for {rows.Count} grid rows");
            return 0;
        });
        return command;
    }
}
