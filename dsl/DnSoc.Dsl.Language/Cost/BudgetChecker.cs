using System.Globalization;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>
/// Compares every budget limit with the worst-case estimate (every input and neuron spikes at every
/// timestep): a budget that holds there holds for every input.
/// </summary>
public static class BudgetChecker
{
    public static void Check(NetworkIr network, DiagnosticBag diagnostics)
    {
        if (network.Budgets.IsEmpty)
        {
            return;
        }

        var cost = CostModel.Estimate(network);
        foreach (var budget in network.Budgets)
        {
            var estimate = cost.Value(budget.Metric);
            if (estimate > (double)budget.Limit)
            {
                diagnostics.Add(DiagnosticDescriptors.BudgetExceeded, budget.Location, Name(budget.Metric),
                    Format(budget.Metric, estimate), CostBands.Of(Figure(budget.Metric), cost), Format(budget.Metric, (double)budget.Limit), network.Name,
                    Advice(budget.Metric, network.Target.Kind == TargetKind.Mcu));
            }
        }
    }

    public static string Name(BudgetMetric metric) => metric.ToString().ToLowerInvariant();

    /// <summary>What lowers the metric on the target: the levers differ (lanes shorten latency but add neuron banks and logic).</summary>
    public static string Advice(BudgetMetric metric, bool mcu) => (metric, mcu) switch
    {
        (BudgetMetric.Lut or BudgetMetric.Ff, _) => "use fewer lanes, narrower membranes (membrane_bits) or fewer cores (layers sharing one)",
        (BudgetMetric.Bram, _) => "use narrower weights (weight_bits) or fewer inputs or neurons per core; more lanes do not help (each lane adds a neuron bank)",
        (BudgetMetric.Dsp, _) => "give each core a neuron count whose synapse words per row are a power of two (the row multiplier then needs no DSP)",
        (BudgetMetric.Power, false) => "use fewer lanes, narrower membranes or a lower clock",
        (BudgetMetric.Latency, false) => "use more lanes, fewer timesteps, a higher clock or an early exit policy",
        (BudgetMetric.Energy, false) => "use fewer timesteps, fewer or narrower neurons, or a row cutoff or early exit policy",
        (BudgetMetric.Flash, _) => "use narrower weights (weight_bits) or pruned (sparse) rows",
        (BudgetMetric.Ram, _) => "use fewer neurons or narrower membranes (membrane_bits)",
        _ => "use fewer timesteps, fewer neurons, an early exit policy or a faster MCU core or clock",
    };

    private static CostFigure Figure(BudgetMetric metric) => metric switch
    {
        BudgetMetric.Lut => CostFigure.Lut,
        BudgetMetric.Ff => CostFigure.Ff,
        BudgetMetric.Bram => CostFigure.Bram,
        BudgetMetric.Dsp => CostFigure.Dsp,
        BudgetMetric.Power => CostFigure.Power,
        BudgetMetric.Energy => CostFigure.Energy,
        BudgetMetric.Latency => CostFigure.Latency,
        BudgetMetric.Flash => CostFigure.Flash,
        _ => CostFigure.Ram,
    };

    /// <summary>A value of a metric in its readable unit: 1.5 ms, 120 mW, 3.2 uJ, 2048 B, 1234 (LUT).</summary>
    public static string Format(BudgetMetric metric, double value) => metric switch
    {
        BudgetMetric.Power => CostFormat.Si(value, "W"),
        BudgetMetric.Energy => CostFormat.Si(value, "J"),
        BudgetMetric.Latency => CostFormat.Si(value, "s"),
        // A budget written as "48 KB" reads back as 48 KB, not as 49152 B (1 KB = 1024 B, docs/language.md).
        BudgetMetric.Flash or BudgetMetric.Ram => value >= 1024 && value % 1024 == 0
            ? (value / 1024).ToString("0", CultureInfo.InvariantCulture) + " KB"
            : value.ToString("0", CultureInfo.InvariantCulture) + " B",
        BudgetMetric.Bram => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };
}
