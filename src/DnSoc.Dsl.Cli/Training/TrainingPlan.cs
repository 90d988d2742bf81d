using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli.Training;

/// <summary>
/// Where one network's training goes: each layer's tensor into the file its weights clause names (or all into
/// <c>-o</c>), and the log beside the first weights file as <c>NETWORK.training.{csv,svg,png}</c>.
/// </summary>
internal sealed class TrainingPlan
{
    private readonly IReadOnlyList<(string File, string Tensor)> layerTargets;
    private readonly IReadOnlyDictionary<string, string> redirects;

    private TrainingPlan(BoundNetwork network, IReadOnlyList<(string File, string Tensor)> layerTargets, IReadOnlyDictionary<string, string> redirects)
    {
        this.layerTargets = layerTargets;
        this.redirects = redirects;
        Network = network;
        LogStem = Path.Combine(Path.GetDirectoryName(layerTargets[0].File) ?? string.Empty, network.Name + ".training");
    }

    public BoundNetwork Network { get; }

    public string LogStem { get; }

    /// <summary>Every file the run writes, to refuse overwriting them before it starts.</summary>
    public IEnumerable<string> Outputs => layerTargets.Select(t => t.File).Distinct().Concat(TrainingLog.Files(LogStem));

    public static TrainingPlan For(SnnCompilation compilation, BoundNetwork network, string? output)
    {
        var targets = new List<(string, string)>();
        var redirects = new Dictionary<string, string>();
        foreach (var layer in network.Layers)
        {
            var reference = layer.WeightsReference!.Value;
            var hash = reference.LastIndexOf('#');
            var named = SourcePaths.Combine(compilation.Source.Path, hash < 0 ? reference : reference.Substring(0, hash));
            var tensor = hash < 0 ? layer.Name : reference.Substring(hash + 1);
            targets.Add((output ?? named, tensor));
            if (output is not null)
            {
                redirects[named] = output;
            }
        }

        return new TrainingPlan(network, targets, redirects);
    }

    /// <summary>Writes the integer weights and the training log; returns the weights files.</summary>
    public List<string> Write(Surrogate model, string how, TrainingRun run)
    {
        var byFile = new Dictionary<string, List<WeightsTensor>>();
        for (var m = 0; m < Network.Layers.Count; m++)
        {
            var (file, tensor) = layerTargets[m];
            if (!byFile.TryGetValue(file, out var tensors))
            {
                byFile[file] = tensors = new List<WeightsTensor>();
            }

            tensors.Add(Tensor(Network, m, tensor, model.IntegerWeights(m)));
        }

        foreach (var (file, tensors) in byFile)
        {
            var header = $"# Trained by snnc train {how} (docs/training.md).\n";
            File.WriteAllText(file, header + WeightsFileWriter.Write(tensors));
        }

        TrainingLog.Write(LogStem, Network.Name, run);
        return byFile.Keys.ToList();
    }

    /// <summary>Layer <paramref name="m"/>'s weights as the tensor <paramref name="name"/> of a weights file: inputs x neurons, 8 or 16 bits.</summary>
    public static WeightsTensor Tensor(BoundNetwork network, int m, string name, IEnumerable<int> weights)
    {
        var layer = network.Layers[m];
        var inputs = Inputs(network, m);
        var type = layer.WeightBits.Value <= 8 ? WeightElementType.I8 : WeightElementType.I16;
        return new WeightsTensor(name, type, new[] { inputs, (int)layer.Shape[0].Value }.ToEquatableArray(), weights.Select(w => (double)w).ToEquatableArray());
    }

    /// <summary>How many inputs layer <paramref name="m"/> takes: the encoded input's, or the layer below's neurons.</summary>
    public static int Inputs(BoundNetwork network, int m) => m == 0 ? (int)network.Input!.EncodedSize : (int)network.Layers[m - 1].Shape[0].Value;

    /// <summary>
    /// Each planned network's fixed point on the held-out images, compiled with the new weights (through the redirects
    /// of <c>-o</c>); empty, with the first error as <paramref name="problem"/>, when the file does not compile.
    /// </summary>
    public static IReadOnlyDictionary<string, EvaluationReport> Evaluate(SourceFile source, IReadOnlyList<TrainingPlan> plans, LabeledImages validation, out string? problem)
    {
        var redirects = plans.SelectMany(p => p.redirects).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var retrained = SnnCompiler.Compile(source, new RedirectingResolver(new DiskFileResolver(source.Path), redirects));
        var errors = retrained.Diagnostics.Where(d => d.IsError).ToList();
        problem = errors.Count == 0 ? null : $"{errors.Count} error(s), the first: {errors[0]}";
        return retrained.Networks.Where(n => plans.Any(p => p.Network.Name == n.Name))
            .ToDictionary(n => n.Name, n => Evaluator.Evaluate(n, validation, referenceCheck: 100));
    }

    private sealed class RedirectingResolver(IFileResolver inner, IReadOnlyDictionary<string, string> redirects) : IFileResolver
    {
        public string MissingFileHint => inner.MissingFileHint;

        public FileResolution Resolve(string path) => inner.Resolve(redirects.TryGetValue(path, out var to) ? to : path);
    }
}
