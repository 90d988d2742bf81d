using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Rtl;
using DnSoc.Dsl.Soc;

namespace DnSoc.Dsl.Tests.Rtl;

internal enum RtlTool
{
    Verilator,
    Icarus,
}

/// <summary>One core's RESULT line from the generated testbench (hardware/sim/dnsoc_driver.v).</summary>
internal sealed record RtlResult(int Core, int Frames, int EventsIn, int EventsOut, int Mismatches, int Neurons, int NeuronMismatches, long Cycles, bool Overflow, string Log)
{
    /// <summary>The core's ACTIVITY line (hardware/sim/dnsoc_activity.v).</summary>
    public RtlActivity Activity { get; init; } = new(0, 0, 0, 0, 0);
}

/// <summary>What the activity monitor counted on one core: lane writes, membrane bits they toggled, FIFO pushes, output events, busy cycles.</summary>
internal sealed record RtlActivity(long Writes, long Toggles, long Pushes, long Emits, long Busy);

/// <summary>
/// Runs <c>snnc rtl</c>'s SoC and testbench on a network's vectors, built once per configuration (the cores'
/// synthesis parameters and the tool) within a test run.
/// </summary>
internal static class RtlHarness
{
    /// <summary>Every network runs under this name, so that networks with the same cores share one build.</summary>
    public const string Name = "RtlCheck";

    private static readonly ConcurrentDictionary<string, Lazy<(string Program, string Arguments)>> Builds = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"dnsoc-rtl-{Environment.ProcessId}");
    private static int runs;

    // The builds live as long as the test process; remove them with it.
    static RtlHarness() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    };

    public static bool Has(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator).Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, tool)));

    /// <summary>The simulator's run of the network on one input, and the RTL's RESULT per core on the same traffic.</summary>
    public static (SocRun Simulated, IReadOnlyList<RtlResult> Rtl) Run(NetworkIr network, byte[] input, RtlTool tool)
    {
        network = network with { Name = Name };
        var cores = RtlPlan.Cores(network);
        var build = Build(network, cores, tool);
        var simulated = TestVectors.Run(BlobWriter.Write(network), input);
        var folder = Path.Combine(Root, "run" + Interlocked.Increment(ref runs).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        foreach (var core in cores)
        {
            var run = simulated.Cores[core.Index];
            var prefix = Path.Combine(folder, $"{Name}.core{core.Index}");
            Write(prefix + ".program.txt", run.Program, (core.FieldBits + 24 + 3) / 4);
            Write(prefix + ".aer-in.txt", run.EventsIn.Select(e => (long)e), (core.RowBits + 2 + 3) / 4);
            Write(prefix + ".aer-out.txt", run.EventsOut.Select(e => (long)e), (core.NeuronBits + 3) / 4);
            Write(prefix + ".neurons.txt", run.NeuronWords.Select(w => (long)w), core.WordBits / 4);
        }

        var output = Execute(build.Program, build.Arguments, folder, TimeSpan.FromMinutes(5));
        var activity = output.Split('\n').Where(l => l.StartsWith("ACTIVITY ", StringComparison.Ordinal)).Select(Fields)
            .ToDictionary(f => (int)f["core"], f => new RtlActivity(f["writes"], f["toggles"], f["pushes"], f["emits"], f["busy"]));
        var results = output.Split('\n').Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => Parse(l, output))
            .Select(r => r with { Activity = activity[r.Core] }).OrderBy(r => r.Core).ToArray();
        Assert.True(results.Length == cores.Count, $"expected {cores.Count} RESULT lines from the testbench, got:\n{output}");
        Directory.Delete(folder, recursive: true);
        return (simulated, results);
    }

    /// <summary>Events in order, neuron words and cycles equal on every core, and no overflow on either side.</summary>
    public static void AssertSame(SocRun simulated, IReadOnlyList<RtlResult> rtl)
    {
        Assert.Null(simulated.Overflow);
        foreach (var r in rtl)
        {
            var expected = simulated.Cores[r.Core];
            var expectedLine = $"frames={expected.Program.Count} events_in={expected.EventsIn.Count} events_out={expected.EventsOut.Count} mismatches=0 neurons={expected.NeuronWords.Count} neuron_mismatches=0 cycles={expected.Cycles} overflow=0";
            var actualLine = $"frames={r.Frames} events_in={r.EventsIn} events_out={r.EventsOut} mismatches={r.Mismatches} neurons={r.Neurons} neuron_mismatches={r.NeuronMismatches} cycles={r.Cycles} overflow={(r.Overflow ? 1 : 0)}";
            Assert.True(expectedLine == actualLine, $"core {r.Core}: the RTL gave\n  {actualLine}\nthe simulator\n  {expectedLine}\ntestbench output:\n{r.Log}");
        }
    }

    private static (string Program, string Arguments) Build(NetworkIr network, IReadOnlyList<RtlCore> cores, RtlTool tool)
    {
        var key = tool + ":" + string.Join(";", cores.Select(c => $"{c.Rows},{c.Neurons},{c.WeightBits},{c.MembraneBits},{c.Leak},{c.Reset},{c.Lanes},{c.FifoDepth}"));
        return Builds.GetOrAdd(key, _ => new Lazy<(string, string)>(() =>
        {
            var folder = Path.Combine(Root, "build" + Builds.Count.ToString(CultureInfo.InvariantCulture) + "-" + tool);
            Directory.CreateDirectory(folder);
            var files = RtlEmitter.Emit(network).Where(f => f.Name.EndsWith(".v", StringComparison.Ordinal)).ToArray();
            foreach (var f in files)
            {
                File.WriteAllText(Path.Combine(folder, f.Name), f.Text);
            }

            var sources = string.Join(" ", files.Select(f => f.Name));
            if (tool == RtlTool.Verilator)
            {
                Execute("verilator", $"--binary --timing -j 2 -Wno-fatal -Wno-WIDTH -Wno-UNUSED -Wno-DECLFILENAME --top-module {Name}_tb -o sim -Mdir obj {sources}", folder, TimeSpan.FromMinutes(10));
                return (Path.Combine(folder, "obj", "sim"), string.Empty);
            }

            Execute("iverilog", $"-g2005 -o sim.vvp -s {Name}_tb {sources}", folder, TimeSpan.FromMinutes(2));
            return ("vvp", "-n " + Path.Combine(folder, "sim.vvp"));
        })).Value;
    }

    private static void Write(string path, IEnumerable<long> values, int digits) =>
        File.WriteAllText(path, string.Concat(values.Select(v => v.ToString("X" + digits, CultureInfo.InvariantCulture) + "\n")));

    private static RtlResult Parse(string line, string log)
    {
        var fields = Fields(line);
        return new RtlResult((int)fields["core"], (int)fields["frames"], (int)fields["events_in"], (int)fields["events_out"], (int)fields["mismatches"],
            (int)fields["neurons"], (int)fields["neuron_mismatches"], fields["cycles"], fields["overflow"] != 0, log);
    }

    private static Dictionary<string, long> Fields(string line) =>
        line.Trim().Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));

    private static string Execute(string program, string arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish in {timeout}");
        }

        Assert.True(process.ExitCode == 0, $"{program} {arguments} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}

/// <summary>An RTL simulation test: skipped, with the reason, only when the simulator is not installed.</summary>
public sealed class RtlTheoryAttribute : TheoryAttribute
{
    public RtlTheoryAttribute(string tool = "verilator")
    {
        if (!RtlHarness.Has(tool))
        {
            Skip = $"needs {tool} on PATH (a Debian package; .ci/run installs it with apt-get)";
        }
    }
}

/// <summary>As <see cref="RtlTheoryAttribute"/>, for a single case.</summary>
public sealed class RtlFactAttribute : FactAttribute
{
    public RtlFactAttribute(string tool = "verilator")
    {
        if (!RtlHarness.Has(tool))
        {
            Skip = $"needs {tool} on PATH (a Debian package; .ci/run installs it with apt-get)";
        }
    }
}
