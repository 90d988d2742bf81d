using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc run FILE --input SAMPLE</c>: one inference on the bit-exact reference model.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var input = new Option<string>("--input") { Description = "input sample: an 8-bit PGM image, or a text file of values 0..255", Required = true };
        var json = SnncApp.JsonOption();
        var command = new Command("run", "Run the reference model on one input and print the output spikes per class") { file, input, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var network = compilation.Networks[0];
            var sample = InputReader.Read(result.GetValue(input)!, network.Input.RawSize);
            var inference = new ReferenceModel(network).Infer(sample);
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
            return 0;
        });
        return command;
    }
}
