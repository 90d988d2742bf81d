using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>
/// What differs between flavours: how spike events travel and how a layer's synapses and neurons are
/// updated (docs/codegen.md#emitter-layout). <see cref="ClassWriter"/> writes the rest of the class once;
/// a new flavour is one new implementation, chosen in <see cref="ClassWriter"/>'s constructor.
/// </summary>
internal interface IKernelWriter
{
    /// <summary>Per event: the fields that carry the timestep's spike events.</summary>
    void EventState();

    /// <summary>Per event: Step's body after the input check: encode, deliver, leak phase, deliver again.</summary>
    void PerEventStep();

    /// <summary>Per event: the methods that deliver events to each layer.</summary>
    void PerEventMethods();

    /// <summary>Per step: one spike (source index <paramref name="pre"/>) adds its row to the layer's sums (not for a policy layer).</summary>
    void Accumulate(LayerIr layer, string pre);

    /// <summary>Per step: every neuron of the layer takes its sum, leaks and is tested once.</summary>
    void StepUpdate(LayerIr layer);

    /// <summary>Per event: the statement that sends a spike of neuron <paramref name="j"/> of layer <paramref name="m"/> to layer m + 1.</summary>
    string RouteSpike(int m, string j);

    /// <summary>Weight <paramref name="index"/> of a layer's dense table, as an int expression.</summary>
    string ScalarWeightAt(LayerIr layer, string index);

    /// <summary>The loop over the inputs; <paramref name="spike"/> records the input of an index expression.</summary>
    void EncodeLoop(System.Func<string, string> spike);

    /// <summary>Methods the flavour's encoder needs beyond the scalar hash.</summary>
    void EncoderMethods();

    /// <summary>InferBatch, where the flavour has one: several inputs in one call, a result per input.</summary>
    void BatchMethod();
}
