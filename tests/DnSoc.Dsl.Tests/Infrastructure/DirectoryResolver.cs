using System.IO;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Resolves the relative paths a test compilation asks for inside one folder, keeping them relative in diagnostics.</summary>
public sealed class DirectoryResolver : IFileResolver
{
    private readonly string folder;

    public DirectoryResolver(string folder) => this.folder = folder;

    public string MissingFileHint => "the path is relative to the .snn file";

    public FileResolution Resolve(string path)
    {
        var full = Path.Combine(folder, path);
        if (Directory.Exists(full))
        {
            return FileResolution.Refused("it is a folder, not a file"); // as snnc answers (SNN0408)
        }

        return File.Exists(full) ? new SourceFile(path, File.ReadAllText(full)) : null;
    }
}
