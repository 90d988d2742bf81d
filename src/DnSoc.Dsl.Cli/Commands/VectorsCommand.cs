using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Soc;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc vectors FILE --input SAMPLE -o DIR</c>: per tinyODIN core, the SPI words that program it, its
/// input AER events, and its expected output events and final neuron words (docs/vectors.md), recorded
/// from the firmware driving the simulator.
/// </summary>
internal static class VectorsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var input = new Option<string>("--input") { Description = "input sample: an 8-bit PGM image, or a text file of values 0..255", Required = true };
        var directory = new Option<string>("--output", "-o") { Description = "folder to write the vector files into", Required = true };
        var json = SnncApp.JsonOption();
        var command = new Command("vectors", "Write tinyODIN test vectors (SPI program, input events, expected output events and neuron words) for one input") { file, input, directory, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var recorded = new List<(NetworkIr Network, IReadOnlyList<CoreVectors> Cores)>();
            foreach (var network in compilation.Networks)
            {
                if (network.Target.Kind != TargetKind.TinyOdin)
                {
                    error.WriteLine($"{compilation.Source.Path}: error: network '{network.Name}': test vectors are defined for the tinyODIN profile; use 'target tinyodin'");
                    return 1;
                }

                var plan = CorePlanner.Plan(network);
                if (!plan.Mappable)
                {
                    error.WriteLine($"{compilation.Source.Path}: error: network '{network.Name}' has no blob: {plan.WhyNotMappable}");
                    return 1;
                }

                var blob = BlobWriter.Write(network, plan);
                try
                {
                    recorded.Add((network, TestVectors.Record(blob, SampleReader.Read(result.GetValue(input)!, network.Input.RawSize, index: null))));
                }
                catch (SchedulerOverflowException e)
                {
                    error.WriteLine($"{compilation.Source.Path}: error: network '{network.Name}': {e.Message}");
                    return 1;
                }
            }

            var folder = result.GetValue(directory)!;
            OutputFolder.Create(folder);
            var written = new List<object>();
            foreach (var (network, cores) in recorded)
            {
                for (var c = 0; c < cores.Count; c++)
                {
                    var texts = TestVectors.Format(cores[c]);
                    var paths = TestVectors.Files.Select(f => Path.Combine(folder, $"{network.Name}.core{c}.{f.Suffix}")).ToArray();
                    for (var k = 0; k < paths.Length; k++)
                    {
                        File.WriteAllText(paths[k], texts[k]);
                    }

                    written.Add(new
                    {
                        Network = network.Name,
                        Core = c,
                        Files = paths,
                        SpiWords = cores[c].Program.Count,
                        InputEvents = cores[c].EventsIn.Count,
                        OutputEvents = cores[c].EventsOut.Count,
                        NeuronWords = cores[c].NeuronWords.Count,
                    });
                    if (!result.GetValue(json))
                    {
                        output.WriteLine($"wrote {Path.Combine(folder, $"{network.Name}.core{c}")}.{{{string.Join(",", TestVectors.Files.Select(f => f.Suffix))}}}: {TestVectors.Summary(cores[c])}");
                    }
                }
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Cores = written });
            }

            return 0;
        });
        return command;
    }
}
