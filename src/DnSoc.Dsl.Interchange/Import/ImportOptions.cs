using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>What <c>snnc import</c> was asked for; null takes the file's dnsoc metadata, else the default (docs/nir.md#import).</summary>
/// <param name="Target">dnsoc, tinyodin or mcu (default mcu: the only target that tests thresholds per step, as NIR's discretised neurons do).</param>
/// <param name="Dt">The time step in seconds; by default tau / r of the LIF and LI nodes (snnTorch's convention), else 1e-4.</param>
public sealed record ImportOptions(
    string? Name = null,
    string? Target = null,
    int? Timesteps = null,
    int? WeightBits = null,
    int? MembraneBits = null,
    double? Dt = null)
{
    public const int DefaultTimesteps = 16;
    public const double DefaultDt = 1e-4;
}

/// <summary>An import: the .snn text and its weights file, the approximations it made, and the network they compile to.</summary>
/// <param name="WeightsFileName">The weights file's name, as the .snn text references it (beside the .snn file).</param>
public sealed record ImportedNetwork(
    string Name,
    string SnnText,
    string WeightsFileName,
    string WeightsText,
    EquatableArray<string> Notes,
    NetworkIr Network);
