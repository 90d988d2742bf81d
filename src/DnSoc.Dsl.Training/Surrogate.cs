using System;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Semantics;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Training;

/// <summary>
/// The float model trained in place of the spiking network (docs/training.md#surrogate). For rate
/// inputs, an integrate-and-fire neuron that resets to zero fires about (input per timestep - leak) /
/// threshold times per timestep, so a layer is modelled as a = ReLU(g * (x . w) - leak / threshold)
/// with w = round(u * wmax) / wmax the layer's quantized weights (u in [-1, 1], trained through a
/// straight-through estimator) and g = wmax / threshold. Per-step neurons fire at most once per
/// timestep, so their rate is also capped at 1. The last layer's pre-activation is the logit.
/// </summary>
public sealed class Surrogate
{
    private readonly Layer[] layers;
    private readonly bool direct;
    private readonly long directThreshold;
    private readonly int[]? blockOf;
    private readonly ReadoutMode readout;

    public Surrogate(BoundNetwork network, int seed)
    {
        var random = new Random(seed);
        direct = network.Input!.Encoding == EncodingKind.Direct;
        directThreshold = network.Input.DirectThreshold.Value;
        var perStep = network.Update.Value == UpdateMode.PerStep;
        var previous = (int)network.Input!.EncodedSize;
        layers = network.Layers.Select(l =>
        {
            var layer = new Layer(previous, (int)l.Shape[0].Value, (int)l.WeightBits.Value, l.Neuron, perStep, random);
            previous = layer.Outputs;
            return layer;
        }).ToArray();
        InputSize = layers[0].Inputs;
        readout = network.Readout!.Mode;
        if (!network.Input.Downsample.IsEmpty)
        {
            blockOf = Downsampling.BlockOf(network.Input.Shape.Select(d => (int)d.Value).ToArray(), network.Input.Downsample.Select(d => (int)d.Value).ToArray());
        }
    }

    /// <summary>What the encoder sees of an image: downsampled (docs/semantics.md#downsampling) if the input says so.</summary>
    public byte[] Encode(byte[] image) => blockOf is null ? image : Downsampling.Apply(blockOf, InputSize, image);

    public int InputSize { get; }

    public int Classes => layers[^1].Outputs;

    public int LayerCount => layers.Length;

    /// <summary>The integer weights of a layer, row-major [inputs][outputs], as the network stores them.</summary>
    public int[] IntegerWeights(int layer) => layers[layer].IntegerWeights();

    /// <summary>An input's mean spikes per timestep as the encoder produces them (docs/semantics.md#encoding).</summary>
    public float Rate(byte intensity) => direct ? (intensity >= directThreshold ? 1f : 0f) : intensity / 256f;

    /// <summary>Accuracy on exact input rates, two threads.</summary>
    public double Accuracy(LabeledImages set)
    {
        if (set.Count == 0)
        {
            return double.NaN;
        }

        var correct = 0;
        Parallel.For(0, 2, t =>
        {
            var ws = CreateWorkspace();
            var input = new float[InputSize];
            var count = 0;
            for (var k = t; k < set.Count; k += 2)
            {
                var image = Encode(set.Images[k]);
                for (var i = 0; i < input.Length; i++)
                {
                    input[i] = Rate(image[i]);
                }

                count += Forward(input, ws) == set.Labels[k] ? 1 : 0;
            }

            Interlocked.Add(ref correct, count);
        });
        return (double)correct / set.Count;
    }

    /// <summary>Sets a layer's weights from integers (for the float accuracy of given fixed-point weights, or to fine-tune them).</summary>
    public void LoadIntegerWeights(int layer, int[] weights) => layers[layer].Load(weights);

    /// <summary>
    /// Magnitude pruning of one layer (docs/training.md#pruning): the <paramref name="sparsity"/> fraction of its
    /// weights smallest as integers become zero and stay zero through later updates.
    /// </summary>
    public void Prune(int layer, double sparsity) => layers[layer].Prune(sparsity);

    /// <summary>The fraction of a layer's integer weights that are zero.</summary>
    public double Sparsity(int layer) => layers[layer].IntegerWeights().Count(w => w == 0) / (double)(layers[layer].Inputs * layers[layer].Outputs);

    /// <summary>A workspace for one thread: activations and gradients.</summary>
    public Workspace CreateWorkspace() => new(layers);

    /// <summary>
    /// Forward pass of one input (rates in [0, 1]); returns the index of the largest logit. With <paramref name="countNoise"/>,
    /// every hidden rate is rounded stochastically to a whole number of spikes over <paramref name="timesteps"/> (training only).
    /// </summary>
    public int Forward(float[] input, Workspace ws, Random? countNoise = null, int timesteps = 0)
    {
        var activations = input;
        for (var m = 0; m < layers.Length; m++)
        {
            var last = m == layers.Length - 1;
            layers[m].Forward(activations, ws.Pre[m], ws.Post[m], last);
            if (countNoise is not null && !last && timesteps > 0)
            {
                RoundToCounts(ws.Post[m], countNoise, timesteps);
            }

            activations = ws.Post[m];
        }

        return TensorPrimitives.IndexOfMax(ws.Post[^1]);
    }

    /// <summary>
    /// Tandem forward pass (docs/training.md#tandem) after <paramref name="spiking"/> ran an image: each layer's
    /// pre-activation is the rate model's, computed from what the layer below really sent, and what a layer passes up
    /// is what the spiking network did: the inputs and hidden layers their spike counts, the readout its values, each
    /// per timestep in the rate model's units. <paramref name="input"/> receives the input rates for
    /// <see cref="Backward"/>, which then follows the rate model's gradient at the spiking network's operating point.
    /// </summary>
    public void ForwardTandem(IntrinsicKernel spiking, int timesteps, float[] input, Workspace ws)
    {
        Scale(spiking.InputSpikeCounts, 1f / timesteps, input);
        var activations = input;
        for (var m = 0; m < layers.Length; m++)
        {
            var last = m == layers.Length - 1;
            layers[m].Forward(activations, ws.Pre[m], ws.Post[m], last);
            var counts = spiking.SpikeCounts(m);
            if (!last)
            {
                Scale(counts, 1f / timesteps, ws.Post[m]);
            }
            else
            {
                // The readout's value in charge (a count readout ranks spikes, each a threshold of charge), over the
                // charge of one spike per timestep: the logit's unit.
                var threshold = layers[m].Threshold;
                var membranes = spiking.Membranes(m);
                var perSpike = readout == ReadoutMode.Count ? threshold : 1;
                for (var j = 0; j < counts.Length; j++)
                {
                    var charge = ReferenceModel.ReadoutValue(readout, counts[j], membranes[j], threshold) * perSpike;
                    ws.Post[m][j] = charge / ((float)threshold * timesteps);
                }
            }

            activations = ws.Post[m];
        }
    }

    private static void Scale(int[] counts, float factor, float[] rates)
    {
        for (var k = 0; k < counts.Length; k++)
        {
            rates[k] = counts[k] * factor;
        }
    }

    /// <summary>Cross-entropy loss of the last forward pass; accumulates gradients into <paramref name="ws"/>.</summary>
    public double Backward(float[] input, int label, Workspace ws)
    {
        var logits = ws.Post[^1];
        var delta = ws.Delta[^1];
        TensorPrimitives.SoftMax(logits, delta);
        var loss = -Math.Log(Math.Max(delta[label], 1e-12f));
        delta[label] -= 1f;
        for (var m = layers.Length - 1; m >= 0; m--)
        {
            var below = m == 0 ? input : ws.Post[m - 1];
            var belowDelta = m == 0 ? null : ws.Delta[m - 1];
            layers[m].Backward(below, ws.Pre[m], ws.Delta[m], belowDelta, ws.Gradients[m], last: m == layers.Length - 1);
        }

        return loss;
    }

    /// <summary>Adam step (AdamW with <paramref name="weightDecay"/>) with the summed gradients of a batch, then re-quantizes the weights.</summary>
    public void Update(Workspace[] workspaces, int batch, float learningRate, float weightDecay, int step)
    {
        for (var m = 0; m < layers.Length; m++)
        {
            var gradient = workspaces[0].Gradients[m];
            for (var w = 1; w < workspaces.Length; w++)
            {
                TensorPrimitives.Add(gradient, workspaces[w].Gradients[m], gradient);
            }

            TensorPrimitives.Multiply(gradient, 1f / batch, gradient);
            layers[m].Adam(gradient, learningRate, weightDecay, step);
            foreach (var ws in workspaces)
            {
                Array.Clear(ws.Gradients[m]);
            }
        }
    }

    /// <summary>Rates to whole spike counts over the timesteps, rounded up with the probability of the remainder.</summary>
    private static void RoundToCounts(float[] rates, Random random, int timesteps)
    {
        for (var j = 0; j < rates.Length; j++)
        {
            if (rates[j] > 0f)
            {
                var scaled = rates[j] * timesteps;
                var count = MathF.Floor(scaled);
                rates[j] = (count + (random.NextSingle() < scaled - count ? 1f : 0f)) / timesteps;
            }
        }
    }

    public sealed class Workspace
    {
        internal Workspace(Layer[] layers)
        {
            Pre = layers.Select(l => new float[l.Outputs]).ToArray();
            Post = layers.Select(l => new float[l.Outputs]).ToArray();
            Delta = layers.Select(l => new float[l.Outputs]).ToArray();
            Gradients = layers.Select(l => new float[l.Inputs * l.Outputs]).ToArray();
        }

        internal float[][] Pre { get; }

        internal float[][] Post { get; }

        internal float[][] Delta { get; }

        internal float[][] Gradients { get; }
    }

    internal sealed class Layer
    {
        private const float Beta1 = 0.9f;
        private const float Beta2 = 0.999f;
        private const float Epsilon = 1e-8f;

        private readonly float[] u;
        private readonly float[] quantized;
        private readonly float[] m1;
        private readonly float[] m2;
        private readonly int wmax;
        private readonly float gain;
        private readonly float leak;
        private readonly bool capped;
        private bool[]? pruned;

        public Layer(int inputs, int outputs, int weightBits, BoundNeuron neuron, bool perStep, Random random)
        {
            Inputs = inputs;
            Outputs = outputs;
            wmax = (int)FixedPoint.MaxSigned(weightBits);
            Threshold = (int)neuron.Threshold.Value;
            gain = (float)wmax / Threshold;

            // A subtractive leak takes a constant per timestep; a shift leak is proportional and is left
            // to training to absorb.
            leak = neuron.Leak.Kind == LeakKind.Subtract ? (float)neuron.Leak.Amount / neuron.Threshold.Value : 0f;
            capped = perStep;

            // He-style initialisation in effective units: g * u has variance 2 / inputs.
            var scale = (float)(Math.Sqrt(2.0 / inputs) / gain);
            u = Enumerable.Range(0, inputs * outputs).Select(_ => Clamp((float)(Normal(random) * scale))).ToArray();
            quantized = new float[u.Length];
            m1 = new float[u.Length];
            m2 = new float[u.Length];
            Quantize();
        }

        public int Inputs { get; }

        public int Outputs { get; }

        public int Threshold { get; }

        public void Load(int[] weights)
        {
            for (var k = 0; k < u.Length; k++)
            {
                u[k] = Clamp((float)weights[k] / wmax);
            }

            Quantize();
        }

        public int[] IntegerWeights() => u.Select(x => (int)MathF.Round(x * wmax, MidpointRounding.AwayFromZero)).ToArray();

        public void Prune(double sparsity)
        {
            // Weights pruned before stay pruned; the others are ranked by integer magnitude, as the network
            // stores them (weights already rounding to zero go first), then by the float magnitude and the
            // index, so the mask is deterministic.
            var integers = IntegerWeights();
            var before = pruned;
            var order = Enumerable.Range(0, u.Length)
                .OrderBy(k => before is not null && before[k] ? 0 : 1)
                .ThenBy(k => Math.Abs(integers[k]))
                .ThenBy(k => MathF.Abs(u[k]))
                .ThenBy(k => k)
                .ToArray();
            pruned = new bool[u.Length];
            foreach (var k in order.Take((int)Math.Round(sparsity * u.Length)))
            {
                pruned[k] = true;
                u[k] = 0f;
                m1[k] = 0f;
                m2[k] = 0f;
            }

            Quantize();
        }

        public void Forward(float[] input, float[] pre, float[] post, bool last)
        {
            Array.Clear(pre);

            // Input rows are sparse (most pixels and most neurons are silent): add only active rows.
            for (var i = 0; i < Inputs; i++)
            {
                if (input[i] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(quantized.AsSpan(i * Outputs, Outputs), input[i], pre, pre);
                }
            }

            TensorPrimitives.Multiply(pre, gain, pre);
            if (last)
            {
                pre.AsSpan().CopyTo(post);
                return;
            }

            TensorPrimitives.Subtract(pre, leak, pre);
            TensorPrimitives.Max(pre, 0f, post);
            if (capped)
            {
                TensorPrimitives.Min(post, 1f, post);
            }
        }

        /// <summary>Turns dL/d(post) in <paramref name="delta"/> into weight gradients and dL/d(input).</summary>
        public void Backward(float[] input, float[] pre, float[] delta, float[]? inputDelta, float[] gradient, bool last)
        {
            if (!last)
            {
                for (var j = 0; j < Outputs; j++)
                {
                    var open = pre[j] > 0f && (!capped || pre[j] < 1f); // pre already has the leak subtracted
                    delta[j] = open ? delta[j] : 0f;
                }
            }

            TensorPrimitives.Multiply(delta, gain, delta);
            for (var i = 0; i < Inputs; i++)
            {
                if (input[i] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(delta, input[i], gradient.AsSpan(i * Outputs, Outputs), gradient.AsSpan(i * Outputs, Outputs));
                }
            }

            if (inputDelta is not null)
            {
                for (var i = 0; i < Inputs; i++)
                {
                    inputDelta[i] = TensorPrimitives.Dot(quantized.AsSpan(i * Outputs, Outputs), delta);
                }
            }
        }

        public void Adam(float[] gradient, float learningRate, float weightDecay, int step)
        {
            var correction1 = 1f - MathF.Pow(Beta1, step);
            var correction2 = 1f - MathF.Pow(Beta2, step);
            for (var k = 0; k < u.Length; k++)
            {
                if (pruned is not null && pruned[k])
                {
                    continue;
                }

                m1[k] = (Beta1 * m1[k]) + ((1 - Beta1) * gradient[k]);
                m2[k] = (Beta2 * m2[k]) + ((1 - Beta2) * gradient[k] * gradient[k]);
                u[k] = Clamp((u[k] * (1f - (learningRate * weightDecay))) - (learningRate * (m1[k] / correction1) / (MathF.Sqrt(m2[k] / correction2) + Epsilon)));
            }

            Quantize();
        }

        private void Quantize()
        {
            for (var k = 0; k < u.Length; k++)
            {
                quantized[k] = MathF.Round(u[k] * wmax, MidpointRounding.AwayFromZero) / wmax;
            }
        }

        private static float Clamp(float x) => Math.Clamp(x, -1f, 1f);

        private static double Normal(Random random) =>
            Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }
}
