using DnSoc.Firmware;
using DnSoc.Networks;

namespace DnSoc.Dsl.NanoCheck;

/// <summary>
/// Uses both generated classes and the runtime interfaces, so this project fails to build if the
/// generator produced nothing, and the generated code is bound against nano's mscorlib.
/// </summary>
public static class UsesGeneratedNetworks
{
    public static int Classify(byte[] image)
    {
        var small = new Mnist784x48x10();
        var large = new Mnist784x128x10();
        small.Hook = new StopAfterFirstStep();
        return small.Infer(image) + (large.Infer(image) * Mnist784x48x10.OutputSize);
    }

    /// <summary>The firmware's software path on a generated class, compiled against nano's mscorlib.</summary>
    public static IInferenceEngine Software() => new SoftwareEngine(new Mnist784x48x10(), Mnist784x48x10.LayerCount);

    private sealed class StopAfterFirstStep : ITimestepHook
    {
        public void OnTimestepEnd(ISpikingNetwork network) => network.RequestStop();
    }
}
