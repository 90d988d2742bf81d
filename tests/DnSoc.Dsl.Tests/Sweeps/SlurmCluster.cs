using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Sweeps;

/// <summary>
/// A single-node Slurm in a temporary folder: munged with its own key and socket, slurmctld and slurmd with their own
/// slurm.conf, free ports, state and spool folders, run as the current user. Disposing stops the three daemons (by their
/// pid files) and removes the folder.
/// </summary>
internal sealed class SlurmCluster : IDisposable
{
    public static readonly string[] Programs = { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch" };

    private SlurmCluster()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "state"));
        Directory.CreateDirectory(Path.Combine(Folder, "spool"));
    }

    public string Folder { get; } = Path.Combine("/tmp", $"snnc-slurm-{Guid.NewGuid():N}"[..20]); // short: a socket path has 108 bytes at most

    public string Config => Path.Combine(Folder, "slurm.conf");

    /// <summary>Starts the daemons and waits until the node takes jobs; on failure, stops what started and says why with the logs.</summary>
    public static SlurmCluster Start()
    {
        var cluster = new SlurmCluster();
        try
        {
            cluster.Boot();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Runs a Slurm client (sbatch, sinfo) against this cluster.</summary>
    public (int Exit, string Output) Client(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SLURM_CONF"] = Config;
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    public void Dispose()
    {
        foreach (var pidFile in new[] { "slurmd.pid", "slurmctld.pid", "munged.pid" }.Select(p => Path.Combine(Folder, p)).Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    using var daemon = Process.GetProcessById(pid);
                    daemon.Kill();
                    daemon.WaitForExit(10_000);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        Directory.Delete(Folder, recursive: true);
    }

    private void Boot()
    {
        var key = Path.Combine(Folder, "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        ProcessRunner.Run("chmod", "600", key); // munged refuses a key others may read
        var socket = Path.Combine(Folder, "munge.sock");
        Daemon("/usr/sbin/munged", "--force", $"--key-file={key}", $"--socket={socket}", $"--pid-file={Folder}/munged.pid", $"--log-file={Folder}/munged.log", $"--seed-file={Folder}/munged.seed");
        var user = Environment.UserName;
        var host = Dns.GetHostName().Split('.')[0];
        File.WriteAllText(Config, string.Join("\n", new[]
        {
            "ClusterName=snnctest", $"SlurmctldHost={host}(127.0.0.1)", $"SlurmUser={user}", $"SlurmdUser={user}",
            $"SlurmctldPort={FreePort()}", $"SlurmdPort={FreePort()}", "AuthType=auth/munge", "CredType=cred/munge", $"AuthInfo=socket={socket}",
            $"StateSaveLocation={Folder}/state", $"SlurmdSpoolDir={Folder}/spool", $"SlurmctldPidFile={Folder}/slurmctld.pid", $"SlurmdPidFile={Folder}/slurmd.pid",
            $"SlurmctldLogFile={Folder}/slurmctld.log", $"SlurmdLogFile={Folder}/slurmd.log", "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
            "SchedulerType=sched/builtin", "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core_Memory", "ReturnToService=2", "MpiDefault=none",
            "JobCompType=jobcomp/none", "JobAcctGatherType=jobacct_gather/none", "AccountingStorageType=accounting_storage/none",
            $"NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory=2000 State=UNKNOWN",
            $"PartitionName=snnc Nodes={host} Default=YES MaxTime=INFINITE State=UP",
        }) + "\n");
        Daemon("/usr/sbin/slurmctld", "-f", Config, "-i");
        Daemon("/usr/sbin/slurmd", "-f", Config);
        var clock = Stopwatch.StartNew();
        while (!Client("/usr/bin/sinfo", "-h", "-o", "%t").Output.Trim().StartsWith("idle", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("the Slurm node did not become idle within 30 s:\n" + Logs());
            }

            System.Threading.Thread.Sleep(200);
        }
    }

    /// <summary>The tail of every daemon log, for a failure message.</summary>
    public string Logs() => string.Join("\n", Directory.GetFiles(Folder, "*.log").Select(f => $"== {f}\n" + string.Join("\n", File.ReadLines(f).TakeLast(15))));

    /// <summary>Starts a daemon that forks into the background; its start-up failure is an exception with the logs.</summary>
    private void Daemon(string program, params string[] arguments)
    {
        var (exit, output) = ProcessRunner.RunIn(Folder, program, arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{program} did not start (exit {exit}): {output}\n{Logs()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A test that runs a real single-node Slurm: skipped, with the reason, where slurm-wlm or munge is not installed.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Programs.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            Skip = $"needs {missing} (Debian: apt-get install slurm-wlm munge; .ci/run installs them)";
        }
    }
}
