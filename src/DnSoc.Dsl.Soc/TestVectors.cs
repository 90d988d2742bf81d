using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Soc;

/// <summary>
/// One tinyODIN core's test vectors for one inference (docs/vectors.md): the SPI frames that program it
/// ({address[19:0], data[19:0]}), its input AER events (10 bits), its output AER events (8 bits) and its
/// neuron words at the end (32 bits, neurons 0 … MAX_NEUR).
/// </summary>
public sealed record CoreVectors(IReadOnlyList<long> Program, IReadOnlyList<int> EventsIn, IReadOnlyList<int> EventsOut, IReadOnlyList<uint> NeuronWords);

/// <summary>One core's traffic in one inference on any profile: SPI frames {address, data[19:0]}, events in and out, neuron words, cycles.</summary>
public sealed record CoreRun(IReadOnlyList<long> Program, IReadOnlyList<int> EventsIn, IReadOnlyList<int> EventsOut, IReadOnlyList<ulong> NeuronWords, long Cycles);

/// <summary>Every core's traffic, and the scheduler overflow that ended the run early, if one did.</summary>
public sealed record SocRun(IReadOnlyList<CoreRun> Cores, SchedulerOverflowException? Overflow);

/// <summary>Test vectors recorded from the firmware driving the simulator, and their hex files.</summary>
public static class TestVectors
{
    /// <summary>The files of one core: name suffix and hex digits per line.</summary>
    public static readonly (string Suffix, int Digits)[] Files =
    {
        ("program.txt", 10),
        ("aer-in.txt", 3),
        ("aer-out.txt", 2),
        ("neurons.txt", 8),
    };

    private const int SpiWordBits = 20;

    /// <summary>Program a simulated tinyODIN with the firmware and run one inference, recording each core's traffic.</summary>
    public static IReadOnlyList<CoreVectors> Record(byte[] blob, byte[] input)
    {
        if (BlobImage.Parse(blob).Profile != BlobLayout.ProfileTinyOdin)
        {
            throw new ArgumentException("test vectors are defined for the tinyODIN profile (20-bit SPI words, 10-bit events)");
        }

        var run = Run(blob, input);
        if (run.Overflow is { } overflow)
        {
            throw overflow;
        }

        return run.Cores.Select(c => new CoreVectors(c.Program, c.EventsIn, c.EventsOut, c.NeuronWords.Select(w => (uint)w).ToArray())).ToArray();
    }

    /// <summary>
    /// Any profile: program the simulated cores (built with the blob's core parameters) with the firmware and
    /// run one inference, recording each core's traffic and cycles. A scheduler overflow ends the run; the
    /// traffic up to it (the overflowing event included) is kept, for a testbench to reproduce it.
    /// </summary>
    public static SocRun Run(byte[] blob, byte[] input)
    {
        var image = BlobImage.Parse(blob);
        var simulator = new SocSimulator(image.Cores.Select(c => new CoreParameters(c.Rows, c.Neurons, c.WeightBits, c.MembraneBits, c.Leak, c.Reset, c.Lanes)));
        var trace = new TracingBus(simulator, image.Cores.Length);
        var controller = new Controller(image, trace);
        SchedulerOverflowException? overflow = null;
        controller.Program();
        try
        {
            controller.Infer(input);
        }
        catch (SchedulerOverflowException e)
        {
            overflow = e;
        }

        var cores = image.Cores.Select((core, c) =>
        {
            var t = trace.Cores[c];
            // The split into a program file and an event file is only faithful if nothing is written in between.
            var writeBit = BlobLayout.SpiFieldBits(core.Rows, core.Neurons, core.WeightBits, core.MembraneBits) + 2;
            if (t.Later.Any(f => ((f.Address >> writeBit) & 1) != 0))
            {
                throw new InvalidOperationException($"core {c} was written over SPI after its first event");
            }

            return new CoreRun(
                t.Program.Select(f => ((long)f.Address << SpiWordBits) | (uint)f.Data).ToArray(),
                t.EventsIn.ToArray(),
                t.EventsOut.ToArray(),
                Enumerable.Range(0, core.MaxNeuron + 1).Select(n => simulator.Cores[c].NeuronWord(n)).ToArray(),
                simulator.Cores[c].Cycles);
        }).ToArray();
        return new SocRun(cores, overflow);
    }

    /// <summary>The four files' texts, in the order of <see cref="Files"/>.</summary>
    public static string[] Format(CoreVectors vectors)
    {
        var values = new[]
        {
            vectors.Program,
            vectors.EventsIn.Select(e => (long)e),
            vectors.EventsOut.Select(e => (long)e),
            vectors.NeuronWords.Select(w => (long)w),
        };
        return values.Select((lines, k) => string.Concat(lines.Select(v => v.ToString("X" + Files[k].Digits, CultureInfo.InvariantCulture) + "\n"))).ToArray();
    }

    /// <summary>Parse the four files' texts back (the testbench's side); a malformed line is a <see cref="FormatException"/>.</summary>
    public static CoreVectors Parse(IReadOnlyList<string> texts)
    {
        var values = texts.Select((text, k) => ParseHex(text, Files[k].Digits, Files[k].Suffix)).ToArray();
        return new CoreVectors(values[0], values[1].Select(v => (int)v).ToArray(), values[2].Select(v => (int)v).ToArray(), values[3].Select(v => (uint)v).ToArray());
    }

    private static long[] ParseHex(string text, int digits, string file)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[lines.Length - 1].Length == 0 ? lines.Length - 1 : lines.Length;
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (lines[i].Length != digits || !long.TryParse(lines[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"{file} line {i + 1}: '{lines[i]}' is not {digits} hex digits");
            }
        }

        return values;
    }

    /// <summary>A short description of one core's vectors, for tools.</summary>
    public static string Summary(CoreVectors v) => new StringBuilder()
        .Append(v.Program.Count).Append(" SPI words, ")
        .Append(v.EventsIn.Count).Append(" input events (").Append(v.EventsIn.Count(e => (e >> 8) == BlobLayout.EventTimeReference)).Append(" time references), ")
        .Append(v.EventsOut.Count).Append(" output events, ")
        .Append(v.NeuronWords.Count).Append(" neuron words").ToString();
}
