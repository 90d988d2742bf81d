namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>
/// Dynamic energy of one inference as the sum over resource classes of activity times energy per access or toggle,
/// plus static power per device (docs/cost-model.md#power-and-energy). The activity comes from <see cref="CoreActivity"/>; the
/// bits a neuron update toggles were measured by RTL simulation of the MNIST examples on real digits
/// (cost-constants.tsv fpga.activity.*). The energies per access are sourced seeds: no open power estimator exists
/// and no vendor power report was run, so every power figure is labelled unvalidated.
/// </summary>
public static class PowerModel
{
    /// <param name="cycles">The core's busy cycles in the inference.</param>
    /// <param name="weightBitsFraction">Weight bits read over a full-width read (below 1 with a layer precision's bit-plane banks).</param>
    /// <param name="worstCase">True for the worst-case estimate: every membrane bit toggles on every update.</param>
    public static double DynamicJoules(CoreActivity activity, double cycles, CoreShape core, FpgaArea area, FpgaDevice device, double weightBitsFraction, bool worstCase)
    {
        double E(string name) => CostConstants.Get($"fpga.e.{name}") * CostConstants.Get($"{device.FamilyKey}.e.scale");
        var toggles = worstCase ? core.MembraneBits : CostConstants.Get("fpga.activity.toggles_per_update");
        var picojoules =
            (activity.SynapseReads * weightBitsFraction * E("bram_read"))
            + (activity.NeuronWrites * core.NeuronWords * (E("bram_read") + E("bram_write")))
            + (activity.FifoPushes * (E("bram_read") + E("bram_write")))
            + (activity.NeuronWrites * toggles * E("datapath_toggle"))
            + (activity.OutputEvents * E("aer_event"))
            + (cycles * ((area.Ff * E("clock_per_ff")) + (area.Lut * CostConstants.Get("fpga.toggle") * E("lut"))));
        return picojoules * 1e-12;
    }

    public static double StaticWatts(FpgaDevice device) => CostConstants.Get($"{device.Name}.p.static");
}
