using DigitClassifier;

namespace DnSoc.Networks;

// The generated classes are partial, so the app can give them one interface with Infer
// (the generated ISpikingNetwork is what hooks see, and has no Infer).
public sealed partial class Mnist784x48x10 : IDigitNetwork
{
}

public sealed partial class Mnist784x128x10 : IDigitNetwork
{
}
