using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Language.Semantics;

namespace DnSoc.Dsl.Language.Checking;

/// <summary>
/// SNN0319 and SNN0309 (a layer does not fit a core), SNN0323 (placement), SNN0320 and SNN0312 (per_step on cores):
/// the core planner's problems, at the statement each is about. The planner decides; this rule only points.
/// </summary>
public sealed class CorePlanRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Target is not { } target)
        {
            return;
        }

        foreach (var problem in CorePlanner.Plan(Request(network, target)).Problems.Where(p => p.IsError))
        {
            Report(network, target.Kind, problem, diagnostics);
        }
    }

    /// <summary>
    /// The bound network as the planner sees it; sizes the checker refuses elsewhere count as 0, and a lane count it
    /// refuses (SNN0315) as 1, so that the planner still reports the network's other problems.
    /// </summary>
    public static CoreRequest Request(BoundNetwork network, BoundTarget target)
    {
        var inputs = network.Input?.EncodedSize ?? 0;
        var layers = network.Layers.Select((l, m) => new LayerRequest(
            l.Name, l.Neuron.Name, Size(l), m == 0 ? inputs : Size(network.Layers[m - 1]), l.Placed?.Value, l.Neuron.MembraneBits.Value,
            l.Neuron.Reset, l.Neuron.Leak.Kind, l.Neuron.Leak.Amount, l.WeightBits.Value)).ToEquatableArray();
        return new CoreRequest(target.Kind, target.Rows.Value, target.NeuronsPerCore.Value, System.Math.Max(target.Lanes.Value, 1), network.Update.Value, inputs, layers);
    }

    private static void Report(BoundNetwork network, TargetKind target, CoreProblem problem, DiagnosticBag diagnostics)
    {
        var layer = problem.Layer >= 0 ? network.Layers[problem.Layer] : null;
        switch (problem.Kind)
        {
            case ProblemKind.PerStep when target == TargetKind.TinyOdin:
                diagnostics.Add(DiagnosticDescriptors.UpdateModeNotSupported, network.Update.Location, "tinyodin");
                break;
            case ProblemKind.PerStep:
                diagnostics.Add(DiagnosticDescriptors.UpdateModeNotMappable, network.Update.Location);
                break;
            case ProblemKind.Fit when target == TargetKind.TinyOdin:
                diagnostics.Add(DiagnosticDescriptors.ProfileConstraint, Site(layer!, problem.Site), "tinyodin", problem.Reason);
                break;
            case ProblemKind.Fit:
                diagnostics.Add(DiagnosticDescriptors.LayerDoesNotFitCore, Site(layer!, problem.Site), layer!.Name, problem.Reason);
                break;
            default:
                diagnostics.Add(DiagnosticDescriptors.PlacementInvalid, Site(layer!, problem.Site), layer!.Name, problem.Core, problem.Reason);
                break;
        }
    }

    private static Text.SourceLocation Site(BoundLayer layer, ProblemSite site) => site switch
    {
        ProblemSite.Source => layer.Source.Location,
        ProblemSite.Size => layer.Shape[0].Location,
        ProblemSite.Leak => layer.Neuron.Leak.Location,
        _ => (layer.Placed ?? layer.Shape[0]).Location,
    };

    private static long Size(BoundLayer layer) => layer.Shape.Count == 1 ? layer.Shape[0].Value : 0;
}
