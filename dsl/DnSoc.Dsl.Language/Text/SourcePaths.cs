using System.Collections.Generic;

namespace DnSoc.Dsl.Language.Text;

/// <summary>
/// Path arithmetic without touching the file system: the core may not do I/O, yet it must say which
/// file a relative reference in a .snn file means. Paths use '/' after normalisation.
/// </summary>
public static class SourcePaths
{
    /// <summary>Resolves <paramref name="relative"/> against the folder of <paramref name="fromFile"/>.</summary>
    public static string Combine(string fromFile, string relative)
    {
        var reference = relative.Replace('\\', '/');
        if (IsRooted(reference))
        {
            return Normalize(reference);
        }

        var from = fromFile.Replace('\\', '/');
        var slash = from.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : from.Substring(0, slash + 1);
        return Normalize(folder + reference);
    }

    /// <summary>Removes '.' segments and folds 'dir/..' pairs; keeps a leading '/' or drive.</summary>
    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        var rooted = p.StartsWith("/", System.StringComparison.Ordinal);
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return (rooted ? "/" : string.Empty) + string.Join("/", parts);
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="folder"/> when it lies inside it, else its file name:
    /// what generated code may say of its source without naming the machine it was built on.
    /// </summary>
    public static string RelativeOrFileName(string path, string? folder)
    {
        var file = Normalize(path);
        var root = folder is null ? string.Empty : Normalize(folder);
        if (root.Length > 0 && file.StartsWith(root.TrimEnd('/') + "/", System.StringComparison.Ordinal))
        {
            return file.Substring(root.TrimEnd('/').Length + 1);
        }

        return file.Substring(file.LastIndexOf('/') + 1);
    }

    private static bool IsRooted(string path) =>
        path.StartsWith("/", System.StringComparison.Ordinal) || (path.Length >= 2 && path[1] == ':');
}
