using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Lowering;

/// <summary>
/// How the core gets the files a .snn file references (weights). The CLI reads the disk; the source
/// generator looks among AdditionalTexts. Paths come already resolved and normalised.
/// </summary>
public interface IFileResolver
{
    /// <summary>The file's text; <see cref="FileResolution.Missing"/> when there is no such file, or a refusal saying why it cannot be read.</summary>
    FileResolution Resolve(string path);

    /// <summary>A hint for the diagnostic when a file is missing (e.g. "add it as an AdditionalFile").</summary>
    string MissingFileHint { get; }
}

/// <summary>What a resolver found: the file, nothing, or a file it refuses to read (a device, a folder, too large).</summary>
public sealed record FileResolution(SourceFile? File, string? Refusal)
{
    public static FileResolution Missing { get; } = new(null, null);

    public static FileResolution Refused(string why) => new(null, why);

    /// <summary>A found file, or <see cref="Missing"/> for null, so resolvers can return what they looked up.</summary>
    public static implicit operator FileResolution(SourceFile? file) => file is null ? Missing : new FileResolution(file, null);
}
