using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>The class's methods: Infer, Readout, Step and the per-step body.</summary>
internal sealed partial class ClassWriter
{
    private void InferMethod()
    {
        var exit = network.Policies.EarlyExit;
        w.Line(exit is null
            ? "/// <summary>Reset, run the timesteps (fewer if a hook requests a stop), return the class.</summary>"
            : "/// <summary>Reset, run the timesteps (fewer when the early exit or a hook stops), return the class.</summary>");
        using (w.Block("public int Infer(byte[] input)"))
        {
            w.Line("Reset();");
            using (w.Block("for (int t = 0; t < Timesteps; t++)"))
            {
                w.Line("Step(input);");
                w.Line("if (stopRequested) break;");
                if (exit is not null)
                {
                    var period = exit.CheckEvery == 1 ? string.Empty : $" && (timestep - {exit.MinTimesteps}) % {exit.CheckEvery} == 0";
                    w.Line($"if (timestep < Timesteps && timestep >= {exit.MinTimesteps}{period} && ReadoutMargin() >= {exit.Margin}) break;");
                }
            }

            w.Line("return Readout();");
        }

        w.Line();
        if (exit is not null || network.Policies.Precisions.Any(p => p.Margin > 0))
        {
            ReadoutMarginMethod();
        }
    }

    // docs/dynamic.md#early-exit: how far the best readout value leads the second best.
    private void ReadoutMarginMethod()
    {
        var output = network.OutputLayer;
        var value = network.Readout.Mode switch
        {
            ReadoutMode.Count => "outputCounts[k]",
            ReadoutMode.Potential => $"(long)outputCounts[k] * {output.Neuron.Threshold} + {MembraneArray(output)}[k]",
            _ => $"{MembraneArray(output)}[k]",
        };
        w.Line("/// <summary>How far the best readout value leads the second best (long.MaxValue with one output).</summary>");
        using (w.Block("public long ReadoutMargin()"))
        {
            w.Line("long best = long.MinValue;");
            w.Line("long second = long.MinValue;");
            using (w.Block($"for (int k = 0; k < {output.Size}; k++)"))
            {
                w.Line($"long value = {value};");
                w.Line("if (value > best) { second = best; best = value; }");
                w.Line("else if (value > second) second = value;");
            }

            w.Line("return second == long.MinValue ? long.MaxValue : best - second;");
        }

        w.Line();
    }

    private void ReadoutMethod()
    {
        var output = network.OutputLayer;
        var v = MembraneArray(output);
        var theta = output.Neuron.Threshold;
        w.Line(network.Readout.Mode switch
        {
            ReadoutMode.Count => "/// <summary>Argmax of output spike counts; ties to the higher membrane, then the lower index.</summary>",
            ReadoutMode.Potential => "/// <summary>Argmax of spike count x threshold + membrane (the integrated charge); ties to the lower index.</summary>",
            _ => "/// <summary>Argmax of output membranes; ties to the lower index.</summary>",
        });
        using (w.Block("public int Readout()"))
        {
            w.Line("int best = 0;");
            using (w.Block($"for (int k = 1; k < {output.Size}; k++)"))
            {
                w.Line(network.Readout.Mode switch
                {
                    ReadoutMode.Count => $"if (outputCounts[k] > outputCounts[best] || (outputCounts[k] == outputCounts[best] && {v}[k] > {v}[best])) best = k;",
                    ReadoutMode.Potential => $"if ((long)outputCounts[k] * {theta} + {v}[k] > (long)outputCounts[best] * {theta} + {v}[best]) best = k;",
                    _ => $"if ({v}[k] > {v}[best]) best = k;",
                });
            }

            w.Line("return best;");
        }

        w.Line();
    }

    private void StepMethod()
    {
        w.Line("/// <summary>One timestep: encode the input, update every layer, call the hook.</summary>");
        using (w.Block("public void Step(byte[] input)"))
        {
            w.Line($"if (input == null || input.Length != InputSize) throw new System.ArgumentException(\"{network.Name} takes {network.Input.RawSize} input bytes\");");
            if (Downsampled)
            {
                w.Line("input = Downsample(input);");
            }

            w.Line($"for (int j = 0; j < {network.Layers.Count}; j++) layerSpikes[j] = 0;");
            if (network.Update == UpdateMode.PerEvent)
            {
                kernel.PerEventStep();
            }
            else
            {
                PerStepBody();
            }

            w.Line("timestep++;");
            foreach (var cut in network.Policies.RowCutoffs)
            {
                var m = cut.LayerIndex;
                w.Line($"// row cutoff: fewer synapses when '{network.Layers[m].Name}' is busy, more when it is quiet");
                w.Line($"window{m} += layerSpikes[{m}];");
                using (w.Block($"if (timestep % {cut.Window} == 0)"))
                {
                    w.Line($"if (window{m} > {cut.HighSpikes}) {{ keep{m} -= {cut.Step}; if (keep{m} < {cut.KeepMin}) keep{m} = {cut.KeepMin}; }}");
                    w.Line($"else if (window{m} < {cut.LowSpikes}) {{ keep{m} += {cut.Step}; if (keep{m} > {cut.KeepMax}) keep{m} = {cut.KeepMax}; }}");
                    w.Line($"window{m} = 0;");
                }
            }

            foreach (var precision in network.Policies.Precisions)
            {
                var m = precision.LayerIndex;
                w.Line($"// layer precision: low when '{network.Layers[m].Name}' is busy (and the answer clear), high when quiet (or unsure)");
                w.Line($"activity{m} += layerSpikes[{m}] - (activity{m} >> {precision.EmaShift});");
                using (w.Block($"if (timestep % {precision.Hold} == 0)"))
                {
                    var (sure, unsure) = precision.Margin > 0
                        ? ($" && ReadoutMargin() >= {precision.Margin}", $" || ReadoutMargin() < {precision.Margin}")
                        : (string.Empty, string.Empty);
                    w.Line($"low{m} = low{m} ? !(activity{m} <= {precision.QuietLevel}{unsure}) : activity{m} >= {precision.BusyLevel}{sure};");
                }
            }

            w.Line("if (Hook != null) Hook.OnTimestepEnd(this);");
        }

        w.Line();
    }

    private void PerStepBody()
    {
        w.Line("int count = 0;");
        EncodeLoop(i => $"inputSpikes[count++] = {i};");

        var previous = "inputSpikes";
        foreach (var layer in network.Layers)
        {
            var m = layer.Index;
            w.Line($"// layer {m} '{layer.Name}': integrate the timestep's spikes, then leak, then test once");
            CountOps(layer, "(long)count * ");
            using (w.Block("for (int s = 0; s < count; s++)"))
            {
                if (Plan(layer).Loop == LoopKind.PolicyLoop)
                {
                    w.Line($"int row = {previous}[s] * {layer.Size};");
                    using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
                    {
                        SkipCutSynapse(m);
                        w.Line($"acc{m}[j] += {PolicyWeightAt(layer)};");
                    }
                }
                else
                {
                    kernel.Accumulate(layer, $"{previous}[s]");
                }
            }

            w.Line("count = 0;");
            kernel.StepUpdate(layer);
            previous = $"spikes{m}";
        }
    }
}
