using System;
using System.Collections.Generic;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Soc;

/// <summary>
/// One tinyODIN-style core (docs/blob-format.md#simulator): neuron and synapse memories written byte by
/// byte over SPI, a FIFO scheduler, open or closed loop, MAX_NEUR, and a cycle counter with tinyODIN's
/// state-by-state costs of the project's RTL core (hardware/README.md#timing). Events are served as soon
/// as they arrive, so the FIFO only holds the spike being served and the closed-loop spikes it causes.
/// </summary>
public sealed class SimulatedCore
{
    private readonly CoreParameters p;
    private readonly int index;
    private readonly byte[] neuronBytes;
    private readonly byte[] synapseBytes;
    private readonly int neuronWordBytes;
    private readonly int wordsPerRow;
    private readonly int fieldBits;
    private readonly int rowBits;
    private readonly int neuronBits;
    private readonly int synapseIndexBits;
    private readonly int[] registers = new int[4];
    private readonly Queue<int> fifo = new();
    private readonly Queue<int> output = new();
    private bool lastFrameWasRegisterWrite;
    private int timeReferences;
    private int served = NoSpike;

    private const int NoSpike = -1;

    public SimulatedCore(CoreParameters parameters, int index = 0)
    {
        p = parameters;
        this.index = index;
        neuronWordBytes = BlobLayout.NeuronWords(p.MembraneBits) * 4;
        wordsPerRow = BlobLayout.WordsPerRow(p.Neurons, p.WeightBits);
        neuronBytes = new byte[p.Neurons * neuronWordBytes];
        synapseBytes = new byte[p.Rows * wordsPerRow * 4];
        fieldBits = BlobLayout.SpiFieldBits(p.Rows, p.Neurons, p.WeightBits, p.MembraneBits);
        rowBits = BlobLayout.BitsFor(p.Rows);
        neuronBits = BlobLayout.BitsFor(p.Neurons);
        synapseIndexBits = BlobLayout.BitsFor(p.Rows * wordsPerRow);
    }

    public CoreParameters Parameters => p;

    public long Cycles { get; private set; }

    public long SpiFrames { get; private set; }

    /// <summary>The most events the scheduler FIFO has held at once, the served spike included (it holds <see cref="CoreParameters.FifoDepth"/>).</summary>
    public int FifoHighWater { get; private set; }

    public int Register(int number) => registers[number];

    public int PendingEvents => fifo.Count;

    /// <summary>Neuron <paramref name="n"/>'s whole word as the memory holds it (what a testbench compares).</summary>
    public ulong NeuronWord(int n) => Word(n);

    public int Transfer(int address, int data)
    {
        SpiFrames++;
        var read = ((address >> (fieldBits + 3)) & 1) != 0;
        var write = ((address >> (fieldBits + 2)) & 1) != 0;
        var command = (address >> fieldBits) & 3;
        var field = address & ((1 << fieldBits) - 1);
        lastFrameWasRegisterWrite = command == BlobLayout.CommandRegister && write;
        switch (command)
        {
            case BlobLayout.CommandRegister when write:
                registers[field & 3] = data & 0xFF;
                return 0;
            case BlobLayout.CommandNeuron:
                var byteIndex = field >> neuronBits;
                if (byteIndex >= neuronWordBytes)
                {
                    throw new InvalidOperationException($"SPI neuron byte {byteIndex} beyond the {neuronWordBytes}-byte word");
                }

                return Access(neuronBytes, byteIndex + ((field & ((1 << neuronBits) - 1)) * neuronWordBytes), read, write, data);
            case BlobLayout.CommandSynapse:
                return Access(synapseBytes, ((field & ((1 << synapseIndexBits) - 1)) * 4) + (field >> synapseIndexBits), read, write, data);
            default:
                throw new InvalidOperationException($"SPI frame 0x{address:X} has no meaning");
        }
    }

    public void SendEvent(int address)
    {
        // Two tinyODIN pitfalls (shared/notes/hardware.md), enforced so a controller that trips them fails here.
        if (!lastFrameWasRegisterWrite || registers[BlobLayout.RegisterGate] != 0)
        {
            throw new InvalidOperationException("the core serves events only ungated and after a register write as the last SPI frame");
        }

        var kind = address >> rowBits;
        var payload = address & ((1 << rowBits) - 1);
        var maxNeuron = registers[BlobLayout.RegisterMaxNeuron];
        if (kind == BlobLayout.EventTimeReference)
        {
            // Served at once, ahead of the FIFO (the tinyODIN behaviour the controller must respect); it holds
            // no FIFO slot. Costs: a read and a write cycle per batch of lanes, then one end state.
            served = NoSpike;
            if (payload == (1 << rowBits) - 1)
            {
                Cycles += 1 + (2L * Batches(maxNeuron));
                for (var n = 0; n <= maxNeuron; n++)
                {
                    Update(n, LeakOf(Membrane(n), n));
                }

                timeReferences++;
            }
            else
            {
                Cycles += 3;
                Update(payload, LeakOf(Membrane(payload), payload));
            }
        }
        else if (kind == BlobLayout.EventSpike)
        {
            Enqueue(payload);
        }
        else
        {
            throw new InvalidOperationException($"AER event 0x{address:X} is not modelled");
        }

        Serve();
    }

    public int ReceiveEvent() => output.Count > 0 ? output.Dequeue() : -1;

    private void Enqueue(int row)
    {
        if (fifo.Count >= p.FifoDepth)
        {
            throw new SchedulerOverflowException(index, timeReferences, served == NoSpike ? "the time reference" : $"a spike from row {served}", row, p.FifoDepth);
        }

        fifo.Enqueue(row);
        FifoHighWater = Math.Max(FifoHighWater, fifo.Count);
    }

    private void Serve()
    {
        // The spike stays at the head of the FIFO for its whole pass and is popped after it, so the pass
        // can queue at most depth - 1 new spikes. Costs: fetch, a read and a write cycle per batch, pop.
        while (fifo.Count > 0)
        {
            var pre = fifo.Peek();
            served = pre;
            var maxNeuron = registers[BlobLayout.RegisterMaxNeuron];
            Cycles += 2 + (2L * Batches(maxNeuron));
            for (var n = 0; n <= maxNeuron; n++)
            {
                Update(n, Saturate((long)Membrane(n) + Weight(pre, n)));
            }

            fifo.Dequeue();
        }
    }

    private long Batches(int maxNeuron) => (maxNeuron + p.Lanes) / p.Lanes;

    // Write the new membrane, then the spike check tinyODIN runs after every update, leak included.
    private void Update(int n, int v)
    {
        var threshold = (int)Field(n, p.MembraneBits, p.MembraneBits);
        if (v >= 0 && v >= threshold)
        {
            v = p.Reset == BlobLayout.ResetZero ? 0 : v - threshold;
            var disabled = Field(n, (neuronWordBytes * 8) - 1, 1) != 0;
            if (!disabled)
            {
                // One emit cycle per output event (the RTL's EMIT state; stalls on the AER ack are not counted).
                Cycles++;
                output.Enqueue(n);
                if (registers[BlobLayout.RegisterOpenLoop] == 0)
                {
                    Enqueue(n);
                }
            }
        }

        SetMembrane(n, v);
    }

    private int LeakOf(int v, int n)
    {
        var leak = (int)Field(n, 2 * p.MembraneBits, BlobLayout.LeakFieldBits);
        return p.Leak switch
        {
            BlobLayout.LeakNone => v,
            BlobLayout.LeakSubtract => v >= 0 ? Math.Max(v - leak, 0) : Math.Min(v + leak, 0),
            _ => v - (v >> Math.Min(leak, 31)),
        };
    }

    private int Saturate(long v)
    {
        var max = (1L << (p.MembraneBits - 1)) - 1;
        return (int)Math.Min(Math.Max(v, -max - 1), max);
    }

    private int Weight(int pre, int post)
    {
        var fieldBits = BlobLayout.WeightFieldBits(p.WeightBits);
        var perWord = 32 / fieldBits;
        var at = ((pre * wordsPerRow) + (post / perWord)) * 4;
        var word = (uint)(synapseBytes[at] | (synapseBytes[at + 1] << 8) | (synapseBytes[at + 2] << 16) | (synapseBytes[at + 3] << 24));
        var raw = (int)(word >> (fieldBits * (post % perWord)));
        var shift = 32 - p.WeightBits;
        return (raw << shift) >> shift;
    }

    private int Membrane(int n)
    {
        var raw = (int)Field(n, 0, p.MembraneBits);
        var shift = 32 - p.MembraneBits;
        return (raw << shift) >> shift;
    }

    private void SetMembrane(int n, int v)
    {
        var word = Word(n);
        var mask = (1UL << p.MembraneBits) - 1;
        word = (word & ~mask) | ((ulong)(uint)v & mask);
        for (var b = 0; b < neuronWordBytes; b++)
        {
            neuronBytes[(n * neuronWordBytes) + b] = (byte)(word >> (8 * b));
        }
    }

    private ulong Field(int n, int start, int width) => (Word(n) >> start) & ((1UL << width) - 1);

    private ulong Word(int n)
    {
        ulong word = 0;
        for (var b = neuronWordBytes - 1; b >= 0; b--)
        {
            word = (word << 8) | neuronBytes[(n * neuronWordBytes) + b];
        }

        return word;
    }

    // tinyODIN's byte write: mask bits set to 1 keep the old bit.
    private static int Access(byte[] memory, int at, bool read, bool write, int data)
    {
        if (at >= memory.Length)
        {
            throw new InvalidOperationException($"SPI address beyond the memory ({at} >= {memory.Length})");
        }

        if (write)
        {
            var keep = (data >> 8) & 0xFF;
            memory[at] = (byte)((memory[at] & keep) | (data & 0xFF & ~keep));
        }

        return read ? memory[at] : 0;
    }
}
