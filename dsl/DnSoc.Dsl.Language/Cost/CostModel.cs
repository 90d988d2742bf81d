using System;
using System.Linq;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>
/// Spike events of one inference: input spikes (events into the first layer) and each layer's spikes
/// (events into the next layer; the output layer's go to the controller). Worst case: every input and
/// every neuron spikes at every timestep; expected case: counts measured by <c>snnc eval</c> or given by the caller.
/// </summary>
public sealed record EventCounts(double InputSpikes, EquatableArray<double> LayerSpikes, int Timesteps)
{
    public static EventCounts WorstCase(NetworkIr network) =>
        new((double)network.Timesteps * network.Input.Size,
            network.Layers.Select(l => (double)network.Timesteps * l.Size).ToEquatableArray(),
            network.Timesteps);

    /// <summary>Spike events delivered to layer <paramref name="index"/>.</summary>
    public double EventsInto(int index) => index == 0 ? InputSpikes : LayerSpikes[index - 1];
}

/// <summary>The estimate for one layer: one time-multiplexed core (or several, when the layer exceeds one) on the FPGA.</summary>
public sealed record LayerCost(
    string Name,
    int Cores,
    int Bram18,
    double Lut,
    double Ff,
    int Dsp,
    double SynapticOps,
    double Cycles,
    long WeightTableBytes);

/// <summary>The estimate for a whole network at one activity (docs/cost-model.md).</summary>
/// <param name="Bram36">Block RAMs in RAMB36 units (a RAMB18 counts 0.5).</param>
/// <param name="FmaxHz">Estimated maximum clock of the core's datapath (0 for MCU targets).</param>
/// <param name="Cycles">Core cycles (FPGA) or CPU cycles (MCU) per inference.</param>
/// <param name="LatencySeconds">Cycles at the target clock.</param>
/// <param name="PowerWatts">Static + dynamic power while inferring.</param>
/// <param name="EnergyJoules">Power x latency per inference.</param>
/// <param name="FlashBytes">The generated class: weight tables as the emitter packs them + estimated code.</param>
/// <param name="RamBytes">Payload of the generated class's state arrays.</param>
/// <param name="DenseMacCycles">MCU only: cycles of a dense int8 network of the same shape (break-even), else 0.</param>
public sealed record NetworkCost(
    string Network,
    TargetKind Target,
    EquatableArray<LayerCost> Layers,
    double Lut,
    double Ff,
    double Bram36,
    int Dsp,
    double FmaxHz,
    double ClockHz,
    double Cycles,
    double LatencySeconds,
    double StaticWatts,
    double PowerWatts,
    double EnergyJoules,
    double SynapticOps,
    long FlashBytes,
    long RamBytes,
    double DenseMacCycles)
{
    public double EnergyPerSop => SynapticOps > 0 ? EnergyJoules / SynapticOps : 0;

    public double CyclesPerTimestep(int timesteps) => Cycles / timesteps;

    /// <summary>The estimate compared with a budget metric.</summary>
    public double Value(BudgetMetric metric) => metric switch
    {
        BudgetMetric.Lut => Lut,
        BudgetMetric.Ff => Ff,
        BudgetMetric.Bram => Bram36,
        BudgetMetric.Dsp => Dsp,
        BudgetMetric.Power => PowerWatts,
        BudgetMetric.Energy => EnergyJoules,
        BudgetMetric.Latency => LatencySeconds,
        BudgetMetric.Flash => FlashBytes,
        _ => RamBytes,
    };
}

/// <summary>
/// The analytical cost model: FPGA area, timing, power and energy for the DN-SoC and tinyODIN targets
/// (one tinyODIN-style core per layer), and flash, RAM, cycles and energy of the generated code for MCUs.
/// Every constant comes from <see cref="CostConstants"/>; every formula is in docs/cost-model.md.
/// </summary>
public static class CostModel
{
    private const int Bram18Bits = 18 * 1024;

    public static NetworkCost Estimate(NetworkIr network) => Estimate(network, EventCounts.WorstCase(network));

    public static NetworkCost Estimate(NetworkIr network, EventCounts events) =>
        network.Target.Kind == TargetKind.Mcu ? Mcu(network, events) : Fpga(network, events);

    /// <summary>tinyODIN cycles of one spike event reaching <paramref name="neurons"/> neurons over <paramref name="lanes"/> lanes.</summary>
    public static double SpikeEventCycles(int neurons, int lanes) =>
        CostConstants.Get("core.cycles.push") + (CostConstants.Get("core.cycles.sop") * Ceil(neurons, lanes));

    /// <summary>tinyODIN cycles of one time-reference (leak) event over <paramref name="neurons"/> neurons.</summary>
    public static double LeakEventCycles(int neurons, int lanes) => CostConstants.Get("core.cycles.leak") * Ceil(neurons, lanes);

    /// <summary>
    /// RAMB18 blocks of a memory <paramref name="width"/> bits wide and <paramref name="depth"/> words deep,
    /// FINN's mapping onto 7-series aspect ratios (field.md 2.2).
    /// </summary>
    public static int Bram18(long width, long depth)
    {
        if (width <= 0 || depth <= 0)
        {
            return 0;
        }

        return width switch
        {
            1 => (int)Ceil(depth, 16384),
            2 => (int)Ceil(depth, 8192),
            <= 4 => (int)(Ceil(depth, 4096) * Ceil(width, 4)),
            <= 9 => (int)(Ceil(depth, 2048) * Ceil(width, 9)),
            _ when width <= 18 || depth > 512 => (int)(Ceil(depth, 1024) * Ceil(width, 18)),
            _ => (int)(Ceil(depth, 512) * Ceil(width, 36)),
        };
    }

    /// <summary>Bytes of a layer's weight tables as <c>CSharpEmitter</c> (nano flavour) emits them, dense or sparse rows.</summary>
    public static long WeightTableBytes(LayerIr layer, UpdateMode update) =>
        layer.SparseRows(update) ? layer.SparseTableBytes : layer.DenseTableBytes;

    /// <summary>Synapses one spike event visits in the generated code: the row's nonzero weights on average when sparse, else every neuron.</summary>
    public static double VisitedPerEvent(LayerIr layer, UpdateMode update) =>
        layer.SparseRows(update) ? (double)layer.NonzeroWeights / layer.InputSize : layer.Size;


    private static NetworkCost Fpga(NetworkIr network, EventCounts events)
    {
        var target = network.Target;
        var layers = network.Layers.Select(layer => FpgaLayer(layer, network.Update, target, events)).ToEquatableArray();
        var lut = layers.Sum(l => l.Lut);
        var ff = layers.Sum(l => l.Ff);
        var bram18 = layers.Sum(l => l.Bram18);
        var cycles = layers.Sum(l => l.Cycles);
        var clock = (double)target.ClockHz;
        var latency = cycles / clock;

        var toggle = CostConstants.Get("fpga.toggle");
        var perCycle = (toggle * ((lut * CostConstants.Get("fpga.e.lut")) + (ff * CostConstants.Get("fpga.e.ff"))))
                       + (CostConstants.Get("fpga.bram.duty") * bram18 * CostConstants.Get("fpga.e.bram"))
                       + (ff * CostConstants.Get("fpga.e.clock_per_ff"));
        var dynamic = clock * perCycle * 1e-12;
        var staticWatts = CostConstants.Get("fpga.p.static");
        var power = staticWatts + dynamic;
        var sops = layers.Sum(l => l.SynapticOps);
        return new NetworkCost(network.Name, target.Kind, layers, lut, ff, bram18 / CostConstants.Get("fpga.bram18.per_bram36"),
            layers.Sum(l => l.Dsp), Fmax(network), clock, cycles, latency, staticWatts, power, power * latency, sops,
            Flash(network), Ram(network), 0);
    }

    private static LayerCost FpgaLayer(LayerIr layer, UpdateMode update, TargetIr target, EventCounts events)
    {
        var lanes = target.Lanes;
        var rowSlices = (int)Ceil(layer.InputSize, target.Rows);
        var neuronSlices = (int)Ceil(layer.Size, target.NeuronsPerCore);
        var cores = rowSlices * neuronSlices;
        var membrane = layer.Neuron.MembraneBits;

        // Each core holds its slice: weights lanes*b_w wide, membrane + threshold + leak/disable per neuron word.
        var synapseBram = Bram18((long)lanes * layer.WeightBits, Ceil((long)layer.InputSize * layer.Size, lanes));
        var neuronBram = rowSlices * Bram18((2L * membrane) + (long)CostConstants.Get("fpga.neuron.extra_bits"), layer.Size);
        var lutPerCore = CostConstants.Get("fpga.lut.base")
                         + (lanes * ((CostConstants.Get("fpga.lut.per_membrane_bit") * membrane) + (CostConstants.Get("fpga.lut.per_weight_bit") * layer.WeightBits)));
        var coreNeurons = Math.Min(layer.Size, target.NeuronsPerCore);
        var ffPerCore = CostConstants.Get("fpga.ff.control")
                        + (lanes * (layer.WeightBits + membrane + Log2Ceil(coreNeurons)));

        // Events into a layer reach every core of its row slice; the cores of the neuron slices run in parallel.
        var spikes = events.EventsInto(layer.Index);
        var cycles = (spikes * SpikeEventCycles(coreNeurons, lanes)) + (events.Timesteps * rowSlices * LeakEventCycles(coreNeurons, lanes));
        return new LayerCost(layer.Name, cores, synapseBram + neuronBram, cores * lutPerCore, cores * ffPerCore,
            cores * lanes * (int)CostConstants.Get("fpga.dsp.per_lane"), spikes * layer.Size, cycles, WeightTableBytes(layer, update));
    }

    /// <summary>Critical path: neuron-memory read -> membrane adder carry chain -> compare/mux -> register.</summary>
    private static double Fmax(NetworkIr network)
    {
        var bits = network.Layers.Max(l => l.Neuron.MembraneBits);
        var ns = CostConstants.Get("fpga.t.bram_clk_to_out")
                 + (CostConstants.Get("fpga.logic_levels") * (CostConstants.Get("fpga.t.lut") + CostConstants.Get("fpga.t.net")))
                 + (Ceil(bits, 4) * CostConstants.Get("fpga.t.carry_per_4_bits"))
                 + CostConstants.Get("fpga.t.setup");
        return 1e9 / ns;
    }

    private static NetworkCost Mcu(NetworkIr network, EventCounts events)
    {
        var core = network.Target.McuCore ?? "cortex_m4";
        double C(string name) => CostConstants.Get($"mcu.{core}.{name}");
        var layers = network.Layers.Select(layer =>
        {
            var sops = events.EventsInto(layer.Index) * layer.Size;

            // The code's work per event is the synapses it visits: fewer than the SOPs when rows are sparse.
            var visited = events.EventsInto(layer.Index) * VisitedPerEvent(layer, network.Update);
            var updates = (double)events.Timesteps * layer.Size;
            var cycles = (visited * C("c_sop")) + (updates * C("c_nu")) + (events.EventsInto(layer.Index) * C("c_spk"));
            return new LayerCost(layer.Name, 0, 0, 0, 0, 0, sops, cycles, WeightTableBytes(layer, network.Update));
        }).ToEquatableArray();
        var cycles = layers.Sum(l => l.Cycles) + (events.Timesteps * C("c_step"));
        var clock = (double)network.Target.ClockHz;
        var latency = cycles / clock;
        var energy = cycles * C("e_cycle") * 1e-12;
        var dense = network.Layers.Sum(l => (double)l.InputSize * l.Size) * C("c_mac");
        return new NetworkCost(network.Name, TargetKind.Mcu, layers, 0, 0, 0, 0, 0, clock, cycles, latency, 0,
            energy / latency, energy, layers.Sum(l => l.SynapticOps), Flash(network), Ram(network), dense);
    }

    // A sparse row is a plain loop over its nonzero weights: one neuron body, not unrolled.
    private static long Flash(NetworkIr network) =>
        network.Layers.Sum(l => WeightTableBytes(l, network.Update))
        + (long)CostConstants.Get("mcu.code.base")
        + network.Layers.Sum(l => (long)CostConstants.Get("mcu.code.per_layer")
                                  + ((l.SparseRows(network.Update) ? 1 : l.EffectiveUnroll) * (long)CostConstants.Get("mcu.code.per_unrolled_neuron")));

    /// <summary>The int[] elements the emitted class allocates (CSharpEmitter.State), in bytes.</summary>
    private static long Ram(NetworkIr network)
    {
        long ints = network.Layers.Sum(l => (long)l.Size) * (network.Update == UpdateMode.PerStep ? 3 : 1);
        ints += network.Update == UpdateMode.PerStep ? network.Input.Size : Math.Max(64, network.Input.Size);
        ints += network.Layers.Count + network.OutputLayer.Size;
        return ints * (long)CostConstants.Get("mcu.ram.per_int");
    }

    private static long Ceil(long value, long divisor) => (value + divisor - 1) / divisor;

    private static int Log2Ceil(int value)
    {
        var bits = 0;
        while ((1 << bits) < value)
        {
            bits++;
        }

        return bits;
    }
}
