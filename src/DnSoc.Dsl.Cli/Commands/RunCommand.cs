using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc run FILE --input SAMPLE [--index N] [--plot FILE]</c>: one inference on the bit-exact reference model.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var input = new Option<string>("--input") { Description = "input sample: an 8-bit PGM image, an IDX images file (MNIST's format; see --index) or a text file of values 0..255", Required = true };
        var index = new Option<int?>("--index") { Description = "which image of an IDX images file, from 0 (default: 0)" };
        var plot = new Option<string>("--plot") { Description = "also draw the spike raster (FILE.raster) and membrane traces per layer (FILE.membranes-LAYER), each as .svg and .png" };
        var json = SnncApp.JsonOption();
        var command = new Command("run", "Run the reference model on one input and print the output spikes per class") { file, input, index, plot, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var network = compilation.Networks[0];
            var sample = SampleReader.Read(result.GetValue(input)!, network.Input.RawSize, result.GetValue(index));
            var plotFile = result.GetValue(plot);
            var membranes = new List<int[][]>(); // [timestep][layer][neuron], recorded only for the plot
            var inference = new ReferenceModel(network).Infer(sample, plotFile is null ? null : model =>
                membranes.Add(network.Layers.Select(l => model.Membranes(l.Index).ToArray()).ToArray()));
            var plots = plotFile is null ? System.Array.Empty<string>() : RunFigures.Write(plotFile, network, inference, membranes);
            var output_ = network.OutputLayer;
            if (result.GetValue(json))
            {
                Json.Write(output, new
                {
                    Network = network.Name,
                    PredictedClass = inference.PredictedClass,
                    TimestepsRun = inference.Timesteps,
                    OutputSpikeCounts = inference.OutputSpikeCounts.ToArray(),
                    OutputMembranes = inference.FinalMembranes[output_.Index].ToArray(),
                    Layers = network.Layers.Select(l => new
                    {
                        l.Name,
                        Spikes = inference.SpikeCounts[l.Index].Sum(),
                        SpikesPerTimestep = inference.SpikesPerTimestep[l.Index].Take(inference.Timesteps).ToArray(),
                    }),
                    inference.SynapticOps,
                    Plots = plots,
                });
                return 0;
            }

            output.WriteLine($"network {network.Name}: predicted class {inference.PredictedClass}");
            output.WriteLine("class  spikes  membrane");
            for (var k = 0; k < output_.Size; k++)
            {
                var mark = k == inference.PredictedClass ? "  <" : string.Empty;
                output.WriteLine($"{k,5}  {inference.OutputSpikeCounts[k],6}  {inference.FinalMembranes[output_.Index][k],8}{mark}");
            }

            var early = inference.Timesteps < network.Timesteps ? $" (early exit; the network runs at most {network.Timesteps})" : string.Empty;
            foreach (var layer in network.Layers)
            {
                output.WriteLine($"layer {layer.Name}: {inference.SpikeCounts[layer.Index].Sum()} spikes over {inference.Timesteps} timesteps{early}");
            }

            output.WriteLine($"synaptic operations: {inference.SynapticOps}");
            if (plots.Length > 0)
            {
                output.WriteLine("plots: " + string.Join(", ", plots));
            }

            return 0;
        });
        return command;
    }
}
