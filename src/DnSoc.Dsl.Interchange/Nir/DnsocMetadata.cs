namespace DnSoc.Dsl.Interchange.Nir;

/// <summary>
/// The metadata keys under which an export keeps the network's exact integer semantics and an import reads
/// them back (docs/nir.md#metadata). NIR metadata is free-form; every key starts with "dnsoc_" so that it
/// cannot clash with another tool's.
/// </summary>
public static class DnsocMetadata
{
    // On the top-level graph.
    public const string Network = "dnsoc_network";
    public const string Target = "dnsoc_target";
    public const string Rows = "dnsoc_rows";
    public const string NeuronsPerCore = "dnsoc_neurons";
    public const string TargetWeightBits = "dnsoc_weight_bits";
    public const string TargetMembraneBits = "dnsoc_membrane_bits";
    public const string ClockHz = "dnsoc_clock_hz";
    public const string Lanes = "dnsoc_lanes";
    public const string McuCore = "dnsoc_mcu_core";
    public const string Timesteps = "dnsoc_timesteps";
    public const string Update = "dnsoc_update";
    public const string Readout = "dnsoc_readout";
    public const string EarlyExitMinTimesteps = "dnsoc_early_exit_min_timesteps";
    public const string EarlyExitMargin = "dnsoc_early_exit_margin";
    public const string EarlyExitEvery = "dnsoc_early_exit_every";

    // On the Input node.
    public const string Name = "dnsoc_name";
    public const string Encoding = "dnsoc_encoding";
    public const string Seed = "dnsoc_seed";
    public const string DirectThreshold = "dnsoc_direct_threshold";
    public const string RawShape = "dnsoc_raw_shape";

    // On a layer's Linear node.
    public const string WeightBits = "dnsoc_weight_bits";
    public const string Scale = "dnsoc_scale";
    public const string Unroll = "dnsoc_unroll";
    public const string Core = "dnsoc_core";

    // On a layer's neuron node.
    public const string Neuron = "dnsoc_neuron";
    public const string Threshold = "dnsoc_threshold";
    public const string Leak = "dnsoc_leak";
    public const string LeakAmount = "dnsoc_leak_amount";
    public const string Reset = "dnsoc_reset";
    public const string MembraneBits = "dnsoc_membrane_bits";

    /// <summary>The time step the export writes its continuous-time parameters for: snnTorch's (docs/nir.md#export).</summary>
    public const double ExportDt = 1e-4;
}
