using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>The data sets snnc knows by name (<c>snnc data --dataset</c>, a sweep spec's <c>dataset</c>).</summary>
internal static class DataSets
{
    private static readonly DataPackage[] All = { MnistFiles.Package, FashionMnistFiles.Package };

    public static string[] Names => All.Select(p => p.Name).ToArray();

    public static DataPackage Find(string name) => All.FirstOrDefault(p => p.Name == name)
        ?? throw new InputException($"unknown data set '{name}': use {string.Join(" or ", Names)}");
}
