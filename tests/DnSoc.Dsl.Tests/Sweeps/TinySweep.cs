using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Sweeps;

/// <summary>
/// A sweep small enough for a test: examples/mnist-784-48-10.snn with a few hidden neurons, one epoch on 200 images of
/// the committed sample, evaluated on all 500 (so that snnc eval on the same pair sees the same images), in a temporary
/// folder that goes away with it.
/// </summary>
internal sealed class TinySweep : IDisposable
{
    /// <param name="dataset">A data set from its cache instead of the sample (then train on 1 000 images, evaluate on 500).</param>
    public TinySweep(string axes = "\"hidden\": [4, 8]", string? dataset = null)
    {
        Directory.CreateDirectory(Folder);
        var data = dataset is null
            ? $$"""
              "dataset": "mnist-sample",
              "files": {
                "train_images": "{{Fixture.ImagesPath}}", "train_labels": "{{Fixture.LabelsPath}}",
                "test_images": "{{Fixture.ImagesPath}}", "test_labels": "{{Fixture.LabelsPath}}"
              },
              "training": { "epochs": 1, "limit": 200, "validation": 50 },
              """
            : $$"""
              "dataset": "{{dataset}}",
              "training": { "epochs": 1, "limit": 1000, "validation": 200 },
              "evaluation": { "images": 500 },
              """;
        File.WriteAllText(Spec, $$"""
            {
              "network": "{{RepoPaths.Combine("examples", "mnist-784-48-10.snn")}}",
              {{data}}
              "axes": { {{axes}} }
            }
            """);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"snnc-sweep-{Guid.NewGuid():N}");

    public string Spec => Path.Combine(Folder, "tiny.spec");

    public string Results => Path.Combine(Folder, "results");

    public string[] ResultFiles => Directory.Exists(Path.Combine(Results, "points"))
        ? Directory.GetFiles(Path.Combine(Results, "points"), "result.json", SearchOption.AllDirectories)
        : Array.Empty<string>();

    /// <summary>snnc in process: exit code, standard output, standard error.</summary>
    public static (int Exit, string Output, string Error) Snnc(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The sweep, in process, into <see cref="Results"/>.</summary>
    public (int Exit, string Output, string Error) Run(params string[] args) => Snnc(new[] { "sweep", Spec, "--results", Results }.Concat(args).ToArray());

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
