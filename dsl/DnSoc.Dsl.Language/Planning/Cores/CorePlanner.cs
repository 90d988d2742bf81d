using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Targets;

namespace DnSoc.Dsl.Language.Planning.Cores;

/// <summary>
/// Decides once how a network sits on its target's cores (docs/blob-format.md#mapping): which consecutive layers
/// share a core, the addresses each takes, where its spikes go, or why the network cannot be mapped. The checker
/// reports the problems as diagnostics; the blob writer, the cost model, the simulator set-up and the RTL back
/// end read the layout. Nothing else decides what a core can hold.
/// </summary>
public static class CorePlanner
{
    public static CorePlan Plan(NetworkIr network) => Plan(CoreRequest.FromIr(network));

    public static CorePlan Plan(CoreRequest request)
    {
        var problems = new List<CoreProblem>();
        var layers = request.Layers;
        if (request.Target == TargetKind.Mcu)
        {
            problems.AddRange(layers.Select((l, m) => (l, m)).Where(x => x.l.Placed is not null)
                .Select(x => new CoreProblem(ProblemKind.Placement, ProblemSite.Placement, x.m, x.l.Placed!.Value, "target mcu has no cores; remove 'core'")));
            problems.Add(new CoreProblem(ProblemKind.CodeOnly, ProblemSite.Update, -1, -1, "target mcu has no neurosynaptic cores; it runs the generated code"));
            return Result(request, new List<CoreLayout>(), problems);
        }

        if (request.Update == UpdateMode.PerStep)
        {
            problems.Add(new CoreProblem(ProblemKind.PerStep, ProblemSite.Update, -1, -1, "the cores test thresholds per event; 'update per_step' cannot be mapped"));
        }

        FitEachLayer(request, problems);
        var cores = new List<CoreLayout>();
        if (CoreOfEachLayer(request, problems) is { } coreOf)
        {
            for (var first = 0; first < layers.Count;)
            {
                var last = first;
                while (last + 1 < layers.Count && coreOf[last + 1] == coreOf[first])
                {
                    last++;
                }

                if (Share(request, first, last, (int)coreOf[first], problems) is { } core)
                {
                    cores.Add(core);
                }

                first = last + 1;
            }
        }

        if (request.CodeOnly is { } why && problems.Count == 0)
        {
            problems.Add(new CoreProblem(ProblemKind.CodeOnly, ProblemSite.Update, -1, -1, why));
        }

        return Result(request, cores, problems);
    }

    private static CorePlan Result(CoreRequest request, List<CoreLayout> cores, List<CoreProblem> problems) =>
        new(request.Target, problems.Any(p => p.IsError) ? EquatableArray<CoreLayout>.Empty : cores.ToEquatableArray(), problems.ToEquatableArray());

    // A crossbar cannot split a layer: its inputs must fit the rows and its neurons the core.
    private static void FitEachLayer(CoreRequest request, List<CoreProblem> problems)
    {
        var tiny = request.Target == TargetKind.TinyOdin;
        for (var m = 0; m < request.Layers.Count; m++)
        {
            var layer = request.Layers[m];
            if (layer.InputSize > request.Rows)
            {
                // Only the first layer reads the network's input; a later layer's inputs are its predecessor's neurons.
                var inputs = m == 0 ? $"{layer.InputSize} inputs" : $"{layer.InputSize} inputs (the neurons of layer '{request.Layers[m - 1].Name}')";
                var shrink = m == 0 ? "downsample the input" : $"shrink layer '{request.Layers[m - 1].Name}' to at most {request.Rows} neurons";
                problems.Add(new CoreProblem(ProblemKind.Fit, ProblemSite.Source, m, -1, tiny
                    ? $"has {request.Rows} synapse rows, but layer '{layer.Name}' has {inputs}; {shrink} or use target dnsoc"
                    : $"it has {inputs} and the core {request.Rows} rows; give the target more rows or {shrink}"));
            }

            if (layer.Size > request.NeuronsPerCore)
            {
                problems.Add(new CoreProblem(ProblemKind.Fit, ProblemSite.Size, m, -1, tiny
                    ? $"has {request.NeuronsPerCore} neurons, but layer '{layer.Name}' has {layer.Size}"
                    : $"it has {layer.Size} neurons and the core {request.NeuronsPerCore}; give the target more neurons or shrink the layer"));
            }
        }

        // Once per neuron type, at its leak, naming the first layer that uses it: one mistake, one error.
        // (tinyODIN's profile refuses any leak it cannot hold on its own terms, SNN0309.)
        if (!tiny)
        {
            foreach (var group in request.Layers.Select((l, m) => (l, m)).Where(x => x.l.Leak == LeakKind.Subtract && x.l.LeakAmount > TargetFacts.MaxLeak).GroupBy(x => x.l.NeuronName))
            {
                var (layer, m) = group.First();
                problems.Add(new CoreProblem(ProblemKind.Fit, ProblemSite.Leak, m, -1,
                    $"its neurons leak by {layer.LeakAmount}, and the neuron word has a {TargetFacts.LeakFieldBits}-bit leak field (0 to {TargetFacts.MaxLeak})"));
            }
        }
    }

    // Layers without a core take the one after their predecessor's; a given core must be that one or the same.
    private static long[]? CoreOfEachLayer(CoreRequest request, List<CoreProblem> problems)
    {
        var layers = request.Layers;
        var cores = new long[layers.Count];
        for (var m = 0; m < layers.Count; m++)
        {
            var previous = m == 0 ? -1 : cores[m - 1];
            cores[m] = layers[m].Placed ?? previous + 1;
            if (cores[m] != System.Math.Max(previous, 0) && cores[m] != previous + 1)
            {
                problems.Add(new CoreProblem(ProblemKind.Placement, ProblemSite.Placement, m, cores[m], m == 0
                    ? "the first layer runs on core 0"
                    : $"layers on one core must be consecutive, in layer order: use core {previous} (share it with '{layers[m - 1].Name}') or {previous + 1} (the next core)"));
                return null;
            }
        }

        return cores;
    }

    // Alone, a layer's neurons start at address 0 and its rows are its inputs; sharing, the first layer's inputs
    // take the low addresses, then every layer's neurons, and every address is also a row (a spike re-enters as
    // the row of its neuron).
    private static CoreLayout? Share(CoreRequest request, int first, int last, int index, List<CoreProblem> problems)
    {
        var group = request.Layers.Skip(first).Take(last - first + 1).ToList();
        var rows = group[0].InputSize;
        var addresses = group.Aggregate(rows, (sum, l) => Add(sum, l.Size));
        var capacity = System.Math.Min(request.Rows, request.NeuronsPerCore);
        var shared = group.Count > 1;
        void Refuse(string why) => problems.Add(new CoreProblem(ProblemKind.Placement, ProblemSite.Placement, last, index, why));
        if (shared && addresses > capacity)
        {
            Refuse($"the {group.Count} layers sharing it need {addresses} addresses ({rows} input rows, then their {addresses - rows} neurons), and a core has {capacity}; downsample the input, shrink the layers or give them their own cores");
        }
        else if (shared && group.Any(l => l.Reset == ResetKind.Subtract))
        {
            Refuse("layers sharing a core must use 'reset: zero' (a spike for another layer updates every neuron with weight 0, which would fire a neuron left at its threshold by reset by subtraction); give it its own core");
        }
        else if (group.Select(l => l.MembraneBits).Distinct().Count() > 1 || group.Select(l => l.Leak == LeakKind.Shift).Distinct().Count() > 1)
        {
            Refuse("layers on one core must have the same membrane_bits, and either all or none a shift leak (the core is built with them); give it its own core");
        }

        if (problems.Any(p => p.IsError))
        {
            return null;
        }

        var placements = new List<LayerPlacement>();
        var next = shared ? (int)rows : 0;
        for (var k = 0; k < group.Count; k++)
        {
            var m = first + k;
            var route = m == request.Layers.Count - 1 ? SpikeRoute.Controller : k < group.Count - 1 ? SpikeRoute.SameCore : SpikeRoute.NextCore;
            placements.Add(new LayerPlacement(m, group[k].Name, index, next, (int)group[k].Size, k == 0 ? 0 : placements[k - 1].Offset, (int)group[k].InputSize, route));
            next += (int)group[k].Size;
        }

        var usedRows = shared ? next : (int)rows;
        var (builtRows, builtNeurons) = request.Target == TargetKind.TinyOdin
            ? (TargetFacts.TinyOdinSize, TargetFacts.TinyOdinSize)
            : (System.Math.Max(usedRows, 2), RoundUp(System.Math.Max(next, 2), (int)request.Lanes));
        return new CoreLayout(index, placements.ToEquatableArray(), builtRows, builtNeurons, usedRows, next, (int)group.Max(l => l.WeightBits),
            (int)group[0].MembraneBits, group.Max(l => l.Leak), group[0].Reset, TargetFacts.FifoDepth);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static long Add(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
