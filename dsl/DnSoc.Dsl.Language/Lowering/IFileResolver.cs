using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Lowering;

/// <summary>
/// How the core gets the files a .snn file references (weights). The CLI reads the disk; the source
/// generator looks among AdditionalTexts. Paths come already resolved and normalised.
/// </summary>
public interface IFileResolver
{
    /// <summary>The file's text, or null when there is no such file.</summary>
    SourceFile? Resolve(string path);

    /// <summary>A hint for the diagnostic when a file is missing (e.g. "add it as an AdditionalFile").</summary>
    string MissingFileHint { get; }
}
