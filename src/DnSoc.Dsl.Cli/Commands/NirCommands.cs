using System.CommandLine;
using System.IO;
using DnSoc.Dsl.Interchange.Export;
using DnSoc.Dsl.Interchange.Import;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language.Diagnostics;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc import MODEL.nir -o DIR</c> and <c>snnc export FILE.snn -o MODEL.nir</c> (docs/nir.md): the file I/O
/// around DnSoc.Dsl.Interchange, which does the translating.
/// </summary>
internal static class NirCommands
{
    public static Command Import(TextWriter output, TextWriter error)
    {
        var model = new Argument<string>("model") { Description = "a NIR graph (.nir, HDF5) exported by snnTorch, Norse, Rockpool, ... or by snnc export" };
        var outputDir = new Option<string>("--output", "-o") { Description = "the folder to write NAME.snn and NAME.w.txt into", Required = true };
        var name = new Option<string?>("--name") { Description = "the network's name (default: the file's metadata, else the file name)" };
        var target = new Option<string?>("--target") { Description = "mcu (default: per-step, as NIR's neurons), dnsoc or tinyodin" };
        var timesteps = new Option<int?>("--timesteps") { Description = $"timesteps per inference (default {ImportOptions.DefaultTimesteps})" };
        var weightBits = new Option<int?>("--weight-bits") { Description = "weight width the float weights are quantized to (default 8; tinyodin 4)" };
        var membraneBits = new Option<int?>("--membrane-bits") { Description = "membrane width (default 16; tinyodin 12)" };
        var dt = new Option<double?>("--dt") { Description = "the time step in seconds (default: tau / r of the LIF nodes, snnTorch's convention)" };
        var command = new Command("import", "Import a NIR graph as a .snn file and its weights file; prints every approximation it made")
        {
            model, outputDir, name, target, timesteps, weightBits, membraneBits, dt,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(model)!;
            if (!File.Exists(path))
            {
                throw new InputException($"{path}: no such file");
            }

            var options = new ImportOptions(result.GetValue(name), result.GetValue(target), result.GetValue(timesteps), result.GetValue(weightBits),
                result.GetValue(membraneBits), result.GetValue(dt));
            var diagnostics = new DiagnosticBag();
            ImportedNetwork? imported;
            using (var stream = new MemoryStream(File.ReadAllBytes(path)))
            {
                imported = NirImporter.Import(stream, path, options, diagnostics);
            }

            foreach (var diagnostic in diagnostics.ToSortedArray())
            {
                error.WriteLine(diagnostic);
            }

            if (imported is null)
            {
                error.WriteLine($"{path}: not imported ({diagnostics.ErrorCount} error(s)); docs/nir.md lists what the language can express");
                return 1;
            }

            foreach (var note in imported.Notes)
            {
                output.WriteLine("note: " + note);
            }

            var folder = result.GetValue(outputDir)!;
            Directory.CreateDirectory(folder);
            var snnPath = Path.Combine(folder, imported.Name + ".snn");
            File.WriteAllText(snnPath, imported.SnnText);
            File.WriteAllText(Path.Combine(folder, imported.WeightsFileName), imported.WeightsText);
            var network = imported.Network;
            output.WriteLine($"wrote {snnPath} and {imported.WeightsFileName}: network {network.Name}, {network.Input.Size} inputs, " +
                $"layers {string.Join(" -> ", System.Linq.Enumerable.Select(network.Layers, l => $"{l.Name}[{l.Size}]"))}; check it with ./snnc check {snnPath}");
            return 0;
        });
        return command;
    }

    public static Command Export(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var outputFile = new Option<string>("--output", "-o") { Description = "the NIR file to write (.nir)", Required = true };
        var command = new Command("export", "Export a .snn network as a NIR graph (HDF5), its exact integer semantics in dnsoc metadata") { file, outputFile };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            if (compilation.Networks.Count > 1)
            {
                throw new InputException($"{result.GetValue(file)} declares {compilation.Networks.Count} networks; a NIR file holds one: put the one to export in a file of its own");
            }

            var exported = NirExporter.Export(compilation.Networks[0]);
            if (exported.Document is not { } document)
            {
                throw new InputException(exported.Refusal!);
            }

            foreach (var note in exported.Notes)
            {
                output.WriteLine("note: " + note);
            }

            var path = result.GetValue(outputFile)!;
            using (var stream = File.Create(path))
            {
                NirWriter.Write(document, stream);
            }

            output.WriteLine($"wrote {path}: NIR {document.Version}, {document.Graph.Nodes.Count} nodes; ./snnc import {path} -o DIR reads it back exactly");
            return 0;
        });
        return command;
    }
}
