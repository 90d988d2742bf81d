using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>MNIST as the training and evaluation commands need it.</summary>
internal static class MnistData
{
    /// <summary>The images and labels of a set, for the trainer and the evaluator.</summary>
    public static LabeledImages ToLabeled(this MnistSet set) => LabeledImages.From(set);

    /// <summary>A set given as an IDX pair (e.g. the committed 500-image sample), or the cached test set.</summary>
    public static MnistSet TestSet(DataCache cache, string? images, string? labels)
    {
        return images is null || labels is null ? cache.LoadTest() : Pair(images, labels);
    }

    /// <summary>An IDX images file and its labels file, holding at least one image.</summary>
    public static MnistSet Pair(string images, string labels)
    {
        var set = MnistSet.Parse(InputFiles.ReadBytes(images, InputFiles.MaxIdxBytes, "file not found"), images, InputFiles.ReadBytes(labels, InputFiles.MaxIdxBytes, "file not found"), labels);
        return set.Count > 0 ? set : throw new InputException($"{images}: the file holds no images; give at least one");
    }
}
