using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// The host flavour's kernels (docs/performance.md): SIMD over a layer's neurons in 32-bit lanes, 16-bit lanes
/// where the layer fits (<see cref="ShortLaneWriter"/>), and per event one list of events per layer.
/// </summary>
internal sealed class HostKernelWriter : IKernelWriter
{
    // Host flavour, 32-bit lanes (per-step layers, and per-event layers that do not fit 16 bits): SIMD over
    // the neurons of one layer for one event (or one timestep), so every neuron still sees its updates in
    // the order of docs/semantics.md. Lanes that reach the threshold are handled one by one in ascending
    // index, which keeps the FIFO order of the spikes.
    private const string Vec = "System.Numerics.Vector<int>";
    private const string VecOps = "System.Numerics.Vector";

    private readonly ClassWriter c;
    private readonly NetworkIr network;
    private readonly CodeWriter w;
    private readonly ShortLaneWriter lanes;
    private readonly HostInputWriter input;

    public HostKernelWriter(ClassWriter c)
    {
        this.c = c;
        network = c.Network;
        w = c.W;
        lanes = new ShortLaneWriter(c, this);
        input = new HostInputWriter(c);
    }

    // Per event, the network is a chain, so the FIFO of docs/semantics.md#per-event delivers every spike
    // of one layer before any spike of the next: each layer drains its own list of events in order and
    // appends its spikes, in order, to the next layer's list. Layers that fit 16 bits run 32, 16 or 8
    // lanes per vector (Vector512, Vector256, Vector128: the widest the machine accelerates; the JIT
    // drops the other branches).
    public void EventState()
    {
        w.Line("// spikes of the current timestep: ev<m> lists the events layer m receives, in FIFO order, n<m> counts them");
        foreach (var layer in network.Layers)
        {
            var m = layer.Index;
            w.Line($"private int[] ev{m} = new int[{c.CodePlan.StateArray($"ev{m}").Length}];");
            w.Line($"private int n{m};");
        }

        if (c.CodePlan.Any(LoopKind.ShortLanes))
        {
            w.Line("// the fired lanes of a chunk of events, one mask per vector, listed as spikes after the chunk");
            w.Line($"private readonly ulong[] fired = new ulong[{c.CodePlan.StateArray("fired").Length}];");
        }
    }

    public void PerEventStep()
    {
        foreach (var layer in network.Layers)
        {
            w.Line($"n{layer.Index} = 0;");
        }

        w.Line("// input spikes, ascending index (docs/semantics.md#per-event)");
        c.EncodeLoop(i => $"ev0[n0++] = {i};");
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

        foreach (var layer in network.Layers.Where(l => c.Plan(l).LeakPhase))
        {
            if (layer.Index != c.LastLayer)
            {
                w.Line($"ev{layer.Index + 1} = Room(ev{layer.Index + 1}, n{layer.Index + 1}, {layer.Size});");
            }

            if (c.Narrow(layer))
            {
                HostWidths(simd => lanes.NarrowLeakPhase(layer, simd));
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

    public void PerEventMethods()
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
                c.CountOps(layer, "(long)count * ");
                if (c.Plan(layer).Loop == LoopKind.PolicyLoop)
                {
                    // docs/dynamic.md: the policy's plain loop, one event after another.
                    using (w.Block("for (int e = 0; e < count; e++)"))
                    {
                        if (m != c.LastLayer)
                        {
                            w.Line($"ev{m + 1} = Room(ev{m + 1}, n{m + 1}, {layer.Size});");
                        }

                        w.Line($"int row = list[e] * {layer.Size};");
                        w.Line("int v;");
                        c.PolicyDeliver(layer);
                    }
                }
                else if (c.Narrow(layer))
                {
                    HostWidths(simd => lanes.NarrowDeliver(layer, simd));
                }
                else
                {
                    using (w.Block("for (int e = 0; e < count; e++)"))
                    {
                        if (m != c.LastLayer)
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
            if (c.Narrow(layer))
            {
                lanes.FiredMethod(layer);
            }
        }
    }

    public void Accumulate(LayerIr layer, string pre)
    {
        w.Line($"int row = {pre} * {layer.Size};");
        HostAccumulate(layer);
    }

    public void StepUpdate(LayerIr layer) => HostStepUpdate(layer);

    public string RouteSpike(int m, string j) => $"ev{m + 1}[n{m + 1}++] = {j};";

    /// <summary>The host flavour's tables are unpacked.</summary>
    public string ScalarWeightAt(LayerIr layer, string index) => $"W{layer.Index}[{index}]";

    /// <summary>Tests 64 inputs per word with vectors when the plan says so, then records the word's spikes in ascending index; the rest input by input.</summary>
    public void EncodeLoop(System.Func<string, string> spike)
    {
        if (!c.CodePlan.InputWords)
        {
            c.EncodeInputs("int i = 0", spike);
            return;
        }

        w.Line("int i = 0;");
        if (c.CodePlan.HashTable is null)
        {
            HostWidths(simd => input.HostEncodeWords(simd, spike));
        }
        else
        {
            // The table covers the network's timesteps; a Step called beyond them hashes every input.
            using (w.Block("if (timestep < Timesteps)"))
            {
                HostWidths(simd => input.HostEncodeWords(simd, spike));
            }
        }

        c.EncodeInputs(string.Empty, spike);
    }

    public void EncoderMethods()
    {
        if (c.CodePlan.HashTable is { } table)
        {
            input.HashTable(table);
        }
        else if (c.CodePlan.InputWords)
        {
            input.HostRateMethods(Widths);
        }
    }

    /// <summary>
    /// One call for several inputs, a result per input: what evaluation and <c>snnc bench</c> run. The inputs
    /// are taken one after another (interleaving two images in one loop was not tried, docs/performance.md).
    /// </summary>
    public void BatchMethod()
    {
        w.Line("/// <summary>Infer on each input in turn: classes[k] is the class of inputs[k], and when given, timesteps[k] and synapticOps[k] its timesteps and synaptic operations.</summary>");
        using (w.Block("public void InferBatch(System.ReadOnlySpan<byte[]> inputs, System.Span<int> classes, System.Span<int> timesteps = default, System.Span<long> synapticOps = default)"))
        {
            w.Line("if (classes.Length < inputs.Length || (!timesteps.IsEmpty && timesteps.Length < inputs.Length) || (!synapticOps.IsEmpty && synapticOps.Length < inputs.Length)) " +
                   "throw new System.ArgumentException(\"InferBatch needs room for a result per input\");");
            using (w.Block("for (int k = 0; k < inputs.Length; k++)"))
            {
                w.Line("classes[k] = Infer(inputs[k]);");
                w.Line("if (!timesteps.IsEmpty) timesteps[k] = timestep;");
                w.Line("if (!synapticOps.IsEmpty) synapticOps[k] = this.synapticOps;");
            }
        }

        w.Line();
    }

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
    public void VectorLeak(NeuronIr neuron, string ops, string type, System.Func<long, string> constant, int maxShift)
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
                c.FireAndStore(layer, k);
            });
        }

        using (w.Block($"for (; j < {layer.Size}; j++)"))
        {
            w.Line($"v = v{m}[j] + W{m}[row + j];");
            c.Saturate(layer, c.Plan(layer).AddClamps);
            c.FireAndStore(layer, "j");
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
                    c.FireAndStore(layer, k);
                });
            }

            using (w.Block($"for (; j < {layer.Size}; j++)"))
            {
                w.Line($"int v = v{m}[j];");
                c.Leak(layer.Neuron);
                c.FireAndStore(layer, "j");
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
                        w.Line(m == c.LastLayer ? $"outputCounts[{k}]++;" : $"spikes{m}[count++] = {k};");
                    }
                });
            }

            using (w.Block($"for (; j < {layer.Size}; j++)"))
            {
                c.StepNeuron(layer, "j");
            }
        }
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

    /// <summary>The vector widths the host flavour's 16-bit paths may use, widest first.</summary>
    private Simd[] Widths => new[] { 512, 256, 128 }.Where(b => b <= c.Options.MaxVectorBits).Select(b => new Simd(b)).ToArray();
}
