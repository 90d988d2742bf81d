using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// Writes one network's class (docs/codegen.md#emitter-layout): the skeleton (constants, state, Reset, Infer,
/// Readout, Step, cost constants) and the parts per construct (ClassWriter.*.cs), over the flavour's
/// <see cref="IKernelWriter"/>. Every layout decision comes from the <see cref="CodePlan"/>.
/// </summary>
internal sealed partial class ClassWriter
{
    private readonly NetworkIr network;
    private readonly EmitOptions options;
    private readonly CodePlan plan;
    private readonly CodeWriter w = new();
    private readonly IKernelWriter kernel;

    /// <summary>The element types of the tables written so far: each needs its decoder.</summary>
    private readonly System.Collections.Generic.SortedSet<ElementType> decoders = new();

    public ClassWriter(NetworkIr network, EmitOptions options)
    {
        if (options.MaxVectorBits is not (128 or 256 or 512))
        {
            throw new System.ArgumentException("MaxVectorBits must be 128, 256 or 512.", nameof(options));
        }

        this.network = network;
        this.options = options;
        plan = CodePlanner.Plan(network, options.Flavour, options.Layout);
        kernel = options.Flavour switch
        {
            CodeFlavour.Host => new HostKernelWriter(this),
            _ => new NanoKernelWriter(this),
        };
    }

    internal CodeWriter W => w;

    internal NetworkIr Network => network;

    internal CodePlan CodePlan => plan;

    internal EmitOptions Options => options;

    internal int LastLayer => network.Layers.Count - 1;

    /// <summary>Whether a layer runs on the host flavour's 16-bit lanes, with its membranes in <c>s{m}</c>.</summary>
    internal bool Narrow(LayerIr layer) => Plan(layer).Loop == LoopKind.ShortLanes;

    internal LayerCodePlan Plan(LayerIr layer) => plan.Layers[layer.Index];

    /// <summary>The array holding a layer's membranes while it runs.</summary>
    private string MembraneArray(LayerIr layer) => Plan(layer).MembraneArray;

    private bool Downsampled => !network.Input.Downsampled.IsEmpty;

    /// <summary>How many inputs the encoder reads: the downsampled ones, if any.</summary>
    internal string EncodedInputs => Downsampled ? "EncodedSize" : "InputSize";

    internal bool Sparse(LayerIr layer) => Plan(layer).Sparse;

    public string Write()
    {
        CSharpEmitter.Header(w, "network " + network.Name + " from " + options.SourcePath.Replace('\\', '/'));
        using (w.Block($"namespace {options.Namespace}"))
        {
            Summary();
            using (w.Block($"public sealed partial class {CSharpEmitter.Identifier(network.Name)} : ISpikingNetwork"))
            {
                Constants();
                State();
                Accessors();
                ResetMethod();
                InferMethod();
                kernel.BatchMethod();
                ReadoutMethod();
                StepMethod();
                if (network.Update == UpdateMode.PerEvent)
                {
                    kernel.PerEventMethods();
                }

                EncoderMethod();
                DownsampleMembers();
                WeightTables();
                PolicyTables();
                BlobTable();
                Decoders();
            }
        }

        return w.ToString();
    }

    private void Summary()
    {
        var sizes = string.Join(" -> ", new[] { network.Input.Size }.Concat(network.Layers.Select(l => l.Size)));
        w.Line("/// <summary>");
        w.Line($"/// Spiking network {network.Name}: {sizes}, {network.Timesteps} timesteps, " +
               $"{(network.Update == UpdateMode.PerEvent ? "threshold tested per event" : "threshold tested per timestep")}.");
        w.Line("/// Bit-exact with the reference model of docs/semantics.md.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line($"/// Estimated cost, worst case (every input and neuron spikes every timestep), cost model v{CostConstants.Version} (docs/cost-model.md):");
        w.Line("/// " + string.Join(", ", CostLines().Select(c => c.Readable)) + ".");
        w.Line("/// </remarks>");
    }

    /// <summary>The cost constants of the class: name, integer value, readable form (integers keep the output nanoFramework-safe).</summary>
    private (string Name, long Value, string Readable)[] CostLines()
    {
        var c = CostModel.Estimate(network);
        string B(CostFigure figure) => CostBands.Of(figure, c);
        var fpga = network.Target.Kind != TargetKind.Mcu;
        var lines = new System.Collections.Generic.List<(string, long, string)>();
        if (fpga)
        {
            lines.Add(("CostLut", Round(c.Lut), $"{Round(c.Lut)} LUT ({B(CostFigure.Lut)})"));
            lines.Add(("CostFf", Round(c.Ff), $"{Round(c.Ff)} FF ({B(CostFigure.Ff)})"));
            lines.Add(("CostBram18", Round(c.Bram * 2), $"{Round(c.Bram * 2)} RAMB18 ({c.Bram.ToString("0.#", CultureInfo.InvariantCulture)} RAMB36; {B(CostFigure.Bram)})"));
            lines.Add(("CostDsp", c.Dsp, $"{c.Dsp} DSP"));
            lines.Add(("CostFmaxKilohertz", Round(c.FmaxHz / 1e3), $"Fmax {CostFormat.Si(c.FmaxHz, "Hz")} ({B(CostFigure.Fmax)})"));
        }

        lines.Add(("CostCyclesPerInference", Round(c.Cycles), $"{Round(c.Cycles)} cycles per inference ({B(CostFigure.Cycles)})"));
        lines.Add(("CostLatencyNanoseconds", Round(c.LatencySeconds * 1e9), $"latency {CostFormat.Si(c.LatencySeconds, "s")} at {CostFormat.Si(c.ClockHz, "Hz")}"));
        lines.Add(("CostPowerMicrowatts", Round(c.PowerWatts * 1e6), $"power {CostFormat.Si(c.PowerWatts, "W")} ({B(CostFigure.Power)})"));
        lines.Add(("CostEnergyNanojoules", Round(c.EnergyJoules * 1e9), $"energy {CostFormat.Si(c.EnergyJoules, "J")} per inference"));
        lines.Add(("CostFlashBytes", c.FlashBytes, $"flash {c.FlashBytes} B ({B(CostFigure.Flash)})"));
        lines.Add(("CostRamBytes", c.RamBytes, $"RAM {c.RamBytes} B ({B(CostFigure.Ram)})"));
        return lines.ToArray();
    }

    private static long Round(double value) => (long)System.Math.Round(value);

    private void Constants()
    {
        w.Line($"public const int InputSize = {network.Input.RawSize};");
        w.Line($"public const int OutputSize = {network.OutputLayer.Size};");
        w.Line($"public const int Timesteps = {network.Timesteps};");
        w.Line($"public const int LayerCount = {network.Layers.Count};");
        w.Line($"private const uint Seed = {network.Input.Seed}u;");
        foreach (var (name, value, readable) in CostLines())
        {
            w.Line($"/// <summary>Estimated, worst case (docs/cost-model.md): {readable}.</summary>");
            w.Line($"public const long {name} = {value}L;");
        }

        w.Line();
    }

    private void State()
    {
        foreach (var layer in network.Layers)
        {
            w.Line($"// layer {layer.Index} '{layer.Name}': {layer.Size} neurons from {layer.InputSize} inputs, " +
                   $"{layer.WeightBits}-bit weights, {layer.Neuron.MembraneBits}-bit membranes");
            w.Line($"private readonly int[] v{layer.Index} = new int[{layer.Size}];");
            if (Narrow(layer))
            {
                w.Line($"// the membranes while running, 16-bit, padded to whole vectors; v{layer.Index} is filled from it on request");
                w.Line($"private readonly short[] s{layer.Index} = new short[{Plan(layer).RowStride}];");
            }

            if (network.Update == UpdateMode.PerStep)
            {
                w.Line($"private readonly int[] acc{layer.Index} = new int[{layer.Size}];");
                w.Line($"private readonly int[] spikes{layer.Index} = new int[{layer.Size}];");
            }
        }

        if (network.Update == UpdateMode.PerStep)
        {
            w.Line($"private readonly int[] inputSpikes = new int[{network.Input.Size}];");
        }
        else
        {
            kernel.EventState();
        }

        w.Line($"private readonly int[] layerSpikes = new int[{network.Layers.Count}];");
        w.Line($"private readonly int[] outputCounts = new int[{network.OutputLayer.Size}];");
        w.Line("private int timestep;");
        w.Line("private long synapticOps;");
        w.Line("private bool stopRequested;");
        foreach (var cut in network.Policies.RowCutoffs)
        {
            w.Line($"// row cutoff on '{network.Layers[cut.LayerIndex].Name}' (docs/dynamic.md#row-cutoff): synapses an event reaches, spikes in this window");
            w.Line($"private int keep{cut.LayerIndex} = {cut.KeepMax};");
            w.Line($"private int window{cut.LayerIndex};");
        }

        foreach (var precision in network.Policies.Precisions)
        {
            w.Line($"// layer precision on '{network.Layers[precision.LayerIndex].Name}' (docs/dynamic.md#layer-precision): low precision on, activity average");
            w.Line($"private bool low{precision.LayerIndex};");
            w.Line($"private int activity{precision.LayerIndex};");
        }

        if (CountsWeightBits)
        {
            w.Line("private long weightBitsFetched;");
        }

        w.Line();
    }

    // Only networks whose fetched weight bits vary (layer precision) count them: zero cost otherwise.
    private bool CountsWeightBits => !network.Policies.Precisions.IsEmpty;

    private void Accessors()
    {
        w.Line("/// <summary>Called at the end of every timestep when set; null costs one comparison per timestep.</summary>");
        w.Line("public ITimestepHook Hook { get; set; }");
        w.Line();
        w.Line("int ISpikingNetwork.LayerCount { get { return LayerCount; } }");
        w.Line("public int Timestep { get { return timestep; } }");
        w.Line("/// <summary>Synaptic operations since Reset: for every spike delivered to a layer, the synapses it reached (the layer's size without a row cutoff).</summary>");
        w.Line("public long SynapticOps { get { return synapticOps; } }");
        w.Line("public int[] LayerSpikes { get { return layerSpikes; } }");
        w.Line("public int[] OutputSpikeCounts { get { return outputCounts; } }");
        w.Line("public void RequestStop() { stopRequested = true; }");
        if (CountsWeightBits)
        {
            w.Line("/// <summary>Weight bits read since Reset: per synaptic operation the layer's weight bits, or its low bits in low precision.</summary>");
            w.Line("public long WeightBitsFetched { get { return weightBitsFetched; } }");
        }

        w.Line();
        using (w.Block("public int[] Membranes(int layer)"))
        {
            foreach (var layer in network.Layers)
            {
                if (Narrow(layer))
                {
                    using (w.Block($"if (layer == {layer.Index})"))
                    {
                        w.Line($"for (int j = 0; j < {layer.Size}; j++) v{layer.Index}[j] = s{layer.Index}[j];");
                        w.Line($"return v{layer.Index};");
                    }

                    continue;
                }

                w.Line($"if (layer == {layer.Index}) return v{layer.Index};");
            }

            w.Line("throw new System.ArgumentOutOfRangeException(\"layer\");");
        }

        w.Line();
    }

    private void ResetMethod()
    {
        w.Line("/// <summary>Start a new inference: membranes and counters to zero.</summary>");
        using (w.Block("public void Reset()"))
        {
            foreach (var layer in network.Layers)
            {
                w.Line($"for (int j = 0; j < {layer.Size}; j++) {MembraneArray(layer)}[j] = 0;");
            }

            w.Line($"for (int j = 0; j < {network.Layers.Count}; j++) layerSpikes[j] = 0;");
            w.Line($"for (int j = 0; j < {network.OutputLayer.Size}; j++) outputCounts[j] = 0;");
            w.Line("timestep = 0;");
            w.Line("synapticOps = 0;");
            w.Line("stopRequested = false;");
            foreach (var cut in network.Policies.RowCutoffs)
            {
                w.Line($"keep{cut.LayerIndex} = {cut.KeepMax};");
                w.Line($"window{cut.LayerIndex} = 0;");
            }

            foreach (var precision in network.Policies.Precisions)
            {
                w.Line($"low{precision.LayerIndex} = false;");
                w.Line($"activity{precision.LayerIndex} = 0;");
            }

            if (CountsWeightBits)
            {
                w.Line("weightBitsFetched = 0;");
            }
        }

        w.Line();
    }
}
