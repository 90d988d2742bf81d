using System.IO;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>MNIST as the training and evaluation commands need it.</summary>
internal static class MnistData
{
    /// <summary>The images and labels of a set, for the trainer and the evaluator.</summary>
    public static LabeledImages ToLabeled(this MnistSet set) => LabeledImages.From(set);

    /// <summary>A set given as an IDX pair (e.g. the committed 500-image sample), or the cached test set.</summary>
    public static MnistSet TestSet(MnistCache cache, string? images, string? labels)
    {
        if (images is null || labels is null)
        {
            return cache.LoadTest();
        }

        foreach (var path in new[] { images, labels })
        {
            if (!File.Exists(path))
            {
                throw new InputException($"{path}: file not found");
            }
        }

        return MnistSet.Parse(File.ReadAllBytes(images), images, File.ReadAllBytes(labels), labels);
    }
}
