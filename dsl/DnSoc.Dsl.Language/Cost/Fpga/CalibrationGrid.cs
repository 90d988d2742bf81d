using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>One configuration of the calibration grid (hardware/calibration/grid.tsv).</summary>
/// <param name="Holdout">Never used for fitting: the model is validated on it.</param>
public sealed record GridRow(int Id, bool Holdout, CoreShape Core, string Note);

/// <summary>What synthesis measured for one grid row on one device (hardware/calibration/measured.tsv).</summary>
/// <param name="FmaxMHz">nextpnr's Fmax (iCE40 devices), or null with <paramref name="Problem"/> saying why there is none.</param>
/// <param name="Tools">The tool versions, as they print them.</param>
/// <param name="Command">The exact commands, for anyone to repeat the row.</param>
public sealed record MeasuredRow(int Id, string Device, FpgaArea Area, double? FmaxMHz, string Problem, string Tools, string Command);

/// <summary>Reads and writes the two calibration tables: tab-separated, '#' comments (docs/cost-model.md#calibration).</summary>
public static class CalibrationGrid
{
    public const string MeasuredHeader = "# id\tdevice\tlut\tff\tbram\tdsp\tfmax_mhz\tproblem\ttools\tcommand";

    public static IReadOnlyList<GridRow> ParseGrid(string text) => Rows(text).Select(f => new GridRow(
        Int(f[0]), f[1] switch { "fit" => false, "holdout" => true, _ => throw new FormatException($"grid row {f[0]}: role '{f[1]}' is neither fit nor holdout") },
        new CoreShape(Int(f[2]), Int(f[3]), Int(f[4]), Int(f[5]), Int(f[6]), Int(f[7]), Int(f[8]), Int(f[9])),
        f.Length > 10 ? f[10] : string.Empty)).ToArray();

    public static IReadOnlyList<MeasuredRow> ParseMeasured(string text) => Rows(text).Select(f => new MeasuredRow(
        Int(f[0]), f[1], new FpgaArea(Number(f[2]), Number(f[3]), Number(f[4]), Int(f[5])),
        f[6] == "-" ? null : Number(f[6]), f[7] == "-" ? string.Empty : f[7], f[8], f[9])).ToArray();

    public static string Format(MeasuredRow row) => string.Join("\t", new[]
    {
        row.Id.ToString(CultureInfo.InvariantCulture), row.Device,
        row.Area.Lut.ToString("0.##", CultureInfo.InvariantCulture), row.Area.Ff.ToString("0.##", CultureInfo.InvariantCulture),
        row.Area.Bram.ToString("0.##", CultureInfo.InvariantCulture), row.Area.Dsp.ToString(CultureInfo.InvariantCulture),
        row.FmaxMHz is { } f ? f.ToString("0.00", CultureInfo.InvariantCulture) : "-",
        row.Problem.Length == 0 ? "-" : Clean(row.Problem), Clean(row.Tools), Clean(row.Command),
    });

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static IEnumerable<string[]> Rows(string text) => text.Split('\n')
        .Select(l => l.TrimEnd('\r'))
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => l.Split('\t'));

    private static int Int(string field) => int.Parse(field, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
