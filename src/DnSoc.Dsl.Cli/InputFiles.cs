using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// Every file snnc reads goes through here: only regular files (a device would be read for ever, a FIFO
/// would block the open), and never more than a cap, so no input can exhaust memory or hang the tool.
/// </summary>
internal static class InputFiles
{
    public const long MaxSnnBytes = 4L << 20;
    public const long MaxWeightsBytes = 64L << 20;
    public const long MaxSampleBytes = 16L << 20;
    public const long MaxBlobBytes = 256L << 20;
    public const long MaxIdxBytes = 512L << 20;

    public const string NoSuchFile = "no such file";

    // The file-type bits of st_mode (POSIX).
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;

    /// <summary>Why <paramref name="path"/> cannot be read as a file, or null when it can (a regular file within <paramref name="maxBytes"/>).</summary>
    public static string? Problem(string path, long maxBytes)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (System.IO.Directory.Exists(path))
        {
            return "it is a folder, not a file";
        }

        if (!File.Exists(path))
        {
            return NoSuchFile;
        }

        if (FileType(path) is { } type && type != RegularFile)
        {
            return type == Directory ? "it is a folder, not a file" : "it is a device, FIFO or socket, not a regular file";
        }

        var length = new FileInfo(path).Length;
        return length > maxBytes ? $"it has {length} bytes, more than the {maxBytes} snnc reads from such a file" : null;
    }

    /// <summary>The file's bytes; an <see cref="InputException"/> naming the file when <see cref="Problem"/> has one.</summary>
    /// <param name="missing">What to say of a missing file, in the caller's words.</param>
    public static byte[] ReadBytes(string path, long maxBytes, string missing = NoSuchFile)
    {
        if (Problem(path, maxBytes) is { } problem)
        {
            throw new InputException($"{path}: {(problem == NoSuchFile ? missing : problem)}");
        }

        // Read to the cap, not to the size seen above: a file under /proc reports 0 bytes and can still hold more.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw new InputException($"{path}: it has more than the {maxBytes} bytes snnc reads from such a file");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The file as UTF-8 text (a byte-order mark is dropped), under the same rules as <see cref="ReadBytes"/>.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        using var reader = new StreamReader(new MemoryStream(ReadBytes(path, maxBytes)), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The st_mode file type, or null where it cannot be asked (Windows, or a runtime without the call).</summary>
    private static int? FileType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var status = new byte[512]; // FileStatus of the runtime's native shim: flags, then mode
            return NativeStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & TypeMask : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // The .NET runtime's own stat wrapper (libSystem.Native ships with every runtime on Unix); its result
    // layout is the runtime's, the same on every architecture, unlike the C library's struct stat.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
