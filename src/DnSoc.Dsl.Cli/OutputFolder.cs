using System;
using System.IO;

namespace DnSoc.Dsl.Cli;

/// <summary>The folder an <c>-o</c> option names: created when missing; a file in its place, or no right to create it, is the user's error.</summary>
internal static class OutputFolder
{
    public static void Create(string folder)
    {
        if (File.Exists(folder))
        {
            throw new InputException($"{folder}: -o names a file, but it must be a folder; give a folder path (a missing one is created)");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{folder}: cannot create the output folder ({e.Message}); give a folder you may write to");
        }
    }
}
