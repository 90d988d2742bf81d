using System.Collections.Generic;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>A file of a data package and the MD5 (lowercase hex) of its uncompressed bytes.</summary>
public sealed record DataFile(string Name, string Md5);

/// <summary>A data set shipped as an npm package: its spec, the folder of the files inside the tarball, the files.</summary>
public sealed record DataPackage(string NpmSpec, string Folder, IReadOnlyList<DataFile> Files);
