using System;
using System.Linq;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The images <c>report</c> and <c>compare</c> run, read once for every network: every image of an IDX file (or the
/// first <c>--count</c>), as <c>snnc eval</c> runs them, with their labels when <c>--labels</c> gives them.
/// </summary>
internal sealed record MeasurementImages(string Path, byte[][] Images, LabeledImages? Labeled)
{
    public static MeasurementImages Load(string imagesPath, string? labelsPath, int? count)
    {
        if (count is < 1)
        {
            throw new InputException($"--count is {count}; run at least 1 image");
        }

        if (labelsPath is not null)
        {
            var all = LabeledImages.From(MnistData.Pair(imagesPath, labelsPath));
            var set = all.Slice(0, Math.Min(count ?? all.Count, all.Count));
            return new MeasurementImages(imagesPath, set.Images, set);
        }

        var (total, rows, columns, pixels) = Idx.ReadImages(InputFiles.ReadBytes(imagesPath, InputFiles.MaxIdxBytes), imagesPath);
        if (total == 0)
        {
            throw new InputException($"{imagesPath}: the file holds no images; measure on at least one");
        }

        var size = rows * columns;
        var images = Enumerable.Range(0, Math.Min(count ?? total, total)).Select(k => pixels.AsSpan(k * size, size).ToArray()).ToArray();
        return new MeasurementImages(imagesPath, images, null);
    }
}

/// <summary>What <c>report</c> and <c>compare</c> measure on images: the activity always, the accuracy when labels are given.</summary>
internal sealed record ImageMeasurement(EventCounts Events, int Images, double? AccuracyPercent)
{
    /// <summary>Runs the generated code on the images: the same images give the same activity and accuracy in every command.</summary>
    public static ImageMeasurement Of(NetworkIr network, MeasurementImages images, ConsoleProgress progress)
    {
        if (images.Images[0].Length != network.Input.RawSize)
        {
            throw new InputException($"the network takes {network.Input.RawSize} inputs, the images in {images.Path} have {images.Images[0].Length}");
        }

        var status = progress.For($"{network.Name}: running the images");
        if (images.Labeled is { } set)
        {
            var report = Evaluator.Evaluate(network, set, referenceCheck: 10, status);
            return new ImageMeasurement(report.Events, set.Count, Math.Round(report.Accuracy * 100, 2));
        }

        return new ImageMeasurement(Evaluator.MeasureActivity(network, images.Images, progress: status), images.Images.Length, null);
    }
}
