using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Language.Targets;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The commented .snn file <c>snnc new</c> writes: a dense MNIST-style classifier whose settings per target are
/// those of the shipped examples (examples/mnist-784-*.snn for dnsoc and mcu, examples/tinyodin-mnist.snn for tinyodin).
/// </summary>
internal sealed record NetworkTemplate(string Name, int Inputs, IReadOnlyList<int> Hidden, int Outputs, string Target)
{
    public static readonly string[] Targets = { "dnsoc", "tinyodin", "mcu" };

    /// <summary>The hidden size the examples use: one layer of 64 (between the 48 and 128 of the DN-SoC examples), or on tinyODIN the 102 neurons that fill one core beside 12 x 12 inputs and 10 outputs.</summary>
    public static int[] DefaultHidden(string target) => target == "tinyodin" ? new[] { 102 } : new[] { 64 };

    public string WeightsFile => Name + ".w.txt";

    private bool TinyOdin => Target == "tinyodin";

    private int[] Sizes => Hidden.Append(Outputs).ToArray();

    private string[] LayerNames => Hidden.Count == 1
        ? new[] { "hidden", "out" }
        : Hidden.Select((_, i) => "hidden" + (i + 1).ToString(CultureInfo.InvariantCulture)).Append("out").ToArray();

    /// <summary>A square input is an image (28 x 28 for 784); any other size is a vector.</summary>
    private int Side => (int)Math.Round(Math.Sqrt(Inputs)) is var side && side * side == Inputs ? side : 0;

    /// <summary>The fewest inputs a shared tinyODIN core may leave the image: examples/tinyodin-mnist.snn's 12 x 12.</summary>
    private const int MinSharedInputs = 144;

    /// <summary>
    /// tinyODIN: in closed loop one core holds the (downsampled) inputs and every neuron in its 256 addresses
    /// (docs/blob-format.md#shared-core). The whole network is one core when that leaves the image at least
    /// <see cref="MinSharedInputs"/> values (or all of a smaller one); else one core per layer, with 256 rows each.
    /// </summary>
    private bool SharedCore => TinyOdin && Encoded(TargetFacts.TinyOdinSize - Sizes.Sum()) >= Math.Min(Inputs, MinSharedInputs);

    /// <summary>How many inputs the encoder sees on tinyODIN given <paramref name="rows"/> free rows: all, or the image averaged down to fit.</summary>
    private int Encoded(int rows)
    {
        if (!TinyOdin || Inputs <= rows)
        {
            return Inputs;
        }

        var side = (int)Math.Floor(Math.Sqrt(Math.Max(rows, 0)));
        return Side > 0 ? Math.Min(side, Side) * Math.Min(side, Side) : Math.Min(rows, Inputs);
    }

    private int EncodedInputs => Encoded(SharedCore ? TargetFacts.TinyOdinSize - Sizes.Sum() : TargetFacts.TinyOdinSize);

    public string Text()
    {
        var shape = string.Join(" -> ", new[] { Inputs }.Concat(Sizes));
        var header = $"""
            // {Name}: a spiking classifier, {shape}, for target {Target}. Written by `snnc new`.
            //
            // Next:  ./snnc train {Name}.snn    trains it on MNIST and writes {WeightsFile} (docs/training.md)
            //        ./snnc eval  {Name}.snn    its accuracy on the MNIST test set
            //        ./snnc run   {Name}.snn --input IMAGES.idx --index 0 --plot spikes    one image, drawn
            // Until it is trained, `snnc check` reports only that {WeightsFile} is missing (SNN0401).
            // Every statement is described in docs/language.md; what it computes, to the bit, in docs/semantics.md.
            network {Name} {"{"}
            """;
        (string Comment, string Statement)[] statements =
        {
            (TargetComment, TargetStatement),
            ("How many timesteps one inference runs (docs/language.md#timesteps): more is more accurate, and costs more.", "timesteps 16;"),
            (UpdateComment, "update per_event;"),
            (InputComment, InputStatement),
            ($"Integer leaky integrate-and-fire neurons (docs/language.md#neuron):\n{NeuronComment}",
                $"neuron lif Hidden {{ {NeuronProperties(hidden: true)} }}\n  neuron lif Output {{ {NeuronProperties(hidden: false)} }}"),
            (LayerComment, string.Join("\n  ", Layers())),
            ("The class is the output neuron with the most integrated charge, spikes x threshold + membrane (docs/language.md#readout).", "readout out potential;"),
        };
        return header + "\n" + string.Join("\n\n", statements.Select(x => $"  // {x.Comment.Replace("\n", "\n  // ")}\n  {x.Statement}")) + "\n}\n";
    }

    /// <summary>A weights file of zeros with the tensors the layers name: lets the checker see the whole network before training.</summary>
    public string PlaceholderWeights()
    {
        var s = new StringBuilder("snn-weights 1\n");
        var rows = new[] { EncodedInputs }.Concat(Sizes).ToArray();
        for (var m = 0; m < Sizes.Length; m++)
        {
            s.Append($"tensor {LayerNames[m]} i8 [{rows[m]}, {Sizes[m]}] text\n");
            var zeros = string.Join(" ", Enumerable.Repeat("0", Sizes[m]));
            s.Append(string.Concat(Enumerable.Repeat(zeros + "\n", rows[m])));
        }

        return s.ToString();
    }

    private string TargetComment => Target switch
    {
        "tinyodin" => "The tinyODIN profile (docs/language.md#tinyodin): 256 x 256 cores, 4-bit weights, 12-bit membranes, reset to zero.",
        "mcu" => "A microcontroller (docs/language.md#mcu): plain fixed-point code, 8-bit weights and 16-bit membranes by default.",
        _ => "The DN-SoC core (docs/language.md#dnsoc): synapse rows and neurons per core, weight and membrane widths, clock.",
    };

    private string TargetStatement => Target switch
    {
        "tinyodin" => "target tinyodin(clock: 100 MHz);",
        "mcu" => $"target mcu(core: {TargetFacts.DefaultMcuCore}, clock: 64 MHz);",
        _ => $"target dnsoc(rows: {TargetFacts.DnsocRows}, neurons: {TargetFacts.DnsocNeurons}, weight_bits: {TargetFacts.DnsocWeightBits}, " +
             $"membrane_bits: {TargetFacts.DnsocMembraneBits}, clock: 100 MHz, lanes: {TargetFacts.DnsocLanes});",
    };

    private string UpdateComment => Target == "mcu"
        ? "Thresholds tested after every event (docs/language.md#update), as trained and measured for the examples; an MCU may also run per_step."
        : "Thresholds tested after every event, as the cores do (docs/language.md#update).";

    private string InputComment
    {
        get
        {
            var encode = "The input: one byte per pixel; each spikes with probability intensity / 256 (docs/language.md#input).";
            return EncodedInputs == Inputs
                ? encode
                : encode + $"\nIt is averaged down to {EncodedInputs} values to fit a core's {TargetFacts.TinyOdinSize} rows (docs/semantics.md#downsampling).";
        }
    }

    private string InputStatement
    {
        get
        {
            var shape = Side > 0 ? $"{Side}, {Side}" : Inputs.ToString(CultureInfo.InvariantCulture);
            var encodedSide = (int)Math.Round(Math.Sqrt(EncodedInputs));
            var downsample = EncodedInputs == Inputs ? string.Empty
                : Side > 0 ? $" downsample [{encodedSide}, {encodedSide}]" : $" downsample [{EncodedInputs}]";
            return $"input pixels[{shape}]{downsample} encode rate(seed: 1);";
        }
    }

    private string NeuronComment => TinyOdin
        ? "tinyODIN resets to zero and leaks by subtraction only; the thresholds are examples/tinyodin-mnist.snn's."
        : "reset by subtraction keeps the charge above threshold, which training assumes (docs/training.md#surrogate);\nthe thresholds are those of examples/mnist-784-128-10.snn.";

    private string NeuronProperties(bool hidden) => TinyOdin
        ? "threshold: 16; leak: none; reset: zero;"
        : $"threshold: {(hidden ? 128 : 96)}; leak: subtract 1; reset: subtract;";

    private string LayerComment => "Dense layers in the order data flows (docs/language.md#layer); `snnc train` writes their weights" +
        (SharedCore ? ";\nall on core 0, in closed loop (docs/blob-format.md#shared-core)." : ".");

    private IEnumerable<string> Layers()
    {
        var names = LayerNames;
        var width = names.Max(n => n.Length) + 1;
        for (var m = 0; m < names.Length; m++)
        {
            var type = m == names.Length - 1 ? "Output" : "Hidden";
            var source = m == 0 ? "pixels" : names[m - 1];
            var core = SharedCore && m > 0 ? " { core: 0; }" : ";";
            yield return $"layer {(names[m] + ":").PadRight(width)} {type}[{Sizes[m]}] from {source} weights \"{WeightsFile}#{names[m]}\"{core}";
        }
    }
}
