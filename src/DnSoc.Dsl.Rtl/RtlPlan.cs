using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Rtl;

/// <summary>The core mapping the RTL is built from.</summary>
public static class RtlPlan
{
    /// <summary>
    /// The one seam between the RTL and the core mapping: the core planner's cores, with the memory images of
    /// the blob written from that plan (so the RTL, the firmware and the simulator agree by construction).
    /// Throws <see cref="RtlMappingException"/> for a network without cores or a core the RTL cannot build.
    /// </summary>
    public static IReadOnlyList<RtlCore> Cores(NetworkIr network)
    {
        var plan = CorePlanner.Plan(network);
        if (!plan.Mappable)
        {
            throw new RtlMappingException($"network '{network.Name}' has no cores to build: {plan.WhyNotMappable}");
        }

        var image = BlobImage.Parse(BlobWriter.Write(network, plan));
        return image.Cores.Select((c, index) => Checked(new RtlCore(
            index, c.Rows, c.Neurons, c.WeightBits, c.MembraneBits, c.Leak, c.Reset, c.Lanes, plan.Cores[index].FifoDepth,
            c.OpenLoop, c.AerSource, c.MaxNeuron, c.NeuronMemory.ToEquatableArray(), c.SynapseMemory.ToEquatableArray()))).ToArray();
    }

    // The banked memories split neurons and weights evenly over lanes (hardware/README.md#memories).
    private static RtlCore Checked(RtlCore core)
    {
        if ((core.Lanes & (core.Lanes - 1)) != 0 || core.Neurons % core.Lanes != 0)
        {
            throw new RtlMappingException($"core {core.Index} has {core.Lanes} lanes and {core.Neurons} neurons; the RTL needs lanes that are a power of two and divide the neurons (set 'lanes' or 'neurons' of the target)");
        }

        if (core.Neurons < 2 || core.Rows < 2)
        {
            throw new RtlMappingException($"core {core.Index} has {core.Rows} rows and {core.Neurons} neurons; the RTL needs at least 2 of each");
        }

        return core;
    }
}
