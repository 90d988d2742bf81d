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
            Table(plan.Table($"W{layer.Index}").Element.CSharpName(), $"W{layer.Index}", Pack(layer.Weights.ToArray(), layout.Packing),
                padded ? $"Padded({{0}}, {layer.Size}, {layout.RowStride})" : null);
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
        TableOf($"C{m}", nonzero.Select(e => (e.Index % layer.Size).ToString(CultureInfo.InvariantCulture)).ToArray());
        TableOf($"R{m}", starts.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A table of the plan, with the element type the plan gives it.</summary>
    private void TableOf(string name, string[] values) => Table(plan.Table(name).Element.CSharpName(), name, values);

    /// <summary>The table's values as the plan packs them: 1 to 4-bit weights two per byte (low nibble first), others one each.</summary>
    private static string[] Pack(int[] weights, WeightPacking packing)
    {
        if (packing == WeightPacking.Nibbles)
        {
            var packed = new string[(weights.Length + 1) / 2];
            for (var k = 0; k < packed.Length; k++)
            {
                var low = weights[2 * k] & 0xF;
                var high = 2 * k + 1 < weights.Length ? weights[(2 * k) + 1] & 0xF : 0;
                packed[k] = ((high << 4) | low).ToString(CultureInfo.InvariantCulture);
            }

            return packed;
        }

        return weights.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The expression reading weight <paramref name="index"/> of a layer's table.</summary>
    internal static string WeightAt(LayerIr layer, string index) =>
        layer.WeightBits <= 4
            ? $"((((W{layer.Index}[({index}) >> 1] >> ((({index}) & 1) << 2)) & 0xF) ^ 8) - 8)"
            : $"W{layer.Index}[{index}]";

    // The cores' configuration blob, for a controller that programs the SoC instead of running this
    // class; only for networks the cores can run (docs/blob-format.md#mapping).
    // The core planner alone says whether the network has a blob (the generator reports why not, SNN0010).
    private void BlobTable()
    {
        var plan = CorePlanner.Plan(network);
        if (!plan.Mappable)
        {
            return;
        }

        var blob = BlobWriter.Write(network, plan);
        w.Line("/// <summary>The configuration blob of docs/blob-format.md: firmware's Controller.Load(Blob, bus) programs the cores with it.</summary>");
        ArrayField("public static readonly byte[] Blob", "byte", blob.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>
    /// A static array field with its initializer, 32 values a line; <paramref name="wrap"/> (e.g.
    /// "Padded({0}, 10, 32)") passes the array through a method first.
    /// </summary>
    private void ArrayField(string declaration, string type, string[] values, string? wrap = null)
    {
        var around = (wrap ?? "{0}").Split(new[] { "{0}" }, System.StringSplitOptions.None);
        w.Line($"{declaration} = {around[0]}new {type}[]");
        w.Line("{");
        for (var start = 0; start < values.Length; start += 32)
        {
            w.Line("    " + string.Join(", ", values.Skip(start).Take(32)) + ",");
        }

        w.Line("}" + around[1] + ";");
        w.Line();
    }

    /// <summary>A private static readonly table.</summary>
    private void Table(string type, string name, string[] values, string? wrap = null) =>
        ArrayField($"private static readonly {type}[] {name}", type, values, wrap);
}
