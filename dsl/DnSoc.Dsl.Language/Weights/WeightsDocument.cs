using System;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Weights;

/// <summary>
/// One named tensor, row-major: for [rows, cols], value (r, c) is at index r * cols + c. A dense layer's
/// tensor is [inputs, neurons], so a row holds one pre-synaptic neuron's outgoing weights.
/// Integer values are stored exactly as doubles; f32 values are not yet quantized (see <see cref="WeightQuantizer"/>).
/// </summary>
/// <param name="Scale">For f32: the float size of one integer step, q = round(value / Scale); 1.0 for integer tensors.</param>
/// <param name="Location">The header line in the file it was parsed from; null for tensors built in memory.</param>
public sealed record WeightsTensor(
    string Name,
    WeightElementType ElementType,
    EquatableArray<int> Shape,
    EquatableArray<double> Values,
    double Scale = 1.0,
    SourceLocation? Location = null);

/// <summary>A parsed weights file. <see cref="Version"/> is 0 when the file has no valid header.</summary>
public sealed record WeightsDocument(int Version, EquatableArray<WeightsTensor> Tensors)
{
    /// <summary>The tensor with this exact (case-sensitive) name, or null.</summary>
    public WeightsTensor? Find(string name)
    {
        foreach (var tensor in Tensors)
        {
            if (string.Equals(tensor.Name, name, StringComparison.Ordinal))
            {
                return tensor;
            }
        }

        return null;
    }
}
