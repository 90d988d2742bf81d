using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>MD5 as lowercase hex: the form data sets publish their sums in. An integrity check, not a security one.</summary>
public static class Checksum
{
    public static string Md5(Stream stream)
    {
        using var md5 = MD5.Create();
        return Hex(md5.ComputeHash(stream));
    }

    public static string Md5(byte[] data)
    {
        using var md5 = MD5.Create();
        return Hex(md5.ComputeHash(data));
    }

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
