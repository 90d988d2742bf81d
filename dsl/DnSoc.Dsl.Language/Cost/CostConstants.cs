using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>One constant of the cost model, with the unit and the source it comes from.</summary>
public sealed record CostConstant(string Key, double Value, string Unit, string Source);

/// <summary>
/// The cost model's constants, read from the embedded <c>cost-constants.tsv</c> (the one place they live;
/// docs/cost-model.md#constants). A missing key is a bug in the model, so it throws.
/// </summary>
public static class CostConstants
{
    private const string ResourceName = "DnSoc.Dsl.Language.Cost.cost-constants.tsv";

    private static readonly Lazy<(int Version, Dictionary<string, CostConstant> Table)> Loaded = new(Load);

    public static int Version => Loaded.Value.Version;

    public static IReadOnlyCollection<CostConstant> All => Loaded.Value.Table.Values;

    public static double Get(string key) =>
        Loaded.Value.Table.TryGetValue(key, out var constant)
            ? constant.Value
            : throw new KeyNotFoundException($"cost constant '{key}' is not in {ResourceName}");

    private static (int, Dictionary<string, CostConstant>) Load()
    {
        using var stream = typeof(CostConstants).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, CostConstant>(StringComparer.Ordinal);
        var version = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields[0] == "version")
            {
                version = int.Parse(fields[1], CultureInfo.InvariantCulture);
                continue;
            }

            table.Add(fields[0], new CostConstant(fields[0], double.Parse(fields[1], CultureInfo.InvariantCulture), fields[2], fields[3]));
        }

        return (version, table);
    }
}
