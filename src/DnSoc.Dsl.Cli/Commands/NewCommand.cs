using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc new NAME</c>: writes a commented NAME.snn that <c>snnc train</c> trains and <c>snnc eval</c> evaluates
/// as it is. The file is checked in memory first, with zero weights, so it never writes one the checker refuses.
/// </summary>
internal static class NewCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "the network's name: NAME.snn, network NAME, class NAME in C#" };
        var inputs = new Option<int>("--inputs") { Description = "input values (784: a 28 x 28 MNIST image; a square number is an image)", DefaultValueFactory = _ => 784 };
        var hidden = new Option<string>("--hidden") { Description = "hidden layer sizes, comma-separated (default: 64; tinyodin: 102)" };
        var outputs = new Option<int>("--outputs") { Description = "output neurons, one per class", DefaultValueFactory = _ => 10 };
        var target = new Option<string>("--target") { Description = "the platform: dnsoc, tinyodin or mcu", DefaultValueFactory = _ => "dnsoc" };
        target.AcceptOnlyFromAmong(NetworkTemplate.Targets);
        var folder = new Option<string>("--output", "-o") { Description = "folder to write NAME.snn into (created when missing)", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "overwrite an existing NAME.snn" };
        var command = new Command("new", "Write a commented .snn file for a new network, ready for snnc train") { name, inputs, hidden, outputs, target, folder, force };
        command.SetAction(result =>
        {
            var networkName = result.GetValue(name)!;
            if (!Regex.IsMatch(networkName, "^[A-Za-z_][A-Za-z0-9_]*$"))
            {
                throw new InputException($"'{networkName}' cannot name a network: use letters, digits and _, not starting with a digit (docs/language.md#names)");
            }

            var targetName = result.GetValue(target)!;
            var template = new NetworkTemplate(
                networkName,
                result.GetValue(inputs),
                result.GetValue(hidden) is { } sizes ? HiddenSizes(sizes) : NetworkTemplate.DefaultHidden(targetName),
                result.GetValue(outputs),
                targetName);
            var path = Path.Combine(result.GetValue(folder)!, networkName + ".snn");
            if (File.Exists(path) && !result.GetValue(force))
            {
                throw new InputException($"{path} already exists; give --force to overwrite it, or another NAME or -o folder");
            }

            var text = template.Text();
            var checkedText = SnnCompiler.Compile(new SourceFile(path, text), new PlaceholderWeights(SourcePaths.Combine(path, template.WeightsFile), template.PlaceholderWeights()));
            if (checkedText.HasErrors)
            {
                // Positions would point into a file that was not written: the code and message say it all.
                foreach (var diagnostic in checkedText.Diagnostics.Where(d => d.IsError))
                {
                    error.WriteLine($"error {diagnostic.Code}: {diagnostic.Message}");
                }

                error.WriteLine($"error: these sizes do not make a valid {targetName} network, so nothing was written; change --inputs, --hidden or --outputs");
                return 1;
            }

            OutputFolder.Create(result.GetValue(folder)!);
            File.WriteAllText(path, text);
            output.WriteLine($"wrote {path}: {template.Name}, {string.Join("-", new[] { template.Inputs }.Concat(template.Hidden).Append(template.Outputs))} for {targetName}");
            output.WriteLine($"next: ./snnc train {path}    (writes {template.WeightsFile}; docs/training.md)");
            return 0;
        });
        return command;
    }

    private static int[] HiddenSizes(string text)
    {
        var fields = text.Split(',').Select(f => f.Trim()).ToArray();
        return fields.All(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1)
            ? fields.Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray()
            : throw new InputException($"--hidden '{text}': give one or more layer sizes of at least 1, comma-separated, like 128 or 128,64");
    }

    /// <summary>The zero weights file the template names, and nothing else: the in-memory check before writing.</summary>
    private sealed class PlaceholderWeights : IFileResolver
    {
        private readonly string path;
        private readonly string text;

        public PlaceholderWeights(string path, string text)
        {
            this.path = path;
            this.text = text;
        }

        public string MissingFileHint => "snnc new names only its own weights file";

        public FileResolution Resolve(string requested) =>
            requested == path ? new SourceFile(path, text) : FileResolution.Missing;
    }
}
