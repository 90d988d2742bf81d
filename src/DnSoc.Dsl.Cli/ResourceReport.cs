using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The memory and resource table of <c>snnc report</c>, as embedded engineers know it from ST Edge AI and TFLM: each
/// resource's estimate beside its budget (from the network's <c>budget</c> block) and its share of the device, the
/// generated class's flash split into weights, other tables and code, and its RAM into membranes, events and counters.
/// </summary>
internal static class ResourceReport
{
    public static (string[] Header, string[][] Rows) Table(CostEntry e)
    {
        var worst = e.Worst;
        // The estimates as the totals table above prints them, so the two tables cannot disagree.
        var totals = CostReport.Totals(worst).ToDictionary(r => r.Metric, r => r.Value);
        var rows = new List<string[]>();
        if (worst.Target != TargetKind.Mcu)
        {
            var device = worst.Device ?? FpgaDevice.Default;
            rows.Add(Row(e, BudgetMetric.Lut, "LUT", totals["LUT"], Share(worst.Lut, device.Luts, device)));
            rows.Add(Row(e, BudgetMetric.Ff, "FF", totals["FF"], Share(worst.Ff, device.Ffs, device)));
            rows.Add(Row(e, BudgetMetric.Bram, device.BramUnit, totals[device.BramUnit], Share(worst.Bram, device.Brams, device)));
            rows.Add(Row(e, BudgetMetric.Dsp, "DSP", totals["DSP"], device.Dsps > 0 ? Share(worst.Dsp, device.Dsps, device) : $"none on {device.Part}"));
        }

        var memory = McuMemory.Of(e.Network);
        var byRole = McuMemory.BytesByRole(e.Network);
        long Of(ArrayRole role) => byRole.TryGetValue(role, out var bytes) ? bytes : 0;
        rows.Add(Row(e, BudgetMetric.Flash, "flash", totals["flash"],
            $"weights {B(Of(ArrayRole.Weights))} + other tables {B(Of(ArrayRole.Table))} + code ~{B(memory.CodeBytesEstimate)} (estimated)"));
        rows.Add(Row(e, BudgetMetric.Ram, "RAM", totals["RAM"],
            $"membranes {B(Of(ArrayRole.Membrane))} + events {B(Of(ArrayRole.Events))} + counters and buffers {B(Of(ArrayRole.Counters))}"));
        foreach (var part in worst.Target == TargetKind.Mcu ? McuPart.For(e.Network.Target.McuCore) : Enumerable.Empty<McuPart>())
        {
            rows.Add(new[]
            {
                $"on {part.Name}", $"{100.0 * worst.FlashBytes / part.FlashBytes:0.#} % flash, {100.0 * worst.RamBytes / part.RamBytes:0.#} % RAM", "-",
                $"of {part.FlashBytes / 1024:#,0} KB flash and {part.RamBytes / 1024:#,0} KB RAM ({part.Source})",
            });
        }

        return (new[] { "resource", "estimate", "budget", "where it goes" }, rows.ToArray());
    }

    /// <summary>The note printed under the table: what "estimate" and the flash and RAM lines are of.</summary>
    public static string Note(CostEntry e) =>
        (e.Worst.Target == TargetKind.Mcu ? string.Empty : "area: one core per planned core, worst case; ") +
        "flash and RAM: the generated class as an MCU runs it (nano flavour; tables and state exact, code estimated, array headers not counted)";

    private static string[] Row(CostEntry e, BudgetMetric metric, string name, string estimate, string detail)
    {
        var budget = e.Network.Budgets.FirstOrDefault(b => b.Metric == metric);
        var verdict = budget is null ? "-"
            : $"<= {BudgetChecker.Format(metric, (double)budget.Limit)} ({(e.Worst.Value(metric) <= (double)budget.Limit ? "ok" : "over")})";
        return new[] { name, estimate, verdict, detail };
    }

    private static string Share(double used, double capacity, FpgaDevice device) =>
        $"{100 * used / capacity:0.#} % of {capacity.ToString("#,0.#", CultureInfo.InvariantCulture)} on {device.Part}";

    private static string B(long bytes) => bytes.ToString("#,0", CultureInfo.InvariantCulture) + " B";
}
