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
            var compilation = Workspace.Compile(result.GetValue(file)!, error);
            if (compilation is null)
            {
                return 1;
            }

            if (compilation.HasErrors || compilation.Networks.IsEmpty)
            {
                return SnncApp.Fail(compilation, error);
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
