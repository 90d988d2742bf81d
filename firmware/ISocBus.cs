namespace DnSoc.Firmware;

/// <summary>
/// What the controller sees of the neurosynaptic cores (docs/blob-format.md#bus). The real SoC and the
/// simulator both sit behind it.
/// </summary>
public interface ISocBus
{
    /// <summary>One SPI transaction: address {R, W, command[1:0], field}, data {mask[7:0], byte[7:0]}; returns the byte read.</summary>
    int Transfer(int core, int address, int data);

    /// <summary>One input AER event: {kind[1:0], payload} with a payload as wide as the core's row address.</summary>
    void SendEvent(int core, int address);

    /// <summary>Events still waiting in the core's scheduler FIFO.</summary>
    int PendingEvents(int core);

    /// <summary>The next output AER event (a neuron address), or -1 when there is none.</summary>
    int ReceiveEvent(int core);
}
