using System;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Reference;

/// <summary>Input spikes from byte intensities (docs/semantics.md#encoding).</summary>
public static class InputEncoder
{
    /// <summary>
    /// Counter-based: a pure function of (seed, timestep, index), so inputs can be skipped or
    /// computed in any order and every platform gets the same spikes. The one copy is the firmware's
    /// (firmware/InputHash.cs, compiled into this assembly too).
    /// </summary>
    public static uint Hash(uint seed, int timestep, int index) => DnSoc.Firmware.InputHash.Hash(seed, timestep, index);

    public static bool Spikes(InputIr input, byte intensity, int timestep, int index) => input.Encoding switch
    {
        EncodingKind.Rate => (Hash(input.Seed, timestep, index) >> 24) < intensity,
        EncodingKind.Direct => intensity >= input.DirectThreshold,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input.Encoding, "Unknown encoding."),
    };
}
