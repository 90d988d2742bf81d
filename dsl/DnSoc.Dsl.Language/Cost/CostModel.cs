using System.Linq;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>
/// Spike events of one inference: input spikes (events into the first layer) and each layer's spikes
/// (events into the next layer; the output layer's go to the controller). Worst case: every input and
/// every neuron spikes at every timestep; expected case: counts measured by <c>snnc eval</c> or given by the caller.
/// </summary>
/// <param name="Timesteps">Timesteps per inference (a mean, when an early exit shortens some).</param>
/// <param name="ReachedSynapticOps">Synapses the events actually reached, when a row cutoff skips some
/// (docs/dynamic.md#row-cutoff); null when every event reaches its whole layer.</param>
/// <param name="WeightBitsFraction">Weight bits read over the bits a full-width read of the same synapses takes:
/// below 1 when a layer precision reads fewer (docs/dynamic.md#layer-precision).</param>
public sealed record EventCounts(double InputSpikes, EquatableArray<double> LayerSpikes, double Timesteps, double? ReachedSynapticOps = null,
    double WeightBitsFraction = 1)
{
    /// <summary>Means per inference of measured totals over <paramref name="images"/> inferences.</summary>
    /// <param name="weightBitsFetched">Weight bits read in total, when a layer precision varies them; null otherwise.</param>
    public static EventCounts Mean(NetworkIr network, int images, double inputSpikes, double[] layerSpikes, double timesteps, double synapticOps,
        double? weightBitsFetched = null)
    {
        var mean = new EventCounts(inputSpikes / images, layerSpikes.Select(s => s / images).ToEquatableArray(), timesteps / images,
            network.Policies.RowCutoffs.IsEmpty ? null : synapticOps / images);
        var full = mean.FullWidthWeightBits(network);
        return weightBitsFetched is { } bits && full > 0 ? mean with { WeightBitsFraction = bits / images / full } : mean;
    }

    /// <summary>Weight bits the synaptic operations read at full width: per layer, the synapses reached times its weight bits.</summary>
    public double FullWidthWeightBits(NetworkIr network)
    {
        var reached = ReachedFraction(network);
        return network.Layers.Sum(l => EventsInto(l.Index) * l.Size * reached * l.WeightBits);
    }

    /// <summary>Weight bits read: at full width, times the share a layer precision saved.</summary>
    public double WeightBitsFetched(NetworkIr network) => WeightBitsFraction * FullWidthWeightBits(network);

    /// <summary>
    /// The share of synaptic work the events did: 1 unless a row cutoff skipped synapses. The cost
    /// model scales each layer's synaptic cycles by it, which assumes a core that can skip (docs/dynamic.md#row-cutoff).
    /// </summary>
    public double ReachedFraction(NetworkIr network)
    {
        var full = network.Layers.Sum(l => EventsInto(l.Index) * l.Size);
        return ReachedSynapticOps is { } reached && full > 0 ? reached / full : 1;
    }

    public static EventCounts WorstCase(NetworkIr network) =>
        new((double)network.Timesteps * network.Input.Size,
            network.Layers.Select(l => (double)network.Timesteps * l.Size).ToEquatableArray(),
            network.Timesteps);

    /// <summary>Spike events delivered to layer <paramref name="index"/>.</summary>
    public double EventsInto(int index) => index == 0 ? InputSpikes : LayerSpikes[index - 1];
}

/// <summary>The estimate for one layer: the events it receives on its core; a core's area (and <see cref="Cores"/> = 1) on the row of its first layer (FPGA).</summary>
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
/// <param name="FlashBytes">The generated class (<see cref="McuMemory"/>): its static tables, exact, + its code, estimated.</param>
/// <param name="RamBytes">Payload of the generated class's state arrays, exact.</param>
/// <param name="DenseMacCycles">MCU only: cycles of a dense int8 network of the same shape (break-even), else 0.</param>
/// <param name="Timesteps">Timesteps per inference the estimate is for (a mean when measured with an early exit).</param>
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
    double DenseMacCycles,
    double Timesteps)
{
    public double EnergyPerSop => SynapticOps > 0 ? EnergyJoules / SynapticOps : 0;

    /// <summary>Cycles per timestep run (an early exit runs fewer timesteps than the network declares).</summary>
    public double CyclesPerTimestep => Timesteps > 0 ? Cycles / Timesteps : 0;

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
/// (one tinyODIN-style core per planned core, <see cref="CorePlanner"/>), and flash, RAM, cycles and energy of the generated code for MCUs.
/// Every constant comes from <see cref="CostConstants"/>; every formula is in docs/cost-model.md.
/// </summary>
public static class CostModel
{
    private const int Bram18Bits = 18 * 1024;

    public static NetworkCost Estimate(NetworkIr network) => Estimate(network, EventCounts.WorstCase(network));

    public static NetworkCost Estimate(NetworkIr network, EventCounts events) =>
        network.Target.Kind == TargetKind.Mcu ? Mcu(network, events) : Fpga(network, events);

    /// <summary>Cycles of one spike event on a core of <paramref name="neurons"/> addresses over <paramref name="lanes"/> lanes (the project's RTL core), output events aside.</summary>
    public static double SpikeEventCycles(int neurons, int lanes) =>
        CostConstants.Get("core.cycles.push") + (CostConstants.Get("core.cycles.sop") * Ceil(neurons, lanes));

    /// <summary>Cycles of one time-reference (leak) event over <paramref name="neurons"/> addresses (the project's RTL core), output events aside.</summary>
    public static double LeakEventCycles(int neurons, int lanes) =>
        CostConstants.Get("core.cycles.leak_end") + (CostConstants.Get("core.cycles.leak") * Ceil(neurons, lanes));

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

    /// <summary>Bytes of a layer's weight tables in the nano flavour's code plan, dense or sparse rows.</summary>
    public static long WeightTableBytes(NetworkIr network, LayerIr layer) => McuMemory.Plan(network).Layers[layer.Index].WeightTableBytes;

    /// <summary>Synapses one spike event visits in the generated code: the row's nonzero weights on average when sparse, else every neuron.</summary>
    public static double VisitedPerEvent(NetworkIr network, LayerIr layer) =>
        McuMemory.Plan(network).Layers[layer.Index].Sparse ? (double)layer.NonzeroWeights / layer.InputSize : layer.Size;


    private static NetworkCost Fpga(NetworkIr network, EventCounts events)
    {
        var target = network.Target;
        var reached = events.ReachedFraction(network);
        var plan = CorePlanner.Plan(network);
        var layers = plan.Cores.SelectMany(core => FpgaCore(network, core, events, reached)).ToEquatableArray();
        var lut = layers.Sum(l => l.Lut);
        var ff = layers.Sum(l => l.Ff);
        var bram18 = layers.Sum(l => l.Bram18);
        var cycles = layers.Sum(l => l.Cycles);
        var clock = (double)target.ClockHz;
        var latency = cycles / clock;

        var toggle = CostConstants.Get("fpga.toggle");
        // Synapse memories read fewer bits in low precision (bit-plane banks, docs/dynamic.md#layer-precision).
        var activeBram18 = bram18 - ((1 - events.WeightBitsFraction) * plan.Cores.Sum(c => SynapseBram18(c, target)));
        var perCycle = (toggle * ((lut * CostConstants.Get("fpga.e.lut")) + (ff * CostConstants.Get("fpga.e.ff"))))
                       + (CostConstants.Get("fpga.bram.duty") * activeBram18 * CostConstants.Get("fpga.e.bram"))
                       + (ff * CostConstants.Get("fpga.e.clock_per_ff"));
        var dynamic = clock * perCycle * 1e-12;
        var staticWatts = CostConstants.Get("fpga.p.static");
        var power = staticWatts + dynamic;
        var sops = layers.Sum(l => l.SynapticOps);
        return new NetworkCost(network.Name, target.Kind, layers, lut, ff, bram18 / CostConstants.Get("fpga.bram18.per_bram36"),
            layers.Sum(l => l.Dsp), Fmax(network), clock, cycles, latency, staticWatts, power, power * latency, sops,
            Flash(network), Ram(network), 0, events.Timesteps);
    }

    /// <summary>
    /// One planned core, priced as it runs (docs/cost-model.md#timing-cycles-latency-fmax): every event it serves updates all of its
    /// <c>MAX_NEUR + 1</c> addresses, a shared core also serves its own layers' spikes (closed loop), and one leak
    /// pass per timestep. The core's area and leak go to its first layer's row; each layer's row has the events it receives.
    /// </summary>
    private static LayerCost[] FpgaCore(NetworkIr network, CoreLayout core, EventCounts events, double reached)
    {
        var target = network.Target;
        var lanes = target.Lanes;
        var neurons = core.Addresses;
        var spikeCycles = reached == 1 ? SpikeEventCycles(neurons, lanes)
            : CostConstants.Get("core.cycles.push") + (reached * (SpikeEventCycles(neurons, lanes) - CostConstants.Get("core.cycles.push")));
        var bram = SynapseBram18(core, target) + Bram18((2L * core.MembraneBits) + (long)CostConstants.Get("fpga.neuron.extra_bits"), neurons);
        var lut = CostConstants.Get("fpga.lut.base")
                  + (lanes * ((CostConstants.Get("fpga.lut.per_membrane_bit") * core.MembraneBits) + (CostConstants.Get("fpga.lut.per_weight_bit") * core.WeightBits)));
        var ff = CostConstants.Get("fpga.ff.control") + (lanes * (core.WeightBits + core.MembraneBits + Log2Ceil(neurons)));
        return core.Layers.Select((placement, k) =>
        {
            var layer = network.Layers[placement.Layer];
            var first = k == 0;

            // In closed loop the core's last layer's spikes come back too, and reach no neuron of the core but cost a pass.
            var served = events.EventsInto(layer.Index) + (core.Shared && k == core.Layers.Count - 1 ? events.LayerSpikes[layer.Index] : 0);
            var fired = events.LayerSpikes[layer.Index] * CostConstants.Get("core.cycles.emit");
            var cycles = (served * spikeCycles) + fired + (first ? events.Timesteps * LeakEventCycles(neurons, lanes) : 0);
            return new LayerCost(layer.Name, first ? 1 : 0, first ? bram : 0, first ? lut : 0, first ? ff : 0,
                first ? lanes * (int)CostConstants.Get("fpga.dsp.per_lane") : 0, events.EventsInto(layer.Index) * layer.Size * reached, cycles,
                WeightTableBytes(network, layer));
        }).ToArray();
    }

    // Every row the core uses holds a weight for each of its addresses, lanes of them per memory word.
    private static int SynapseBram18(CoreLayout core, TargetIr target) =>
        Bram18((long)target.Lanes * core.WeightBits, Ceil((long)core.UsedRows * core.Addresses, target.Lanes));

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
        var reached = events.ReachedFraction(network);
        var layers = network.Layers.Select(layer =>
        {
            var sops = events.EventsInto(layer.Index) * layer.Size * reached;

            // The code's work per event is the synapses it visits: fewer than the SOPs when rows are sparse or cut.
            var visited = events.EventsInto(layer.Index) * VisitedPerEvent(network, layer) * reached;
            var updates = (double)events.Timesteps * layer.Size;
            var cycles = (visited * C("c_sop")) + (updates * C("c_nu")) + (events.EventsInto(layer.Index) * C("c_spk"));
            return new LayerCost(layer.Name, 0, 0, 0, 0, 0, sops, cycles, WeightTableBytes(network, layer));
        }).ToEquatableArray();
        var cycles = layers.Sum(l => l.Cycles) + (events.Timesteps * C("c_step"));
        var clock = (double)network.Target.ClockHz;
        var latency = cycles / clock;
        var energy = cycles * C("e_cycle") * 1e-12;
        var dense = network.Layers.Sum(l => (double)l.InputSize * l.Size) * C("c_mac");
        return new NetworkCost(network.Name, TargetKind.Mcu, layers, 0, 0, 0, 0, 0, clock, cycles, latency, 0,
            energy / latency, energy, layers.Sum(l => l.SynapticOps), Flash(network), Ram(network), dense, events.Timesteps);
    }

    private static long Flash(NetworkIr network) => McuMemory.Of(network).FlashBytes;

    private static long Ram(NetworkIr network) => McuMemory.Of(network).StateBytes;

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
