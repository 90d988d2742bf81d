using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Soc;
using DnSoc.Dsl.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>
/// snnc vectors, checked the way a testbench would use the files: parse the hex, program a fresh core
/// with the SPI words, feed it the events, compare its output events and neuron words (docs/vectors.md).
/// </summary>
public sealed class VectorTests
{
    private static readonly string TinyOdinProfile = RepoPaths.Combine("tests", "corpus", "valid", "tinyodin-profile.snn");

    private readonly ITestOutputHelper output;

    public VectorTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("tests/corpus/valid/tinyodin-profile.snn", -1)] // two cores, open loop
    [InlineData("tests/corpus/valid/tinyodin-shared-core.snn", -1)] // one core, closed loop
    [InlineData("examples/tinyodin-mnist.snn", 0)] // one full core, the first digit of the committed sample
    public void Replaying_the_files_into_a_fresh_core_gives_the_expected_events_and_neuron_words(string file, int digit)
    {
        var input = digit < 0 ? new byte[] { 200, 50, 180, 255 } : Data.Fixture.Set.Image(digit);
        var (network, cores) = Write(RepoPaths.Combine(file.Split('/')), string.Join(" ", input));
        var reference = new ReferenceModel(network).Infer(input);
        var layers = DnSoc.Firmware.BlobImage.Parse(DnSoc.Dsl.Backend.Blob.BlobWriter.Write(network)).Layers;
        Assert.Equal(layers[^1].Core + 1, cores.Count);
        foreach (var expected in cores)
        {
            var (events, words) = Replay(expected);
            Assert.Equal(expected.EventsOut, events);
            Assert.Equal(expected.NeuronWords, words);
            output.WriteLine(TestVectors.Summary(expected));
        }

        // The expected files are the language's semantics, not just the simulator's: spikes and membranes per layer.
        for (var m = 0; m < layers.Length; m++)
        {
            var (core, offset) = (cores[layers[m].Core], layers[m].Offset);
            var counts = Enumerable.Range(offset, layers[m].Size).Select(n => core.EventsOut.Count(e => e == n)).ToArray();
            Assert.Equal(reference.SpikeCounts[m], counts.ToEquatableArray());
            Assert.Equal(reference.FinalMembranes[m], core.NeuronWords.Skip(offset).Take(layers[m].Size).Select(w => ((int)w << 20) >> 20).ToArray().ToEquatableArray());
        }

        Assert.True(reference.SpikeCounts[^1].Sum() > 0, "the output layer spikes, so the comparison means something");
    }

    [Fact]
    public void The_files_have_the_documented_first_and_last_lines()
    {
        var folder = Folder();
        Assert.Equal(0, Run("vectors", TinyOdinProfile, "--input", Sample("200 50 180 255"), "-o", folder));
        var program = File.ReadAllLines(Path.Combine(folder, "TinyOdinSmall.core0.program.txt"));

        // docs/vectors.md: write bit 18, command 0, register 0 (gate) = 1; then open loop = 1; ... gate = 0 last.
        Assert.Equal(new[] { "4000000001", "4000100001", "4000200000", "4000300002" }, program.Take(4));
        Assert.Equal("4000000000", program[^1]);
        var events = File.ReadAllLines(Path.Combine(folder, "TinyOdinSmall.core0.aer-in.txt"));
        Assert.Equal(new[] { "000", "002", "003", "1FF" }, events.Take(4)); // inputs 0, 2, 3 reach the threshold 100; then the time reference
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "TinyOdinSmall.core0.neurons.txt")).Length);
    }

    [Theory]
    [InlineData("gate left on", -1, 0)] // the last frame's data bit 0: the core stays gated and refuses events
    [InlineData("MAX_NEUR 2 -> 0", 3, 1)] // only neuron 0 is updated
    [InlineData("threshold of neuron 1", 9, 4)] // byte 1 of neuron 1, bit 4: threshold bit 0 (word bit 12), 9 becomes 8
    public void A_flipped_bit_in_the_program_file_changes_the_outcome_or_is_refused(string what, int line, int bit)
    {
        var (_, cores) = Write(TinyOdinProfile, "200 50 180 255");
        var expected = cores[0];
        var program = expected.Program.ToArray();
        var at = line < 0 ? program.Length + line : line;
        program[at] ^= 1L << bit;
        var damaged = expected with { Program = program };
        try
        {
            var (events, words) = Replay(damaged);
            Assert.False(events.SequenceEqual(expected.EventsOut) && words.SequenceEqual(expected.NeuronWords), what);
        }
        catch (InvalidOperationException refused)
        {
            output.WriteLine($"{what}: refused ({refused.Message})");
        }
    }

    [Fact]
    public void A_malformed_line_is_refused_with_its_position()
    {
        var texts = TestVectors.Format(Write(TinyOdinProfile, "200 50 180 255").Cores[0]);
        texts[1] = texts[1].Replace("1FF", "1FG");
        Assert.Contains("aer-in.txt line 4", Assert.Throws<FormatException>(() => TestVectors.Parse(texts)).Message);
    }

    [Fact]
    public void Only_tinyodin_networks_have_vectors()
    {
        var (exit, _, error) = RunCapturing("vectors", RepoPaths.Combine("tests", "corpus", "valid", "tiny-dnsoc.snn"), "--input", Sample("1 2 3 4"), "-o", Folder());
        Assert.Equal(1, exit);
        Assert.Contains("tinyODIN profile", error);
    }

    // A testbench's view: SPI words in order, then one event at a time, collecting what comes out.
    private static (List<int> Events, List<uint> Words) Replay(CoreVectors vectors)
    {
        var soc = new SocSimulator(new[] { CoreParameters.TinyOdin });
        foreach (var word in vectors.Program)
        {
            soc.Transfer(0, (int)(word >> 20), (int)(word & 0xFFFFF));
        }

        var events = new List<int>();
        foreach (var e in vectors.EventsIn)
        {
            soc.SendEvent(0, e);
            for (var o = soc.ReceiveEvent(0); o >= 0; o = soc.ReceiveEvent(0))
            {
                events.Add(o);
            }
        }

        return (events, vectors.NeuronWords.Select((_, n) => (uint)soc.Cores[0].NeuronWord(n)).ToList());
    }

    /// <summary>Runs snnc vectors and reads every core's files back through the parser.</summary>
    private static (NetworkIr Network, List<CoreVectors> Cores) Write(string file, string input)
    {
        var folder = Folder();
        Assert.Equal(0, Run("vectors", file, "--input", Sample(input), "-o", folder));
        var compilation = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(file)), new DirectoryResolver(Path.GetDirectoryName(file)!));
        var network = compilation.Networks.Single();
        var cores = new List<CoreVectors>();
        for (var c = 0; File.Exists(Path.Combine(folder, $"{network.Name}.core{c}.program.txt")); c++)
        {
            cores.Add(TestVectors.Parse(TestVectors.Files.Select(f => File.ReadAllText(Path.Combine(folder, $"{network.Name}.core{c}.{f.Suffix}"))).ToArray()));
        }

        return (network, cores);
    }

    private static string Folder() => Directory.CreateTempSubdirectory("snnc-vectors-").FullName;

    private static string Sample(string values)
    {
        var path = Path.Combine(Folder(), "input.txt");
        File.WriteAllText(path, values);
        return path;
    }

    private static int Run(params string[] args) => RunCapturing(args).Exit;

    private static (int Exit, string Output, string Error) RunCapturing(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
