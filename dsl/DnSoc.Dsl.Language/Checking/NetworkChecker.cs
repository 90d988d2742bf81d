using System.Collections.Generic;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Semantics;

namespace DnSoc.Dsl.Language.Checking;

/// <summary>One semantic rule over a bound network. Each rule owns its diagnostic code(s).</summary>
public interface ICheckRule
{
    void Check(BoundNetwork network, DiagnosticBag diagnostics);
}

/// <summary>Stage 3: runs every rule on every network; all of them run even when one fails.</summary>
public static class NetworkChecker
{
    public static readonly IReadOnlyList<ICheckRule> Rules = new ICheckRule[]
    {
        new TargetParameterRule(),
        new TimestepsRule(),
        new InputShapeRule(),
        new DownsampleRule(),
        new EncodingRule(),
        new NoLayersRule(),
        new LayerShapeRule(),
        new ChainRule(),
        new WeightBitsRule(),
        new MembraneBitsRule(),
        new ThresholdRule(),
        new LeakRule(),
        new AccumulatorRule(),
        new ReadoutRule(),
        new TinyOdinProfileRule(),
        new BudgetValueRule(),
        new UnrollRule(),
        new CorePlanRule(),
        new SchedulerRule(),
        new PolicyRule(),
    };

    public static void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        foreach (var rule in Rules)
        {
            rule.Check(network, diagnostics);
        }
    }
}
