using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DnSoc.Dsl.Cli.Training;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>What a point's folder holds once it is done: its row and how long it took (kept out of the table, which must not vary between runs).</summary>
internal sealed record PointResult(SweepRow Row, double TrainSeconds, double EvalSeconds);

/// <summary>
/// Runs the points of a sweep, each in its own folder <c>points/KEY/</c> of the results folder: the rewritten .snn file,
/// its trained weights and training log, and <c>result.json</c>, written last and atomically. KEY hashes the point's
/// network lowered with zero weights, the training and data settings, the images and the cost model's version, so a
/// point whose folder has a result is never computed again, whichever sweep or machine asks for it.
/// </summary>
internal sealed class PointRunner(SweepSpec spec, SweepData data, string results, TextWriter error)
{
    public const string ResultFile = "result.json";
    private const string SnnFile = "point.snn";
    private const string WeightsFile = "point.w.txt";

    private readonly SourceFile baseFile = new(spec.Network, InputFiles.ReadText(spec.Network, InputFiles.MaxSnnBytes));

    /// <summary>The folder a point's files go into, named by its key.</summary>
    public string Folder(string key) => Path.Combine(results, "points", key);

    /// <summary>
    /// The point's cache key; an <see cref="InputException"/> (after its diagnostics) when the rewritten network does not
    /// compile, or when the spec trains in tandem and the point's network cannot be run so.
    /// </summary>
    public string Key(SweepPoint point)
    {
        var text = NetworkVariant.Rewrite(baseFile, point, WeightsFile);
        var virtualPath = Path.Combine(Path.GetDirectoryName(spec.Network)!, SnnFile);
        var bound = Bound(SnnCompiler.Compile(new SourceFile(virtualPath, text), new ZeroWeights(null)), point);
        if (spec.TandemOptions is not null && Trainer.TandemRefusal(bound) is { } why)
        {
            throw new InputException($"point {point.Index} ({point.Label}): training.tandem_epochs: {why}");
        }

        var network = SnnCompiler.Compile(new SourceFile(virtualPath, text), new ZeroWeights(bound)).Networks.Single();
        var identity = $"{IrPrinter.Print(network)}\n{spec.Settings}\ndata {data.Digest}\ndevice {point.Device}\ncost model {CostConstants.Version}\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }

    /// <summary>The point's result from its folder, or null when it has none yet.</summary>
    public PointResult? Cached(SweepPoint point, string key)
    {
        var path = Path.Combine(Folder(key), ResultFile);
        return File.Exists(path) && System.Text.Json.JsonSerializer.Deserialize<PointResult>(File.ReadAllText(path), Json.Options) is { } done
            ? done with { Row = done.Row with { Point = point.Index } }
            : null;
    }

    /// <summary>Writes, trains, evaluates and costs the point; <paramref name="progress"/> goes from 0 to 1 (training 0.9 of it).</summary>
    public PointResult Run(SweepPoint point, string key, IProgress<double> progress)
    {
        var folder = Folder(key);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SnnFile);
        File.WriteAllText(path, $"// Point {point.Index} of the sweep {spec.Path} ({point.Label}), written by snnc sweep from {spec.Network}.\n" + NetworkVariant.Rewrite(baseFile, point, WeightsFile));
        var compilation = Workspace.Compile(path, error)!;
        var network = Bound(compilation, point);
        var clock = Stopwatch.StartNew();
        var trained = NetworkTrainer.Run(network, spec.TrainingOptions, null, null, data.Training, new Observer(progress), error, spec.TandemOptions)!.Value;
        TrainingPlan.For(compilation, network, null).Write(trained.Model, $"by snnc sweep on {data.Training.Source}: {trained.Origin}", trained.Run);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var lowered = Workspace.CompileNetworks(path, error)?.Networks[0] ?? throw new InputException($"point {point.Index} ({point.Label}): {path} does not compile with its trained weights (above)");
        clock.Restart();
        var report = Evaluator.Evaluate(lowered, data.Test, referenceCheck: 20, new Progress(p => progress.Report(0.9 + (0.1 * p))));
        var cost = CostModel.Estimate(lowered, report.Events, FpgaDevice.Find(point.Device));
        var result = new PointResult(SweepRow.Of(point, key, spec, lowered, trained.Run.Kept.Epoch, report, cost), trainSeconds, clock.Elapsed.TotalSeconds);
        var partial = Path.Combine(folder, ResultFile + ".partial");
        File.WriteAllText(partial, System.Text.Json.JsonSerializer.Serialize(result, Json.Options));
        File.Move(partial, Path.Combine(folder, ResultFile), overwrite: true);
        return result;
    }

    /// <summary>The bound network of a point's compilation, whose only errors may be its (missing or zero) weights.</summary>
    private Language.Semantics.BoundNetwork Bound(SnnCompilation compilation, SweepPoint point)
    {
        var blocking = compilation.Diagnostics.Where(d => d.IsError && d.Stage != DiagnosticStage.Weights).ToList();
        if (blocking.Count > 0 || compilation.Bound.IsEmpty)
        {
            blocking.ForEach(d => error.WriteLine(d));
            throw new InputException($"point {point.Index} ({point.Label}): the rewritten network has errors (above); change the spec's axes or the base network");
        }

        return compilation.Bound[0];
    }

    /// <summary>Answers the point's weights file with zeros of the layers' shapes (none before the network is bound).</summary>
    private sealed class ZeroWeights(Language.Semantics.BoundNetwork? network) : IFileResolver
    {
        public string MissingFileHint => "snnc sweep trains it";

        public FileResolution Resolve(string path)
        {
            if (network is null || Path.GetFileName(path) != WeightsFile)
            {
                return FileResolution.Missing;
            }

            var tensors = network.Layers.Select((layer, m) => TrainingPlan.Tensor(network, m, layer.Name, new int[(int)(TrainingPlan.Inputs(network, m) * layer.Shape[0].Value)]));
            return new SourceFile(path, WeightsFileWriter.Write(tensors));
        }
    }

    private sealed class Observer(IProgress<double> progress) : ITrainingObserver
    {
        public void Batch(int epoch, double runFraction) => progress.Report(0.9 * runFraction);

        public void Epoch(EpochReport report)
        {
        }
    }

    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
