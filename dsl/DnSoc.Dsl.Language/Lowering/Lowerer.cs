using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Language.Lowering;

/// <summary>
/// Stage 4: bound network + weights files to the integer IR. Weights are loaded and checked for every
/// layer even when earlier stages found errors, so a user sees every problem at once; the IR itself
/// is only built from an error-free network.
/// </summary>
public sealed class Lowerer
{
    private readonly SourceFile source;
    private readonly IFileResolver files;
    private readonly DiagnosticBag diagnostics;
    /// <summary>Characters of the largest weights file parsed (a 4096 x 4096 tensor in base64 needs about 30 M).</summary>
    public const int MaxWeightsLength = 64 << 20;

    private readonly Dictionary<string, (WeightsDocument? Document, bool Malformed, string? Refusal)> documents = new();

    // A missing file is reported at its first reference only: every layer of an untrained network names the same one.
    private readonly HashSet<string> reportedMissing = new();

    public Lowerer(SourceFile source, IFileResolver files, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.files = files;
        this.diagnostics = diagnostics;
    }

    public NetworkIr? Lower(BoundNetwork network) => Lower(network, (layer, _, inputSize, size) => LoadWeights(layer, inputSize, size));

    /// <summary>
    /// Lowers an error-free network with the given integer weights per layer (row-major, as <see cref="LayerIr.Weights"/>)
    /// in place of its weights files: training runs the network whose weights it is still changing. Null when a
    /// layer's weights do not have its shape.
    /// </summary>
    public static NetworkIr? LowerWithWeights(BoundNetwork network, IReadOnlyList<EquatableArray<int>> weights) =>
        new Lowerer(new SourceFile(network.Name, string.Empty), new NoFiles(), new DiagnosticBag())
            .Lower(network, (_, m, inputSize, size) => m < weights.Count && weights[m].Count == inputSize * size ? weights[m] : null);

    private NetworkIr? Lower(BoundNetwork network, Func<BoundLayer, int, long, long, EquatableArray<int>?> layerWeights)
    {
        var sizes = new Dictionary<string, long>();
        if (network.Input is { } boundInput)
        {
            sizes[boundInput.Name] = boundInput.EncodedSize;
        }

        var layers = new List<LayerIr>();
        var cores = network.LayerCores();
        for (var m = 0; m < network.Layers.Count; m++)
        {
            var layer = network.Layers[m];
            var size = layer.Shape.Count == 1 ? layer.Shape[0].Value : 0;
            sizes[layer.Name] = size;
            var inputSize = sizes.TryGetValue(layer.Source.Value, out var n) ? n : 0;
            if (layerWeights(layer, m, inputSize, size) is { } weights)
            {
                var unroll = layer.Unroll.Value == LayerIr.UnrollFull ? size : layer.Unroll.Value;
                layers.Add(new LayerIr(layer.Name, layers.Count, (int)size, (int)inputSize, layer.Source.Value, (int)layer.WeightBits.Value,
                    LowerNeuron(layer.Neuron), weights, (int)unroll, (int)cores[layers.Count]));
            }
        }

        if (diagnostics.HasErrors
            || network is not { Target: { } target, Timesteps: { } timesteps, Input: { } input, Readout: { } readout }
            || layers.Count != network.Layers.Count)
        {
            return null;
        }

        return new NetworkIr(
            network.Name,
            new TargetIr(target.Kind, (int)target.Rows.Value, (int)target.NeuronsPerCore.Value, (int)target.WeightBits.Value,
                (int)target.MembraneBits.Value, (long)target.ClockHz.Value, (int)target.Lanes.Value, target.McuCore),
            (int)timesteps.Value,
            network.Update.Value,
            new InputIr(input.Name, input.Shape.Select(d => (int)d.Value).ToEquatableArray(), (int)sizes[input.Name], input.Encoding,
                (uint)input.Seed.Value, (int)input.DirectThreshold.Value, input.Downsample.Select(d => (int)d.Value).ToEquatableArray()),
            layers.ToEquatableArray(),
            new ReadoutIr(layers.FindIndex(l => l.Name == readout.Layer.Value), readout.Mode),
            network.Budgets.Select(b => new BudgetLimitIr(b.Metric, b.Limit.Value, b.Limit.Location)).ToEquatableArray(),
            LowerPolicies(network.Policies, layers));
    }

    // docs/dynamic.md: fractions and rates become neuron and spike counts of each layer.
    private static PoliciesIr LowerPolicies(EquatableArray<BoundPolicy> policies, List<LayerIr> layers)
    {
        if (policies.IsEmpty)
        {
            return PoliciesIr.None;
        }

        var exit = policies.OfType<BoundEarlyExit>().Select(e => new EarlyExitIr((int)e.MinTimesteps.Value, (int)e.Margin.Value, (int)e.Every.Value))
            .FirstOrDefault();
        var cutoffs = policies.OfType<BoundRowCutoff>().SelectMany(cut => cut.Layers.Select(name =>
        {
            var layer = layers.Single(l => l.Name == name.Value);
            int Neurons(decimal fraction) => (int)System.Math.Min(layer.Size, System.Math.Max(1, System.Math.Ceiling(fraction * layer.Size)));
            var window = (int)cut.Window.Value;
            var expected = cut.TargetRate.Value * layer.Size * window;
            return new RowCutoffIr(layer.Index, Neurons(cut.KeepMin.Value), Neurons(cut.KeepMax.Value), Neurons(cut.Step.Value), window,
                (int)System.Math.Ceiling(expected * (1 - cut.Tolerance.Value)), (int)System.Math.Floor(expected * (1 + cut.Tolerance.Value)),
                RowCutoffIr.RanksOf(layer));
        })).OrderBy(c => c.LayerIndex).ToEquatableArray();
        var precisions = policies.OfType<BoundLayerPrecision>().SelectMany(p => p.Layers.Select(name =>
        {
            var layer = layers.Single(l => l.Name == name.Value);
            var lowBits = (int)p.LowBits.Value;
            var scale = (decimal)(1L << (int)p.EmaShift.Value) * layer.Size;
            return new LayerPrecisionIr(layer.Index, lowBits, layer.WeightBits - lowBits, (int)p.EmaShift.Value,
                (int)System.Math.Ceiling(p.BusyRate.Value * scale), (int)System.Math.Floor(p.QuietRate.Value * scale), (int)p.Hold.Value, (int)p.Margin.Value,
                LayerPrecisionIr.LowWeightsOf(layer, lowBits));
        })).OrderBy(p => p.LayerIndex).ToEquatableArray();
        return new PoliciesIr(exit, cutoffs, precisions);
    }

    private static NeuronIr LowerNeuron(BoundNeuron neuron) =>
        new(neuron.Name, (int)neuron.Threshold.Value, neuron.Leak.Kind, (int)neuron.Leak.Amount, neuron.Reset, (int)neuron.MembraneBits.Value);

    /// <summary>Finds, shape-checks and quantizes a layer's tensor; null (with a diagnostic) when it cannot.</summary>
    private EquatableArray<int>? LoadWeights(BoundLayer layer, long inputSize, long size)
    {
        if (layer.WeightsReference is not { } reference)
        {
            return null; // SNN0407 reported by the binder
        }

        var location = source.GetLocation(reference.Span);
        var hash = reference.Value.LastIndexOf('#');
        var relative = hash < 0 ? reference.Value : reference.Value.Substring(0, hash);
        var tensorName = hash < 0 ? layer.Name : reference.Value.Substring(hash + 1);
        if (relative.Trim().Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsPathEmpty, location, reference.Value);
            return null;
        }

        var path = SourcePaths.Combine(source.Path, relative);
        var (found, malformed, refusal) = Document(path);
        if (refusal is not null)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsFileUnreadable, location, relative, refusal);
            return null;
        }

        if (found is not { } document)
        {
            if (reportedMissing.Add(path))
            {
                diagnostics.Add(DiagnosticDescriptors.WeightsFileMissing, location, relative, path, files.MissingFileHint);
            }

            return null;
        }

        if (document.Find(tensorName) is not { } tensor)
        {
            if (malformed)
            {
                return null; // the tensor may be the one that did not parse: SNN0402 already says why
            }

            var names = document.Tensors.Select(t => t.Name).ToList();
            var known = names.Count == 0 ? "; it has no tensors" : $"{Suggestions.DidYouMean(tensorName, names)}; it has: {string.Join(", ", names)}";
            diagnostics.Add(DiagnosticDescriptors.WeightsTensorMissing, location, relative, tensorName, known);
            return null;
        }

        if (inputSize < 1 || size < 1)
        {
            return null; // the sizes are wrong, reported elsewhere; the shape cannot be judged
        }

        if (tensor.Shape.Count != 2 || tensor.Shape[0] != inputSize || tensor.Shape[1] != size)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightsShapeMismatch, location, layer.Name, inputSize, size, tensorName,
                "[" + string.Join(", ", tensor.Shape) + "]");
            return null;
        }

        var bits = (int)layer.WeightBits.Value;
        if (!Checking.Limits.IsWeightWidth(bits))
        {
            return null; // SNN0303 says why
        }

        var values = new int[tensor.Values.Count];
        var outside = 0;
        var first = -1;
        long firstValue = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var q = tensor.ElementType.IsInteger() ? (long)tensor.Values[i] : WeightQuantizer.Quantize(tensor.Values[i], tensor.Scale);
            if (!FixedPoint.FitsSigned(q, bits))
            {
                outside++;
                if (first < 0)
                {
                    first = i;
                    firstValue = q;
                }

                continue;
            }

            values[i] = (int)q;
        }

        if (outside > 0)
        {
            diagnostics.Add(DiagnosticDescriptors.WeightOutOfRange, location, tensorName, outside, bits, FixedPoint.MinSigned(bits),
                FixedPoint.MaxSigned(bits), layer.Name, firstValue, first / size, first % size);
            return null;
        }

        return values.ToEquatableArray();
    }

    /// <summary>Each weights file is parsed once per compilation, and its own errors reported once.</summary>
    private (WeightsDocument? Document, bool Malformed, string? Refusal) Document(string path)
    {
        if (!documents.TryGetValue(path, out var entry))
        {
            var errorsBefore = diagnostics.ErrorCount;
            var resolution = files.Resolve(path);
            var refusal = resolution.Refusal ?? (resolution.File is { } big && big.Text.Length > MaxWeightsLength
                ? $"it has {big.Text.Length} characters; a weights file may have at most {MaxWeightsLength}"
                : null);
            var document = refusal is null && resolution.File is { } file ? WeightsFileParser.Parse(file, diagnostics) : null;
            entry = (document, diagnostics.ErrorCount > errorsBefore, refusal);
            documents.Add(path, entry);
        }

        return entry;
    }

    /// <summary>For <see cref="LowerWithWeights"/>, which reads no file.</summary>
    private sealed class NoFiles : IFileResolver
    {
        public string MissingFileHint => string.Empty;

        public FileResolution Resolve(string path) => FileResolution.Missing;
    }
}
