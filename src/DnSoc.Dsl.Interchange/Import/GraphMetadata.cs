using System.Linq;

using DnSoc.Dsl.Interchange.Nir;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>The network-wide dnsoc metadata of the top-level graph (docs/nir.md#metadata); null where the file says nothing.</summary>
internal sealed class GraphMetadata
{
    private const string Owner = "node";

    public GraphMetadata(NirGraph graph, Metadata metadata)
    {
        NirValue? Value(string key) => graph.Metadata.FirstOrDefault(v => v.Name == key);
        int? Integer(string key, long min, long max) => metadata.Integer(Owner, Value(key), key, min, max);

        Network = metadata.Identifier(Owner, Value(DnsocMetadata.Network), DnsocMetadata.Network);
        Target = metadata.Option(Owner, Value(DnsocMetadata.Target), DnsocMetadata.Target, new[] { "dnsoc", "tinyodin", "mcu" });
        Rows = Integer(DnsocMetadata.Rows, 1, 65536);
        NeuronsPerCore = Integer(DnsocMetadata.NeuronsPerCore, 1, 65536);
        WeightBits = Integer(DnsocMetadata.TargetWeightBits, 1, 16);
        MembraneBits = Integer(DnsocMetadata.TargetMembraneBits, 2, 24);
        ClockHz = metadata.Long(Owner, Value(DnsocMetadata.ClockHz), DnsocMetadata.ClockHz, 1000, 5_000_000_000);
        Lanes = Integer(DnsocMetadata.Lanes, 1, 65536);
        McuCore = metadata.Option(Owner, Value(DnsocMetadata.McuCore), DnsocMetadata.McuCore, new[] { "cortex_m0plus", "cortex_m4", "cortex_m7", "riscv32" });
        Timesteps = Integer(DnsocMetadata.Timesteps, 1, 1024);
        Update = metadata.Option(Owner, Value(DnsocMetadata.Update), DnsocMetadata.Update, new[] { "per_event", "per_step" });
        Readout = metadata.Option(Owner, Value(DnsocMetadata.Readout), DnsocMetadata.Readout, new[] { "count", "membrane", "potential" });
        EarlyExitMinTimesteps = Integer(DnsocMetadata.EarlyExitMinTimesteps, 1, 1024);
        EarlyExitMargin = Integer(DnsocMetadata.EarlyExitMargin, 0, int.MaxValue);
        EarlyExitEvery = Integer(DnsocMetadata.EarlyExitEvery, 1, 1024);
    }

    public string? Network { get; }

    public string? Target { get; }

    public int? Rows { get; }

    public int? NeuronsPerCore { get; }

    public int? WeightBits { get; }

    public int? MembraneBits { get; }

    public long? ClockHz { get; }

    public int? Lanes { get; }

    public string? McuCore { get; }

    public int? Timesteps { get; }

    public string? Update { get; }

    public string? Readout { get; }

    public int? EarlyExitMinTimesteps { get; }

    public int? EarlyExitMargin { get; }

    public int? EarlyExitEvery { get; }
}
