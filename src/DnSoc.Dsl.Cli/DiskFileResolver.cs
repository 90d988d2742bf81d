using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>Gives the compiler core the files a .snn file references, read from disk (regular files only, capped).</summary>
internal sealed class DiskFileResolver : IFileResolver
{
    private readonly string snnPath;

    /// <param name="snnPath">The .snn file whose references are resolved, named in the missing-file hint.</param>
    public DiskFileResolver(string snnPath) => this.snnPath = snnPath;

    // A brand-new network has no weights yet: training writes them, so say that before suspecting a typo.
    public string MissingFileHint =>
        $"if the network is new, run 'snnc train {snnPath}' to train it and write its weights; otherwise check the path (relative to the .snn file)";

    public FileResolution Resolve(string path) => InputFiles.Problem(path, InputFiles.MaxWeightsBytes) switch
    {
        null => new SourceFile(path, InputFiles.ReadText(path, InputFiles.MaxWeightsBytes)),
        InputFiles.NoSuchFile => FileResolution.Missing,
        var problem => FileResolution.Refused(problem),
    };
}
