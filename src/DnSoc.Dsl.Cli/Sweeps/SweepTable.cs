using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>
/// One point's line of the table: its settings as the lowered network has them, its accuracy on the test images, and the
/// cost model's figures at the measured activity with their error bands (null where the target has no such figure).
/// </summary>
internal sealed record SweepRow(
    int Point,
    string Key,
    string Network,
    string Dataset,
    string Hidden,
    string WeightBits,
    string MembraneBits,
    int Timesteps,
    string Target,
    string Device,
    string Policy,
    int Epochs,
    int Seed,
    int KeptEpoch,
    int TestImages,
    double AccuracyPercent,
    double SopsPerImage,
    double MeanTimesteps,
    double? Lut,
    string? LutBand,
    double? Ff,
    string? FfBand,
    double? Bram,
    string? BramUnit,
    string? BramBand,
    double? FmaxHz,
    string? FmaxBand,
    double LatencySeconds,
    string LatencyBand,
    double EnergyJoules,
    string EnergyBand,
    double PowerWatts,
    string PowerBand,
    long FlashBytes,
    string FlashBand,
    long RamBytes,
    string RamBand,
    int CostModelVersion)
{
    /// <summary>The row of a trained, evaluated point: <paramref name="cost"/> is the estimate at the measured activity.</summary>
    public static SweepRow Of(SweepPoint point, string key, SweepSpec spec, NetworkIr network, int keptEpoch, EvaluationReport report, NetworkCost cost)
    {
        var fpga = cost.Target != TargetKind.Mcu;
        string B(CostFigure figure) => CostBands.Of(figure, cost);
        string Widths(IEnumerable<int> bits) => string.Join("/", bits.Distinct());
        var output = network.Layers[network.Layers.Count - 1];
        return new SweepRow(
            point.Index, key, network.Name, spec.Dataset,
            string.Join("-", network.Layers.Where(l => l != output).Select(l => l.Size)),
            Widths(network.Layers.Select(l => l.WeightBits)), Widths(network.Layers.Select(l => l.Neuron.MembraneBits)),
            network.Timesteps, IrPrinter.Name(network.Target.Kind), fpga ? (cost.Device ?? Language.Cost.Fpga.FpgaDevice.Default).Name : "-",
            point.Policy ?? (network.Policies.IsEmpty ? "none" : "as in the file"),
            spec.Training.Epochs, spec.Training.Seed, keptEpoch, report.Images,
            Math.Round(report.Accuracy * 100, 2), Math.Round(report.SynapticOpsPerImage, 1), Math.Round(report.MeanTimesteps, 2),
            fpga ? cost.Lut : null, fpga ? B(CostFigure.Lut) : null, fpga ? cost.Ff : null, fpga ? B(CostFigure.Ff) : null,
            fpga ? cost.Bram : null, cost.Device?.BramUnit, fpga ? B(CostFigure.Bram) : null,
            fpga ? cost.FmaxHz : null, fpga ? B(CostFigure.Fmax) : null,
            cost.LatencySeconds, B(CostFigure.Latency), cost.EnergyJoules, B(CostFigure.Energy), cost.PowerWatts, B(CostFigure.Power),
            cost.FlashBytes, B(CostFigure.Flash), cost.RamBytes, B(CostFigure.Ram), CostConstants.Version);
    }
}

/// <summary>The table of a sweep as CSV (one header line, invariant numbers) and JSON (the rows, snnc's JSON style).</summary>
internal static class SweepTable
{
    private static readonly PropertyInfo[] Columns = typeof(SweepRow).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    public static string Csv(IEnumerable<SweepRow> rows)
    {
        var s = new StringBuilder().AppendJoin(",", Columns.Select(c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Name))).Append('\n');
        foreach (var row in rows)
        {
            s.AppendJoin(",", Columns.Select(c => Cell(c.GetValue(row)))).Append('\n');
        }

        return s.ToString();
    }

    public static string Json(IEnumerable<SweepRow> rows) => JsonSerializer.Serialize(rows, Cli.Json.Options) + "\n";

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
