namespace DnSoc.Firmware;

/// <summary>
/// The rate encoder's hash (docs/semantics.md#encoding), in unsigned arithmetic that wraps modulo 2^32. One copy:
/// the back end's reference model compiles this file too, so the firmware and the reference model cannot disagree.
/// Internal, so the two assemblies that hold it never clash. Mixer: "lowbias32" by C. Wellons.
/// </summary>
internal static class InputHash
{
    public static uint Hash(uint seed, int timestep, int index)
    {
        unchecked
        {
            var h = seed ^ ((uint)timestep * 0x9E3779B1u) ^ ((uint)index * 0x85EBCA77u);
            h ^= h >> 16;
            h *= 0x7FEB352Du;
            h ^= h >> 15;
            h *= 0x846CA68Bu;
            h ^= h >> 16;
            return h;
        }
    }
}
