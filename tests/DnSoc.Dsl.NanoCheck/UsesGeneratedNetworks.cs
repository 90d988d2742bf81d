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

    private sealed class StopAfterFirstStep : ITimestepHook
    {
        public void OnTimestepEnd(ISpikingNetwork network) => network.RequestStop();
    }
}
