using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Rtl;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc rtl FILE -o DIR</c>: the Verilog SoC of each network (hardware/README.md#generated-soc): the core
/// library, a top level with one core per planned core, a testbench for <c>snnc vectors</c> files, and the
/// memory images of the blob.
/// </summary>
internal static class RtlCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var directory = new Option<string>("--output", "-o") { Description = "folder to write the Verilog files into", Required = true };
        var json = SnncApp.JsonOption();
        var command = new Command("rtl", "Write the Verilog SoC of a network: core library, top level, testbench and memory images") { file, directory, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var emitted = new List<(string Network, IReadOnlyList<RtlFile> Files)>();
            foreach (var network in compilation.Networks)
            {
                try
                {
                    emitted.Add((network.Name, RtlEmitter.Emit(network)));
                }
                catch (System.Exception e) when (e is BlobMappingException or RtlMappingException)
                {
                    error.WriteLine($"{compilation.Source.Path}: error: network '{network.Name}': {e.Message}");
                    return 1;
                }
            }

            var folder = result.GetValue(directory)!;
            Directory.CreateDirectory(folder);
            var written = new List<object>();
            foreach (var (network, files) in emitted)
            {
                foreach (var f in files)
                {
                    File.WriteAllText(Path.Combine(folder, f.Name), f.Text);
                }

                written.Add(new { Network = network, Files = files.Select(f => Path.Combine(folder, f.Name)).ToArray() });
                if (!result.GetValue(json))
                {
                    output.WriteLine($"wrote {Path.Combine(folder, network)}_soc.v, {network}_tb.v, {files.Count(f => f.Name.EndsWith(".hex", System.StringComparison.Ordinal))} memory images and the core library ({RtlEmitter.CoreSources.Length} modules, {RtlEmitter.DriverSource})");
                }
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = written });
            }

            return 0;
        });
        return command;
    }
}
