using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DigitClassifier;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Examples;

/// <summary>
/// examples/DigitClassifier, run in process: every class and spike count it prints comes from code the
/// generator made at build time, and must equal the reference model's.
/// </summary>
public class DigitClassifierTests
{
    private static readonly (string Name, string File)[] Networks =
    {
        ("Mnist784x48x10", "mnist-784-48-10.snn"),
        ("Mnist784x128x10", "mnist-784-128-10.snn"),
    };

    [Fact]
    public void Built_in_digit_is_classified_as_the_reference_model_does_and_weights_are_called_placeholders()
    {
        var (exit, output, error) = Run();
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith(DigitClassifierApp.WeightsNotice, output);
        AssertMatchesReference(output, "built-in synthetic digit (a zero)", DigitClassifierApp.SyntheticZero());
    }

    [Fact]
    public void Pgm_and_text_samples_are_classified_as_the_reference_model_does()
    {
        var folder = Directory.CreateTempSubdirectory("digit-classifier-").FullName;
        try
        {
            var samples = Enumerable.Range(0, 3).Select(Sample).ToArray();
            var p5 = Path.Combine(folder, "binary.pgm");
            File.WriteAllBytes(p5, Encoding.ASCII.GetBytes("P5\n# a comment\n28 28\n255\n").Concat(samples[0]).ToArray());
            var p2 = Path.Combine(folder, "plain.pgm");
            File.WriteAllText(p2, "P2\n28 28\n255\n" + string.Join("\n", samples[1]) + "\n");
            var text = Path.Combine(folder, "values.txt");
            File.WriteAllText(text, string.Join(", ", samples[2]));

            var (exit, output, error) = Run(p5, p2, text);

            Assert.Equal(0, exit);
            Assert.Equal(string.Empty, error);
            AssertMatchesReference(output, p5, samples[0]);
            AssertMatchesReference(output, p2, samples[1]);
            AssertMatchesReference(output, text, samples[2]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_sample_of_the_wrong_size_is_an_error_line_and_exit_code_1()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "1 2 3");
            var (exit, output, error) = Run(file);
            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            Assert.Equal($"error: {file}: the network takes 784 input values, but the file holds 3", error.TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A seeded 28x28 image: a vertical stroke whose place and brightness vary with the seed.</summary>
    private static byte[] Sample(int seed)
    {
        var random = new Random(seed);
        var column = random.Next(8, 20);
        return Enumerable.Range(0, 784)
            .Select(i => (byte)(Math.Abs((i % 28) - column) <= 2 && i / 28 is >= 4 and < 24 ? random.Next(128, 256) : random.Next(0, 20)))
            .ToArray();
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = DigitClassifierApp.Run(args, output, error);
        return (exit, output.ToString().Replace("\r\n", "\n"), error.ToString());
    }

    private static void AssertMatchesReference(string output, string label, byte[] input)
    {
        var printed = Results(output)[label];
        Assert.Equal(Networks.Select(n => n.Name), printed.Keys);
        foreach (var (name, file) in Networks)
        {
            var expected = ExampleNetworks.Infer(file, input);
            Assert.Equal((expected.PredictedClass, string.Join(" ", expected.OutputSpikeCounts)), printed[name]);
        }
    }

    /// <summary>Per sample label, per network: the printed class and output spike counts.</summary>
    private static Dictionary<string, Dictionary<string, (int Class, string Spikes)>> Results(string output)
    {
        var line = new Regex(@"^  (?<name>\w+) +class (?<class>\d+)   output spikes \[(?<spikes>[\d ]+)\]   \d+\.\d us per inference$");
        var results = new Dictionary<string, Dictionary<string, (int, string)>>();
        var current = new Dictionary<string, (int, string)>();
        foreach (var text in output.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            if (!text.StartsWith(' '))
            {
                results[text] = current = new();
                continue;
            }

            var match = line.Match(text);
            Assert.True(match.Success, $"unexpected line: {text}");
            current[match.Groups["name"].Value] = (int.Parse(match.Groups["class"].Value), match.Groups["spikes"].Value);
        }

        return results;
    }
}
