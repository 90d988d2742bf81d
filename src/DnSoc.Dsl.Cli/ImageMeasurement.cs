using System;
using System.Linq;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli;

/// <summary>What <c>report</c> and <c>compare</c> measure on images: the activity always, the accuracy when labels are given.</summary>
internal sealed record ImageMeasurement(EventCounts Events, int Images, double? AccuracyPercent)
{
    /// <summary>
    /// Runs the generated code on every image of an IDX file (or the first <paramref name="count"/>), as <c>snnc eval</c>
    /// does: the same images give the same activity and accuracy in every command.
    /// </summary>
    public static ImageMeasurement Of(NetworkIr network, string imagesPath, string? labelsPath, int? count, ConsoleProgress progress)
    {
        if (count is < 1)
        {
            throw new InputException($"--count is {count}; run at least 1 image");
        }

        var status = $"{network.Name}: running the images";
        if (labelsPath is not null)
        {
            var set = LabeledImages.From(MnistData.Pair(imagesPath, labelsPath));
            set = set.Slice(0, Math.Min(count ?? set.Count, set.Count));
            RequireSize(network, set.Images[0].Length, imagesPath);
            var report = Evaluator.Evaluate(network, set, referenceCheck: 10, progress.For(status));
            return new ImageMeasurement(report.Events, set.Count, Math.Round(report.Accuracy * 100, 2));
        }

        var (total, rows, columns, pixels) = Idx.ReadImages(InputFiles.ReadBytes(imagesPath, InputFiles.MaxIdxBytes), imagesPath);
        if (total == 0)
        {
            throw new InputException($"{imagesPath}: the file holds no images; measure on at least one");
        }

        var size = rows * columns;
        RequireSize(network, size, imagesPath);
        var images = Enumerable.Range(0, Math.Min(count ?? total, total)).Select(k => pixels.AsSpan(k * size, size).ToArray()).ToArray();
        return new ImageMeasurement(Evaluator.MeasureActivity(network, images, progress: progress.For(status)), images.Length, null);
    }

    private static void RequireSize(NetworkIr network, int size, string imagesPath)
    {
        if (size != network.Input.RawSize)
        {
            throw new InputException($"the network takes {network.Input.RawSize} inputs, the images in {imagesPath} have {size}");
        }
    }
}
