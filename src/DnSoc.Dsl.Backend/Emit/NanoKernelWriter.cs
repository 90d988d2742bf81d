using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// The nano flavour's kernels (docs/codegen.md#nanoframework): one FIFO queue of events per timestep, dense
/// rows unrolled by the plan's factor or sparse rows, scalar code only.
/// </summary>
internal sealed class NanoKernelWriter : IKernelWriter
{
    private readonly ClassWriter c;
    private readonly NetworkIr network;
    private readonly CodeWriter w;

    public NanoKernelWriter(ClassWriter c)
    {
        this.c = c;
        network = c.Network;
        w = c.W;
    }

    public void EventState()
    {
        w.Line("// spike events of the current timestep, FIFO: (target layer << 24) | source index");
        w.Line($"private int[] queue = new int[{c.CodePlan.StateArray("queue").Length}];");
        w.Line("private int head;");
        w.Line("private int tail;");
    }

    public void PerEventStep()
    {
        w.Line("head = 0;");
        w.Line("tail = 0;");
        w.Line("// input spikes, ascending index (docs/semantics.md#per-event)");
        c.EncodeLoop(i => $"Enqueue({i});");

        w.Line("Drain();");
        w.Line("// leak phase: every layer, every neuron, once the queue is empty");
        foreach (var layer in network.Layers.Where(l => c.Plan(l).LeakPhase))
        {
            using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
            {
                w.Line($"int v = v{layer.Index}[j];");
                c.Leak(layer.Neuron);
                c.FireAndStore(layer, "j");
            }
        }

        w.Line("Drain();");
    }

    public void PerEventMethods()
    {
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
                   $"{(c.Sparse(layer) ? "the neurons of its nonzero weights" : "every neuron")} of '{layer.Name}' in index order.</summary>");
            using (w.Block($"private void Deliver{m}(int pre)"))
            {
                c.CountOps(layer, string.Empty);
                if (c.Plan(layer).Loop == LoopKind.PolicyLoop)
                {
                    w.Line($"int row = pre * {layer.Size};");
                    w.Line("int v;");
                    c.PolicyDeliver(layer);
                }
                else if (c.Sparse(layer))
                {
                    SparseRow(layer, "pre", () =>
                    {
                        w.Line($"int j = C{m}[k];");
                        w.Line($"int v = v{m}[j] + {ClassWriter.WeightAt(layer, "k")};");
                        c.Saturate(layer, c.Plan(layer).AddClamps);
                        c.FireAndStore(layer, "j");
                    });
                }
                else
                {
                    w.Line($"int row = pre * {layer.Size};");
                    w.Line("int v;");
                    Unrolled(layer, j =>
                    {
                        w.Line($"v = v{m}[{j}] + {ClassWriter.WeightAt(layer, $"row + {j}")};");
                        c.Saturate(layer, c.Plan(layer).AddClamps);
                        c.FireAndStore(layer, j.ToString(CultureInfo.InvariantCulture));
                    });
                }
            }

            w.Line();
        }
    }

    public void Accumulate(LayerIr layer, string pre)
    {
        var m = layer.Index;
        if (c.Sparse(layer))
        {
            SparseRow(layer, pre, () => w.Line($"acc{m}[C{m}[k]] += {ClassWriter.WeightAt(layer, "k")};"));
            return;
        }

        w.Line($"int row = {pre} * {layer.Size};");
        Unrolled(layer, j => w.Line($"acc{m}[{j}] += {ClassWriter.WeightAt(layer, $"row + {j}")};"));
    }

    public void StepUpdate(LayerIr layer)
    {
        using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
        {
            c.StepNeuron(layer, "j");
        }
    }

    public string RouteSpike(int m, string j) => $"Enqueue(({m + 1} << 24) | ({j}));";

    public string ScalarWeightAt(LayerIr layer, string index) => ClassWriter.WeightAt(layer, index);

    public void EncodeLoop(System.Func<string, string> spike) => c.EncodeInputs("int i = 0", spike);

    /// <summary>The scalar hash is all the nano encoder needs.</summary>
    public void EncoderMethods()
    {
    }

    /// <summary>nanoFramework has no spans: the nano class's batch is a loop over Infer in the caller.</summary>
    public void BatchMethod()
    {
    }

    /// <summary>The loop over a layer's neurons, unrolled by the layer's factor; the body gets the index expression.</summary>
    private void Unrolled(LayerIr layer, System.Action<string> body)
    {
        var factor = c.Plan(layer).Unroll;
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

    /// <summary>
    /// The loop over the nonzero weights of sparse row <paramref name="pre"/>, ascending neuron index; the body
    /// reads value k of W and its neuron C[k]. Neurons the row skips have weight zero (the code plan chose sparse rows only where skipping zeros is exact).
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
}
