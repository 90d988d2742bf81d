using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Planning.Cores;

/// <summary>What the core planner needs to know of one layer, from the bound network or from the IR.</summary>
/// <param name="Size">Neurons; 0 when the layer's shape is not one dimension (the checker says so elsewhere).</param>
/// <param name="InputSize">Rows the layer reads: the encoded inputs for the first layer, the previous layer's size after.</param>
/// <param name="Placed">The <c>core</c> property the file gives, or null.</param>
public sealed record LayerRequest(
    string Name,
    string NeuronName,
    long Size,
    long InputSize,
    long? Placed,
    long MembraneBits,
    ResetKind Reset,
    LeakKind Leak,
    long LeakAmount,
    long WeightBits);

/// <summary>A network as the core planner sees it: its target's cores, its input and its layers in order.</summary>
/// <param name="CodeOnly">Why the network can run only in generated code although its layers fit (a policy the cores cannot run), or null.</param>
public sealed record CoreRequest(
    TargetKind Target,
    long Rows,
    long NeuronsPerCore,
    long Lanes,
    UpdateMode Update,
    long Inputs,
    EquatableArray<LayerRequest> Layers,
    string? CodeOnly = null)
{
    public static CoreRequest FromIr(NetworkIr network)
    {
        var t = network.Target;
        var layers = network.Layers.Select(l => new LayerRequest(
            l.Name, l.Neuron.Name, l.Size, l.InputSize, t.Kind == TargetKind.Mcu ? null : l.CoreIndex, l.Neuron.MembraneBits, l.Neuron.Reset,
            l.Neuron.Leak, l.Neuron.Leak == LeakKind.None ? 0 : l.Neuron.LeakAmount, l.WeightBits)).ToEquatableArray();
        return new CoreRequest(t.Kind, t.Rows, t.NeuronsPerCore, t.Lanes, network.Update, network.Input.Size, layers, CodeOnlyReason(network.Policies));
    }

    private static string? CodeOnlyReason(PoliciesIr policies) =>
        !policies.RowCutoffs.IsEmpty ? "a crossbar core reaches every neuron of a row; 'row_cutoff' runs only in the generated code (docs/dynamic.md#row-cutoff)"
        : !policies.Precisions.IsEmpty ? "the cores have one synapse memory at one width; 'layer_precision' runs only in the generated code (docs/dynamic.md#layer-precision)"
        : null;
}
