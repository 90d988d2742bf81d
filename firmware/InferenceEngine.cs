namespace DnSoc.Firmware;

/// <summary>
/// One inference, on the neurosynaptic cores (<see cref="Controller"/>, through <see cref="ISocBus"/>) or in
/// software on the controller itself (<see cref="SoftwareEngine"/>, for an MCU with no SoC). The
/// application holds one of these and does not care which.
/// </summary>
public interface IInferenceEngine
{
    InferenceOutcome Infer(byte[] input);
}

/// <summary>
/// What the software path needs of a generated network class (docs/codegen.md). Generated classes are
/// partial and already have these members, so one line makes a class usable here:
/// <c>partial class Mnist784x48x10 : DnSoc.Firmware.ISoftwareNetwork { }</c>.
/// </summary>
public interface ISoftwareNetwork
{
    /// <summary>Reset, run every timestep, return the class.</summary>
    int Infer(byte[] input);

    /// <summary>Spikes of each output neuron since the last reset.</summary>
    int[] OutputSpikeCounts { get; }

    /// <summary>The membranes of a layer (a live array).</summary>
    int[] Membranes(int layer);
}

/// <summary>The software path: the generated code computes what the cores would, bit for bit.</summary>
public sealed class SoftwareEngine : IInferenceEngine
{
    private readonly ISoftwareNetwork network;
    private readonly int outputLayer;

    /// <param name="network">An instance of a generated class.</param>
    /// <param name="layerCount">Its <c>LayerCount</c> constant (the output layer is the last).</param>
    public SoftwareEngine(ISoftwareNetwork network, int layerCount)
    {
        this.network = network;
        outputLayer = layerCount - 1;
    }

    public InferenceOutcome Infer(byte[] input)
    {
        var outcome = new InferenceOutcome();
        outcome.PredictedClass = network.Infer(input);
        // Copies: the network's arrays are live and change with its next inference.
        outcome.OutputSpikeCounts = Copy(network.OutputSpikeCounts);
        outcome.FinalMembranes = Copy(network.Membranes(outputLayer));
        return outcome;
    }

    private static int[] Copy(int[] values)
    {
        var copy = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            copy[i] = values[i];
        }

        return copy;
    }
}
