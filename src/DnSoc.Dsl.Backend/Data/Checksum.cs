using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>MD5 and SHA-256 as lowercase hex: the forms data sets publish their sums in.</summary>
public static class Checksum
{
    public static string Md5(Stream stream) => Of(ChecksumKind.Md5, stream);

    public static string Md5(byte[] data) => Of(ChecksumKind.Md5, data);

    public static string Of(ChecksumKind kind, Stream stream)
    {
        using HashAlgorithm hash = kind == ChecksumKind.Sha256 ? SHA256.Create() : MD5.Create();
        return Hex(hash.ComputeHash(stream));
    }

    public static string Of(ChecksumKind kind, byte[] data) => Of(kind, new MemoryStream(data, writable: false));

    /// <summary>"MD5" or "SHA-256", for messages.</summary>
    public static string Name(ChecksumKind kind) => kind == ChecksumKind.Sha256 ? "SHA-256" : "MD5";

    private static string Hex(byte[] hash)
    {
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            text.Append(b.ToString("x2"));
        }

        return text.ToString();
    }
}
