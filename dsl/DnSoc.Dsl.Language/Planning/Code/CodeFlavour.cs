namespace DnSoc.Dsl.Language.Planning.Code;

/// <summary>What the generated code may use; both flavours compute exactly the same numbers.</summary>
public enum CodeFlavour
{
    /// <summary>Only what .NET nanoFramework 1.x runs (docs/codegen.md#nanoframework).</summary>
    Nano,

    /// <summary>.NET 10 or later: SIMD over a layer's neurons, 16-bit lanes where the layer fits (docs/performance.md).</summary>
    Host,
}

/// <summary>How the nano flavour stores a layer's weights.</summary>
public enum WeightLayout
{
    /// <summary>Sparse rows where <see cref="CodePlanner"/> finds them smaller and no slower (docs/codegen.md#sparse-rows), else dense.</summary>
    Auto,

    /// <summary>Dense rows everywhere.</summary>
    Dense,

    /// <summary>Sparse rows wherever skipping zeros is exact and no policy shapes the layer's synapses, whatever their size and density.</summary>
    Sparse,
}
