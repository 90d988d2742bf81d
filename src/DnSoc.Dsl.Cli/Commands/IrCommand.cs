using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc ir FILE</c>: the lowered integer IR as readable text (or JSON).</summary>
internal static class IrCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var json = SnncApp.JsonOption();
        var command = new Command("ir", "Print the lowered network IR: integers, defaults applied, weights summarised") { file, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = compilation.Networks.ToArray() });
            }
            else
            {
                output.Write(string.Join("\n", compilation.Networks.Select(IrPrinter.Print)));
            }

            return 0;
        });
        return command;
    }
}
