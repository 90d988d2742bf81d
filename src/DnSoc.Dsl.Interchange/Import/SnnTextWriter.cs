using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>The Input node in .snn terms; <see cref="Downsample"/> is set when the exported network averaged its input down.</summary>
internal sealed record SnnInput(string? ExactName, string NodeName, long[] Shape, long[]? Downsample, int Size, string Encoding, long Seed, int DirectThreshold);

internal sealed record SnnSettings(string Name, string Target, int Timesteps, string Update, string Readout, SnnInput Input, GraphMetadata Graph);

/// <summary>Writes the imported network as a .snn file a user can read and edit, and its integer weights file.</summary>
internal static class SnnTextWriter
{
    public static (string Snn, string WeightsFile, string Weights) Write(SnnSettings settings, List<ImportedLayer> layers, NirDocument document, string path, double dt)
    {
        var names = new SnnNames();
        var input = settings.Input.ExactName is { } exact ? names.ClaimExact(exact) : names.Claim(settings.Input.NodeName);
        var layerNames = layers.Select(l => names.Claim(l.NeuronNode)).ToList();
        var neuronNames = NeuronNames(layers, layerNames, names);
        var weightsFile = settings.Name + ".w.txt";
        var file = Path.GetFileName(path);

        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"// Imported from {file} (NIR {document.Version}) by snnc import; docs/nir.md says how each NIR node maps.");
        Line($"// Time step dt = {LayerMapper.Format(dt)} s. Each layer's weights are integers: the NIR weights divided by the scale the import printed.");

        Line($"network {settings.Name} {{");
        Line($"  target {Target(settings, layers)};");
        Line($"  timesteps {settings.Timesteps};");
        Line($"  update {settings.Update};");
        Line(string.Empty);
        var downsample = settings.Input.Downsample is { } down ? $" downsample [{string.Join(", ", down)}]" : string.Empty;
        var encoding = settings.Input.Encoding == "direct" ? $"direct(threshold: {settings.Input.DirectThreshold})" : $"rate(seed: {settings.Input.Seed})";
        Line($"  input {input}[{string.Join(", ", settings.Input.Shape)}]{downsample} encode {encoding};");
        Line(string.Empty);
        foreach (var (name, neuron) in neuronNames.Values.Distinct())
        {
            Line($"  neuron lif {name} {{ threshold: {neuron.Threshold}; leak: {Leak(neuron)}; reset: {(neuron.Reset == ResetKind.Subtract ? "subtract" : "zero")}; membrane_bits: {neuron.MembraneBits}; }}");
        }

        Line(string.Empty);
        var cores = new List<int>();
        for (var m = 0; m < layers.Count; m++)
        {
            var layer = layers[m];
            var properties = $"weight_bits: {layer.WeightBits};";
            if (layer.Unroll != LayerIr.UnrollAuto)
            {
                properties += $" unroll: {layer.Unroll};";
            }

            // A core is written only where the network placed one: the default is the next core.
            var core = layer.Core ?? (m == 0 ? 0 : cores[m - 1] + 1);
            if (core != (m == 0 ? 0 : cores[m - 1] + 1))
            {
                properties += $" core: {core};";
            }

            cores.Add(core);
            var source = m == 0 ? input : layerNames[m - 1];
            Line($"  layer {layerNames[m]}: {neuronNames[m].Name}[{layer.Size}] from {source} weights \"{weightsFile}#{layerNames[m]}\" {{ {properties} }} // NIR '{layer.WeightsNode}' -> '{layer.NeuronNode}' ({layer.NeuronType})");
        }

        Line(string.Empty);
        Line($"  readout {layerNames[^1]} {settings.Readout};");
        var graph = settings.Graph;
        if (graph.EarlyExitMargin is { } margin)
        {
            Line($"  quantize dynamic {{ policy early_exit {{ min_timesteps: {graph.EarlyExitMinTimesteps ?? 1}; margin: {margin}; every: {graph.EarlyExitEvery ?? 1}; }} }}");
        }

        Line("}");
        var tensors = layers.Select((l, m) => new WeightsTensor(layerNames[m], ElementType(l.Weights), new[] { l.InputSize, l.Size }.ToEquatableArray(), l.Weights.Select(w => (double)w).ToEquatableArray()));
        var weights = $"# Imported from {file} by snnc import: integer weights, [inputs, neurons] (NIR's [neurons, inputs] transposed).\n" + WeightsFileWriter.Write(tensors);
        return (text.ToString(), weightsFile, weights);
    }

    /// <summary>One neuron type per layer, named by the metadata (shared when equal) or after the layer.</summary>
    private static Dictionary<int, (string Name, NeuronIr Neuron)> NeuronNames(List<ImportedLayer> layers, List<string> layerNames, SnnNames names)
    {
        var result = new Dictionary<int, (string Name, NeuronIr Neuron)>();
        var declared = new Dictionary<string, NeuronIr>();
        for (var m = 0; m < layers.Count; m++)
        {
            var neuron = layers[m].Neuron;
            var wanted = layers[m].MetadataNeuronName;
            string name;
            if (wanted is not null && declared.TryGetValue(wanted, out var same) && same == neuron)
            {
                name = wanted;
            }
            else
            {
                name = wanted is null ? names.Claim(layerNames[m] + "_neuron") : names.ClaimExact(wanted);
                declared[name] = neuron;
            }

            result[m] = (name, neuron);
        }

        return result;
    }

    private static string Target(SnnSettings settings, List<ImportedLayer> layers)
    {
        var graph = settings.Graph;
        var same = graph.Target == settings.Target;
        var arguments = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                arguments.Add($"{key}: {System.Convert.ToString(value, CultureInfo.InvariantCulture)}");
            }
        }

        var clock = same && graph.ClockHz is { } hz ? $"{hz} Hz" : null;
        switch (settings.Target)
        {
            case "dnsoc":
                Add("rows", same ? graph.Rows : null);
                Add("neurons", same ? graph.NeuronsPerCore : null);
                Add("weight_bits", same && graph.WeightBits is { } w ? w : layers.Max(l => l.WeightBits));
                Add("membrane_bits", same && graph.MembraneBits is { } b ? b : layers.Max(l => l.Neuron.MembraneBits));
                Add("clock", clock);
                Add("lanes", same ? graph.Lanes : null);
                break;
            case "mcu":
                Add("core", same ? graph.McuCore : null);
                Add("clock", clock);
                break;
            default:
                Add("clock", clock);
                break;
        }

        return settings.Target + (arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : string.Empty);
    }

    private static string Leak(NeuronIr neuron) => neuron.Leak switch
    {
        LeakKind.Subtract => $"subtract {neuron.LeakAmount}",
        LeakKind.Shift => $"shift {neuron.LeakAmount}",
        _ => "none",
    };

    private static WeightElementType ElementType(EquatableArray<int> weights) =>
        weights.All(w => w is >= sbyte.MinValue and <= sbyte.MaxValue) ? WeightElementType.I8
        : weights.All(w => w is >= short.MinValue and <= short.MaxValue) ? WeightElementType.I16
        : WeightElementType.I32;
}
