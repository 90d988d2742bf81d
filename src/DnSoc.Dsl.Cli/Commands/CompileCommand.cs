using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc compile FILE...</c>: the main job. Today: check every file, summarise each network's IR
/// and its worst-case cost (docs/cost-model.md). Later stages (blobs) report here too.
/// </summary>
internal static class CompileCommand
{
    public static Command Create(TextWriter output, TextWriter error, TerminalInfo terminal)
    {
        var files = SnncApp.FilesArgument();
        var json = SnncApp.JsonOption();
        var warningsAsErrors = SnncApp.WarningsAsErrorsOption();
        var caret = SnncApp.CaretOption();
        var command = new Command("compile", "Compile .snn files: check them and summarise every network") { files, json, warningsAsErrors, caret };
        command.SetAction(result =>
        {
            var options = SnncApp.Diagnostics(result, warningsAsErrors, caret, terminal, standardOutput: false);
            var compilations = result.GetValue(files)!.Select(f => Workspace.Compile(f, error)).ToList();
            var compiled = compilations.OfType<SnnCompilation>()
                .Select(c => (Compilation: c, Diagnostics: DiagnosticPrinter.Promote(c.Diagnostics, options.WarningsAsErrors).ToList()))
                .ToList();
            var failed = compilations.Count(c => c is null) + compiled.Count(c => c.Diagnostics.Any(d => d.IsError));
            var networks = compiled.Where(c => !c.Diagnostics.Any(d => d.IsError)).SelectMany(c => c.Compilation.Networks).ToList();
            foreach (var (compilation, diagnostics) in compiled)
            {
                DiagnosticPrinter.Print(error, compilation, diagnostics, options.Style);
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = networks.Select(Summary), Failed = failed });
            }
            else
            {
                foreach (var network in networks)
                {
                    Print(network, output);
                }

                output.WriteLine($"{networks.Count} network(s) compiled, {failed} file(s) failed");
            }

            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static object Summary(NetworkIr network) => new
    {
        network.Name,
        Target = IrPrinter.Name(network.Target.Kind),
        network.Timesteps,
        Update = network.Update == UpdateMode.PerEvent ? "per_event" : "per_step",
        Inputs = network.Input.Size,
        Layers = network.Layers.Select(l => new
        {
            l.Name,
            Neurons = l.Size,
            Synapses = (long)l.InputSize * l.Size,
            NonzeroSynapses = l.Weights.Count(w => w != 0),
            l.WeightBits,
            l.Neuron.MembraneBits,
            WeightMemoryBits = (long)l.InputSize * l.Size * l.WeightBits,
        }),
        Cost = CostReport.ToJson(new CostEntry(network, CostModel.Estimate(network), null, null)),
    };

    private static void Print(NetworkIr network, TextWriter output)
    {
        output.WriteLine($"network {network.Name}: target {IrPrinter.Name(network.Target.Kind)}, {network.Timesteps} timesteps, " +
            $"{(network.Update == UpdateMode.PerEvent ? "per-event" : "per-step")} update, {network.Input.Size} inputs");
        output.WriteLine("  layer        neurons   synapses    nonzero  w.bits  v.bits  weight memory");
        foreach (var l in network.Layers)
        {
            var synapses = (long)l.InputSize * l.Size;
            output.WriteLine($"  {l.Name,-10} {l.Size,9} {synapses,10} {l.Weights.Count(w => w != 0),10} {l.WeightBits,7} {l.Neuron.MembraneBits,7} {synapses * l.WeightBits / 8,10} B");
        }

        output.WriteLine("  cost, worst case (snnc report for details): " +
            string.Join(", ", CostReport.Totals(CostModel.Estimate(network))
                .Where(r => r.Metric is not ("cycles/timestep" or "static power" or "energy/SOP" or "clock" or "dense int8 cycles"))
                .Select(r => $"{r.Metric} {r.Value}")));
    }
}
