using System;
using System.Text;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Fuzz;

/// <summary>
/// What each fuzz target does with one input. A target swallows only the failure its code documents for bad
/// input (none for the compiler core, which reports diagnostics); any other exception is a crash. No static
/// state: nothing here may run before afl-fuzz's shared memory is attached (the instrumented code writes to it).
/// </summary>
public static class FuzzTargets
{
    /// <summary>In a "snn" input, the text after this line is the weights file every weights path resolves to.</summary>
    public const string WeightsSeparator = "\n//--weights--\n";

    /// <summary>The compiler core end to end, with a resolver that hands it the input's weights part.</summary>
    public static void CompileSnn(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var split = text.IndexOf(WeightsSeparator, StringComparison.Ordinal);
        var source = split < 0 ? text : text.Substring(0, split);
        var weights = split < 0 ? null : text.Substring(split + WeightsSeparator.Length);
        SnnCompiler.Compile(new SourceFile("fuzz.snn", source), new OneFileResolver(weights));
    }

    public static void ParseWeights(byte[] input) =>
        WeightsFileParser.Parse(new SourceFile("fuzz.w.txt", Encoding.UTF8.GetString(input)), new DiagnosticBag());

    /// <summary>
    /// The input is a blob without its CRC: the harness writes the length and appends a valid CRC, so mutations
    /// reach the checks behind the integrity check (a CRC-valid hostile blob, as a tool could send one).
    /// </summary>
    public static void CheckBlob(byte[] input)
    {
        var blob = Seal(input);
        if (BlobImage.Check(blob) == BlobError.None)
        {
            Controller.Load(blob, new SilentBus());
        }
    }

    /// <summary>The input read as an images file and as a labels file, and split in two as a pair.</summary>
    public static void ReadIdx(byte[] input)
    {
        Expect<IdxFormatException>(() => Idx.ReadImages(input, "images"));
        Expect<IdxFormatException>(() => Idx.ReadLabels(input, "labels"));
        var half = input.Length / 2;
        Expect<IdxFormatException>(() => MnistSet.Parse(input.AsSpan(0, half).ToArray(), "images", input.AsSpan(half).ToArray(), "labels"));
    }

    public static void ReadSample(byte[] input) => Expect<InputException>(() => InputReader.Parse("sample.pgm", input, 784));

    public static byte[] Seal(byte[] unsealed)
    {
        var blob = new byte[unsealed.Length + BlobLayout.CrcBytes];
        unsealed.CopyTo(blob, 0);
        if (blob.Length >= 12)
        {
            BitConverter.GetBytes((uint)blob.Length).CopyTo(blob, 8);
        }

        BitConverter.GetBytes(BlobLayout.Crc32(blob, blob.Length - BlobLayout.CrcBytes)).CopyTo(blob, blob.Length - 4);
        return blob;
    }

    private static void Expect<TException>(Action action)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
            // The documented answer to a malformed input.
        }
    }

    private sealed class OneFileResolver : IFileResolver
    {
        private readonly string? weights;

        public OneFileResolver(string? weights) => this.weights = weights;

        public string MissingFileHint => "the fuzz input has no weights part";

        public FileResolution Resolve(string path) => weights is null ? FileResolution.Missing : new SourceFile(path, weights);
    }

    private sealed class SilentBus : ISocBus
    {
        public int Transfer(int core, int address, int data) => 0;

        public void SendEvent(int core, int address)
        {
        }

        public int PendingEvents(int core) => 0;

        public int ReceiveEvent(int core) => -1;
    }
}
