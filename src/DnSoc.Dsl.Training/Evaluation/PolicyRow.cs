using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>One policy setting measured on a whole set (<c>snnc eval --policy</c>): accuracy, work and cost-model energy.</summary>
/// <param name="SavingPercent">Energy saved against the baseline row (policies off), in percent; 0 for the baseline.</param>
public sealed record PolicyRow(string Label, double Accuracy, double MeanTimesteps, int MaxTimesteps, double Sops, double WeightBitsFetched,
    double EnergyJoules, double SavingPercent)
{
    public static PolicyRow Measure(string label, NetworkIr network, LabeledImages set, PolicyRow? baseline)
    {
        var report = Evaluator.Evaluate(network, set, referenceCheck: 50);
        var energy = CostModel.Estimate(network, report.Events).EnergyJoules;
        var bits = report.Events.WeightBitsFetched(network);
        return new PolicyRow(label, report.Accuracy, report.MeanTimesteps, report.MaxTimesteps, report.SynapticOpsPerImage, bits, energy,
            baseline is null ? 0 : 100 * (1 - (energy / baseline.EnergyJoules)));
    }
}
