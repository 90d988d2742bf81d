using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Training;

/// <summary>What a training run leaves beside its weights: the epochs as CSV and the learning curves (docs/training.md#log).</summary>
internal static class TrainingLog
{
    public const string CsvHeader = "epoch,loss,train_accuracy,validation_accuracy,learning_rate,seconds,kept";

    /// <summary>The files <see cref="Write"/> writes for a network's run, from a stem such as <c>examples/Mnist48.training</c>.</summary>
    public static string[] Files(string stem) => new[] { stem + ".csv", stem + ".svg", stem + ".png" };

    public static string Csv(TrainingRun run)
    {
        var s = new StringBuilder().Append(CsvHeader).Append('\n');
        foreach (var e in run.Epochs)
        {
            s.Append(string.Join(",", new[]
            {
                e.Epoch.ToString(CultureInfo.InvariantCulture), Number(e.Loss), Number(e.TrainAccuracy), Number(e.ValidationAccuracy),
                Number(e.LearningRate), Number(e.Elapsed.TotalSeconds), e.Epoch == run.Kept.Epoch ? "1" : "0",
            })).Append('\n');
        }

        return s.ToString();
    }

    /// <remarks>Solid lines only: Skia's SVG canvas prints "Unsupported path effect" to the console for dashes.</remarks>
    public static string[] Write(string stem, string network, TrainingRun run)
    {
        File.WriteAllText(stem + ".csv", Csv(run));
        var epochs = run.Epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        var train = plot.Add.Scatter(epochs, run.Epochs.Select(e => 100 * e.TrainAccuracy).ToArray());
        train.LegendText = "training accuracy (augmented, noisy rates)";
        var validation = plot.Add.Scatter(epochs, run.Epochs.Select(e => 100 * e.ValidationAccuracy).ToArray());
        validation.LegendText = "validation accuracy (held-out images)";
        var loss = plot.Add.Scatter(epochs, run.Epochs.Select(e => e.Loss).ToArray());
        loss.LegendText = "training loss (right axis)";
        loss.Axes.YAxis = plot.Axes.Right;
        var kept = plot.Add.VerticalLine(run.Kept.Epoch);
        kept.LegendText = $"kept: epoch {run.Kept.Epoch}, validation {run.Kept.ValidationAccuracy:P2}";
        plot.Title($"{network}: training");
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.Axes.Right.Label.Text = "cross-entropy loss";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(ScottPlot.Edge.Bottom); // below the axes, where no curve can run under it
        Figures.Save(plot, stem, 900, 500);
        return Files(stem);
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
