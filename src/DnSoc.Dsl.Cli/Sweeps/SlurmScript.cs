using System.Globalization;
using System.Linq;

namespace DnSoc.Dsl.Cli.Sweeps;

/// <summary>
/// The Slurm job array of a sweep: one array task per point, each running <c>snnc sweep SPEC --point N</c> into the shared
/// results folder with the spec's resources per task; <c>snnc sweep SPEC --collect</c> then merges the points' results.
/// </summary>
internal static class SlurmScript
{
    public const string FileName = "sweep.sbatch";

    /// <param name="snnc">The command that runs snnc on the nodes (e.g. the repository's ./snnc launcher, absolute).</param>
    public static string Text(SweepSpec spec, int points, string results, string logs, string snnc)
    {
        string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
        var directives = new[]
        {
            $"--job-name=snnc-sweep-{System.IO.Path.GetFileNameWithoutExtension(spec.Path)}",
            $"--array=0-{(points - 1).ToString(CultureInfo.InvariantCulture)}",
            "--ntasks=1",
            $"--cpus-per-task={spec.Slurm.Cpus.ToString(CultureInfo.InvariantCulture)}",
            $"--mem={spec.Slurm.Memory}",
            $"--time={spec.Slurm.Time}",
            $"--output={logs}/point-%a.log",
        }.Concat(spec.Slurm.Partition is { } partition ? new[] { $"--partition={partition}" } : System.Array.Empty<string>());
        return "#!/bin/bash\n" +
               $"# Written by snnc sweep --slurm for {spec.Path}: one array task per point ({points}).\n" +
               "# Submit with sbatch; when every task is done: snnc sweep SPEC --collect --results RESULTS.\n" +
               string.Concat(directives.Select(d => $"#SBATCH {d}\n")) +
               "set -euo pipefail\n" +
               $"exec {snnc} sweep {Quote(spec.Path)} --point \"$SLURM_ARRAY_TASK_ID\" --results {Quote(results)} --jobs 1\n";
    }
}
