using System.CommandLine;
using System.IO;
using DnSoc.Dsl.Cli.Commands;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Cli;

/// <summary>The snnc command tree. Output goes to the writers given, so tests run it in process.</summary>
public static class SnncApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, new NpmCli());

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, with npm (the only network access) supplied by the caller.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, INpmRunner npm)
    {
        var root = new RootCommand("snnc: the DnSoc.Dsl compiler for spiking neural networks (.snn files)")
        {
            CompileCommand.Create(output, error),
            CheckCommand.Create(output, error),
            ReportCommand.Report(output, error),
            ReportCommand.Compare(output, error),
            IrCommand.Create(output, error),
            RunCommand.Create(output, error),
            EmitCommand.Create(output, error),
            BuildCommand.Create(output, error),
            BlobCommand.Create(output, error),
            VectorsCommand.Create(output, error),
            RtlCommand.Create(output, error),
            DataCommand.Create(output, error, npm),
            TrainCommand.Create(output, error, npm),
            EvalCommand.Create(output, error, npm),
            BenchCommand.Create(output, error),
            NirCommands.Import(output, error),
            NirCommands.Export(output, error),
        };

        try
        {
            // The default handler would print InputException as an unhandled crash with a stack trace.
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return root.Parse(args).Invoke(configuration);
        }
        catch (InputException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object instead of text (for scripts)" };

    internal static Argument<string[]> FilesArgument() =>
        new("files") { Description = ".snn files", Arity = ArgumentArity.OneOrMore };

    internal static Argument<string> FileArgument() => new("file") { Description = "a .snn file" };
}
