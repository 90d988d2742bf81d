using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Semantics;

namespace DnSoc.Dsl.Language.Checking;

/// <summary>SNN0322: every policy parameter within the range where the policy means something (docs/dynamic.md).</summary>
public sealed class PolicyRule : ICheckRule
{
    /// <summary>Rates are per neuron and timestep; with per-event updates a neuron can fire several times in one timestep.</summary>
    public const int MaxRate = 64;

    public void Check(BoundNetwork network, DiagnosticBag diagnostics)
    {
        var timesteps = network.Timesteps?.Value ?? Limits.MaxTimesteps;
        var cutLayers = new HashSet<string>();
        var precisionLayers = new HashSet<string>();
        foreach (var policy in network.Policies)
        {
            void Require<T>(string key, Located<T> value, bool holds, string rule)
            {
                if (!holds)
                {
                    diagnostics.Add(DiagnosticDescriptors.PolicyParameterOutOfRange, value.Location, key, policy.Name, value.Value!, rule);
                }
            }

            // Two policies of one kind on one layer would fight over its state.
            void OnePerLayer(HashSet<string> seen, EquatableArray<Located<string>> layers)
            {
                foreach (var layer in layers.Where(l => !seen.Add(l.Value)))
                {
                    diagnostics.Add(DiagnosticDescriptors.DuplicateLayerPolicy, layer.Location, layer.Value, policy.Name);
                }
            }

            switch (policy)
            {
                case BoundEarlyExit exit:
                    Require("min_timesteps", exit.MinTimesteps, exit.MinTimesteps.Value >= 1 && exit.MinTimesteps.Value <= timesteps,
                        $"it must be between 1 and the network's timesteps ({timesteps})");
                    Require("margin", exit.Margin, exit.Margin.Value is >= 0 and <= int.MaxValue, "it must be 0 or more (0 stops at min_timesteps)");
                    Require("every", exit.Every, exit.Every.Value >= 1 && exit.Every.Value <= timesteps,
                        $"it must be between 1 and the network's timesteps ({timesteps})");
                    break;
                case BoundLayerPrecision precision:
                    foreach (var layer in precision.Layers)
                    {
                        var bits = network.Layers.FirstOrDefault(l => l.Name == layer.Value)?.WeightBits.Value ?? 16;
                        Require("low_bits", precision.LowBits, precision.LowBits.Value >= 1 && precision.LowBits.Value < bits,
                            $"it must be fewer than the weight bits of layer '{layer.Value}' ({bits}) and at least 1");
                    }

                    OnePerLayer(precisionLayers, precision.Layers);

                    Require("ema_shift", precision.EmaShift, precision.EmaShift.Value is >= 0 and <= 8, "it is the activity average's shift: 0 to 8");
                    Require("busy_rate", precision.BusyRate, precision.BusyRate.Value is > 0 and <= MaxRate, $"it is spikes per neuron per timestep: more than 0, at most {MaxRate}");
                    Require("quiet_rate", precision.QuietRate, precision.QuietRate.Value >= 0 && precision.QuietRate.Value < precision.BusyRate.Value,
                        "it is spikes per neuron per timestep: at least 0 and below busy_rate, so the two switches cannot chase each other");
                    Require("hold", precision.Hold, precision.Hold.Value >= 1 && precision.Hold.Value <= timesteps,
                        $"it counts timesteps: between 1 and the network's timesteps ({timesteps})");
                    Require("margin", precision.Margin, precision.Margin.Value is >= 0 and <= int.MaxValue, "it must be 0 or more (0: no confidence guard)");
                    break;
                case BoundRowCutoff cut:
                    Require("keep_min", cut.KeepMin, cut.KeepMin.Value is > 0 and <= 1, "it is a fraction of the layer's neurons: more than 0, at most 1");
                    Require("keep_max", cut.KeepMax, cut.KeepMax.Value <= 1 && cut.KeepMax.Value >= cut.KeepMin.Value,
                        "it is a fraction of the layer's neurons: at least keep_min, at most 1");
                    Require("step", cut.Step, cut.Step.Value is > 0 and <= 1, "it is a fraction of the layer's neurons: more than 0, at most 1");
                    Require("target_rate", cut.TargetRate, cut.TargetRate.Value is >= 0 and <= MaxRate,
                        $"it is spikes per neuron per timestep: between 0 and {MaxRate}");
                    Require("tolerance", cut.Tolerance, cut.Tolerance.Value is >= 0 and < 1, "it is a relative band: at least 0, below 1");
                    Require("window", cut.Window, cut.Window.Value >= 1 && cut.Window.Value <= timesteps,
                        $"it counts timesteps: between 1 and the network's timesteps ({timesteps})");
                    OnePerLayer(cutLayers, cut.Layers);
                    break;
            }
        }
    }
}
