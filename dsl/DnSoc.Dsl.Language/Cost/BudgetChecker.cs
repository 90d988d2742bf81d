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
                    Format(budget.Metric, estimate), Format(budget.Metric, (double)budget.Limit), network.Name);
            }
        }
    }

    public static string Name(BudgetMetric metric) => metric.ToString().ToLowerInvariant();

    /// <summary>A value of a metric in its readable unit: 1.5 ms, 120 mW, 3.2 uJ, 2048 B, 1234 (LUT).</summary>
    public static string Format(BudgetMetric metric, double value) => metric switch
    {
        BudgetMetric.Power => CostFormat.Si(value, "W"),
        BudgetMetric.Energy => CostFormat.Si(value, "J"),
        BudgetMetric.Latency => CostFormat.Si(value, "s"),
        BudgetMetric.Flash or BudgetMetric.Ram => value.ToString("0", CultureInfo.InvariantCulture) + " B",
        BudgetMetric.Bram => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };
}
