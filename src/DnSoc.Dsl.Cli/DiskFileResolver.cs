using System.IO;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>Gives the compiler core the files a .snn file references, read from disk.</summary>
internal sealed class DiskFileResolver : IFileResolver
{
    public string MissingFileHint => "the path is relative to the .snn file; check its spelling or create the file";

    public SourceFile? Resolve(string path) => File.Exists(path) ? new SourceFile(path, File.ReadAllText(path)) : null;
}
