using DnSoc.Dsl.Language.Planning.Code;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>Where and how the generated class is written.</summary>
/// <param name="Namespace">The namespace of the generated class and of the shared runtime types.</param>
/// <param name="SourcePath">The .snn file, named in the header comment.</param>
/// <param name="Flavour">nanoFramework-safe code, or host code with SIMD (docs/performance.md).</param>
/// <param name="MaxVectorBits">
/// The widest vectors (512, 256 or 128 bits) the host flavour's 16-bit paths may use when the machine
/// accelerates them; lower only to test or measure the narrower fallbacks.
/// </param>
/// <param name="Layout">Nano: dense or sparse weight rows (docs/codegen.md#sparse-rows); the cost model assumes
/// <see cref="WeightLayout.Auto"/>, the others are for benchmarks.</param>
/// <param name="EmbedBlob">Whether a network the cores can run gets its configuration blob as a <c>Blob</c> member
/// (the project's <c>SnnEmbedBlob</c>): of use only to a controller programming the SoC, and as large as the weights.</param>
public sealed record EmitOptions(
    string Namespace,
    string SourcePath,
    CodeFlavour Flavour = CodeFlavour.Nano,
    int MaxVectorBits = 512,
    WeightLayout Layout = WeightLayout.Auto,
    bool EmbedBlob = false);
