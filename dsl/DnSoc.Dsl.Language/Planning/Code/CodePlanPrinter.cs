using System.Linq;
using System.Text;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Planning.Code;

/// <summary>A code plan as readable, stable text: what the golden <c>.code.plan.txt</c> files hold.</summary>
public static class CodePlanPrinter
{
    /// <summary>The plans of both flavours, nano first.</summary>
    public static string Print(NetworkIr network) =>
        Print(network, CodePlanner.Plan(network, CodeFlavour.Nano)) + Print(network, CodePlanner.Plan(network, CodeFlavour.Host));

    public static string Print(NetworkIr network, CodePlan plan)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');

        Line($"network {network.Name} {Name(plan.Flavour.ToString())}: events={Name(plan.Events.ToString())}{(plan.InputWords ? ", input in 64-bit words" : string.Empty)}");
        foreach (var layer in plan.Layers)
        {
            var clamps = (layer.AddClamps.Lower, layer.AddClamps.Upper) switch
            {
                (true, true) => "lower+upper",
                (true, false) => "lower",
                (false, true) => "upper",
                _ => "none",
            };
            Line($"  layer {layer.Index} '{network.Layers[layer.Index].Name}': loop={Name(layer.Loop.ToString())} unroll={layer.Unroll} " +
                 $"packing={(layer.Packing == WeightPacking.Nibbles ? "nibbles" : layer.WeightTables[0].Element.CSharpName())} stride={layer.RowStride} clamps={clamps} leak_phase={(layer.LeakPhase ? "yes" : "no")}");
        }

        foreach (var table in plan.Tables)
        {
            Line($"  table {Array(table)}");
        }

        foreach (var array in plan.State)
        {
            Line($"  state {Array(array)}");
        }

        Line($"  data flash {plan.TableBytes} B (the tables' constants), RAM {plan.StateBytes} B (without the Blob table and array headers)");
        return text.ToString();
    }

    private static string Array(ArrayPlan array) => $"{array.Name} {array.Element.CSharpName()}[{array.Length}] {array.Bytes} B" +
        (array.Literal is { } literal ? $" from {literal.Element.CSharpName()}[{literal.Length}] in {literal.Chars} chars"
            : array.Role == ArrayRole.Table ? " computed at type initialisation (RAM, no constant)" : string.Empty);

    /// <summary>PascalCase to snake_case, as the other printers name things.</summary>
    private static string Name(string pascal) =>
        string.Concat(pascal.Select((c, k) => char.IsUpper(c) ? (k == 0 ? string.Empty : "_") + char.ToLowerInvariant(c) : c.ToString()));
}
