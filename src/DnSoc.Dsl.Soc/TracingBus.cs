using System.Collections.Generic;
using System.Linq;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Soc;

/// <summary>What one core saw on the bus, in order.</summary>
public sealed class CoreTrace
{
    /// <summary>SPI frames (address, data) sent before the core's first AER event: the programming sequence.</summary>
    public List<(int Address, int Data)> Program { get; } = new();

    /// <summary>SPI frames sent after the first AER event (the controller's read-back of the membranes).</summary>
    public List<(int Address, int Data)> Later { get; } = new();

    /// <summary>Input AER events, as sent.</summary>
    public List<int> EventsIn { get; } = new();

    /// <summary>Output AER events, as received.</summary>
    public List<int> EventsOut { get; } = new();
}

/// <summary>
/// Passes every call to another bus and records it, so test vectors are the firmware's own traffic
/// rather than a second derivation of it (docs/vectors.md).
/// </summary>
public sealed class TracingBus : ISocBus
{
    private readonly ISocBus inner;

    public TracingBus(ISocBus inner, int cores)
    {
        this.inner = inner;
        Cores = Enumerable.Range(0, cores).Select(_ => new CoreTrace()).ToArray();
    }

    public IReadOnlyList<CoreTrace> Cores { get; }

    public int Transfer(int core, int address, int data)
    {
        var trace = Cores[core];
        (trace.EventsIn.Count == 0 ? trace.Program : trace.Later).Add((address, data));
        return inner.Transfer(core, address, data);
    }

    public void SendEvent(int core, int address)
    {
        Cores[core].EventsIn.Add(address);
        inner.SendEvent(core, address);
    }

    public int PendingEvents(int core) => inner.PendingEvents(core);

    public int ReceiveEvent(int core)
    {
        var e = inner.ReceiveEvent(core);
        if (e >= 0)
        {
            Cores[core].EventsOut.Add(e);
        }

        return e;
    }
}
