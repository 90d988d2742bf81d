using System.Collections.Generic;
using System.Linq;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Soc;

/// <summary>A DN-SoC (or one tinyODIN) as the firmware sees it: several cores behind one bus.</summary>
public sealed class SocSimulator : ISocBus
{
    public SocSimulator(IEnumerable<CoreParameters> cores)
    {
        Cores = cores.Select((c, index) => new SimulatedCore(c, index)).ToArray();
    }

    public IReadOnlyList<SimulatedCore> Cores { get; }

    /// <summary>Core cycles over all cores (they could run in parallel; this is the sum of their work).</summary>
    public long Cycles => Cores.Sum(c => c.Cycles);

    public int Transfer(int core, int address, int data) => Cores[core].Transfer(address, data);

    public void SendEvent(int core, int address) => Cores[core].SendEvent(address);

    public int PendingEvents(int core) => Cores[core].PendingEvents;

    public int ReceiveEvent(int core) => Cores[core].ReceiveEvent();
}
