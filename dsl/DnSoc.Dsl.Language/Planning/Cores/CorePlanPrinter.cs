using System.Text;

namespace DnSoc.Dsl.Language.Planning.Cores;

/// <summary>A readable form of a core plan, for <c>snnc plan</c> and the golden <c>.cores.plan.txt</c> baselines.</summary>
public static class CorePlanPrinter
{
    public static string Print(string network, CorePlan plan)
    {
        var text = new StringBuilder();
        text.Append($"core plan {network} ({plan.Target.ToString().ToLowerInvariant()}): {plan.Cores.Count} core(s){(plan.Mappable ? string.Empty : ", no blob")}\n");
        foreach (var problem in plan.Problems)
        {
            var where = problem.Layer >= 0 ? $" layer {problem.Layer}" : string.Empty;
            text.Append(problem.IsError ? $"  problem {problem.Kind.ToString().ToLowerInvariant()}{where}: {problem.Reason}\n" : $"  code only: {problem.Reason}\n");
        }

        foreach (var core in plan.Cores)
        {
            text.Append($"  core {core.Index}: {(core.Shared ? "shared, closed loop" : "open loop")}, built {core.Rows} x {core.Neurons}, rows {core.UsedRows}, addresses {core.Addresses} (MAX_NEUR {core.Addresses - 1}), " +
                $"weight_bits {core.WeightBits}, membrane_bits {core.MembraneBits}, leak {core.Leak.ToString().ToLowerInvariant()}, reset {core.Reset.ToString().ToLowerInvariant()}, fifo {core.FifoDepth}\n");
            foreach (var layer in core.Layers)
            {
                text.Append($"    layer {layer.Layer} {layer.Name}: neurons {layer.Offset}..{layer.Offset + layer.Size - 1}, rows {layer.FirstRow}..{layer.FirstRow + layer.InputSize - 1}, spikes to {Route(layer.Route)}\n");
            }
        }

        return text.ToString();
    }

    private static string Route(SpikeRoute route) => route switch
    {
        SpikeRoute.NextCore => "the next core",
        SpikeRoute.SameCore => "this core (closed loop)",
        _ => "the controller",
    };
}
