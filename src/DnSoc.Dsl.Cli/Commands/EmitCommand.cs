using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc emit FILE -o DIR</c>: writes the C# the source generator would produce, for projects that
/// do not use the generator (or for reading it).
/// </summary>
internal static class EmitCommand
{
    public const string DefaultNamespace = "DnSoc.Networks";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var directory = new Option<string>("--output", "-o") { Description = "folder to write the .g.cs files into", Required = true };
        var ns = new Option<string>("--namespace") { Description = "namespace of the generated classes", DefaultValueFactory = _ => DefaultNamespace };
        var flavour = new Option<CodeFlavour>("--flavour")
        {
            Description = "nano: nanoFramework-safe (default); host: SIMD for modern .NET, same results",
            DefaultValueFactory = _ => CodeFlavour.Nano,
        };
        var blob = new Option<bool>("--embed-blob") { Description = "give networks the cores can run a Blob member (as SnnEmbedBlob does)" };
        var json = SnncApp.JsonOption();
        var command = new Command("emit", "Write the generated C# inference classes of a .snn file") { file, directory, ns, flavour, blob, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            var folder = result.GetValue(directory)!;
            var @namespace = result.GetValue(ns)!;
            OutputFolder.Create(folder);
            var written = compilation.Networks
                .Select(n => (Path: Path.Combine(folder, n.Name + ".g.cs"), Text: CSharpEmitter.EmitNetwork(n, new EmitOptions(@namespace, SourceName(compilation.Source.Path), result.GetValue(flavour), EmbedBlob: result.GetValue(blob)))))
                .Append((Path: Path.Combine(folder, @namespace + ".Runtime.g.cs"), Text: CSharpEmitter.EmitRuntime(@namespace)))
                .ToList();
            foreach (var (path, text) in written)
            {
                File.WriteAllText(path, text);
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Files = written.Select(w => w.Path) });
            }
            else
            {
                written.ForEach(w => output.WriteLine($"wrote {w.Path}"));
            }

            return 0;
        });
        return command;
    }

    // As the generator names it (relative to the project): the file as seen from here, never this machine's absolute path.
    private static string SourceName(string path) => SourcePaths.RelativeOrFileName(Path.GetFullPath(path), Directory.GetCurrentDirectory());
}
