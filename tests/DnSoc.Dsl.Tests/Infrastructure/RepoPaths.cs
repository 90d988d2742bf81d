using System;
using System.IO;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Finds the repository (the folder holding DnSoc.Dsl.sln) from the test binaries.</summary>
public static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DnSoc.Dsl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DnSoc.Dsl.sln not found above " + AppContext.BaseDirectory);
    }
}
