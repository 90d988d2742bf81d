using System.Globalization;
using System.Linq;
using System.Text;

namespace DnSoc.Dsl.Language.Ir;

/// <summary>
/// The IR as readable, stable text: what `snnc ir` prints and what the golden files hold. Weight
/// tables up to <see cref="FullTableLimit"/> values are printed in full, larger ones as a summary
/// with a checksum, so a reviewer sees every change without reading 100k numbers.
/// </summary>
public static class IrPrinter
{
    public const int FullTableLimit = 64;

    public static string Print(NetworkIr network)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');

        var target = network.Target;
        Line($"network {network.Name}");
        Line(target.Kind switch
        {
            TargetKind.Mcu => $"  target mcu core={target.McuCore} clock={Hz(target.ClockHz)}",
            _ => $"  target {Name(target.Kind)} rows={target.Rows} neurons={target.NeuronsPerCore} weight_bits={target.WeightBits} " +
                 $"membrane_bits={target.MembraneBits} clock={Hz(target.ClockHz)} lanes={target.Lanes}",
        });
        Line($"  timesteps {network.Timesteps}");
        Line($"  update {(network.Update == UpdateMode.PerEvent ? "per_event" : "per_step")}");
        var input = network.Input;
        var encoding = input.Encoding == EncodingKind.Rate ? $"rate seed={input.Seed}" : $"direct threshold={input.DirectThreshold}";
        var downsample = input.Downsampled.IsEmpty ? string.Empty : $" downsample=[{string.Join(", ", input.Downsampled)}]";
        Line($"  input {input.Name} shape=[{string.Join(", ", input.Shape)}]{downsample} size={input.Size} encode={encoding}");
        // Only a network that shares a core says where each layer runs: the default is one core per layer.
        var shared = network.Layers.Select(l => l.CoreIndex).Distinct().Count() < network.Layers.Count;
        foreach (var layer in network.Layers)
        {
            var n = layer.Neuron;
            var leak = n.Leak switch
            {
                LeakKind.Subtract => $"subtract({n.LeakAmount})",
                LeakKind.Shift => $"shift({n.LeakAmount})",
                _ => "none",
            };
            var unroll = layer.Unroll == LayerIr.UnrollAuto ? "auto" : layer.Unroll.ToString(CultureInfo.InvariantCulture);
            var core = shared ? $" core={layer.CoreIndex}" : string.Empty;
            Line($"  layer {layer.Index} {layer.Name} size={layer.Size} from={layer.SourceName}({layer.InputSize}) weight_bits={layer.WeightBits} unroll={unroll}{core}");
            Line($"    neuron {n.Name} threshold={n.Threshold} leak={leak} reset={n.Reset.ToString().ToLowerInvariant()} membrane_bits={n.MembraneBits}");
            var w = layer.Weights;
            Line($"    weights [{layer.InputSize} x {layer.Size}] nonzero={w.Count(x => x != 0)} min={w.Min()} max={w.Max()} sum={w.Sum(x => (long)x)} fnv1a=0x{Fnv1a(layer):x8}");
            if (w.Count <= FullTableLimit)
            {
                for (var pre = 0; pre < layer.InputSize; pre++)
                {
                    Line("      " + string.Join(" ", Enumerable.Range(0, layer.Size).Select(post => layer.Weight(pre, post).ToString(CultureInfo.InvariantCulture))));
                }
            }
        }

        Line($"  readout {network.OutputLayer.Name} {network.Readout.Mode.ToString().ToLowerInvariant()}");
        foreach (var budget in network.Budgets)
        {
            Line($"  budget {budget.Metric.ToString().ToLowerInvariant()} <= {Quantity(budget.Metric, budget.Limit)}");
        }

        if (network.Policies.EarlyExit is { } exit)
        {
            Line($"  policy early_exit min_timesteps={exit.MinTimesteps} margin={exit.Margin} every={exit.CheckEvery}");
        }

        foreach (var cut in network.Policies.RowCutoffs)
        {
            Line($"  policy row_cutoff layer={network.Layers[cut.LayerIndex].Name} keep={cut.KeepMin}..{cut.KeepMax} step={cut.Step} " +
                 $"window={cut.Window} spikes={cut.LowSpikes}..{cut.HighSpikes} ranks_fnv1a=0x{Fnv1a(cut.Ranks):x8}");
        }

        foreach (var precision in network.Policies.Precisions)
        {
            Line($"  policy layer_precision layer={network.Layers[precision.LayerIndex].Name} low_bits={precision.LowBits} shift={precision.Shift} " +
                 $"ema_shift={precision.EmaShift} busy>={precision.BusyLevel} quiet<={precision.QuietLevel} hold={precision.Hold} margin={precision.Margin} " +
                 $"low_weights_fnv1a=0x{Fnv1a(precision.LowWeights):x8}");
        }

        return text.ToString();
    }

    public static string Name(TargetKind kind) => kind switch
    {
        TargetKind.Dnsoc => "dnsoc",
        TargetKind.TinyOdin => "tinyodin",
        _ => "mcu",
    };

    /// <summary>FNV-1a over a table (the weights, a rank table) as little-endian 32-bit values: a stable fingerprint for golden files.</summary>
    public static uint Fnv1a(LayerIr layer) => Fnv1a(layer.Weights);

    private static uint Fnv1a(EquatableArray<int> values)
    {
        var hash = 2166136261u;
        foreach (var value in values)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash = unchecked((hash ^ (byte)(value >> shift)) * 16777619u);
            }
        }

        return hash;
    }

    /// <summary>A budget value in its base unit, e.g. "0.2 W"; counts have no unit.</summary>
    public static string Quantity(BudgetMetric metric, decimal value) => Decimal(value) + BaseUnit(metric);

    private static string BaseUnit(BudgetMetric metric) => metric switch
    {
        BudgetMetric.Power => " W",
        BudgetMetric.Energy => " J",
        BudgetMetric.Latency => " s",
        BudgetMetric.Flash or BudgetMetric.Ram => " B",
        _ => string.Empty,
    };

    /// <summary>Shortest exact text of a decimal: 0.200 prints as 0.2.</summary>
    private static string Decimal(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Hz(long hz) => hz.ToString(CultureInfo.InvariantCulture) + "Hz";
}
