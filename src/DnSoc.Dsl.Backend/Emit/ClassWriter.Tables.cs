using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Planning.Cores;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>The static tables: weights as the plan lays them out (docs/codegen.md#the-code-plan) and the blob.</summary>
internal sealed partial class ClassWriter
{
    private void WeightTables()
    {
        foreach (var layer in network.Layers)
        {
            var layout = Plan(layer);
            var packing = layout.Packing == WeightPacking.Nibbles ? ", two per byte (low nibble first)" : string.Empty;
            if (layout.Sparse)
            {
                SparseTables(layer, packing);
                continue;
            }

            var padded = layout.RowStride != layer.Size;
            w.Line($"// '{layer.Name}' weights, [{layer.InputSize} x {layer.Size}] row-major, {layer.WeightBits}-bit" + (layout.Loop switch
            {
                LoopKind.ShortLanes => $", as short{(padded ? $", rows padded to {layout.RowStride}" : string.Empty)} for vector loads",
                _ when layout.Packing == WeightPacking.Int => ", unpacked to int for vector loads",
                _ => packing,
            }));
            TableOf($"W{layer.Index}", Pack(layer.Weights.ToArray(), layout.Packing), padded ? $"Padded({{0}}, {layer.Size}, {layout.RowStride})" : null);
        }

        if (plan.Layers.Any(l => l.RowStride != network.Layers[l.Index].Size))
        {
            w.Line("/// <summary>Each row of <paramref name=\"size\"/> weights padded with zeros to <paramref name=\"stride\"/>: a row is read as whole vectors.</summary>");
            using (w.Block("private static short[] Padded(short[] rows, int size, int stride)"))
            {
                w.Line("short[] padded = new short[rows.Length / size * stride];");
                w.Line("for (int i = 0; i < rows.Length / size; i++) System.Array.Copy(rows, i * size, padded, i * stride, size);");
                w.Line("return padded;");
            }

            w.Line();
        }
    }

    /// <summary>Sparse rows (CSR): the nonzero weights row by row, their neuron indices, and where each row starts.</summary>
    private void SparseTables(LayerIr layer, string packing)
    {
        var m = layer.Index;
        var nonzero = layer.Weights.Select((x, k) => (Value: x, Index: k)).Where(e => e.Value != 0).ToArray();
        var starts = new int[layer.InputSize + 1];
        foreach (var e in nonzero)
        {
            starts[(e.Index / layer.Size) + 1]++;
        }

        for (var i = 0; i < layer.InputSize; i++)
        {
            starts[i + 1] += starts[i];
        }

        w.Line($"// '{layer.Name}' weights, sparse rows: the {nonzero.Length} nonzero of [{layer.InputSize} x {layer.Size}], {layer.WeightBits}-bit{packing};");
        w.Line($"// row i is W{m}[R{m}[i] .. R{m}[i + 1]) for neurons C{m}[R{m}[i] .. R{m}[i + 1]), ascending");
        TableOf($"W{m}", Pack(nonzero.Select(e => e.Value).ToArray(), Plan(layer).Packing));
        TableOf($"C{m}", nonzero.Select(e => e.Index % layer.Size).ToArray());
        TableOf($"R{m}", starts);
    }

    /// <summary>A table of the plan, with the element type and constant the plan gives it.</summary>
    private void TableOf(string name, int[] values, string? wrap = null)
    {
        var table = plan.Table(name);
        Table($"private static readonly {table.Element.CSharpName()}[] {name}", name, table.Element, table.Literal!, values, wrap);
    }

    /// <summary>The table's values as the plan packs them: 1 to 4-bit weights two per byte (low nibble first), others one each.</summary>
    private static int[] Pack(int[] weights, WeightPacking packing)
    {
        if (packing != WeightPacking.Nibbles)
        {
            return weights;
        }

        var packed = new int[(weights.Length + 1) / 2];
        for (var k = 0; k < packed.Length; k++)
        {
            var low = weights[2 * k] & 0xF;
            var high = 2 * k + 1 < weights.Length ? weights[(2 * k) + 1] & 0xF : 0;
            packed[k] = (high << 4) | low;
        }

        return packed;
    }

    /// <summary>The expression reading weight <paramref name="index"/> of a layer's table.</summary>
    internal static string WeightAt(LayerIr layer, string index) =>
        layer.WeightBits <= 4
            ? $"((((W{layer.Index}[({index}) >> 1] >> ((({index}) & 1) << 2)) & 0xF) ^ 8) - 8)"
            : $"W{layer.Index}[{index}]";

    // The cores' configuration blob, for a controller that programs the SoC instead of running this
    // class; only when the project asks for it (SnnEmbedBlob) and the cores can run the network
    // (docs/blob-format.md#mapping). The core planner alone says whether it can (the generator reports why not, SNN0010).
    private void BlobTable()
    {
        if (!options.EmbedBlob || CorePlanner.Plan(network) is not { Mappable: true } cores)
        {
            return;
        }

        var blob = BlobWriter.Write(network, cores);
        w.Line("/// <summary>The configuration blob of docs/blob-format.md: firmware's Controller.Load(Blob, bus) programs the cores with it.</summary>");
        Table("public static readonly byte[] Blob", "Blob", ElementType.Byte, new TableLiteral(ElementType.Byte, blob.Length), blob.Select(b => (int)b).ToArray());
    }

    /// <summary>
    /// A static table: its constant (<c>{name}Packed</c>) and the array decoded from it at type initialisation;
    /// <paramref name="wrap"/> (e.g. "Padded({0}, 10, 32)") passes the array through a method first.
    /// </summary>
    private void Table(string declaration, string name, ElementType element, TableLiteral literal, int[] values, string? wrap = null)
    {
        decoders.Add(element);
        var lines = PackedLiteral.Lines(PackedLiteral.Chars(values, literal.Element)).ToList();
        w.Line($"private const string {name}Packed =");
        for (var k = 0; k < lines.Count; k++)
        {
            w.Line("    " + lines[k] + (k + 1 < lines.Count ? " +" : ";"));
        }

        var decode = $"{Decoder(element)}({name}Packed, {literal.Length}, {literal.Element.Bytes()})";
        w.Line($"{declaration} = {string.Format(CultureInfo.InvariantCulture, wrap ?? "{0}", decode)};");
        w.Line();
    }

    /// <summary>The decoders of the element types the tables use: one value reader and one loop per type.</summary>
    private void Decoders()
    {
        if (decoders.Count == 0)
        {
            return;
        }

        w.Line($"/// <summary>Value k of a table constant: little-endian at width bytes, each plus {PackedLiteral.Offset}, two bytes a char, sign-extended (docs/codegen.md#tables).</summary>");
        using (w.Block("private static int Packed(char[] c, int k, int width)"))
        {
            w.Line("int value = 0;");
            using (w.Block("for (int i = (k * width) + width - 1; i >= k * width; i--)"))
            {
                w.Line($"value = (value << 8) | (((c[i >> 1] >> ((i & 1) << 3)) - {PackedLiteral.Offset}) & 0xFF);");
            }

            w.Line("return width == 1 ? unchecked((sbyte)value) : width == 2 ? unchecked((short)value) : value;");
        }

        foreach (var element in decoders)
        {
            var type = element.CSharpName();
            w.Line();
            using (w.Block($"private static {type}[] {Decoder(element)}(string packed, int length, int width)"))
            {
                // One copy of the chars: nanoFramework keeps a string as UTF-8, where char k is no fixed offset.
                w.Line("char[] c = packed.ToCharArray();");
                w.Line($"{type}[] a = new {type}[length];");
                w.Line($"for (int k = 0; k < length; k++) a[k] = unchecked(({type})Packed(c, k, width));");
                w.Line("return a;");
            }
        }

        w.Line();
    }

    private static string Decoder(ElementType element) => element switch
    {
        ElementType.Byte => "Bytes",
        ElementType.SByte => "SBytes",
        ElementType.Short => "Shorts",
        ElementType.UShort => "UShorts",
        _ => "Ints",
    };
}
