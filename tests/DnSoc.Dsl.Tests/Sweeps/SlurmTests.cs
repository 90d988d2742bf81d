using System;
using System.IO;
using System.Linq;

namespace DnSoc.Dsl.Tests.Sweeps;

/// <summary>snnc sweep --slurm on a real single-node Slurm: the job array's points, collected, give the local run's table.</summary>
public sealed class SlurmTests
{
    [SlurmFact]
    public void A_job_array_run_collects_into_the_table_of_a_local_run()
    {
        using var sweep = new TinySweep();
        var local = Path.Combine(sweep.Folder, "local");
        var localRun = TinySweep.Snnc("sweep", sweep.Spec, "--results", local);
        Assert.True(localRun.Exit == 0, localRun.Error);
        File.AppendAllText(sweep.Spec, "\n"); // no effect on the points: only what the spec says counts
        var jobFolder = Path.Combine(sweep.Folder, "slurm");
        var snnc = "dotnet " + Path.Combine(AppContext.BaseDirectory, "snnc.dll");

        var written = sweep.Run("--slurm", jobFolder, "--snnc", snnc);

        Assert.True(written.Exit == 0, written.Error);
        var script = File.ReadAllText(Path.Combine(jobFolder, "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-1\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains($"exec {snnc} sweep '{sweep.Spec}' --point \"$SLURM_ARRAY_TASK_ID\" --results '{sweep.Results}' --jobs 1\n", script);
        Assert.Empty(sweep.ResultFiles);

        using var cluster = SlurmCluster.Start();
        var (exit, output) = cluster.Client("/usr/bin/sbatch", "--wait", "--mem=500M", "--cpus-per-task=1", Path.Combine(jobFolder, "sweep.sbatch"));
        var logs = string.Join("\n", Directory.GetFiles(Path.Combine(jobFolder, "logs")).Select(File.ReadAllText));
        Assert.True(exit == 0, $"sbatch: {output}\ntask logs:\n{logs}\n{cluster.Logs()}");
        Assert.Equal(2, sweep.ResultFiles.Length);

        var collected = sweep.Run("--collect");

        Assert.True(collected.Exit == 0, collected.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(local, "table.csv")), File.ReadAllText(Path.Combine(sweep.Results, "table.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(local, "table.json")), File.ReadAllText(Path.Combine(sweep.Results, "table.json")));
    }
}
