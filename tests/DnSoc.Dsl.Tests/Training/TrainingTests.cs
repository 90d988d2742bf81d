using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Tests.Training;

/// <summary>Training and evaluation on the committed 500-image sample (the full data set is not in CI).</summary>
public class TrainingTests
{
    private static readonly LabeledImages Sample = Load();

    [Fact]
    public void A_short_training_run_learns_and_its_fixed_point_network_keeps_it()
    {
        var network = Bound("mnist-784-48-10.snn");
        var train = Sample.Slice(0, 400);
        var held = Sample.Slice(400, 100);
        var trainer = new Trainer(network.Bound[0], new TrainingOptions { Epochs = 15, Seed = 3 });
        var reports = new System.Collections.Generic.List<EpochReport>();
        trainer.Train(train, held, new EpochObserver(reports.Add));

        Assert.Equal(15, reports.Count);
        Assert.True(reports[^1].Loss < reports[0].Loss / 2, $"loss went from {reports[0].Loss} to {reports[^1].Loss}");

        // 400 images are few: chance is 10 %, a trained 784-48-10 reaches about 85 % on the other 100.
        var floatAccuracy = trainer.Accuracy(held);
        Assert.True(floatAccuracy >= 0.75, $"float surrogate: {floatAccuracy:P1} on 100 held-out images");

        var ir = WithWeights(network, trainer);
        var fixedPoint = Evaluator.Evaluate(ir, held, referenceCheck: 100);
        Assert.True(fixedPoint.Accuracy >= 0.70, $"fixed point: {fixedPoint.Accuracy:P1} on 100 held-out images");
    }

    [Fact]
    public void The_model_ends_with_the_weights_of_the_epoch_with_the_best_validation_accuracy()
    {
        var network = Bound("mnist-784-48-10.snn").Bound[0];
        var trainer = new Trainer(network, new TrainingOptions { Epochs = 8, Seed = 3 });
        var weightsAfter = new System.Collections.Generic.List<int[][]>();
        var run = trainer.Train(Sample.Slice(0, 200), Sample.Slice(400, 100), new EpochObserver(_ =>
            weightsAfter.Add(Enumerable.Range(0, trainer.Model.LayerCount).Select(trainer.Model.IntegerWeights).ToArray())));

        var best = run.Epochs.First(e => e.ValidationAccuracy == run.Epochs.Max(x => x.ValidationAccuracy));
        Assert.Equal(best, run.Kept);
        Assert.True(run.Kept.Epoch < run.Epochs.Count, "this seed's best epoch is not its last, so keeping it is visible");
        Assert.Equal(run.Epochs.Where(e => e.Best).Select(e => e.Epoch), run.Epochs.Where(e => run.Epochs.Take(e.Epoch - 1).All(p => p.ValidationAccuracy < e.ValidationAccuracy)).Select(e => e.Epoch));
        for (var m = 0; m < trainer.Model.LayerCount; m++)
        {
            Assert.Equal(weightsAfter[run.Kept.Epoch - 1][m], trainer.Model.IntegerWeights(m));
        }
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var network = Bound("mnist-784-48-10.snn").Bound[0];
        int[] Run()
        {
            var trainer = new Trainer(network, new TrainingOptions { Epochs = 2, Seed = 11 });
            trainer.Train(Sample.Slice(0, 200), Sample.Slice(200, 50), new EpochObserver(_ => { }));
            return trainer.Model.IntegerWeights(0);
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Count_noise_is_deterministic_for_a_seed_and_changes_what_is_learned()
    {
        var network = Bound("mnist-784-48-10.snn").Bound[0];
        int[] Run(bool countNoise)
        {
            var trainer = new Trainer(network, new TrainingOptions { Epochs = 2, Seed = 11, CountNoise = countNoise });
            trainer.Train(Sample.Slice(0, 200), Sample.Slice(200, 50), new EpochObserver(_ => { }));
            return trainer.Model.IntegerWeights(1);
        }

        Assert.Equal(Run(true), Run(true));
        Assert.NotEqual(Run(false), Run(true));
    }

    [Theory]
    [InlineData("mnist-784-48-10.snn")]
    [InlineData("tinyodin-mnist.snn")]
    public void Tandem_training_keeps_the_epoch_whose_fixed_point_network_is_best_and_is_deterministic(string file)
    {
        var compilation = Bound(file);
        var held = Sample.Slice(400, 100);
        (TrainingRun Run, int[][] Weights, double Evaluated) Train()
        {
            var trainer = new Trainer(compilation.Bound[0], new TrainingOptions { Epochs = 3, Seed = 7, Tandem = true, LearningRate = 5e-4f });
            foreach (var layer in compilation.Networks.Single().Layers)
            {
                trainer.Model.LoadIntegerWeights(layer.Index, layer.Weights.ToArray());
            }

            var run = trainer.Train(Sample.Slice(0, 200), held, new EpochObserver(_ => { }));
            var weights = Enumerable.Range(0, trainer.Model.LayerCount).Select(trainer.Model.IntegerWeights).ToArray();
            return (run, weights, Evaluator.Evaluate(WithWeights(compilation, trainer), held, referenceCheck: 10).Accuracy);
        }

        var first = Train();

        // The kept epoch's validation accuracy is the generated fixed-point code's on the kept weights, not a float model's.
        Assert.Equal(first.Evaluated, first.Run.Kept.ValidationAccuracy);
        Assert.Equal(first.Run.Epochs.Max(e => e.ValidationAccuracy), first.Run.Kept.ValidationAccuracy);
        Assert.Equal(first.Weights, Train().Weights);
    }

    [Fact]
    public void Pruned_weights_stay_zero_while_the_others_train()
    {
        var network = Bound("mnist-784-48-10.snn").Bound[0];
        var trainer = new Trainer(network, TrainingOptions.FineTune(epochs: 2, seed: 5));
        for (var m = 0; m < trainer.Model.LayerCount; m++)
        {
            trainer.Model.Prune(m, 0.75);
        }

        var before = Enumerable.Range(0, trainer.Model.LayerCount).Select(trainer.Model.IntegerWeights).ToArray();
        trainer.Train(Sample.Slice(0, 400), Sample.Slice(400, 100), new EpochObserver(_ => { }));
        for (var m = 0; m < trainer.Model.LayerCount; m++)
        {
            var after = trainer.Model.IntegerWeights(m);
            Assert.All(Enumerable.Range(0, after.Length).Where(k => before[m][k] == 0), k => Assert.Equal(0, after[k]));
            Assert.Contains(Enumerable.Range(0, after.Length), k => after[k] != before[m][k]);
        }
    }

    [Fact]
    public void Gradual_pruning_reaches_the_target_sparsity_deterministically()
    {
        var network = Bound("mnist-784-48-10.snn").Bound[0];
        int[][] Run()
        {
            var trainer = new Trainer(network, TrainingOptions.FineTune(epochs: 4, seed: 5));
            trainer.TrainPruning(0.75, Sample.Slice(0, 200), Sample.Slice(200, 50), new EpochObserver(_ => { }));
            for (var m = 0; m < trainer.Model.LayerCount; m++)
            {
                Assert.InRange(trainer.Model.Sparsity(m), 0.75, 0.80);
            }

            return Enumerable.Range(0, trainer.Model.LayerCount).Select(trainer.Model.IntegerWeights).ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData("mnist-784-48-10.snn", 494)]
    [InlineData("mnist-784-128-10.snn", 492)]
    [InlineData("mnist-784-128-10-w4.snn", 493)]
    [InlineData("mnist-784-128-10-w4-t8.snn", 493)]
    [InlineData("mnist-784-48-10-w4.snn", 494)]
    [InlineData("tinyodin-mnist.snn", 488)]
    [InlineData("tinyodin-mnist-tandem.snn", 493)]
    [InlineData("mnist-784-128-10-pruned.snn", 494)]
    public void Shipped_weights_classify_the_committed_sample_exactly_as_recorded(string file, int expectedCorrect)
    {
        // Integer arithmetic only: the count is the same on every machine. It changes only when the
        // shipped weights are retrained; update it then (docs/training.md).
        var compilation = Bound(file);
        var report = Evaluator.Evaluate(compilation.Networks.Single(), Sample, referenceCheck: Sample.Count);
        Assert.Equal(expectedCorrect, report.Correct);
        Assert.Equal(Sample.Count, report.ReferenceChecked);
    }

    private static SnnCompilation Bound(string file)
    {
        var folder = RepoPaths.Combine("examples");
        return SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder));
    }

    private static Language.Ir.NetworkIr WithWeights(SnnCompilation compilation, Trainer trainer)
    {
        var network = compilation.Networks.Single();
        return network with
        {
            Layers = network.Layers.Select(l => l with { Weights = trainer.Model.IntegerWeights(l.Index).ToEquatableArray() }).ToEquatableArray(),
        };
    }

    private static LabeledImages Load()
    {
        var set = Fixture.Set;
        return LabeledImages.From(set);
    }
}
