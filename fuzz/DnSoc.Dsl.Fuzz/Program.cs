using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Fuzz;
using SharpFuzz;

// Usage: DnSoc.Dsl.Fuzz TARGET              fuzz TARGET under afl-fuzz (persistent mode)
//        DnSoc.Dsl.Fuzz TARGET FILE...      run TARGET once per file (replay a crash or a seed)
//        DnSoc.Dsl.Fuzz seeds TARGET DIR    write TARGET's seed corpus into DIR (docs/fuzzing.md)
if (args.Length >= 3 && args[0] == "seeds")
{
    var written = Seeds.Write(args[1], args[2]);
    Console.WriteLine($"{args[1]}: {written} seeds in {args[2]}");
    return 0;
}

// Chosen here, not in the instrumented library: nothing instrumented may run before Fuzzer.Run.
Action<byte[]>? target = args.Length == 0 ? null : args[0] switch
{
    "snn" => FuzzTargets.CompileSnn,
    "weights" => FuzzTargets.ParseWeights,
    "blob" => FuzzTargets.CheckBlob,
    "idx" => FuzzTargets.ReadIdx,
    "pgm" => FuzzTargets.ReadSample,
    _ => null,
};
if (target is null)
{
    Console.Error.WriteLine("usage: DnSoc.Dsl.Fuzz TARGET [FILE...] | seeds TARGET DIR; targets: snn, weights, blob, idx, pgm");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        target(File.ReadAllBytes(file));
    }

    return 0;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
