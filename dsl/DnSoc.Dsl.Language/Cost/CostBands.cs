using System.Globalization;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>The figures a cost report shows, each with its own error band.</summary>
public enum CostFigure
{
    Lut,
    Ff,
    Bram,
    Dsp,
    Fmax,
    Cycles,
    Latency,
    Power,
    Energy,
    Flash,
    Ram,
}

/// <summary>
/// How far each figure can be trusted, from the validation that backs it (docs/cost-model.md#validation): the largest
/// error on the calibration grid's holdout rows for fitted figures, "exact" where a test requires equality, and
/// "unvalidated" with the reason where nothing measured backs it. Every report, JSON and generated Cost* constant
/// carries these words.
/// </summary>
public static class CostBands
{
    public static string Of(CostFigure figure, NetworkCost cost)
    {
        switch (figure)
        {
            case CostFigure.Ram:
                return "exact: the generated class's state arrays";
            case CostFigure.Flash:
                return "tables exact, code estimated (cost-constants.tsv mcu.code.*)";
            case CostFigure.Power or CostFigure.Energy when cost.Target != TargetKind.Mcu:
                return "unvalidated: activity from RTL simulation, energies per access are seeds (no vendor power report)";
        }

        if (cost.Target == TargetKind.Mcu)
        {
            return "unvalidated: MCU cycle and energy constants are seeds, not measured on a board";
        }

        var device = cost.Device ?? FpgaDevice.Default;
        var family = device.FamilyKey;
        return figure switch
        {
            CostFigure.Lut or CostFigure.Ff => Invariant($"+-{CostConstants.Get($"{family}.band.{(figure == CostFigure.Lut ? "lut" : "ff")}"):0.#} %, fitted to yosys 0.23 {device.Name}"),
            CostFigure.Bram => $"exact vs yosys 0.23 {device.Name} on the calibration grid",
            CostFigure.Dsp => $"exact vs yosys 0.23 {device.Name} on the calibration grid",
            CostFigure.Fmax => device.TimingTool is null
                ? device.Family == FpgaFamily.Xilinx7 ? "unvalidated: no open 7-series timing tool" : "none: no open timing tool for the family"
                : Invariant($"+-{CostConstants.Get($"{device.Name}.band.fmax"):0.#} %, fitted to {device.TimingTool}"),
            _ => "exact: the RTL core's cycle model (RtlSimulationTests)",
        };
    }

    private static string Invariant(System.FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
