using System;
using System.IO;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Parsing;

/// <summary>
/// Random and mutated .snn texts through the whole compiler core: no exception may escape, every
/// diagnostic must point inside its file, and whatever lowers must be runnable by the reference model.
/// Seeded and bounded, so a failure reproduces.
/// </summary>
public class CompilerFuzzTests
{
    private static readonly string ValidFolder = RepoPaths.Combine("tests", "corpus", "valid");

    private static readonly string[] Vocabulary =
    {
        "network", "target", "timesteps", "update", "input", "encode", "neuron", "layer", "from", "weights", "readout",
        "budget", "quantize", "prune", "dynamic", "lif", "dnsoc", "tinyodin", "mcu", "rate", "direct", "count", "membrane",
        "threshold", "leak", "reset", "subtract", "shift", "zero", "seed", "clock", "MHz", "mW", "KB", "bits", "x", "h", "N",
        "{", "}", "(", ")", "[", "]", ";", ":", ",", "<=", "-", "0", "1", "7", "128", "99999999999999999999999", "0x1F",
        "1.5", "2e3", "\"tiny.w.txt#h\"", "\"", "//", "/*", "*/", "\n", " ", "$", "é", "\t",
    };

    [Fact]
    public void Random_token_soup_never_throws()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 1500; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 60);
            for (var k = 0; k < length; k++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(3) == 0 ? string.Empty : " ");
            }

            CompileAndCheck(text.ToString(), $"soup #{i}");
        }
    }

    [Fact]
    public void Mutated_valid_files_never_throw()
    {
        var random = new Random(42);
        var sources = Directory.GetFiles(ValidFolder, "*.snn").Where(f => !f.EndsWith(".diagnostics.snn")).Select(File.ReadAllText).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var text = sources[random.Next(sources.Length)];
            var mutations = random.Next(1, 5);
            for (var m = 0; m < mutations; m++)
            {
                text = Mutate(text, random);
            }

            CompileAndCheck(text, $"mutant #{i}");
        }
    }

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0)
        {
            return Vocabulary[random.Next(Vocabulary.Length)];
        }

        var at = random.Next(text.Length);
        var span = Math.Min(text.Length - at, random.Next(1, 12));
        return random.Next(5) switch
        {
            0 => text.Remove(at, span),
            1 => text.Insert(at, Vocabulary[random.Next(Vocabulary.Length)]),
            2 => text.Insert(at, text.Substring(random.Next(text.Length - span + 1), span)),
            3 => text.Substring(0, at) + (char)random.Next(1, 0x3000) + text.Substring(at + 1),
            _ => text.Substring(0, at),
        };
    }

    private static void CompileAndCheck(string text, string label)
    {
        SnnCompilation compilation;
        try
        {
            compilation = SnnCompiler.Compile(new SourceFile("fuzz.snn", text), new DirectoryResolver(ValidFolder));
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{label}: the compiler threw on this input:\n{text}\n{e}");
        }

        foreach (var d in compilation.Diagnostics.Where(d => d.Location.Path == "fuzz.snn"))
        {
            Assert.True(d.Location.Span.Start >= 0 && d.Location.Span.End <= text.Length, $"{label}: {d} points outside the file");
            Assert.False(string.IsNullOrWhiteSpace(d.Message), $"{label}: {d.Code} has no message");
        }

        Assert.True(!compilation.HasErrors || compilation.Networks.IsEmpty, $"{label}: lowered despite errors");
        foreach (var network in compilation.Networks)
        {
            // Whatever the front end accepts, the reference model must accept and run.
            var result = new ReferenceModel(network).Infer(new byte[network.Input.RawSize]);
            Assert.InRange(result.PredictedClass, 0, network.OutputLayer.Size - 1);
        }
    }
}
