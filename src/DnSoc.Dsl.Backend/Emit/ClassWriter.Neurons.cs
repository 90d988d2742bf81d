using System.Globalization;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>The scalar neuron code both flavours share: saturate, leak, fire, reset, count.</summary>
internal sealed partial class ClassWriter
{
    /// <summary>Per step, neuron j: add the timestep's sum with saturation, leak, test once.</summary>
    internal void StepNeuron(LayerIr layer, string j)
    {
        var m = layer.Index;
        w.Line($"int v = v{m}[{j}] + acc{m}[{j}];");
        w.Line($"acc{m}[{j}] = 0;");
        Saturate(layer, Plan(layer).AddClamps);
        Leak(layer.Neuron);
        using (w.Block($"if (v >= {layer.Neuron.Threshold})"))
        {
            w.Line($"v = {ResetExpression(layer.Neuron)};");
            w.Line($"layerSpikes[{m}]++;");
            w.Line(m == LastLayer ? $"outputCounts[{j}]++;" : $"spikes{m}[count++] = {j};");
        }

        w.Line($"v{m}[{j}] = v;");
    }

    /// <summary>Tests the threshold on <c>v</c>, resets and routes the spike, and stores v.</summary>
    internal void FireAndStore(LayerIr layer, string j)
    {
        var m = layer.Index;
        using (w.Block($"if (v >= {layer.Neuron.Threshold})"))
        {
            w.Line($"v = {ResetExpression(layer.Neuron)};");
            w.Line($"layerSpikes[{m}]++;");
            w.Line(m == LastLayer ? $"outputCounts[{j}]++;" : kernel.RouteSpike(m, j));
        }

        w.Line($"v{m}[{j}] = v;");
    }

    internal void Saturate(LayerIr layer, Clamps clamps) => Saturate(layer, clamps.Lower, clamps.Upper);

    internal void Saturate(LayerIr layer, bool lower, bool upper)
    {
        var bits = layer.Neuron.MembraneBits;
        if (upper)
        {
            w.Line($"if (v > {FixedPoint.MaxSigned(bits)}) v = {FixedPoint.MaxSigned(bits)};");
        }

        if (lower)
        {
            w.Line($"if (v < {FixedPoint.MinSigned(bits)}) v = {FixedPoint.MinSigned(bits)};");
        }
    }

    internal void Leak(NeuronIr neuron)
    {
        switch (neuron.Leak)
        {
            case LeakKind.Subtract when neuron.LeakAmount > 0:
                w.Line($"if (v >= 0) {{ v -= {neuron.LeakAmount}; if (v < 0) v = 0; }} else {{ v += {neuron.LeakAmount}; if (v > 0) v = 0; }}");
                break;
            case LeakKind.Shift:
                w.Line($"v -= v >> {System.Math.Min(neuron.LeakAmount, 31)};");
                break;
        }
    }

    private static string ResetExpression(NeuronIr neuron) =>
        neuron.Reset == ResetKind.Zero ? "0" : $"v - {neuron.Threshold}";

    /// <summary>Synaptic operations (and weight bits, when they vary) of <paramref name="events"/> events into a layer.</summary>
    internal void CountOps(LayerIr layer, string events)
    {
        var m = layer.Index;
        var reached = network.Policies.RowCutoff(m) is null ? layer.Size.ToString(CultureInfo.InvariantCulture) : $"keep{m}";
        w.Line($"synapticOps += {events}{reached};");
        if (CountsWeightBits)
        {
            var bits = network.Policies.Precision(m) is { } precision ? $"(low{m} ? {precision.LowBits} : {layer.WeightBits})" : layer.WeightBits.ToString(CultureInfo.InvariantCulture);
            w.Line($"weightBitsFetched += {(events.Length == 0 ? "(long)" : events)}{reached} * {bits};");
        }
    }
}
