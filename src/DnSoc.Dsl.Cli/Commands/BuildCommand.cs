using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc build FILE -o DIR</c>: one configuration blob per network (docs/blob-format.md) and a
/// manifest a person can read, both checked by the firmware's own parser before they are written.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(TextWriter output, TextWriter error, TerminalInfo terminal)
    {
        var file = SnncApp.FileArgument();
        var directory = new Option<string>("--output", "-o") { Description = "folder to write the .bin and .manifest.txt files into", Required = true };
        var json = SnncApp.JsonOption();
        var warningsAsErrors = SnncApp.WarningsAsErrorsOption();
        var caret = SnncApp.CaretOption();
        var command = new Command("build", "Write the configuration blob of each network in a .snn file, with a manifest")
        {
            file, directory, json, warningsAsErrors, caret,
        };
        command.SetAction(result =>
        {
            var options = SnncApp.Diagnostics(result, warningsAsErrors, caret, terminal, standardOutput: false);
            if (Workspace.CompileNetworks(result.GetValue(file)!, error, options: options) is not { } compilation)
            {
                return 1;
            }

            var blobs = new List<(NetworkIr Network, byte[] Blob)>();
            foreach (var network in compilation.Networks)
            {
                var plan = CorePlanner.Plan(network);
                if (!plan.Mappable)
                {
                    error.WriteLine($"{compilation.Source.Path}: error: network '{network.Name}' has no blob: {plan.WhyNotMappable}");
                    return 1;
                }

                blobs.Add((network, BlobWriter.Write(network, plan)));
            }

            var folder = result.GetValue(directory)!;
            OutputFolder.Create(folder);
            var written = new List<object>();
            foreach (var (network, blob) in blobs)
            {
                var binPath = Path.Combine(folder, network.Name + ".bin");
                var manifestPath = Path.Combine(folder, network.Name + ".manifest.txt");
                File.WriteAllBytes(binPath, blob);
                File.WriteAllText(manifestPath, Manifest(network, blob));
                written.Add(new { Network = network.Name, Blob = binPath, Manifest = manifestPath, Bytes = blob.Length });
                if (!result.GetValue(json))
                {
                    output.WriteLine($"wrote {binPath} ({blob.Length} bytes) and {manifestPath}");
                }
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Files = written });
            }

            return 0;
        });
        return command;
    }

    /// <summary>What the blob holds, in the terms of docs/blob-format.md, read back through the firmware's parser.</summary>
    internal static string Manifest(NetworkIr network, byte[] blob)
    {
        var image = BlobImage.Parse(blob);
        var crc = (uint)(blob[blob.Length - 4] | (blob[blob.Length - 3] << 8) | (blob[blob.Length - 2] << 16) | (blob[blob.Length - 1] << 24));
        var lines = new List<string>
        {
            $"# {network.Name}: configuration blob (docs/blob-format.md, format version 2)",
            $"profile: {(image.Profile == 1 ? "tinyodin" : "dnsoc")}",
            $"bytes: {blob.Length}, little-endian, CRC-32 0x{crc:X8}",
            $"timesteps: {image.Timesteps}, update: per event",
            $"input: {image.InputSize} elements, {(image.Encoding == 0 ? $"rate encoding, seed {image.Seed}" : $"direct encoding, threshold {image.DirectThreshold}")}",
            $"readout: core {image.ReadoutCore}, {network.Readout.Mode.ToString().ToLowerInvariant()}",
            string.Empty,
            "| core | layers (neuron addresses) | reads | sends to | rows used / core | neurons used / core | weight bits | membrane bits | leak | reset | open loop | MAX_NEUR | synapse words | neuron words |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        var layers = image.Layers;
        int First(int core) => System.Array.FindIndex(layers, l => l.Core == core);
        int Last(int core) => System.Array.FindLastIndex(layers, l => l.Core == core);
        lines.AddRange(image.Cores.Select((c, i) =>
            $"| {i} | {string.Join(", ", Enumerable.Range(First(i), Last(i) - First(i) + 1).Select(m => $"{network.Layers[m].Name} {layers[m].Offset}..{layers[m].Offset + layers[m].Size - 1}"))} " +
            $"| {(First(i) == 0 ? "input" : "core " + layers[First(i) - 1].Core)} | {(Last(i) == layers.Length - 1 ? "controller (readout)" : "core " + layers[Last(i) + 1].Core)} " +
            $"| {c.UsedRows} / {c.Rows} | {c.UsedNeurons} / {c.Neurons} | {c.WeightBits} | {c.MembraneBits} | {new[] { "none", "subtract", "shift" }[c.Leak]} " +
            $"| {(c.Reset == 0 ? "zero" : "subtract")} | {c.OpenLoop} | {c.MaxNeuron} | {c.SynapseMemory.Length} | {c.NeuronMemory.Length} |"));
        return string.Join("\n", lines) + "\n";
    }
}
