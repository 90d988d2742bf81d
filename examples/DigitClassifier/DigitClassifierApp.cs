using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using DnSoc.Dsl.Cli;
using DnSoc.Networks;

namespace DigitClassifier;

/// <summary>
/// Classifies 28x28 digits with every network generated from the .snn examples. Kept apart from
/// Program.cs so tests can run it in process and compare with the reference model.
/// </summary>
public static class DigitClassifierApp
{
    public const string WeightsNotice =
        "Weights: trained on MNIST with snnc train (docs/training.md); accuracy on the full test set is in the README.";

    /// <summary>Inferences timed per network and input, after one untimed run that gives the result.</summary>
    public const int TimedRuns = 100;

    private const int Side = 28;

    /// <summary>Arguments: PGM images (8-bit P5/P2, 28x28) or text files of 784 values 0..255; none: a built-in digit.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var networks = new (string Name, IDigitNetwork Network)[]
        {
            (nameof(Mnist784x48x10), new Mnist784x48x10()),
            (nameof(Mnist784x128x10), new Mnist784x128x10()),
        };
        var samples = new List<(string Label, byte[] Pixels)>();
        try
        {
            foreach (var path in args)
            {
                samples.Add((path, InputReader.Read(path, Mnist784x48x10.InputSize)));
            }
        }
        catch (InputException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }

        if (samples.Count == 0)
        {
            samples.Add(("built-in synthetic digit (a zero)", SyntheticZero()));
        }

        output.WriteLine(WeightsNotice);
        foreach (var (label, pixels) in samples)
        {
            output.WriteLine();
            output.WriteLine(label);
            foreach (var (name, network) in networks)
            {
                var predicted = network.Infer(pixels);
                var counts = string.Join(" ", network.OutputSpikeCounts);
                var microseconds = Time(network, pixels);
                output.WriteLine($"  {name,-16} class {predicted}   output spikes [{counts}]   {microseconds.ToString("F1", CultureInfo.InvariantCulture)} us per inference");
            }
        }

        return 0;
    }

    /// <summary>A 28x28 ring (a zero) drawn with soft edges, so the rate encoder sees varied intensities.</summary>
    public static byte[] SyntheticZero()
    {
        var pixels = new byte[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var dx = (x - 13.5) / 6.0;
                var dy = (y - 13.5) / 9.0;
                var distance = Math.Abs(Math.Sqrt((dx * dx) + (dy * dy)) - 1.0);
                pixels[(y * Side) + x] = (byte)Math.Round(255 * Math.Max(0.0, 1.0 - (distance / 0.3)));
            }
        }

        return pixels;
    }

    /// <summary>Mean wall time of one inference over <see cref="TimedRuns"/> runs, in microseconds.</summary>
    private static double Time(IDigitNetwork network, byte[] pixels)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < TimedRuns; i++)
        {
            network.Infer(pixels);
        }

        return watch.Elapsed.TotalMilliseconds * 1000.0 / TimedRuns;
    }
}
