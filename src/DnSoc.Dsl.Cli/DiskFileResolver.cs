using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>Gives the compiler core the files a .snn file references, read from disk (regular files only, capped).</summary>
internal sealed class DiskFileResolver : IFileResolver
{
    public string MissingFileHint => "the path is relative to the .snn file; check its spelling or create the file";

    public FileResolution Resolve(string path) => InputFiles.Problem(path, InputFiles.MaxWeightsBytes) switch
    {
        null => new SourceFile(path, InputFiles.ReadText(path, InputFiles.MaxWeightsBytes)),
        InputFiles.NoSuchFile => FileResolution.Missing,
        var problem => FileResolution.Refused(problem),
    };
}
