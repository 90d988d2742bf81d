using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// <c>snnc run --plot</c>: one inference on the reference model drawn as a spike raster and as membrane traces.
/// Solid lines only: Skia's SVG canvas prints "Unsupported path effect" to the console for dashes.
/// </summary>
internal static class RunFigures
{
    /// <summary>Neurons traced per layer: the most active few, enough to see integration, firing and reset without a tangle.</summary>
    public const int TracedNeurons = 3;

    /// <summary>
    /// Writes FILE.raster and, per layer, FILE.membranes-LAYER as SVG and PNG (an .svg or .png extension of FILE
    /// is dropped); returns the paths. One membrane figure per layer: layers differ in scale (an inhibited output
    /// neuron sinks thousands below a hidden one's threshold), so one axis would flatten the others.
    /// </summary>
    /// <param name="membranes">[timestep][layer][neuron]: the membranes after each timestep run.</param>
    public static string[] Write(string file, NetworkIr network, InferenceResult inference, IReadOnlyList<int[][]> membranes)
    {
        var stem = Path.GetExtension(file).ToLowerInvariant() is ".svg" or ".png" ? Path.ChangeExtension(file, null)! : file;
        if (Path.GetDirectoryName(Path.GetFullPath(stem)) is { } folder)
        {
            OutputFolder.Create(folder);
        }

        return Figures.Save(Raster(network, inference), stem + ".raster", 1000, 600)
            .Concat(network.Layers.SelectMany(l => Figures.Save(Membranes(network.Name, l, inference, membranes), $"{stem}.membranes-{l.Name}", 900, 500)))
            .ToArray();
    }

    /// <summary>One mark per spike: timestep across, neuron up, each layer stacked above the one before.</summary>
    public static ScottPlot.Plot Raster(NetworkIr network, InferenceResult inference)
    {
        var plot = new ScottPlot.Plot();
        var offset = 0;
        foreach (var layer in network.Layers)
        {
            var spikes = inference.Events.Where(e => e.Layer == layer.Index).ToArray();
            var marks = plot.Add.ScatterPoints(
                spikes.Select(e => (double)e.Timestep).ToArray(),
                spikes.Select(e => (double)(offset + e.Neuron)).ToArray());
            marks.MarkerShape = ScottPlot.MarkerShape.FilledSquare;
            marks.MarkerSize = 4;
            marks.LegendText = $"{layer.Name}: neurons {offset}..{offset + layer.Size - 1}, {spikes.Length} spikes";
            offset += layer.Size;
            if (layer.Index < network.Layers.Count - 1)
            {
                plot.Add.HorizontalLine(offset - 0.5, width: 1, color: ScottPlot.Colors.Gray);
            }
        }

        plot.Title($"{network.Name}: spikes over {inference.Timesteps} timesteps (reference model)");
        plot.XLabel("timestep");
        plot.YLabel("neuron (layers stacked)");
        plot.Axes.SetLimits(-0.5, inference.Timesteps - 0.5, -0.5, offset - 0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return plot;
    }

    /// <summary>The membranes of a layer's most active neurons at the end of every timestep, and its threshold.</summary>
    public static ScottPlot.Plot Membranes(string network, LayerIr layer, InferenceResult inference, IReadOnlyList<int[][]> membranes)
    {
        var plot = new ScottPlot.Plot();
        var timesteps = Enumerable.Range(0, membranes.Count).Select(t => (double)t).ToArray();
        var counts = inference.SpikeCounts[layer.Index];
        foreach (var j in Enumerable.Range(0, layer.Size).OrderByDescending(j => counts[j]).ThenBy(j => j).Take(TracedNeurons))
        {
            var line = plot.Add.Scatter(timesteps, membranes.Select(m => (double)m[layer.Index][j]).ToArray());
            line.LegendText = $"{layer.Name}[{j}]: {counts[j]} spikes";
        }

        var threshold = plot.Add.HorizontalLine(layer.Neuron.Threshold, width: 1, color: ScottPlot.Colors.Gray);
        threshold.LegendText = $"threshold {layer.Neuron.Threshold}";
        plot.Title($"{network}, layer {layer.Name}: membranes at the end of each timestep ({TracedNeurons} most active neurons)");
        plot.XLabel("timestep");
        plot.YLabel("membrane potential");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return plot;
    }
}
