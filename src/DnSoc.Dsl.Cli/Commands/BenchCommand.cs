using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Training.Performance;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc bench FILE</c>: a quick speed check of one machine (docs/performance.md#rerun).</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = SnncApp.FileArgument();
        var seconds = new Option<double>("--seconds") { Description = "time budget per network", DefaultValueFactory = _ => 4.0 };
        var json = SnncApp.JsonOption();
        var command = new Command("bench", "Images per second of the host flavour, the nano flavour, the hand-written kernel and the reference model, and the host flavour against hand-written C (with gcc)") { file, seconds, json };
        command.SetAction(result =>
        {
            if (Workspace.CompileNetworks(result.GetValue(file)!, error) is not { } compilation)
            {
                return 1;
            }

            if (result.GetValue(seconds) is not (> 0 and <= 86_400))
            {
                throw new InputException($"--seconds is {result.GetValue(seconds).ToString(CultureInfo.InvariantCulture)}; give a time budget above 0 and at most a day (86400)");
            }

            var results = compilation.Networks.Select(n =>
            {
                var (baseline, problem) = GccBaseline.Create(n);
                using (baseline)
                {
                    return QuickBench.Run(n, TimeSpan.FromSeconds(result.GetValue(seconds)), baseline, problem);
                }
            }).ToList();
            if (result.GetValue(json))
            {
                Json.Write(output, new { Networks = results });
                return 0;
            }

            foreach (var r in results)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Network}: host {r.HostImagesPerS:F0} images/s, kernel {r.IntrinsicKernelImagesPerS:F0}, nano {r.NanoFlavourImagesPerS:F0}, reference {r.ReferenceImagesPerS:F0}; host time / kernel time {r.HostTimeOverKernelTime:F2}"));
                output.WriteLine(r.CBaselineMicroseconds is { } c
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"  per image (medians of the same rounds): host {r.HostMicroseconds:F1} us, InferBatch {r.BatchMicroseconds:F1} us, hand-written C {c:F1} us; host / C {r.HostOverCBaseline:F2}, InferBatch / C {r.BatchOverCBaseline:F2}")
                    : string.Create(CultureInfo.InvariantCulture, $"  per image: host {r.HostMicroseconds:F1} us, InferBatch {r.BatchMicroseconds:F1} us; {r.CBaselineProblem}"));
            }

            return 0;
        });
        return command;
    }
}
