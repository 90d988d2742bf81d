using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace DnSoc.Dsl.Synthesis;

/// <summary>A synthesis tool is missing or failed: the message says which and what to do.</summary>
public sealed class SynthToolException(string message) : Exception(message);

/// <summary>The external tools: where they are, their versions, and running them with a time limit.</summary>
public static class SynthTools
{
    /// <summary>The Debian packages that hold every tool <c>snnc synth</c> runs.</summary>
    public const string InstallCommand = "sudo apt-get install yosys nextpnr-ice40 fpga-icestorm";

    public static bool Has(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator).Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, tool)));

    public static void Require(string tool)
    {
        if (!Has(tool))
        {
            throw new SynthToolException($"{tool} is not installed (not on PATH); install the open FPGA tools with: {InstallCommand}");
        }
    }

    /// <summary>The tool's version line, as it prints it.</summary>
    public static string Version(string tool, string argument) =>
        Run(tool, argument, Path.GetTempPath(), TimeSpan.FromSeconds(30)).Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "unknown";

    /// <summary>Runs a tool in <paramref name="folder"/>; a tool that does not end in time is killed and reported.</summary>
    public static (int ExitCode, string Output) Run(string tool, string arguments, string folder, TimeSpan limit)
    {
        Require(tool);
        return ExternalProcess.Run(tool, arguments, folder, limit);
    }
}

/// <summary>Runs a program and collects what it printed (standard output, then standard error), with a time limit.</summary>
public static class ExternalProcess
{
    /// <param name="environment">Variables to set for the program, or null.</param>
    public static (int ExitCode, string Output) Run(string program, string arguments, string folder, TimeSpan limit, (string Name, string Value)[]? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? Array.Empty<(string, string)>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new SynthToolException($"{program} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)limit.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new SynthToolException($"{program} did not finish in {limit.TotalMinutes:0} minutes (in {folder})");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
