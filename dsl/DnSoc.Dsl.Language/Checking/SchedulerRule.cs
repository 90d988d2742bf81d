using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Semantics;

namespace DnSoc.Dsl.Language.Checking;

/// <summary>
/// SNN0330 (warning): on a shared core every spike re-enters the scheduler FIFO, and the spike being served
/// holds one of its entries for its whole pass, so one spike may cause at most depth - 1 new ones
/// (docs/semantics.md#tinyodin). A layer with more neurons could overflow it; the core drops the excess.
/// </summary>
public sealed class SchedulerRule : ICheckRule
{
    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        if (network.Target is not { Kind: TargetKind.Dnsoc or TargetKind.TinyOdin } || network.Layers.IsEmpty)
        {
            return;
        }

        var cores = network.LayerCores();
        var perPass = Limits.SchedulerFifoDepth - 1;
        for (var m = 0; m < network.Layers.Count; m++)
        {
            var layer = network.Layers[m];
            var shared = cores.Count(c => c == cores[m]) > 1;
            if (shared && layer.Shape.Count == 1 && layer.Shape[0].Value > perPass)
            {
                diagnostics.Add(DiagnosticDescriptors.SchedulerMayOverflow, layer.Shape[0].Location, layer.Name, cores[m], layer.Shape[0].Value, perPass, Limits.SchedulerFifoDepth);
            }
        }
    }
}
