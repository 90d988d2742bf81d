using DnSoc.Networks;

namespace DigitClassifier;

/// <summary>A generated network that classifies a 28x28 image (see DigitNetworks.cs).</summary>
public interface IDigitNetwork : ISpikingNetwork
{
    int Infer(byte[] input);
}
