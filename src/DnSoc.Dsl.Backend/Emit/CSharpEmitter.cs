using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>Where and how the generated class is written.</summary>
/// <param name="Namespace">The namespace of the generated class and of the shared runtime types.</param>
/// <param name="SourcePath">The .snn file, named in the header comment.</param>
/// <param name="Flavour">nanoFramework-safe code, or host code with SIMD (docs/performance.md).</param>
/// <param name="MaxVectorBits">
/// The widest vectors (512, 256 or 128 bits) the host flavour's 16-bit paths may use when the machine
/// accelerates them; lower only to test or measure the narrower fallbacks.
/// </param>
/// <param name="Layout">Nano: dense or sparse weight rows (docs/codegen.md#sparse-rows); the cost model assumes
/// <see cref="WeightLayout.Auto"/>, the others are for benchmarks.</param>
public sealed record EmitOptions(
    string Namespace,
    string SourcePath,
    CodeFlavour Flavour = CodeFlavour.Nano,
    int MaxVectorBits = 512,
    WeightLayout Layout = WeightLayout.Auto);

/// <summary>How the nano flavour stores a layer's weights.</summary>
public enum WeightLayout
{
    /// <summary>Sparse rows where <see cref="NetworkIr.SparseRows"/> says so, else dense.</summary>
    Auto,

    /// <summary>Dense rows everywhere.</summary>
    Dense,

    /// <summary>Sparse rows wherever skipping zeros is exact (<see cref="LayerIr.ZerosSkippable"/>) and no policy shapes the layer's synapses, whatever their size and density.</summary>
    Sparse,
}

/// <summary>What the generated code may use; both flavours compute exactly the same numbers.</summary>
public enum CodeFlavour
{
    /// <summary>Only what .NET nanoFramework 1.x runs (docs/codegen.md#nanoframework).</summary>
    Nano,

    /// <summary>.NET 10 or later: SIMD over a layer's neurons, 16-bit lanes where the layer fits (docs/performance.md).</summary>
    Host,
}

/// <summary>
/// Emits one network as a C# class: unrolled, fixed-point, event-driven, and limited to what
/// .NET nanoFramework 1.x runs (no generics, no System.Math, no Span, no LINQ, no [,] arrays).
/// It implements docs/semantics.md exactly; tests hold it equal to the reference model.
/// </summary>
public static class CSharpEmitter
{
    /// <summary>Unroll factor of <c>unroll: auto</c> for layers too large to unroll fully (docs/codegen.md#unrolling).</summary>
    public const int AutoUnrollFactor = LayerIr.AutoUnrollFactor;

    /// <summary>Layers up to this size are fully unrolled under <c>unroll: auto</c>.</summary>
    public const int AutoFullUnrollLimit = LayerIr.AutoFullUnrollLimit;

    /// <summary>Runtime types shared by every generated network: emitted once per project.</summary>
    public static string EmitRuntime(string @namespace)
    {
        var w = new CodeWriter();
        Header(w, "the DnSoc.Dsl runtime interfaces");
        using (w.Block($"namespace {@namespace}"))
        {
            w.Line("/// <summary>What a hook sees of a running network (generated classes implement it).</summary>");
            using (w.Block("public interface ISpikingNetwork"))
            {
                w.Line("/// <summary>Number of layers.</summary>");
                w.Line("int LayerCount { get; }");
                w.Line("/// <summary>Timesteps completed since Reset.</summary>");
                w.Line("int Timestep { get; }");
                w.Line("/// <summary>Spikes each layer emitted in the last timestep (activity counters).</summary>");
                w.Line("int[] LayerSpikes { get; }");
                w.Line("/// <summary>Spikes of each output neuron since Reset.</summary>");
                w.Line("int[] OutputSpikeCounts { get; }");
                w.Line("/// <summary>The membranes of a layer (live array: do not keep it across steps).</summary>");
                w.Line("int[] Membranes(int layer);");
                w.Line("/// <summary>Ask Infer to stop after the current timestep (early exit).</summary>");
                w.Line("void RequestStop();");
            }

            w.Line();
            w.Line("/// <summary>Called at every timestep boundary; attach one through the network's Hook property.</summary>");
            using (w.Block("public interface ITimestepHook"))
            {
                w.Line("void OnTimestepEnd(ISpikingNetwork network);");
            }
        }

        return w.ToString();
    }

    public static string EmitNetwork(NetworkIr network, EmitOptions options) => new NetworkWriter(network, options).Write();

    /// <summary>The effective unroll factor of a layer's neuron loop.</summary>
    public static int UnrollFactor(LayerIr layer) => layer.EffectiveUnroll;

    /// <summary>A C# identifier for a .snn name: keywords get '@'.</summary>
    public static string Identifier(string name) => CSharpKeywords.Contains(name) ? "@" + name : name;

    private static void Header(CodeWriter w, string what)
    {
        w.Line("// <auto-generated>");
        w.Line($"// Generated by DnSoc.Dsl: {what}. Do not edit; edit the .snn file instead.");
        w.Line("// </auto-generated>");
        w.Line("#pragma warning disable");
    }

    private static readonly string[] CSharpKeywords =
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    private sealed class NetworkWriter
    {
        private readonly NetworkIr network;
        private readonly EmitOptions options;
        private readonly CodeWriter w = new();

        public NetworkWriter(NetworkIr network, EmitOptions options)
        {
            if (options.MaxVectorBits is not (128 or 256 or 512))
            {
                throw new System.ArgumentException("MaxVectorBits must be 128, 256 or 512.", nameof(options));
            }

            this.network = network;
            this.options = options;
        }

        private int LastLayer => network.Layers.Count - 1;

        private bool Host => options.Flavour == CodeFlavour.Host;

        /// <summary>Host flavour, per event: spikes travel through one list per layer instead of the queue.</summary>
        private bool HostEvents => Host && network.Update == UpdateMode.PerEvent;

        /// <summary>Whether a layer runs on the host flavour's 16-bit lanes, with its membranes in <c>s{m}</c>.</summary>
        private bool Narrow(LayerIr layer) => HostEvents && FitsShortLanes(layer) && !network.Policies.ShapesSynapses(layer.Index);

        /// <summary>The array holding a layer's membranes while it runs.</summary>
        private string MembraneArray(LayerIr layer) => (Narrow(layer) ? "s" : "v") + layer.Index.ToString(CultureInfo.InvariantCulture);

        private bool Downsampled => !network.Input.Downsampled.IsEmpty;

        /// <summary>How many inputs the encoder reads: the downsampled ones, if any.</summary>
        private string EncodedInputs => Downsampled ? "EncodedSize" : "InputSize";

        /// <summary>Nano only: the host flavour's vector loops want dense rows; a policy layer's plain loop reads the dense row.</summary>
        private bool Sparse(LayerIr layer) => !Host && options.Layout switch
        {
            WeightLayout.Auto => network.SparseRows(layer),
            WeightLayout.Sparse => layer.ZerosSkippable(network.Update) && !network.Policies.ShapesSynapses(layer.Index),
            _ => false,
        };

        public string Write()
        {
            Header(w, "network " + network.Name + " from " + options.SourcePath.Replace('\\', '/'));
            using (w.Block($"namespace {options.Namespace}"))
            {
                Summary();
                using (w.Block($"public sealed partial class {Identifier(network.Name)} : ISpikingNetwork"))
                {
                    Constants();
                    State();
                    Accessors();
                    ResetMethod();
                    InferMethod();
                    ReadoutMethod();
                    StepMethod();
                    if (network.Update == UpdateMode.PerEvent)
                    {
                        PerEventMethods();
                    }

                    EncoderMethod();
                    DownsampleMembers();
                    WeightTables();
                    BlobTable();
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
            var fpga = network.Target.Kind != TargetKind.Mcu;
            var lines = new System.Collections.Generic.List<(string, long, string)>();
            if (fpga)
            {
                lines.Add(("CostLut", Round(c.Lut), $"{Round(c.Lut)} LUT"));
                lines.Add(("CostFf", Round(c.Ff), $"{Round(c.Ff)} FF"));
                lines.Add(("CostBram18", Round(c.Bram36 * 2), $"{Round(c.Bram36 * 2)} RAMB18 ({(c.Bram36).ToString("0.#", CultureInfo.InvariantCulture)} RAMB36)"));
                lines.Add(("CostDsp", c.Dsp, $"{c.Dsp} DSP"));
                lines.Add(("CostFmaxKilohertz", Round(c.FmaxHz / 1e3), $"Fmax {CostFormat.Si(c.FmaxHz, "Hz")}"));
            }

            lines.Add(("CostCyclesPerInference", Round(c.Cycles), $"{Round(c.Cycles)} cycles per inference"));
            lines.Add(("CostLatencyNanoseconds", Round(c.LatencySeconds * 1e9), $"latency {CostFormat.Si(c.LatencySeconds, "s")} at {CostFormat.Si(c.ClockHz, "Hz")}"));
            lines.Add(("CostPowerMicrowatts", Round(c.PowerWatts * 1e6), $"power {CostFormat.Si(c.PowerWatts, "W")}"));
            lines.Add(("CostEnergyNanojoules", Round(c.EnergyJoules * 1e9), $"energy {CostFormat.Si(c.EnergyJoules, "J")} per inference"));
            lines.Add(("CostFlashBytes", c.FlashBytes, $"flash {c.FlashBytes} B"));
            lines.Add(("CostRamBytes", c.RamBytes, $"RAM {c.RamBytes} B"));
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
                    w.Line($"private readonly short[] s{layer.Index} = new short[{Stride(layer)}];");
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
            else if (Host)
            {
                HostEventState();
            }
            else
            {
                w.Line("// spike events of the current timestep, FIFO: (target layer << 24) | source index");
                w.Line($"private int[] queue = new int[{System.Math.Max(64, network.Input.Size)}];");
                w.Line("private int head;");
                w.Line("private int tail;");
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

        private void InferMethod()
        {
            var exit = network.Policies.EarlyExit;
            w.Line(exit is null
                ? "/// <summary>Reset, run the timesteps (fewer if a hook requests a stop), return the class.</summary>"
                : "/// <summary>Reset, run the timesteps (fewer when the early exit or a hook stops), return the class.</summary>");
            using (w.Block("public int Infer(byte[] input)"))
            {
                w.Line("Reset();");
                using (w.Block("for (int t = 0; t < Timesteps; t++)"))
                {
                    w.Line("Step(input);");
                    w.Line("if (stopRequested) break;");
                    if (exit is not null)
                    {
                        var period = exit.CheckEvery == 1 ? string.Empty : $" && (timestep - {exit.MinTimesteps}) % {exit.CheckEvery} == 0";
                        w.Line($"if (timestep < Timesteps && timestep >= {exit.MinTimesteps}{period} && ReadoutMargin() >= {exit.Margin}) break;");
                    }
                }

                w.Line("return Readout();");
            }

            w.Line();
            if (exit is not null || network.Policies.Precisions.Any(p => p.Margin > 0))
            {
                ReadoutMarginMethod();
            }
        }

        // docs/dynamic.md#early-exit: how far the best readout value leads the second best.
        private void ReadoutMarginMethod()
        {
            var output = network.OutputLayer;
            var value = network.Readout.Mode switch
            {
                ReadoutMode.Count => "outputCounts[k]",
                ReadoutMode.Potential => $"(long)outputCounts[k] * {output.Neuron.Threshold} + {MembraneArray(output)}[k]",
                _ => $"{MembraneArray(output)}[k]",
            };
            w.Line("/// <summary>How far the best readout value leads the second best (long.MaxValue with one output).</summary>");
            using (w.Block("public long ReadoutMargin()"))
            {
                w.Line("long best = long.MinValue;");
                w.Line("long second = long.MinValue;");
                using (w.Block($"for (int k = 0; k < {output.Size}; k++)"))
                {
                    w.Line($"long value = {value};");
                    w.Line("if (value > best) { second = best; best = value; }");
                    w.Line("else if (value > second) second = value;");
                }

                w.Line("return second == long.MinValue ? long.MaxValue : best - second;");
            }

            w.Line();
        }

        private void ReadoutMethod()
        {
            var output = network.OutputLayer;
            var v = MembraneArray(output);
            var theta = output.Neuron.Threshold;
            w.Line(network.Readout.Mode switch
            {
                ReadoutMode.Count => "/// <summary>Argmax of output spike counts; ties to the higher membrane, then the lower index.</summary>",
                ReadoutMode.Potential => "/// <summary>Argmax of spike count x threshold + membrane (the integrated charge); ties to the lower index.</summary>",
                _ => "/// <summary>Argmax of output membranes; ties to the lower index.</summary>",
            });
            using (w.Block("public int Readout()"))
            {
                w.Line("int best = 0;");
                using (w.Block($"for (int k = 1; k < {output.Size}; k++)"))
                {
                    w.Line(network.Readout.Mode switch
                    {
                        ReadoutMode.Count => $"if (outputCounts[k] > outputCounts[best] || (outputCounts[k] == outputCounts[best] && {v}[k] > {v}[best])) best = k;",
                        ReadoutMode.Potential => $"if ((long)outputCounts[k] * {theta} + {v}[k] > (long)outputCounts[best] * {theta} + {v}[best]) best = k;",
                        _ => $"if ({v}[k] > {v}[best]) best = k;",
                    });
                }

                w.Line("return best;");
            }

            w.Line();
        }

        private void StepMethod()
        {
            w.Line("/// <summary>One timestep: encode the input, update every layer, call the hook.</summary>");
            using (w.Block("public void Step(byte[] input)"))
            {
                w.Line($"if (input == null || input.Length != InputSize) throw new System.ArgumentException(\"{network.Name} takes {network.Input.RawSize} input bytes\");");
                if (Downsampled)
                {
                    w.Line("input = Downsample(input);");
                }

                w.Line($"for (int j = 0; j < {network.Layers.Count}; j++) layerSpikes[j] = 0;");
                if (network.Update == UpdateMode.PerEvent)
                {
                    PerEventStepBody();
                }
                else
                {
                    PerStepBody();
                }

                w.Line("timestep++;");
                foreach (var cut in network.Policies.RowCutoffs)
                {
                    var m = cut.LayerIndex;
                    w.Line($"// row cutoff: fewer synapses when '{network.Layers[m].Name}' is busy, more when it is quiet");
                    w.Line($"window{m} += layerSpikes[{m}];");
                    using (w.Block($"if (timestep % {cut.Window} == 0)"))
                    {
                        w.Line($"if (window{m} > {cut.HighSpikes}) {{ keep{m} -= {cut.Step}; if (keep{m} < {cut.KeepMin}) keep{m} = {cut.KeepMin}; }}");
                        w.Line($"else if (window{m} < {cut.LowSpikes}) {{ keep{m} += {cut.Step}; if (keep{m} > {cut.KeepMax}) keep{m} = {cut.KeepMax}; }}");
                        w.Line($"window{m} = 0;");
                    }
                }

                foreach (var precision in network.Policies.Precisions)
                {
                    var m = precision.LayerIndex;
                    w.Line($"// layer precision: low when '{network.Layers[m].Name}' is busy (and the answer clear), high when quiet (or unsure)");
                    w.Line($"activity{m} += layerSpikes[{m}] - (activity{m} >> {precision.EmaShift});");
                    using (w.Block($"if (timestep % {precision.Hold} == 0)"))
                    {
                        var (sure, unsure) = precision.Margin > 0
                            ? ($" && ReadoutMargin() >= {precision.Margin}", $" || ReadoutMargin() < {precision.Margin}")
                            : (string.Empty, string.Empty);
                        w.Line($"low{m} = low{m} ? !(activity{m} <= {precision.QuietLevel}{unsure}) : activity{m} >= {precision.BusyLevel}{sure};");
                    }
                }

                w.Line("if (Hook != null) Hook.OnTimestepEnd(this);");
            }

            w.Line();
        }

        private void PerEventStepBody()
        {
            if (Host)
            {
                HostEventStepBody();
                return;
            }

            w.Line("head = 0;");
            w.Line("tail = 0;");
            w.Line("// input spikes, ascending index (docs/semantics.md#per-event)");
            EncodeLoop(i => $"Enqueue({i});");

            w.Line("Drain();");
            w.Line("// leak phase: every layer, every neuron, once the queue is empty");
            foreach (var layer in network.Layers.Where(LeakPhaseActs))
            {
                using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
                {
                    w.Line($"int v = v{layer.Index}[j];");
                    Leak(layer.Neuron);
                    FireAndStore(layer, "j");
                }
            }

            w.Line("Drain();");
        }

        /// <summary>With reset to zero and no leak, every membrane is already below threshold after the drain: the leak phase cannot change a layer.</summary>
        private static bool LeakPhaseActs(LayerIr layer) => layer.Neuron.Leak != LeakKind.None || layer.Neuron.Reset != ResetKind.Zero;

        private void PerStepBody()
        {
            w.Line("int count = 0;");
            EncodeLoop(i => $"inputSpikes[count++] = {i};");

            var previous = "inputSpikes";
            foreach (var layer in network.Layers)
            {
                var m = layer.Index;
                w.Line($"// layer {m} '{layer.Name}': integrate the timestep's spikes, then leak, then test once");
                CountOps(layer, "(long)count * ");
                using (w.Block("for (int s = 0; s < count; s++)"))
                {
                    if (network.Policies.ShapesSynapses(m))
                    {
                        w.Line($"int row = {previous}[s] * {layer.Size};");
                        using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
                        {
                            SkipCutSynapse(m);
                            w.Line($"acc{m}[j] += {PolicyWeightAt(layer)};");
                        }
                    }
                    else if (Sparse(layer))
                    {
                        SparseRow(layer, $"{previous}[s]", () => w.Line($"acc{m}[C{m}[k]] += {WeightAt(layer, "k")};"));
                    }
                    else
                    {
                        w.Line($"int row = {previous}[s] * {layer.Size};");
                        if (Host)
                        {
                            HostAccumulate(layer);
                        }
                        else
                        {
                            Unrolled(layer, j => w.Line($"acc{m}[{j}] += {WeightAt(layer, $"row + {j}")};"));
                        }
                    }
                }

                w.Line("count = 0;");
                if (Host)
                {
                    HostStepUpdate(layer);
                }
                else
                {
                    using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
                    {
                        StepNeuron(layer, "j");
                    }
                }

                previous = $"spikes{m}";
            }
        }

        /// <summary>Per step, neuron j: add the timestep's sum with saturation, leak, test once.</summary>
        private void StepNeuron(LayerIr layer, string j)
        {
            var m = layer.Index;
            w.Line($"int v = v{m}[{j}] + acc{m}[{j}];");
            w.Line($"acc{m}[{j}] = 0;");
            Saturate(layer, lower: true, upper: true);
            Leak(layer.Neuron);
            using (w.Block($"if (v >= {layer.Neuron.Threshold})"))
            {
                w.Line($"v = {ResetExpression(layer.Neuron)};");
                w.Line($"layerSpikes[{m}]++;");
                w.Line(m == LastLayer ? $"outputCounts[{j}]++;" : $"spikes{m}[count++] = {j};");
            }

            w.Line($"v{m}[{j}] = v;");
        }

        private void PerEventMethods()
        {
            if (Host)
            {
                HostEventMethods();
                return;
            }

            using (w.Block("private void Enqueue(int e)"))
            {
                using (w.Block("if (tail == queue.Length)"))
                {
                    w.Line("int[] larger = new int[queue.Length * 2];");
                    w.Line("for (int k = 0; k < tail; k++) larger[k] = queue[k];");
                    w.Line("queue = larger;");
                }

                w.Line("queue[tail++] = e;");
            }

            w.Line();
            using (w.Block("private void Drain()"))
            {
                using (w.Block("while (head < tail)"))
                {
                    w.Line("int e = queue[head++];");
                    w.Line("int source = e & 0xFFFFFF;");
                    using (w.Block("switch (e >> 24)"))
                    {
                        foreach (var layer in network.Layers)
                        {
                            w.Line($"case {layer.Index}: Deliver{layer.Index}(source); break;");
                        }
                    }
                }
            }

            w.Line();
            foreach (var layer in network.Layers)
            {
                var m = layer.Index;
                w.Line($"/// <summary>A spike of '{layer.SourceName}' neuron <paramref name=\"pre\"/> reaches " +
                       $"{(Sparse(layer) ? "the neurons of its nonzero weights" : "every neuron")} of '{layer.Name}' in index order.</summary>");
                using (w.Block($"private void Deliver{m}(int pre)"))
                {
                    CountOps(layer, string.Empty);
                    if (network.Policies.ShapesSynapses(m))
                    {
                        w.Line($"int row = pre * {layer.Size};");
                        w.Line("int v;");
                        PolicyDeliver(layer);
                    }
                    else if (Sparse(layer))
                    {
                        SparseRow(layer, "pre", () =>
                        {
                            w.Line($"int j = C{m}[k];");
                            w.Line($"int v = v{m}[j] + {WeightAt(layer, "k")};");
                            DeliverSaturate(layer);
                            FireAndStore(layer, "j");
                        });
                    }
                    else
                    {
                        w.Line($"int row = pre * {layer.Size};");
                        w.Line("int v;");
                        if (Host)
                        {
                            HostDeliver(layer);
                        }
                        else
                        {
                            Unrolled(layer, j =>
                            {
                                w.Line($"v = v{m}[{j}] + {WeightAt(layer, $"row + {j}")};");
                                DeliverSaturate(layer);
                                FireAndStore(layer, j.ToString(CultureInfo.InvariantCulture));
                            });
                        }
                    }
                }

                w.Line();
            }
        }

        // docs/dynamic.md: layers under a row cutoff or a layer precision run a plain loop in both flavours;
        // skipped synapses are neither added nor tested. Low-precision weights can exceed the layer's own
        // range after rounding, so both clamps stay.
        private void PolicyDeliver(LayerIr layer)
        {
            var m = layer.Index;
            using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
            {
                SkipCutSynapse(m);
                w.Line($"v = v{m}[j] + {PolicyWeightAt(layer)};");
                var precise = network.Policies.Precision(m) is null;
                Saturate(layer, lower: !precise || layer.Weights.Min() < 0, upper: !precise || (layer.Weights.Max() > 0 && !UpperClampUnreachable(layer)));
                FireAndStore(layer, "j");
            }
        }

        private void SkipCutSynapse(int m)
        {
            if (network.Policies.RowCutoff(m) is not null)
            {
                w.Line($"if (Rank{m}[row + j] >= keep{m}) continue;");
            }
        }

        /// <summary>Synapse (row + j) of a policy layer: its weight, or in low precision its rounded top bits.</summary>
        private string PolicyWeightAt(LayerIr layer) =>
            network.Policies.Precision(layer.Index) is { } precision
                ? $"(low{layer.Index} ? WL{layer.Index}[row + j] << {precision.Shift} : {ScalarWeightAt(layer, "row + j")})"
                : ScalarWeightAt(layer, "row + j");

        /// <summary>Synaptic operations (and weight bits, when they vary) of <paramref name="events"/> events into a layer.</summary>
        private void CountOps(LayerIr layer, string events)
        {
            var m = layer.Index;
            var reached = network.Policies.RowCutoff(m) is null ? layer.Size.ToString(CultureInfo.InvariantCulture) : $"keep{m}";
            w.Line($"synapticOps += {events}{reached};");
            if (CountsWeightBits)
            {
                var bits = network.Policies.Precision(m) is { } precision ? $"(low{m} ? {precision.LowBits} : {layer.WeightBits})" : layer.WeightBits.ToString(CultureInfo.InvariantCulture);
                w.Line($"weightBitsFetched += {(events.Length == 0 ? "(long)" : events)}{reached} * {bits};");
            }
        }

        // Host flavour, 32-bit lanes (per-step layers, and per-event layers that do not fit 16 bits): SIMD over
        // the neurons of one layer for one event (or one timestep), so every neuron still sees its updates in
        // the order of docs/semantics.md. Lanes that reach the threshold are handled one by one in ascending
        // index, which keeps the FIFO order of the spikes.
        private const string Vec = "System.Numerics.Vector<int>";
        private const string VecOps = "System.Numerics.Vector";

        /// <summary>Host: the vector loop over whole vectors of a layer; the caller writes the scalar tail from j.</summary>
        private System.IDisposable HostVectorLoop(LayerIr layer) =>
            w.Block($"for (; j <= {layer.Size} - {Vec}.Count; j += {Vec}.Count)");

        /// <summary>Host: after the vector x was stored at j, the lanes that may fire go through the scalar test in index order.</summary>
        private void HostFiredLanes(LayerIr layer, System.Action<string> scalar)
        {
            using (w.Block($"if ({VecOps}.GreaterThanOrEqualAny(x, new {Vec}({layer.Neuron.Threshold})))"))
            {
                using (w.Block($"for (int k = j; k < j + {Vec}.Count; k++)"))
                {
                    scalar("k");
                }
            }
        }

        private void HostSaturate(LayerIr layer)
        {
            var bits = layer.Neuron.MembraneBits;
            w.Line($"x = {VecOps}.Min({VecOps}.Max(x, new {Vec}({FixedPoint.MinSigned(bits)})), new {Vec}({FixedPoint.MaxSigned(bits)}));");
        }

        private void HostLeak(NeuronIr neuron) => VectorLeak(neuron, VecOps, Vec, k => $"new {Vec}({k})", 31);

        /// <summary>The leak of x in vectors of <paramref name="type"/>; shifts beyond the lane width act as <paramref name="maxShift"/> (same result).</summary>
        private void VectorLeak(NeuronIr neuron, string ops, string type, System.Func<long, string> constant, int maxShift)
        {
            switch (neuron.Leak)
            {
                case LeakKind.Subtract when neuron.LeakAmount > 0:
                    w.Line($"x = {ops}.ConditionalSelect({ops}.GreaterThanOrEqual(x, {type}.Zero), " +
                           $"{ops}.Max(x - {constant(neuron.LeakAmount)}, {type}.Zero), {ops}.Min(x + {constant(neuron.LeakAmount)}, {type}.Zero));");
                    break;
                case LeakKind.Shift:
                    w.Line($"x -= {ops}.ShiftRightArithmetic(x, {System.Math.Min(neuron.LeakAmount, maxShift)});");
                    break;
            }
        }

        private void HostDeliver(LayerIr layer)
        {
            var m = layer.Index;
            w.Line("int j = 0;");
            using (HostVectorLoop(layer))
            {
                w.Line($"{Vec} x = new {Vec}(v{m}, j) + new {Vec}(W{m}, row + j);");
                HostSaturate(layer);
                w.Line($"x.CopyTo(v{m}, j);");
                HostFiredLanes(layer, k =>
                {
                    w.Line($"v = v{m}[{k}];");
                    FireAndStore(layer, k);
                });
            }

            using (w.Block($"for (; j < {layer.Size}; j++)"))
            {
                w.Line($"v = v{m}[j] + W{m}[row + j];");
                Saturate(layer, lower: true, upper: true);
                FireAndStore(layer, "j");
            }
        }

        private void HostLeakPhase(LayerIr layer)
        {
            var m = layer.Index;
            using (w.Block(string.Empty))
            {
                w.Line("int j = 0;");
                using (HostVectorLoop(layer))
                {
                    w.Line($"{Vec} x = new {Vec}(v{m}, j);");
                    HostLeak(layer.Neuron);
                    w.Line($"x.CopyTo(v{m}, j);");
                    HostFiredLanes(layer, k =>
                    {
                        w.Line($"int v = v{m}[{k}];");
                        FireAndStore(layer, k);
                    });
                }

                using (w.Block($"for (; j < {layer.Size}; j++)"))
                {
                    w.Line($"int v = v{m}[j];");
                    Leak(layer.Neuron);
                    FireAndStore(layer, "j");
                }
            }
        }

        private void HostAccumulate(LayerIr layer)
        {
            var m = layer.Index;
            w.Line("int j = 0;");
            using (HostVectorLoop(layer))
            {
                w.Line($"(new {Vec}(acc{m}, j) + new {Vec}(W{m}, row + j)).CopyTo(acc{m}, j);");
            }

            w.Line($"for (; j < {layer.Size}; j++) acc{m}[j] += W{m}[row + j];");
        }

        /// <summary>Host, per step: saturate, leak and reset in vectors; spikes are recorded lane by lane in index order.</summary>
        private void HostStepUpdate(LayerIr layer)
        {
            var m = layer.Index;
            var neuron = layer.Neuron;
            using (w.Block(string.Empty))
            {
                w.Line("int j = 0;");
                using (HostVectorLoop(layer))
                {
                    w.Line($"{Vec} x = new {Vec}(v{m}, j) + new {Vec}(acc{m}, j);");
                    w.Line($"{Vec}.Zero.CopyTo(acc{m}, j);");
                    HostSaturate(layer);
                    HostLeak(neuron);
                    w.Line($"x.CopyTo(v{m}, j);");
                    HostFiredLanes(layer, k =>
                    {
                        using (w.Block($"if (v{m}[{k}] >= {neuron.Threshold})"))
                        {
                            w.Line($"v{m}[{k}] = {(neuron.Reset == ResetKind.Zero ? "0" : $"v{m}[{k}] - {neuron.Threshold}")};");
                            w.Line($"layerSpikes[{m}]++;");
                            w.Line(m == LastLayer ? $"outputCounts[{k}]++;" : $"spikes{m}[count++] = {k};");
                        }
                    });
                }

                using (w.Block($"for (; j < {layer.Size}; j++)"))
                {
                    StepNeuron(layer, "j");
                }
            }
        }

        // Host flavour, per event. The network is a chain, so the FIFO of docs/semantics.md#per-event
        // delivers every spike of one layer before any spike of the next: each layer drains its own list
        // of events in order and appends its spikes, in order, to the next layer's list. Layers that fit
        // 16 bits run 32, 16 or 8 lanes per vector (Vector512, Vector256, Vector128: the widest the
        // machine accelerates; the JIT drops the other branches).
        private const int Chunk = 64;
        private const int RegisterVectors = 8;
        private const int MaxLanes = 32;

        /// <summary>A 16-bit layer's row length: its size padded to whole vectors of every width.</summary>
        private static int Stride(LayerIr layer) => (layer.Size + MaxLanes - 1) / MaxLanes * MaxLanes;

        /// <summary>
        /// Whether 16-bit lanes give exactly the 32-bit results: membranes, weights, threshold and leak
        /// amount fit in a short, so a saturating 16-bit add followed by the clamp to the membrane range is
        /// the clamp of the exact sum, and no leak or reset can wrap.
        /// </summary>
        private static bool FitsShortLanes(LayerIr layer)
        {
            var n = layer.Neuron;
            return n.MembraneBits <= 16 && layer.WeightBits <= 16 && n.Threshold <= short.MaxValue
                   && (n.Leak != LeakKind.Subtract || n.LeakAmount <= short.MaxValue);
        }

        /// <summary>One body per vector width, widest first, each used only where the machine accelerates it; Vector128 runs anywhere.</summary>
        private void HostWidths(System.Action<Simd> body)
        {
            var widths = Widths;
            for (var k = 0; k < widths.Length; k++)
            {
                var simd = widths[k];
                var last = k == widths.Length - 1;
                var test = $"if ({simd.Ops}.IsHardwareAccelerated)";
                using (w.Block(k == 0 ? (last ? string.Empty : test) : last ? "else" : "else " + test))
                {
                    body(simd);
                }
            }
        }

        private void HostEventState()
        {
            w.Line("// spikes of the current timestep: ev<m> lists the events layer m receives, in FIFO order, n<m> counts them");
            foreach (var layer in network.Layers)
            {
                var m = layer.Index;
                var capacity = m == 0 ? network.Input.Size : System.Math.Max(64, 4 * layer.InputSize);
                w.Line($"private int[] ev{m} = new int[{capacity}];");
                w.Line($"private int n{m};");
            }

            var narrow = network.Layers.Where(Narrow).ToList();
            if (narrow.Count > 0)
            {
                w.Line("// the fired lanes of a chunk of events, one mask per vector, listed as spikes after the chunk");
                w.Line($"private readonly ulong[] fired = new ulong[{Chunk * narrow.Max(l => Vectors(l, new Simd(128)))}];");
            }
        }

        private void HostEventStepBody()
        {
            foreach (var layer in network.Layers)
            {
                w.Line($"n{layer.Index} = 0;");
            }

            w.Line("// input spikes, ascending index (docs/semantics.md#per-event)");
            EncodeLoop(i => $"ev0[n0++] = {i};");
            w.Line("// drain: every layer takes its events in order and lists its spikes for the next");
            foreach (var layer in network.Layers)
            {
                w.Line($"Deliver{layer.Index}();");
            }

            w.Line("// leak phase: every layer, every neuron, once all events are delivered");
            foreach (var layer in network.Layers.Skip(1))
            {
                w.Line($"n{layer.Index} = 0;");
            }

            foreach (var layer in network.Layers.Where(LeakPhaseActs))
            {
                if (layer.Index != LastLayer)
                {
                    w.Line($"ev{layer.Index + 1} = Room(ev{layer.Index + 1}, n{layer.Index + 1}, {layer.Size});");
                }

                if (Narrow(layer))
                {
                    HostWidths(simd => NarrowLeakPhase(layer, simd));
                }
                else
                {
                    HostLeakPhase(layer);
                }
            }

            w.Line("// drain again: the leak phase's spikes reach the next layers within the timestep");
            foreach (var layer in network.Layers.Skip(1))
            {
                w.Line($"Deliver{layer.Index}();");
            }
        }

        private void HostEventMethods()
        {
            if (network.Layers.Count > 1)
            {
                w.Line("/// <summary>The list, or a larger copy of its first <paramref name=\"used\"/> entries, with room for <paramref name=\"more\"/>.</summary>");
                using (w.Block("private static int[] Room(int[] list, int used, int more)"))
                {
                    w.Line("if (list.Length - used >= more) return list;");
                    w.Line("int[] larger = new int[System.Math.Max(list.Length * 2, used + more)];");
                    w.Line("System.Array.Copy(list, larger, used);");
                    w.Line("return larger;");
                }

                w.Line();
            }

            foreach (var layer in network.Layers)
            {
                var m = layer.Index;
                w.Line($"/// <summary>The spikes of '{layer.SourceName}' listed in ev{m} reach every neuron of '{layer.Name}' in index order, one after another.</summary>");
                using (w.Block($"private void Deliver{m}()"))
                {
                    w.Line($"int count = n{m};");
                    w.Line($"int[] list = ev{m};");
                    CountOps(layer, "(long)count * ");
                    if (network.Policies.ShapesSynapses(m))
                    {
                        // docs/dynamic.md: the policy's plain loop, one event after another.
                        using (w.Block("for (int e = 0; e < count; e++)"))
                        {
                            if (m != LastLayer)
                            {
                                w.Line($"ev{m + 1} = Room(ev{m + 1}, n{m + 1}, {layer.Size});");
                            }

                            w.Line($"int row = list[e] * {layer.Size};");
                            w.Line("int v;");
                            PolicyDeliver(layer);
                        }
                    }
                    else if (Narrow(layer))
                    {
                        HostWidths(simd => NarrowDeliver(layer, simd));
                    }
                    else
                    {
                        using (w.Block("for (int e = 0; e < count; e++)"))
                        {
                            if (m != LastLayer)
                            {
                                w.Line($"ev{m + 1} = Room(ev{m + 1}, n{m + 1}, {layer.Size});");
                            }

                            w.Line($"int row = list[e] * {layer.Size};");
                            w.Line("int v;");
                            HostDeliver(layer);
                        }
                    }
                }

                w.Line();
                if (Narrow(layer))
                {
                    FiredMethod(layer);
                }
            }
        }

        /// <summary>
        /// A 16-bit layer's events, a chunk at a time: per event, every vector of membranes takes the weight
        /// row with saturation and resets its fired lanes at once; the fired masks are listed as spikes after
        /// the chunk (event order, ascending index). Small layers keep their membranes in registers.
        /// </summary>
        private void NarrowDeliver(LayerIr layer, Simd simd)
        {
            var m = layer.Index;
            var lanes = simd.Shorts;
            var vectors = Vectors(layer, simd);
            var registers = vectors <= RegisterVectors;

            // Each event leaves its fired masks in words of bits; in registers, the masks are packed into
            // 64-lane words, so fewer words are decoded per event.
            var words = registers ? ((vectors * lanes) + 63) / 64 : vectors;
            var wordLanes = registers ? 64 : lanes;
            w.Line($"ref short v = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s{m});");
            w.Line($"ref short w = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(W{m});");
            w.Line("ulong[] bits = fired;");
            NarrowConstants(layer, simd);
            using (w.Block($"for (int start = 0; start < count; start += {Chunk})"))
            {
                w.Line($"int end = System.Math.Min(count, start + {Chunk});");
                w.Line("ulong hits = 0;");
                if (registers)
                {
                    for (var k = 0; k < vectors; k++)
                    {
                        w.Line($"{simd.Short} x{k} = {simd.Ops}.LoadUnsafe(ref v, {k * lanes});");
                    }

                    using (w.Block($"for (int e = start, q = 0; e < end; e++, q += {words})"))
                    {
                        w.Line($"nuint row = (nuint)list[e] * {Stride(layer)};");
                        for (var k = 0; k < vectors; k++)
                        {
                            w.Line($"ulong b{k} = {NarrowUpdate(layer, simd, $"x{k}", k == 0 ? "row" : $"row + {k * lanes}")};");
                        }

                        w.Line("ulong hit = 0;");
                        for (var word = 0; word < words; word++)
                        {
                            var first = word * 64 / lanes;
                            var packed = Enumerable.Range(first, System.Math.Min(64 / lanes, vectors - first))
                                .Select(k => k == first ? $"b{k}" : $"(b{k} << {(k - first) * lanes})");
                            w.Line($"hit |= bits[{(word == 0 ? "q" : $"q + {word}")}] = {string.Join(" | ", packed)};");
                        }

                        MarkHit();
                    }

                    for (var k = 0; k < vectors; k++)
                    {
                        w.Line($"{simd.Ops}.StoreUnsafe(x{k}, ref v, {k * lanes});");
                    }
                }
                else
                {
                    using (w.Block("for (int e = start, q = 0; e < end; e++)"))
                    {
                        w.Line($"nuint row = (nuint)list[e] * {Stride(layer)};");
                        w.Line("ulong hit = 0;");
                        using (w.Block($"for (nuint j = 0; j < {vectors * lanes}; j += {lanes}, q++)"))
                        {
                            w.Line($"{simd.Short} x = {simd.Ops}.LoadUnsafe(ref v, j);");
                            w.Line($"hit |= bits[q] = {NarrowUpdate(layer, simd, "x", "row + j")};");
                            w.Line($"{simd.Ops}.StoreUnsafe(x, ref v, j);");
                        }

                        MarkHit();
                    }
                }

                w.Line($"if (hits != 0) Fired{m}(hits, {words}, {wordLanes});");
            }
        }

        /// <summary>Sets the event's bit in hits if any lane fired, without a branch (whether one fires is hard to predict).</summary>
        private void MarkHit() => w.Line("hits |= unchecked(hit | (0UL - hit)) >> 63 << (e - start);");

        /// <summary>One vector x of membranes takes one event's weights, fires and resets; returns the expression of its fired mask.</summary>
        private string NarrowUpdate(LayerIr layer, Simd simd, string x, string offset)
        {
            var (lower, upper) = NarrowClamps(layer);
            var f = "f" + x.Substring(1);
            w.Line($"{x} = {simd.Ops}.AddSaturate({x}, {simd.Ops}.LoadUnsafe(ref w, {offset}));");
            if (lower)
            {
                w.Line($"{x} = {simd.Ops}.Max({x}, lo);");
            }

            if (upper)
            {
                w.Line($"{x} = {simd.Ops}.Min({x}, hi);");
            }

            w.Line($"{simd.Short} {f} = {simd.Ops}.GreaterThanOrEqual({x}, theta);");
            NarrowReset(layer, simd, x, f);
            return $"{simd.Ops}.ExtractMostSignificantBits({f})";
        }

        /// <summary>The fired lanes f of x reset all at once (the order only matters for the spike list).</summary>
        private void NarrowReset(LayerIr layer, Simd simd, string x, string f) =>
            w.Line(layer.Neuron.Reset == ResetKind.Zero ? $"{x} = {simd.Ops}.AndNot({x}, {f});" : $"{x} -= {f} & theta;");

        /// <summary>
        /// The clamps to the membrane range after a 16-bit saturating add: none for 16-bit membranes, and
        /// only the sides the weights can reach (the upper one not when <see cref="UpperClampUnreachable"/>).
        /// </summary>
        private static (bool Lower, bool Upper) NarrowClamps(LayerIr layer)
        {
            var partial = layer.Neuron.MembraneBits < 16;
            return (partial && layer.Weights.Min() < 0, partial && layer.Weights.Max() > 0 && !UpperClampUnreachable(layer));
        }

        private void NarrowConstants(LayerIr layer, Simd simd)
        {
            var bits = layer.Neuron.MembraneBits;
            var (lower, upper) = NarrowClamps(layer);
            w.Line($"{simd.Short} theta = {simd.Constant(layer.Neuron.Threshold)};");
            if (lower)
            {
                w.Line($"{simd.Short} lo = {simd.Constant(FixedPoint.MinSigned(bits))};");
            }

            if (upper)
            {
                w.Line($"{simd.Short} hi = {simd.Constant(FixedPoint.MaxSigned(bits))};");
            }
        }

        /// <summary>Lists the fired lanes of the last chunk of events: event by event, ascending index.</summary>
        private void FiredMethod(LayerIr layer)
        {
            var m = layer.Index;
            var last = m == LastLayer;
            w.Line($"/// <summary>The spikes of a chunk of Deliver{m}: the events whose bit is set in hits, in order, each in ascending index.</summary>");
            w.Line("/// <param name=\"words\">The words of fired lanes per event.</param>");
            w.Line("/// <param name=\"lanes\">The neurons per word.</param>");
            using (w.Block($"private void Fired{m}(ulong hits, int words, int lanes)"))
            {
                if (!last)
                {
                    w.Line($"ev{m + 1} = Room(ev{m + 1}, n{m + 1}, (System.Numerics.BitOperations.PopCount(hits) * {layer.Size}) + 2);");
                    w.Line($"int[] next = ev{m + 1};");
                    w.Line($"int count = n{m + 1};");
                }

                using (w.Block("for (; hits != 0; hits &= hits - 1)"))
                {
                    w.Line("int q = System.Numerics.BitOperations.TrailingZeroCount(hits) * words;");
                    using (w.Block("for (int k = 0; k < words; k++)"))
                    {
                        w.Line("ulong bits = fired[q + k];");
                        w.Line("int spikes = System.Numerics.BitOperations.PopCount(bits);");
                        w.Line($"layerSpikes[{m}] += spikes;");
                        const string J = "k * lanes + System.Numerics.BitOperations.TrailingZeroCount(bits)";
                        if (last)
                        {
                            w.Line($"for (; bits != 0; bits &= bits - 1) outputCounts[{J}]++;");
                        }
                        else
                        {
                            // A word rarely holds more than two spikes: they are listed without testing for them
                            // (a mispredicted test costs more than two stores; entries past the count are overwritten).
                            w.Line($"next[count] = {J};");
                            w.Line("bits = unchecked(bits & (bits - 1));");
                            w.Line($"next[count + 1] = {J};");
                            w.Line("bits = unchecked(bits & (bits - 1));");
                            w.Line($"for (int r = count + 2; bits != 0; bits &= bits - 1) next[r++] = {J};");
                            w.Line("count += spikes;");
                        }
                    }
                }

                if (!last)
                {
                    w.Line($"n{m + 1} = count;");
                }
            }

            w.Line();
        }

        /// <summary>A 16-bit layer's leak phase: leak, test and reset a vector at a time; spikes listed in ascending index.</summary>
        private void NarrowLeakPhase(LayerIr layer, Simd simd)
        {
            var m = layer.Index;
            var lanes = simd.Shorts;
            w.Line($"ref short v = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s{m});");
            w.Line($"{simd.Short} theta = {simd.Constant(layer.Neuron.Threshold)};");
            using (w.Block($"for (int j = 0; j < {Vectors(layer, simd) * lanes}; j += {lanes})"))
            {
                w.Line($"{simd.Short} x = {simd.Ops}.LoadUnsafe(ref v, (nuint)j);");
                VectorLeak(layer.Neuron, simd.Ops, simd.Short, simd.Constant, 15);
                w.Line($"{simd.Short} f = {simd.Ops}.GreaterThanOrEqual(x, theta);");
                NarrowReset(layer, simd, "x", "f");
                w.Line($"{simd.Ops}.StoreUnsafe(x, ref v, (nuint)j);");
                w.Line($"ulong bits = {simd.Ops}.ExtractMostSignificantBits(f);");
                w.Line($"layerSpikes[{m}] += System.Numerics.BitOperations.PopCount(bits);");
                var j = "j + System.Numerics.BitOperations.TrailingZeroCount(bits)";
                w.Line($"for (; bits != 0; bits &= bits - 1) {(m == LastLayer ? $"outputCounts[{j}]++" : $"ev{m + 1}[n{m + 1}++] = {j}")};");
            }
        }

        private static int Vectors(LayerIr layer, Simd simd) => (layer.Size + simd.Shorts - 1) / simd.Shorts;

        /// <summary>The host flavour's input encoding for one width: 64 inputs per word, the word's spikes in ascending index.</summary>
        private void HostEncodeWords(Simd simd, System.Func<string, string> spike)
        {
            var rate = network.Input.Encoding == EncodingKind.Rate;
            w.Line("ref byte bytes = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(input);");
            if (rate)
            {
                w.Line($"{simd.Ops}<uint> step = {simd.Ops}.Create(Seed ^ unchecked((uint)timestep * 0x9E3779B1u));");
            }

            using (w.Block($"for (; i <= {EncodedInputs} - 64; i += 64)"))
            {
                w.Line("ulong word = 0;");
                for (var p = 0; p < 64; p += simd.Bytes)
                {
                    var at = p == 0 ? "i" : $"i + {p}";
                    var x = $"{simd.Ops}.LoadUnsafe(ref bytes, (nuint){(p == 0 ? at : $"({at})")})";
                    var spikes = rate
                        ? $"{simd.Ops}.LessThan(RateBytes{simd.Bits}(step, {at}), {x})"
                        : $"{simd.Ops}.GreaterThanOrEqual({x}, {simd.Ops}.Create((byte){network.Input.DirectThreshold}))";
                    w.Line($"word |= (ulong){simd.Ops}.ExtractMostSignificantBits({spikes}){(p == 0 ? string.Empty : $" << {p}")};");
                }

                w.Line($"for (; word != 0; word &= word - 1) {spike("i + System.Numerics.BitOperations.TrailingZeroCount(word)")}");
            }
        }

        /// <summary>The rate-coding hash in vectors of each width: the top bytes of consecutive inputs, in order.</summary>
        private void HostRateMethods()
        {
            foreach (var simd in Widths)
            {
                var u = simd.Ops + "<uint>";
                w.Line($"/// <summary>The top bytes of the rate-coding hash of inputs i to i + {simd.Bytes - 1} at the timestep of step.</summary>");
                using (w.Block($"private static {simd.Ops}<byte> RateBytes{simd.Bits}({u} step, int i)"))
                {
                    var lanes = simd.Bits / 32;
                    w.Line($"return {simd.Ops}.Narrow({simd.Ops}.Narrow(Hash{simd.Bits}(step, i), Hash{simd.Bits}(step, i + {lanes})), " +
                           $"{simd.Ops}.Narrow(Hash{simd.Bits}(step, i + {2 * lanes}), Hash{simd.Bits}(step, i + {3 * lanes})));");
                }

                w.Line();
                using (w.Block($"private static {u} Hash{simd.Bits}({u} step, int i)"))
                {
                    w.Line($"{u} h = step ^ (({u}.Indices + {simd.Ops}.Create((uint)i)) * {simd.Ops}.Create(0x85EBCA77u));");
                    w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 16);");
                    w.Line($"h *= {simd.Ops}.Create(0x7FEB352Du);");
                    w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 15);");
                    w.Line($"h *= {simd.Ops}.Create(0x846CA68Bu);");
                    w.Line($"h ^= {simd.Ops}.ShiftRightLogical(h, 16);");
                    w.Line($"return {simd.Ops}.ShiftRightLogical(h, 24);");
                }

                w.Line();
            }
        }

        /// <summary>The vector widths the host flavour's 16-bit paths may use, widest first.</summary>
        private Simd[] Widths => new[] { 512, 256, 128 }.Where(b => b <= options.MaxVectorBits).Select(b => new Simd(b)).ToArray();

        /// <summary>Whether the host flavour encodes the input 64 at a time (the rest, or a smaller input, input by input).</summary>
        private bool HostEncodesWords => Host && network.Input.Size >= 64;

        /// <summary>A width of System.Runtime.Intrinsics vectors: its static class, 16-bit vector type and lane counts.</summary>
        private sealed record Simd(int Bits)
        {
            public string Ops => $"System.Runtime.Intrinsics.Vector{Bits}";

            public string Short => Ops + "<short>";

            public int Shorts => Bits / 16;

            public int Bytes => Bits / 8;

            public string Constant(long value) => $"{Ops}.Create((short){value.ToString(CultureInfo.InvariantCulture)})";
        }

        /// <summary>The loop over a layer's neurons, unrolled by the layer's factor; the body gets the index expression.</summary>
        private void Unrolled(LayerIr layer, System.Action<string> body)
        {
            var factor = UnrollFactor(layer);
            var blocks = layer.Size / factor * factor;
            if (factor == 1)
            {
                using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
                {
                    body("j");
                }

                return;
            }

            if (blocks == layer.Size && blocks == factor)
            {
                for (var k = 0; k < factor; k++)
                {
                    body(k.ToString(CultureInfo.InvariantCulture));
                }

                return;
            }

            if (blocks > 0)
            {
                using (w.Block($"for (int j = 0; j < {blocks}; j += {factor})"))
                {
                    for (var k = 0; k < factor; k++)
                    {
                        body(k == 0 ? "j" : $"j + {k}");
                    }
                }
            }

            for (var k = blocks; k < layer.Size; k++)
            {
                body(k.ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Tests the threshold on <c>v</c>, resets and routes the spike, and stores v.</summary>
        private void FireAndStore(LayerIr layer, string j)
        {
            var m = layer.Index;
            using (w.Block($"if (v >= {layer.Neuron.Threshold})"))
            {
                w.Line($"v = {ResetExpression(layer.Neuron)};");
                w.Line($"layerSpikes[{m}]++;");
                w.Line(m == LastLayer ? $"outputCounts[{j}]++;" : Host ? $"ev{m + 1}[n{m + 1}++] = {j};" : $"Enqueue(({m + 1} << 24) | ({j}));");
            }

            w.Line($"v{m}[{j}] = v;");
        }

        /// <summary>
        /// When a membrane stays below its threshold between updates, one update reaches at most
        /// threshold - 1 + max weight; if that fits, the upper clamp can never act and is left out.
        /// </summary>
        private static bool UpperClampUnreachable(LayerIr layer) =>
            layer.StaysBelowThreshold && layer.Neuron.Threshold - 1 + (long)layer.Weights.Max() <= FixedPoint.MaxSigned(layer.Neuron.MembraneBits);

        /// <summary>Per event, the clamps one weight can make act.</summary>
        private void DeliverSaturate(LayerIr layer) =>
            Saturate(layer, lower: layer.Weights.Min() < 0, upper: layer.Weights.Max() > 0 && !UpperClampUnreachable(layer));

        /// <summary>
        /// The loop over the nonzero weights of sparse row <paramref name="pre"/>, ascending neuron index; the body
        /// reads value k of W and its neuron C[k]. Neurons the row skips have weight zero (LayerIr.SparseRows).
        /// </summary>
        private void SparseRow(LayerIr layer, string pre, System.Action body)
        {
            var m = layer.Index;
            w.Line($"int end = R{m}[{pre} + 1];");
            using (w.Block($"for (int k = R{m}[{pre}]; k < end; k++)"))
            {
                body();
            }
        }

        private void Saturate(LayerIr layer, bool lower, bool upper)
        {
            var bits = layer.Neuron.MembraneBits;
            if (upper)
            {
                w.Line($"if (v > {FixedPoint.MaxSigned(bits)}) v = {FixedPoint.MaxSigned(bits)};");
            }

            if (lower)
            {
                w.Line($"if (v < {FixedPoint.MinSigned(bits)}) v = {FixedPoint.MinSigned(bits)};");
            }
        }

        private void Leak(NeuronIr neuron)
        {
            switch (neuron.Leak)
            {
                case LeakKind.Subtract when neuron.LeakAmount > 0:
                    w.Line($"if (v >= 0) {{ v -= {neuron.LeakAmount}; if (v < 0) v = 0; }} else {{ v += {neuron.LeakAmount}; if (v > 0) v = 0; }}");
                    break;
                case LeakKind.Shift:
                    w.Line($"v -= v >> {System.Math.Min(neuron.LeakAmount, 31)};");
                    break;
            }
        }

        private static string ResetExpression(NeuronIr neuron) =>
            neuron.Reset == ResetKind.Zero ? "0" : $"v - {neuron.Threshold}";

        /// <summary>
        /// The loop over the inputs; <paramref name="spike"/> records the input of an index expression. The
        /// host flavour tests 64 inputs per word with vectors, then records the word's spikes in ascending index.
        /// </summary>
        private void EncodeLoop(System.Func<string, string> spike)
        {
            var start = "int i = 0";
            if (HostEncodesWords)
            {
                w.Line("int i = 0;");
                HostWidths(simd => HostEncodeWords(simd, spike));
                start = string.Empty;
            }

            using (w.Block($"for ({start}; i < {EncodedInputs}; i++)"))
            {
                w.Line("int x = input[i];");
                w.Line($"if ({InputSpikes()}) {spike("i")}");
            }
        }

        /// <summary>Whether input i with intensity x spikes at this timestep (docs/semantics.md#encoding).</summary>
        private string InputSpikes() => network.Input.Encoding == EncodingKind.Direct
            ? $"x >= {network.Input.DirectThreshold}"
            : "x != 0 && (Encode(timestep, i) >> 24) < (uint)x";

        private void EncoderMethod()
        {
            if (network.Input.Encoding != EncodingKind.Rate)
            {
                return;
            }

            w.Line("/// <summary>The counter-based rate-coding hash of docs/semantics.md#encoding.</summary>");
            using (w.Block("private static uint Encode(int t, int i)"))
            {
                using (w.Block("unchecked"))
                {
                    w.Line("uint h = Seed ^ ((uint)t * 0x9E3779B1u) ^ ((uint)i * 0x85EBCA77u);");
                    w.Line("h ^= h >> 16;");
                    w.Line("h *= 0x7FEB352Du;");
                    w.Line("h ^= h >> 15;");
                    w.Line("h *= 0x846CA68Bu;");
                    w.Line("h ^= h >> 16;");
                    w.Line("return h;");
                }
            }

            w.Line();
            if (HostEncodesWords)
            {
                HostRateMethods();
            }
        }

        private void WeightTables()
        {
            foreach (var layer in network.Layers)
            {
                var narrow = Narrow(layer);
                var packing = layer.WeightBits <= 4 ? ", two per byte (low nibble first)" : string.Empty;
                if (Sparse(layer))
                {
                    SparseTables(layer, packing);
                    continue;
                }

                var (type, values) = Host
                    ? (narrow ? "short" : "int", layer.Weights.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray())
                    : Pack(layer.Weights.ToArray(), layer.WeightBits);
                var padded = narrow && Stride(layer) != layer.Size;
                w.Line($"// '{layer.Name}' weights, [{layer.InputSize} x {layer.Size}] row-major, {layer.WeightBits}-bit" +
                       (!Host ? packing
                        : narrow ? $", as short{(padded ? $", rows padded to {Stride(layer)}" : string.Empty)} for vector loads"
                        : ", unpacked to int for vector loads"));
                Table(type, $"W{layer.Index}", values, padded ? $"Padded({{0}}, {layer.Size}, {Stride(layer)})" : null);
            }

            if (network.Layers.Any(l => Narrow(l) && Stride(l) != l.Size))
            {
                w.Line("/// <summary>Each row of <paramref name=\"size\"/> weights padded with zeros to <paramref name=\"stride\"/>: a row is read as whole vectors.</summary>");
                using (w.Block("private static short[] Padded(short[] rows, int size, int stride)"))
                {
                    w.Line("short[] padded = new short[rows.Length / size * stride];");
                    w.Line("for (int i = 0; i < rows.Length / size; i++) System.Array.Copy(rows, i * size, padded, i * stride, size);");
                    w.Line("return padded;");
                }

                w.Line();
            }

            foreach (var cut in network.Policies.RowCutoffs)
            {
                var layer = network.Layers[cut.LayerIndex];
                var type = layer.Size <= 256 ? "byte" : "ushort";
                w.Line($"// '{layer.Name}' row cutoff ranks: position of each synapse in its row sorted by |w| descending");
                Table(type, $"Rank{cut.LayerIndex}", cut.Ranks.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray());
            }

            foreach (var precision in network.Policies.Precisions)
            {
                var layer = network.Layers[precision.LayerIndex];
                var type = precision.LowBits <= 8 ? "sbyte" : "short";
                w.Line($"// '{layer.Name}' low-precision weights: each weight rounded to its top {precision.LowBits} bits, in units of 2^{precision.Shift}");
                Table(type, $"WL{precision.LayerIndex}", precision.LowWeights.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray());
            }
        }

        /// <summary>Sparse rows (CSR): the nonzero weights row by row, their neuron indices, and where each row starts.</summary>
        private void SparseTables(LayerIr layer, string packing)
        {
            var m = layer.Index;
            var nonzero = layer.Weights.Select((x, k) => (Value: x, Index: k)).Where(e => e.Value != 0).ToArray();
            var starts = new int[layer.InputSize + 1];
            foreach (var e in nonzero)
            {
                starts[(e.Index / layer.Size) + 1]++;
            }

            for (var i = 0; i < layer.InputSize; i++)
            {
                starts[i + 1] += starts[i];
            }

            w.Line($"// '{layer.Name}' weights, sparse rows: the {nonzero.Length} nonzero of [{layer.InputSize} x {layer.Size}], {layer.WeightBits}-bit{packing};");
            w.Line($"// row i is W{m}[R{m}[i] .. R{m}[i + 1]) for neurons C{m}[R{m}[i] .. R{m}[i + 1]), ascending");
            var (type, values) = Pack(nonzero.Select(e => e.Value).ToArray(), layer.WeightBits);
            Table(type, $"W{m}", values);
            Table(UnsignedType(layer.SparseIndexBytes), $"C{m}", nonzero.Select(e => (e.Index % layer.Size).ToString(CultureInfo.InvariantCulture)).ToArray());
            Table(UnsignedType(layer.SparseRowStartBytes), $"R{m}", starts.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray());
        }

        private static string UnsignedType(int bytes) => bytes switch { 1 => "byte", 2 => "ushort", _ => "int" };

        // The cores' configuration blob, for a controller that programs the SoC instead of running this
        // class; only for networks the cores can run (docs/blob-format.md#mapping).
        private void BlobTable()
        {
            byte[] blob;
            try
            {
                blob = BlobWriter.Write(network);
            }
            catch (BlobMappingException)
            {
                return;
            }

            w.Line("/// <summary>The configuration blob of docs/blob-format.md: firmware's Controller.Load(Blob, bus) programs the cores with it.</summary>");
            ArrayField("public static readonly byte[] Blob", "byte", blob.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
        }

        /// <summary>
        /// A static array field with its initializer, 32 values a line; <paramref name="wrap"/> (e.g.
        /// "Padded({0}, 10, 32)") passes the array through a method first.
        /// </summary>
        private void ArrayField(string declaration, string type, string[] values, string? wrap = null)
        {
            var around = (wrap ?? "{0}").Split(new[] { "{0}" }, System.StringSplitOptions.None);
            w.Line($"{declaration} = {around[0]}new {type}[]");
            w.Line("{");
            for (var start = 0; start < values.Length; start += 32)
            {
                w.Line("    " + string.Join(", ", values.Skip(start).Take(32)) + ",");
            }

            w.Line("}" + around[1] + ";");
            w.Line();
        }

        /// <summary>A private static readonly table.</summary>
        private void Table(string type, string name, string[] values, string? wrap = null) =>
            ArrayField($"private static readonly {type}[] {name}", type, values, wrap);

        // docs/semantics.md#downsampling with the block table the compiler computed (Downsampling.BlockOf).
        private void DownsampleMembers()
        {
            if (!Downsampled)
            {
                return;
            }

            var input = network.Input;
            var blockOf = input.BlockOf();
            var counts = new int[input.Size];
            foreach (var block in blockOf)
            {
                counts[block]++;
            }

            w.Line($"private const int EncodedSize = {input.Size};");
            w.Line("private readonly byte[] downsampled = new byte[EncodedSize];");
            w.Line("private readonly int[] blockSums = new int[EncodedSize];");
            w.Line();
            w.Line($"/// <summary>[{string.Join(", ", input.Shape)}] to [{string.Join(", ", input.Downsampled)}]: each block's integer mean.</summary>");
            using (w.Block("private byte[] Downsample(byte[] input)"))
            {
                w.Line("for (int o = 0; o < EncodedSize; o++) blockSums[o] = 0;");
                w.Line("for (int r = 0; r < InputSize; r++) blockSums[BlockOf[r]] += input[r];");
                w.Line("for (int o = 0; o < EncodedSize; o++) downsampled[o] = (byte)(blockSums[o] / BlockCount[o]);");
                w.Line("return downsampled;");
            }

            w.Line();
            w.Line("// the block of each input byte, and the bytes in each block");
            var type = input.Size <= short.MaxValue + 1 ? "short" : "int";
            Table(type, "BlockOf", blockOf.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
            Table("int", "BlockCount", counts.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
        }

        /// <summary>The table type and its values, packed at the layer's bit width.</summary>
        private static (string Type, string[] Values) Pack(int[] weights, int weightBits)
        {
            if (weightBits <= 4)
            {
                var packed = new string[(weights.Length + 1) / 2];
                for (var k = 0; k < packed.Length; k++)
                {
                    var low = weights[2 * k] & 0xF;
                    var high = 2 * k + 1 < weights.Length ? weights[(2 * k) + 1] & 0xF : 0;
                    packed[k] = ((high << 4) | low).ToString(CultureInfo.InvariantCulture);
                }

                return ("byte", packed);
            }

            var type = weightBits <= 8 ? "sbyte" : "short";
            return (type, weights.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray());
        }

        /// <summary>One weight as the flavour's table holds it (the host flavour's tables are unpacked).</summary>
        private string ScalarWeightAt(LayerIr layer, string index) => Host ? $"W{layer.Index}[{index}]" : WeightAt(layer, index);

        /// <summary>The expression reading weight <paramref name="index"/> of a layer's table.</summary>
        private static string WeightAt(LayerIr layer, string index) =>
            layer.WeightBits <= 4
                ? $"((((W{layer.Index}[({index}) >> 1] >> ((({index}) & 1) << 2)) & 0xF) ^ 8) - 8)"
                : $"W{layer.Index}[{index}]";
    }
}
