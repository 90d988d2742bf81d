using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Training;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>One point of a sweep: the base network's settings it overrides (null: as in the file) and the device it is costed on.</summary>
internal sealed record SweepPoint(int Index, int[]? Hidden, int? WeightBits, int? MembraneBits, int? Timesteps, string? Target, string Device, string? Policy)
{
    /// <summary>The settings this point changes, for progress lines and the report.</summary>
    public string Label => string.Join(", ", new[]
    {
        Hidden is null ? null : "hidden " + string.Join("-", Hidden),
        WeightBits is { } w ? $"{w}-bit weights" : null,
        MembraneBits is { } m ? $"{m}-bit membranes" : null,
        Timesteps is { } t ? $"T {t}" : null,
        Target is null ? null : "target " + Target,
        Device,
        Policy is null ? null : "policy " + Policy,
    }.OfType<string>());
}

/// <summary>
/// A sweep spec (docs/sweep.md): a JSON file naming a base .snn network, the axes whose product are the points, the
/// training settings and the data set. Parsing reads no file: paths are resolved against the spec's folder.
/// </summary>
internal sealed record SweepSpec(string Path, string Network, string Dataset, DataFilesSpec? Files, AxesSpec Axes, TrainingSpec Training, int? TestImages, SlurmSpec Slurm)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The spec in <paramref name="text"/>, read from <paramref name="path"/>; an <see cref="InputException"/> naming what is wrong.</summary>
    public static SweepSpec Parse(string path, string text)
    {
        FileSpec file;
        try
        {
            file = JsonSerializer.Deserialize<FileSpec>(text, Options) ?? throw new InputException($"{path}: the spec is empty; see docs/sweep.md");
        }
        catch (JsonException e)
        {
            // System.Text.Json's messages name .NET types; say it in the spec's terms.
            var what = e.Message.StartsWith("The JSON property", StringComparison.Ordinal) ? "is not a key of a sweep spec"
                : e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) ? "has a value of the wrong kind"
                : "is not valid JSON";
            throw new InputException($"{path}: {e.Path} {what} (line {e.LineNumber + 1}); see docs/sweep.md");
        }

        string Resolve(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, relative));
        var network = file.Network ?? throw new InputException($"{path}: the spec names no base network; add \"network\": \"FILE.snn\"");
        var dataset = file.Dataset ?? "mnist";
        if (file.Files is null)
        {
            DataSets.Find(dataset);
        }

        var axes = file.Axes ?? new AxesSpec();
        foreach (var device in axes.Device ?? Array.Empty<string>())
        {
            if (FpgaDevice.Find(device) is null)
            {
                throw new InputException($"{path}: unknown device '{device}' in axes.device; use one of {FpgaDevice.Names}");
            }
        }

        Positive(path, "axes.hidden", (axes.Hidden ?? Array.Empty<int[]>()).SelectMany(h => h.Length == 0 ? new[] { 0 } : h));
        Positive(path, "axes.weight_bits", axes.WeightBits);
        Positive(path, "axes.membrane_bits", axes.MembraneBits);
        Positive(path, "axes.timesteps", axes.Timesteps);
        var training = file.Training ?? new TrainingSpec();
        Positive(path, "training", new[] { training.Epochs, training.BatchSize, training.Validation, training.Limit ?? 1, file.Evaluation?.Images ?? 1 });
        if (training.TandemEpochs < 0 || training.TandemLearningRate <= 0)
        {
            throw new InputException($"{path}: training.tandem_epochs must be 0 (none) or more and training.tandem_learning_rate above 0");
        }

        var files = file.Files is { } f ? f with
        {
            TrainImages = Resolve(f.TrainImages ?? Missing(path, "files.train_images")),
            TrainLabels = Resolve(f.TrainLabels ?? Missing(path, "files.train_labels")),
            TestImages = Resolve(f.TestImages ?? Missing(path, "files.test_images")),
            TestLabels = Resolve(f.TestLabels ?? Missing(path, "files.test_labels")),
        } : null;
        return new SweepSpec(System.IO.Path.GetFullPath(path), Resolve(network), dataset, files, axes, training, file.Evaluation?.Images, file.Slurm ?? new SlurmSpec());
    }

    /// <summary>The points: every combination of the axes, numbered from 0 in a fixed order (target, device, hidden, weight bits, membrane bits, timesteps, policy).</summary>
    public IReadOnlyList<SweepPoint> Points()
    {
        // A missing axis is one value: null, the base network's own setting.
        static T?[] Or<T>(T[]? values) => values is { Length: > 0 } ? values.Select(v => (T?)v).ToArray() : new T?[] { default };
        static int?[] Ints(int[]? values) => values is { Length: > 0 } ? values.Select(v => (int?)v).ToArray() : new int?[] { null };
        var combinations =
            from target in Or(Axes.Target)
            from device in Axes.Device is { Length: > 0 } d ? d : new[] { FpgaDevice.Default.Name }
            from hidden in Or(Axes.Hidden)
            from weightBits in Ints(Axes.WeightBits)
            from membraneBits in Ints(Axes.MembraneBits)
            from timesteps in Ints(Axes.Timesteps)
            from policy in Or(Axes.Policy)
            select (hidden, weightBits, membraneBits, timesteps, target, device, policy);
        return combinations.Select((c, k) => new SweepPoint(k, c.hidden, c.weightBits, c.membraneBits, c.timesteps, c.target, c.device, c.policy)).ToList();
    }

    public TrainingOptions TrainingOptions => new() { Epochs = Training.Epochs, BatchSize = Training.BatchSize, LearningRate = Training.LearningRate, Seed = Training.Seed };

    /// <summary>The tandem phase after the rate model's, or null without one.</summary>
    public TrainingOptions? TandemOptions => Training.TandemEpochs > 0
        ? TrainingOptions with { Epochs = Training.TandemEpochs, LearningRate = Training.TandemLearningRate, Tandem = true }
        : null;

    /// <summary>Everything besides the network that decides a point's results, for its cache key.</summary>
    public string Settings => $"dataset {Dataset}\ntraining {JsonSerializer.Serialize(Training, Options)}\ntest images {TestImages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}";

    private static void Positive(string path, string what, IEnumerable<int>? values)
    {
        if (values?.Where(v => v < 1).Select(v => (int?)v).FirstOrDefault() is { } bad)
        {
            throw new InputException($"{path}: {what} holds {bad}; every count, size and width must be at least 1");
        }
    }

    private static string Missing(string path, string key) => throw new InputException($"{path}: \"files\" needs {key} too (all four IDX files, or none for the data set's cache)");

    private sealed record FileSpec(string? Network, string? Dataset, DataFilesSpec? Files, AxesSpec? Axes, TrainingSpec? Training, EvaluationSpec? Evaluation, SlurmSpec? Slurm);

    private sealed record EvaluationSpec(int? Images);
}

/// <summary>IDX files to use instead of the data set's cache (a sample, in tests).</summary>
internal sealed record DataFilesSpec(string? TrainImages, string? TrainLabels, string? TestImages, string? TestLabels);

/// <summary>The axes; a missing or empty one keeps the base network's setting. A hidden value lists one size per hidden layer.</summary>
internal sealed record AxesSpec([property: JsonConverter(typeof(HiddenSizes))] int[][]? Hidden = null, int[]? WeightBits = null, int[]? MembraneBits = null, int[]? Timesteps = null, string[]? Target = null, string[]? Device = null, string[]? Policy = null);

/// <summary>
/// The training of every point (docs/training.md); the defaults are snnc train's. With <see cref="TandemEpochs"/>, the
/// rate model's weights then train that many epochs in tandem with the spiking network (docs/training.md#tandem).
/// </summary>
internal sealed record TrainingSpec(int Epochs = 60, int Seed = 1, int BatchSize = 64, float LearningRate = 2e-3f, int Validation = 5000, int? Limit = null,
    int TandemEpochs = 0, float TandemLearningRate = 5e-4f);

/// <summary>Resources per Slurm array task.</summary>
internal sealed record SlurmSpec(int Cpus = 2, string Memory = "4G", string Time = "02:00:00", string? Partition = null);

/// <summary>Hidden sizes as the spec writes them: <c>48</c> for one hidden layer, <c>[128, 64]</c> for two.</summary>
internal sealed class HiddenSizes : JsonConverter<int[][]>
{
    public override int[][] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = new List<int[]>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("axes.hidden must be a list of sizes, e.g. [16, 48, 128] or [[128, 64]]");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType == JsonTokenType.Number ? new[] { reader.GetInt32() } : JsonSerializer.Deserialize<int[]>(ref reader, options)!);
        }

        return values.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, int[][] value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value, options);
}
