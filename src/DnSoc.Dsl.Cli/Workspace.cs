using System.IO;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>Reads .snn files from disk and hands them to the compiler core.</summary>
internal static class Workspace
{
    /// <summary>The compilation, or null (with a message) when the file itself cannot be read.</summary>
    public static SnnCompilation? Compile(string path, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}: error: file not found");
            return null;
        }

        return SnnCompiler.Compile(new SourceFile(path, File.ReadAllText(path)), new DiskFileResolver());
    }
}
