using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>
/// Flash and RAM of the generated class as an MCU runs it (nano flavour, docs/cost-model.md#mcu-target): the
/// data flash and the RAM are the code plan's arrays, byte for byte; only the code flash is modelled.
/// </summary>
/// <param name="TableBytes">Data flash: the constant of every static table of the class (weights, downsampling, policies), exact.</param>
/// <param name="CodeBytesEstimate">Code flash: the instructions and metadata, estimated from the loops' shape.</param>
/// <param name="StateBytes">RAM: every instance array of the class, exact (array headers not counted).</param>
public sealed record McuMemory(long TableBytes, long CodeBytesEstimate, long StateBytes)
{
    private static readonly ConditionalWeakTable<NetworkIr, CodePlan> Plans = new();

    /// <summary>Data flash plus the code estimate.</summary>
    public long FlashBytes => TableBytes + CodeBytesEstimate;

    public static McuMemory Of(NetworkIr network)
    {
        var plan = Plan(network);
        return new McuMemory(plan.TableBytes, CodeBytes(plan), plan.StateBytes);
    }

    /// <summary>Bytes of the class's arrays by what they hold: data flash (the constants of weights and other tables) and RAM (membranes, events, counters).</summary>
    public static IReadOnlyDictionary<ArrayRole, long> BytesByRole(NetworkIr network)
    {
        var plan = Plan(network);
        return plan.Tables.Concat(plan.State).GroupBy(a => a.Role).ToDictionary(g => g.Key, g => g.Sum(a => a.Literal?.Bytes ?? a.Bytes));
    }

    /// <summary>The nano flavour's code plan (automatic weight layout), planned once per network.</summary>
    public static CodePlan Plan(NetworkIr network) => Plans.GetValue(network, n => CodePlanner.Plan(n, CodeFlavour.Nano));

    // A sparse row or a policy loop is a plain loop: one neuron body, not unrolled.
    private static long CodeBytes(CodePlan plan) =>
        (long)CostConstants.Get("mcu.code.base")
        + plan.Layers.Sum(l => (long)CostConstants.Get("mcu.code.per_layer") + (l.Unroll * (long)CostConstants.Get("mcu.code.per_unrolled_neuron")));
}
