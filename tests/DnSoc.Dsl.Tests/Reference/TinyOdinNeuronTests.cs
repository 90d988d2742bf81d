using System;
using System.Collections.Generic;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>
/// NeuronRule against an independent oracle of tinyODIN's neuron update, written on the 32-bit
/// neuron word exactly as /work/shared/notes/hardware.md words it, over every state, weight and leak.
/// </summary>
public class TinyOdinNeuronTests
{
    public static IEnumerable<object[]> Thresholds()
    {
        // 0 and 2048..4095 lie outside NeuronIr's range but are legal 12-bit words: checked anyway,
        // because they show the signed compare agrees with the core's unsigned one.
        var thresholds = new List<int> { 0, 1, 2, 7, 100, 1000, 2047, 2048, 4095 };
        var random = new Random(20250611);
        for (var k = 0; k < 6; k++)
        {
            thresholds.Add(random.Next(1, 2048));
        }

        foreach (var threshold in thresholds)
        {
            yield return new object[] { threshold };
        }
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Synaptic_event_matches_core_for_all_states_and_weights(int threshold)
    {
        var leak = threshold % 128; // irrelevant to synaptic events, but must be carried through
        var neuron = TinyOdin(threshold, leak);
        for (uint disable = 0; disable <= 1; disable++)
        {
            for (uint state = 0; state < 4096; state++)
            {
                var word = Word(state, (uint)threshold, (uint)leak, disable);
                for (var nibble = 0; nibble < 16; nibble++)
                {
                    var (coreWord, coreEvent) = OracleSynaptic(word, (uint)nibble);
                    var v = NeuronRule.Integrate(SignExtend12(state), SignExtend4(nibble), neuron);
                    Check(word, coreWord, coreEvent, v, neuron, $"weight nibble {nibble:X}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Leak_event_matches_core_for_all_states_and_leaks(int threshold)
    {
        for (uint leak = 0; leak < 128; leak++)
        {
            var neuron = TinyOdin(threshold, (int)leak);
            for (uint disable = 0; disable <= 1; disable++)
            {
                for (uint state = 0; state < 4096; state++)
                {
                    var word = Word(state, (uint)threshold, leak, disable);
                    var (coreWord, coreEvent) = OracleLeak(word);
                    var v = NeuronRule.Leak(SignExtend12(state), neuron);
                    Check(word, coreWord, coreEvent, v, neuron, "leak event");
                }
            }
        }
    }

    private static NeuronIr TinyOdin(int threshold, int leak) =>
        new("n", threshold, LeakKind.Subtract, leak, ResetKind.Zero, 12);

    // The model's side: after the update, test and reset (docs/semantics.md#per-event).
    private static void Check(uint word, uint coreWord, bool coreEvent, int v, NeuronIr neuron, string what)
    {
        var fires = NeuronRule.Fires(v, neuron);
        var after = fires ? NeuronRule.Reset(v, neuron) : v;
        var disabled = (word >> 31) != 0;
        var expectedState = SignExtend12(coreWord & 0xFFF);
        if (after != expectedState || (fires && !disabled) != coreEvent || (coreWord & 0xFFFFF000u) != (word & 0xFFFFF000u))
        {
            Assert.Fail($"word 0x{word:X8}, {what}: core -> state {expectedState}, event {coreEvent}; model -> state {after}, fires {fires}");
        }
    }

    // ---- Oracle: hardware.md, on the word. Bits 11..0 state (signed), 23..12 threshold (unsigned),
    // 30..24 leak, 31 disable. Returns the new word and whether an output event is emitted.

    private static uint Word(uint state, uint threshold, uint leak, uint disable) =>
        (disable << 31) | (leak << 24) | (threshold << 12) | state;

    private static (uint Word, bool Event) OracleSynaptic(uint word, uint nibble)
    {
        var state = SignExtend12(word & 0xFFF);
        var weight = SignExtend4((int)nibble);
        var next = state + weight;
        if (next > 2047)
        {
            next = 2047;
        }

        if (next < -2048)
        {
            next = -2048;
        }

        return FireAndWrite(word, next);
    }

    private static (uint Word, bool Event) OracleLeak(uint word)
    {
        var state = SignExtend12(word & 0xFFF);
        var leak = (int)((word >> 24) & 0x7F);
        var next = state >= 0 ? Math.Max(state - leak, 0) : Math.Min(state + leak, 0);
        return FireAndWrite(word, next);
    }

    private static (uint Word, bool Event) FireAndWrite(uint word, int next)
    {
        var threshold = (word >> 12) & 0xFFF;
        var disabled = (word >> 31) != 0;
        var fire = next >= 0 && (uint)next >= threshold;
        if (fire)
        {
            next = 0; // a disabled neuron is reset too, it just emits nothing
        }

        return ((word & 0xFFFFF000u) | ((uint)next & 0xFFF), fire && !disabled);
    }

    private static int SignExtend12(uint bits) => (bits & 0x800) != 0 ? (int)bits - 4096 : (int)bits;

    private static int SignExtend4(int nibble) => (nibble & 0x8) != 0 ? nibble - 16 : nibble;
}
