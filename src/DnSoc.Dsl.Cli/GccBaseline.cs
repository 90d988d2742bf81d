using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Synthesis;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// The hand-written C baseline (benchmarks/c-baseline/snn_baseline.c, embedded in snnc) compiled with gcc for this
/// machine (-O3 -march=native) into a temporary folder, with one network: <c>snnc bench</c> checks it bit-exact and
/// times it between the host flavour's passes (docs/performance.md#c-baseline).
/// </summary>
internal sealed class GccBaseline : IExternalBaseline, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private readonly string folder;
    private readonly string program;
    private readonly bool scalar;
    private IReadOnlyList<byte[]>? written;

    private GccBaseline(string folder, NetworkIr network, bool scalar)
    {
        this.folder = folder;
        this.scalar = scalar;
        program = Path.Combine(folder, "snn_baseline");
        File.WriteAllBytes(Path.Combine(folder, "network.bin"), CBaselineFormat.Network(network));
    }

    /// <summary>The baseline for <paramref name="network"/>, or null and why not (no gcc, out of scope, a compile error).</summary>
    /// <param name="scalar">Run the scalar path even where the machine has AVX-512 (the tests check both).</param>
    public static (GccBaseline? Baseline, string? Problem) Create(NetworkIr network, bool scalar = false)
    {
        if (!CBaselineFormat.Supports(network))
        {
            return (null, $"{network.Name} is outside the C baseline's scope (per-event, membranes of at most 16 bits, no shift leak, no downsampling, no policy)");
        }

        if (!SynthTools.Has("gcc"))
        {
            return (null, "gcc is not installed (sudo apt-get install gcc): no C baseline");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"snnc-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var baseline = new GccBaseline(folder, network, scalar);
        using (var source = typeof(GccBaseline).Assembly.GetManifestResourceStream("snn_baseline.c")!)
        using (var file = File.Create(Path.Combine(folder, "snn_baseline.c")))
        {
            source.CopyTo(file);
        }

        var (exit, output) = ExternalProcess.Run("gcc", "-O3 -march=native -o snn_baseline snn_baseline.c", folder, Limit);
        if (exit != 0)
        {
            baseline.Dispose();
            return (null, $"gcc could not compile the C baseline: {output.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal))?.Trim()}");
        }

        return (baseline, null);
    }

    public IReadOnlyList<(int Class, ulong Checksum)> Check(IReadOnlyList<byte[]> inputs) =>
        Execute(inputs, "check").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), ulong.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToArray();

    public double MicrosecondsPerImage(IReadOnlyList<byte[]> inputs, double seconds) =>
        double.Parse(Execute(inputs, FormattableString.Invariant($"time {seconds:0.###}")).Split(' ')[0], CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Execute(IReadOnlyList<byte[]> inputs, string mode)
    {
        // bench passes the same inputs to the check and every round: written once.
        if (!ReferenceEquals(inputs, written))
        {
            File.WriteAllBytes(Path.Combine(folder, "images.bin"), CBaselineFormat.Images(inputs));
            written = inputs;
        }

        var (exit, output) = ExternalProcess.Run(program, $"network.bin images.bin {mode}", folder, Limit, scalar ? new[] { ("SNN_BASELINE_SCALAR", "1") } : null);
        return exit == 0 ? output : throw new InvalidOperationException($"the C baseline failed: {output.Trim()}");
    }
}
