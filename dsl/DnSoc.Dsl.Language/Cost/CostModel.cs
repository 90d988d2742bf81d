using System.Linq;
using DnSoc.Dsl.Language.Cost.Fpga;
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
            network.Timesteps)
        { IsWorstCase = true };

    /// <summary>Every input and neuron spikes at every timestep: the power model then also takes every membrane bit to toggle.</summary>
    public bool IsWorstCase { get; init; }

    /// <summary>Spike events delivered to layer <paramref name="index"/>.</summary>
    public double EventsInto(int index) => index == 0 ? InputSpikes : LayerSpikes[index - 1];
}

/// <summary>The estimate for one layer: the events it receives on its core; a core's area (and <see cref="Cores"/> = 1) on the row of its first layer (FPGA).</summary>
/// <param name="Bram">Block RAMs of the core in the device's unit (<see cref="FpgaDevice.BramUnit"/>).</param>
public sealed record LayerCost(
    string Name,
    int Cores,
    double Bram,
    double Lut,
    double Ff,
    int Dsp,
    double SynapticOps,
    double Cycles,
    long WeightTableBytes);

/// <summary>The estimate for a whole network at one activity (docs/cost-model.md).</summary>
/// <param name="Bram">Block RAMs in the device's unit (<see cref="FpgaDevice.BramUnit"/>: RAMB36 on xc7, a RAMB18 counting 0.5).</param>
/// <param name="FmaxHz">Estimated maximum clock of the slowest core (0 for MCU targets and devices with no timing model).</param>
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
    double Bram,
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
    /// <summary>The FPGA the area, Fmax and power are for; null for MCU targets.</summary>
    public FpgaDevice? Device { get; init; }

    public double EnergyPerSop => SynapticOps > 0 ? EnergyJoules / SynapticOps : 0;

    /// <summary>Cycles per timestep run (an early exit runs fewer timesteps than the network declares).</summary>
    public double CyclesPerTimestep => Timesteps > 0 ? Cycles / Timesteps : 0;

    /// <summary>The estimate compared with a budget metric.</summary>
    public double Value(BudgetMetric metric) => metric switch
    {
        BudgetMetric.Lut => Lut,
        BudgetMetric.Ff => Ff,
        BudgetMetric.Bram => Bram,
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
    public static NetworkCost Estimate(NetworkIr network) => Estimate(network, EventCounts.WorstCase(network));

    /// <param name="device">The FPGA the DN-SoC or tinyODIN cores are priced on (the default: Artix-7); ignored for MCUs.</param>
    public static NetworkCost Estimate(NetworkIr network, EventCounts events, FpgaDevice? device = null) =>
        network.Target.Kind == TargetKind.Mcu ? Mcu(network, events) : Fpga(network, events, device ?? FpgaDevice.Default);

    public static NetworkCost Estimate(NetworkIr network, FpgaDevice device) => Estimate(network, EventCounts.WorstCase(network), device);

    /// <summary>Cycles of one spike event on a core of <paramref name="neurons"/> addresses over <paramref name="lanes"/> lanes (the project's RTL core), output events aside.</summary>
    public static double SpikeEventCycles(int neurons, int lanes) =>
        CostConstants.Get("core.cycles.push") + (CostConstants.Get("core.cycles.sop") * Ceil(neurons, lanes));

    /// <summary>Cycles of one time-reference (leak) event over <paramref name="neurons"/> addresses (the project's RTL core), output events aside.</summary>
    public static double LeakEventCycles(int neurons, int lanes) =>
        CostConstants.Get("core.cycles.leak_end") + (CostConstants.Get("core.cycles.leak") * Ceil(neurons, lanes));

    /// <summary>Bytes of a layer's weight tables in the nano flavour's code plan, dense or sparse rows.</summary>
    public static long WeightTableBytes(NetworkIr network, LayerIr layer) => McuMemory.Plan(network).Layers[layer.Index].WeightTableBytes;

    /// <summary>Synapses one spike event visits in the generated code: the row's nonzero weights on average when sparse, else every neuron.</summary>
    public static double VisitedPerEvent(NetworkIr network, LayerIr layer) =>
        McuMemory.Plan(network).Layers[layer.Index].Sparse ? (double)layer.NonzeroWeights / layer.InputSize : layer.Size;


    private static NetworkCost Fpga(NetworkIr network, EventCounts events, FpgaDevice device)
    {
        var target = network.Target;
        var reached = events.ReachedFraction(network);
        var plan = CorePlanner.Plan(network);
        var shapes = plan.Cores.Select(c => CoreShape.Of(c, target.Lanes)).ToArray();
        var areas = shapes.Select(s => FpgaCoreModel.Area(s, device)).ToArray();
        var perCore = plan.Cores.Select((core, k) => FpgaCore(network, core, areas[k], events, reached)).ToArray();
        var layers = perCore.SelectMany(l => l).ToEquatableArray();
        var cycles = layers.Sum(l => l.Cycles);
        var clock = (double)target.ClockHz;
        var latency = cycles / clock;
        var activity = plan.Cores.Select((core, k) => CoreActivity.Of(network, core, shapes[k], events, reached)).ToArray();
        var dynamicJoules = activity.Select((a, k) => PowerModel.DynamicJoules(a, perCore[k].Sum(l => l.Cycles), shapes[k], areas[k], device, events.WeightBitsFraction, events.IsWorstCase)).Sum();
        var staticWatts = PowerModel.StaticWatts(device);
        var power = staticWatts + (latency > 0 ? dynamicJoules / latency : 0);
        var total = areas.Aggregate(FpgaArea.Zero, (a, b) => a + b);
        return new NetworkCost(network.Name, target.Kind, layers, total.Lut, total.Ff, total.Bram, total.Dsp,
            FpgaCoreModel.FmaxHz(shapes, device) ?? 0, clock, cycles, latency, staticWatts, power, power * latency, layers.Sum(l => l.SynapticOps),
            Flash(network), Ram(network), 0, events.Timesteps)
        { Device = device };
    }

    /// <summary>
    /// One planned core, priced as it runs (docs/cost-model.md#timing-cycles-latency-fmax): every event it serves updates all of its
    /// <c>MAX_NEUR + 1</c> addresses, a shared core also serves its own layers' spikes (closed loop), and one leak
    /// pass per timestep. The core's area and leak go to its first layer's row; each layer's row has the events it receives.
    /// </summary>
    private static LayerCost[] FpgaCore(NetworkIr network, CoreLayout core, FpgaArea area, EventCounts events, double reached)
    {
        var lanes = network.Target.Lanes;
        var neurons = core.Addresses;
        var spikeCycles = reached == 1 ? SpikeEventCycles(neurons, lanes)
            : CostConstants.Get("core.cycles.push") + (reached * (SpikeEventCycles(neurons, lanes) - CostConstants.Get("core.cycles.push")));
        return core.Layers.Select((placement, k) =>
        {
            var layer = network.Layers[placement.Layer];
            var first = k == 0;
            var served = CoreActivity.Served(events, core, k);
            var fired = events.LayerSpikes[layer.Index] * CostConstants.Get("core.cycles.emit");
            var cycles = (served * spikeCycles) + fired + (first ? events.Timesteps * LeakEventCycles(neurons, lanes) : 0);
            return new LayerCost(layer.Name, first ? 1 : 0, first ? area.Bram : 0, first ? area.Lut : 0, first ? area.Ff : 0,
                first ? area.Dsp : 0, events.EventsInto(layer.Index) * layer.Size * reached, cycles, WeightTableBytes(network, layer));
        }).ToArray();
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
}
