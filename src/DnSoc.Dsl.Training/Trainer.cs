using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Training;

/// <summary>How to train; every default is the setting the shipped weights were trained with.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 60;

    public int BatchSize { get; init; } = 64;

    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>The learning rate falls by cosine annealing to this fraction of its start.</summary>
    public float FinalLearningRateFraction { get; init; } = 0.02f;

    public int Seed { get; init; } = 1;

    /// <summary>Random shifts of up to this many pixels in each direction (2-D inputs only); 0 turns them off.</summary>
    public int MaxShift { get; init; } = 1;

    /// <summary>Train on spike counts drawn as the encoder would (binomial over the timesteps), not on exact rates.</summary>
    public bool EncodingNoise { get; init; } = true;

    /// <summary>
    /// Decoupled weight decay (AdamW) per unit learning rate. Weights of inputs that never spike get no gradient
    /// and would keep their initial size; decay shrinks them, so magnitude pruning removes them first.
    /// </summary>
    public float WeightDecay { get; init; }

    /// <summary>
    /// Train on hidden spike counts: every hidden rate is rounded stochastically to a whole number of spikes over the
    /// timesteps (its expected value unchanged, the gradient passed straight through), so the layers above learn to
    /// read the coarse counts the network produces, which matter most at few timesteps (docs/training.md#count-noise).
    /// </summary>
    public bool CountNoise { get; init; }

    /// <summary>
    /// Tandem training (docs/training.md#tandem): the forward pass runs the per-event network itself (its integers, the
    /// encoder's spikes, every reset and saturation), the backward pass goes through the rate model, and the kept epoch
    /// is the one whose fixed-point network is best on the held-out images. Needs a network <see cref="IntrinsicKernel"/> runs.
    /// </summary>
    public bool Tandem { get; init; }

    /// <summary>Fine-tuning while pruning: shorter, from a lower learning rate, with weight decay (docs/training.md#pruning).</summary>
    public static TrainingOptions FineTune(int epochs, int seed) => new() { Epochs = epochs, LearningRate = 1e-3f, WeightDecay = 0.3f, Seed = seed };
}

/// <summary>One epoch's numbers, for the progress display and the training log.</summary>
/// <param name="LearningRate">The learning rate at the epoch's start (cosine annealing lowers it within the epoch).</param>
/// <param name="Best">The weights after this epoch are the ones kept so far (the best validation accuracy).</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double TrainAccuracy, double ValidationAccuracy, double LearningRate, TimeSpan Elapsed, bool Best);

/// <summary>How a run went: every epoch, and the one whose weights the model holds at the end.</summary>
public sealed record TrainingRun(IReadOnlyList<EpochReport> Epochs, EpochReport Kept);

/// <summary>What a trainer tells its caller while it runs.</summary>
public interface ITrainingObserver
{
    /// <summary>After every batch: the fraction of the whole run done, for a progress bar with an ETA.</summary>
    void Batch(int epoch, double runFraction);

    void Epoch(EpochReport report);
}

/// <summary>Trains a <see cref="Surrogate"/> of a bound network; deterministic for a seed and a thread count.</summary>
public sealed class Trainer
{
    private readonly BoundNetwork network;
    private readonly TrainingOptions options;
    private readonly int timesteps;
    private readonly int[] shape;

    /// <summary>A trainer of a new model, or of <paramref name="model"/> to go on training it (fine-tuning after pruning).</summary>
    public Trainer(BoundNetwork network, TrainingOptions options, Surrogate? model = null)
    {
        this.network = network;
        this.options = options;
        timesteps = (int)network.Timesteps!.Value;
        shape = network.Input!.Shape.Select(d => (int)d.Value).ToArray();
        Model = model ?? new Surrogate(network, options.Seed);
        if (options.Tandem && TandemRefusal(Lowered(network, Model)) is { } why)
        {
            throw new NotSupportedException(why);
        }
    }

    /// <summary>Why tandem training cannot run a network, or null when it can.</summary>
    public static string? TandemRefusal(BoundNetwork network) => TandemRefusal(Lowered(network, new Surrogate(network, seed: 0)));

    public Surrogate Model { get; }

    /// <summary>
    /// Trains for the options' epochs and keeps the weights of the epoch with the best validation accuracy (the float
    /// surrogate's, on exact rates), counting only epochs from <paramref name="keepFrom"/> on (pruning keeps none of the
    /// epochs before its mask is final). <paramref name="beforeEpoch"/> (1-based epoch) may change the model first.
    /// </summary>
    public TrainingRun Train(LabeledImages train, LabeledImages validation, ITrainingObserver observer, Action<int>? beforeEpoch = null, int keepFrom = 1)
    {
        const int Threads = 2;
        var random = new Random(options.Seed);
        var workspaces = Enumerable.Range(0, Threads).Select(_ => Model.CreateWorkspace()).ToArray();
        var inputs = Enumerable.Range(0, Threads).Select(_ => new float[Model.InputSize]).ToArray();
        var spiking = options.Tandem ? Enumerable.Range(0, Threads).Select(_ => new IntrinsicKernel(Lower())).ToArray() : null;
        var order = Enumerable.Range(0, train.Count).ToArray();
        var step = 0;
        var stopwatch = Stopwatch.StartNew();
        var epochs = new List<EpochReport>();
        EpochReport? kept = null;
        int[][]? keptWeights = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            beforeEpoch?.Invoke(epoch);
            Reload(spiking);
            Shuffle(order, random);
            var loss = 0.0;
            var correct = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = Math.Min(options.BatchSize, order.Length - start);

                // Each thread draws its augmentation from its own generator seeded from the shared one,
                // so results depend only on the seed.
                var seeds = Enumerable.Range(0, Threads).Select(_ => random.Next()).ToArray();
                var partial = new (double Loss, int Correct)[Threads];
                Parallel.For(0, Threads, t =>
                {
                    var local = new Random(seeds[t]);
                    for (var k = start + t; k < start + batch; k += Threads)
                    {
                        var index = order[k];
                        int predicted;
                        if (spiking is not null)
                        {
                            predicted = spiking[t].Infer(Shift(train.Images[index], local));
                            Model.ForwardTandem(spiking[t], timesteps, inputs[t], workspaces[t]);
                        }
                        else
                        {
                            Augment(train.Images[index], inputs[t], local);
                            predicted = Model.Forward(inputs[t], workspaces[t], options.CountNoise ? local : null, timesteps);
                        }

                        partial[t].Correct += predicted == train.Labels[index] ? 1 : 0;
                        partial[t].Loss += Model.Backward(inputs[t], train.Labels[index], workspaces[t]);
                    }
                });

                loss += partial.Sum(p => p.Loss);
                correct += partial.Sum(p => p.Correct);
                Model.Update(workspaces, batch, LearningRate(epoch, start, order.Length), options.WeightDecay, ++step);
                Reload(spiking);
                observer.Batch(epoch, (epoch - 1 + ((double)(start + batch) / order.Length)) / options.Epochs);
            }

            var accuracy = spiking is null ? Accuracy(validation) : FixedPointAccuracy(validation, spiking);
            var best = epoch >= keepFrom && (kept is null || accuracy > kept.ValidationAccuracy);
            var report = new EpochReport(epoch, options.Epochs, loss / train.Count, (double)correct / train.Count, accuracy, LearningRate(epoch, 0, order.Length), stopwatch.Elapsed, best);
            if (best)
            {
                kept = report;
                keptWeights = Enumerable.Range(0, Model.LayerCount).Select(Model.IntegerWeights).ToArray();
            }

            epochs.Add(report);
            observer.Epoch(report);
        }

        for (var m = 0; keptWeights is not null && m < Model.LayerCount; m++)
        {
            Model.LoadIntegerWeights(m, keptWeights[m]);
        }

        return new TrainingRun(epochs, kept ?? epochs[^1]);
    }

    /// <summary>
    /// Gradual magnitude pruning (Zhu and Gupta, 2017) while fine-tuning: before each epoch of the first half,
    /// every layer is pruned to target * (1 - (1 - k / n)^3) at step k of n, so the network adapts while
    /// weights are removed; the second half fine-tunes with the final mask fixed. Pruning only adds to the
    /// mask (pruned weights are the smallest), so a pruned weight stays exactly zero.
    /// </summary>
    public TrainingRun TrainPruning(double target, LabeledImages train, LabeledImages validation, ITrainingObserver observer)
    {
        var steps = Math.Max(1, options.Epochs / 2);
        return Train(train, validation, observer, keepFrom: steps, beforeEpoch: epoch =>
        {
            if (epoch <= steps)
            {
                var sparsity = target * (1 - Math.Pow(1 - ((double)epoch / steps), 3));
                for (var m = 0; m < Model.LayerCount; m++)
                {
                    Model.Prune(m, sparsity);
                }
            }
        });
    }

    /// <summary>Accuracy of the trained surrogate on exact input rates (no encoding noise, no augmentation).</summary>
    public double Accuracy(LabeledImages set) => Model.Accuracy(set);

    /// <summary>The network lowered with the model's integer weights now.</summary>
    private NetworkIr Lower() => Lowered(network, Model) ?? throw new InvalidOperationException($"{network.Name} did not lower with its trained weights");

    private static string? TandemRefusal(NetworkIr? lowered) => lowered is not null && IntrinsicKernel.Supports(lowered)
        ? null
        : "tandem training runs the network per event on 16-bit lanes: it needs update per_event, membranes of at most 16 bits and no shift leak";

    private static NetworkIr? Lowered(BoundNetwork network, Surrogate model) =>
        Lowerer.LowerWithWeights(network, Enumerable.Range(0, model.LayerCount).Select(m => model.IntegerWeights(m).ToEquatableArray()).ToList());

    /// <summary>After a weight update: the spiking kernels run the new integers.</summary>
    private void Reload(IntrinsicKernel[]? spiking)
    {
        for (var m = 0; spiking is not null && m < Model.LayerCount; m++)
        {
            var weights = Model.IntegerWeights(m);
            foreach (var kernel in spiking)
            {
                kernel.LoadWeights(m, weights);
            }
        }
    }

    /// <summary>Accuracy of the fixed-point network with the model's weights: the spiking kernels, one per thread.</summary>
    private static double FixedPointAccuracy(LabeledImages set, IntrinsicKernel[] spiking)
    {
        if (set.Count == 0)
        {
            return double.NaN;
        }

        var correct = new int[spiking.Length];
        Parallel.For(0, spiking.Length, t =>
        {
            for (var k = t; k < set.Count; k += spiking.Length)
            {
                correct[t] += spiking[t].Infer(set.Images[k]) == set.Labels[k] ? 1 : 0;
            }
        });
        return (double)correct.Sum() / set.Count;
    }

    private float LearningRate(int epoch, int start, int total)
    {
        var progress = (epoch - 1 + ((double)start / total)) / options.Epochs;
        var floor = options.FinalLearningRateFraction;
        return (float)(options.LearningRate * (floor + ((1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)))));
    }

    /// <summary>A training input: shifted, and with rates drawn as the encoder's spike counts.</summary>
    private void Augment(byte[] image, float[] input, Random random)
    {
        var noisy = options.EncodingNoise && network.Input!.Encoding == EncodingKind.Rate;

        // Shift the image as given, then let the surrogate see what the encoder would (downsampled, if so declared).
        var encoded = Model.Encode(Shift(image, random));
        for (var i = 0; i < encoded.Length; i++)
        {
            var x = encoded[i];
            input[i] = x == 0 ? 0 : noisy ? Binomial(random, Model.Rate(x)) : Model.Rate(x);
        }
    }

    /// <summary>The image moved by a random shift of up to <see cref="TrainingOptions.MaxShift"/> pixels each way (2-D inputs).</summary>
    private byte[] Shift(byte[] image, Random random)
    {
        var (dx, dy) = shape.Length == 2 && options.MaxShift > 0
            ? (random.Next(-options.MaxShift, options.MaxShift + 1), random.Next(-options.MaxShift, options.MaxShift + 1))
            : (0, 0);
        if (dx == 0 && dy == 0)
        {
            return image;
        }

        var shifted = new byte[image.Length];
        for (var i = 0; i < image.Length; i++)
        {
            var (row, column) = (i / shape[1] + dy, i % shape[1] + dx);
            if (row >= 0 && row < shape[0] && column >= 0 && column < shape[1])
            {
                shifted[(row * shape[1]) + column] = image[i];
            }
        }

        return shifted;
    }

    private float Binomial(Random random, float p)
    {
        var count = 0;
        for (var t = 0; t < timesteps; t++)
        {
            count += random.NextDouble() < p ? 1 : 0;
        }

        return (float)count / timesteps;
    }

    private static void Shuffle(int[] order, Random random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}

/// <summary>An observer that hears only of finished epochs.</summary>
public sealed class EpochObserver(Action<EpochReport> epoch) : ITrainingObserver
{
    public void Batch(int epoch, double runFraction)
    {
    }

    public void Epoch(EpochReport report) => epoch(report);
}
