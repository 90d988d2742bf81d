using System.Diagnostics;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Runs a command (in the repository root unless told otherwise) and returns its exit code and combined output.</summary>
public static class ProcessRunner
{
    public static (int Exit, string Output) Run(string fileName, params string[] arguments) =>
        RunIn(RepoPaths.Root, fileName, arguments);

    public static (int Exit, string Output) RunIn(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
