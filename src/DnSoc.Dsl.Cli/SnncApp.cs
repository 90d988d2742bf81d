using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using System.Linq;
using System.Reflection;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Commands;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Cli;

/// <summary>The snnc command tree. Output goes to the writers given, so tests run it in process.</summary>
public static class SnncApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, new NpmCli(), TerminalInfo.Redirected);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/> on the console, whose terminal decides carets and colour.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, TerminalInfo terminal) => Run(args, output, error, new NpmCli(), terminal);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, with npm (the only network access) supplied by the caller.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, INpmRunner npm) => Run(args, output, error, npm, TerminalInfo.Redirected);

    private static int Run(string[] args, TextWriter output, TextWriter error, INpmRunner npm, TerminalInfo terminal)
    {
        var root = new RootCommand("snnc: the DnSoc.Dsl compiler for spiking neural networks (.snn files)")
        {
            NewCommand.Create(output, error),
            CompileCommand.Create(output, error, terminal),
            CheckCommand.Create(output, error, terminal),
            ReportCommand.Report(output, error, terminal),
            ReportCommand.Compare(output, error, terminal),
            IrCommand.Create(output, error),
            RunCommand.Create(output, error),
            EmitCommand.Create(output, error),
            BuildCommand.Create(output, error, terminal),
            BlobCommand.Create(output, error),
            VectorsCommand.Create(output, error),
            RtlCommand.Create(output, error),
            SynthCommand.Create(output, error),
            CalibrateCommand.Create(output, error),
            DataCommand.Create(output, error, npm),
            TrainCommand.Create(output, error, npm, terminal),
            EvalCommand.Create(output, error, npm, terminal),
            SweepCommand.Create(output, error, npm, terminal),
            BenchCommand.Create(output, error),
            NirCommands.Import(output, error),
            NirCommands.Export(output, error),
        };

        // The default would print the entry assembly's version: the test host's when a test runs snnc in process.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion(output);

        var verbose = new Option<bool>("--verbose") { Description = "on an internal error, print its stack trace too", Recursive = true };
        root.Options.Add(verbose);
        var parsed = root.Parse(args);
        try
        {
            // The default handler would print every exception as an unhandled crash with a stack trace.
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return parsed.Invoke(configuration);
        }
        catch (Exception e) when (UserError(e) is { } message)
        {
            error.WriteLine("error: " + message);
            return 1;
        }
        catch (Exception e)
        {
            // Anything else is a bug in snnc, never the user's: one line, and the trace only when asked for.
            var firstLine = e.Message.Split('\n')[0].Trim();
            error.WriteLine($"error: internal error ({e.GetType().Name}: {firstLine}); this is a bug in snnc, not in your input: please report it with the command and the files you used" +
                (parsed.GetValue(verbose) ? string.Empty : " (run it again with --verbose for the stack trace)"));
            if (parsed.GetValue(verbose))
            {
                error.WriteLine(e.ToString());
            }

            return 2;
        }
    }

    /// <summary>snnc's version: the one of Directory.Build.props, shared by every assembly and the generator's package.</summary>
    public static string Version { get; } =
        typeof(SnncApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    /// <summary>The one-line message of a failure caused by the user's files or system, or null for a bug.</summary>
    private static string? UserError(Exception e) => e switch
    {
        InputException or IdxFormatException => e.Message,
        IOException or UnauthorizedAccessException => e.Message,
        _ => null,
    };

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object instead of text (for scripts)" };

    internal static Option<bool> WarningsAsErrorsOption() =>
        new("--warnaserror") { Description = "Treat warnings as errors: report them as errors and fail (exit code 1)" };

    internal static Option<bool> CaretOption() =>
        new("--caret") { Description = "Show the source line and a caret under each diagnostic even when output is redirected (shown anyway in a terminal)" };

    /// <summary>The command's diagnostic options from its <c>--warnaserror</c> and <c>--caret</c>, for diagnostics written to stdout or stderr.</summary>
    internal static DiagnosticOptions Diagnostics(ParseResult result, Option<bool> warningsAsErrors, Option<bool> caret, TerminalInfo terminal, bool standardOutput, bool json = false) =>
        new(result.GetValue(warningsAsErrors), terminal.For(standardOutput, result.GetValue(caret), json));

    internal static Argument<string[]> FilesArgument() =>
        new("files") { Description = ".snn files", Arity = ArgumentArity.OneOrMore };

    internal static Argument<string> FileArgument() => new("file") { Description = "a .snn file" };

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        private readonly TextWriter output;

        public PrintVersion(TextWriter output) => this.output = output;

        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(Version);
            return 0;
        }
    }
}
