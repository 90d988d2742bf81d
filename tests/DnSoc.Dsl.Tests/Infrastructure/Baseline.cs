using System;
using System.IO;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>
/// Golden files, Bicep-style: the test computes a stage's output and compares it with the committed
/// baseline. Run the tests with SNN_UPDATE_BASELINES=1 to rewrite every baseline, then review the diff.
/// </summary>
public static class Baseline
{
    public const string UpdateSwitch = "SNN_UPDATE_BASELINES";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateSwitch) == "1";

    public static void Match(string path, string actual)
    {
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"baseline {path} is missing; run the tests with {UpdateSwitch}=1 and review it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            Assert.Fail($"{path} differs from what the compiler produces now; if the change is intended, run the tests with " +
                $"{UpdateSwitch}=1 and review the diff.\n--- expected\n{expected}\n--- actual\n{actual}");
        }
    }
}
