namespace DnSoc.Firmware;

/// <summary>What one inference on the cores gave.</summary>
public sealed class InferenceOutcome
{
    public int PredictedClass;
    public int[] OutputSpikeCounts = new int[0];
    public int[] FinalMembranes = new int[0];

    /// <summary>Timesteps run: the blob's, or fewer after an early exit.</summary>
    public int Timesteps;
}

/// <summary>
/// The controller runtime: programs the cores of a validated blob through the bus and runs inference
/// with the event order of docs/semantics.md#per-event (docs/blob-format.md#inference).
/// </summary>
public sealed class Controller : IInferenceEngine
{
    private readonly BlobImage blob;
    private readonly ISocBus bus;

    public Controller(BlobImage blob, ISocBus bus)
    {
        this.blob = blob;
        this.bus = bus;
    }

    /// <summary>Validate the whole blob, and only then program the cores: a bad blob writes nothing.</summary>
    public static Controller Load(byte[] blobBytes, ISocBus bus) => Load(blobBytes, blobBytes == null ? 0 : blobBytes.Length, bus);

    /// <summary>As <see cref="Load(byte[], ISocBus)"/>, for a blob in the first <paramref name="length"/> bytes of a buffer.</summary>
    public static Controller Load(byte[] buffer, int length, ISocBus bus)
    {
        var controller = new Controller(BlobImage.Parse(buffer, length), bus);
        controller.Program();
        return controller;
    }

    /// <summary>
    /// The tinyODIN order: gate and open loop on, every register, every neuron and synapse byte, then the
    /// loop setting and gate off, so the last frame is a register write (the core serves AER only then).
    /// </summary>
    public void Program()
    {
        for (var c = 0; c < blob.Cores.Length; c++)
        {
            var core = blob.Cores[c];
            WriteRegister(c, core, BlobLayout.RegisterGate, 1);
            WriteRegister(c, core, BlobLayout.RegisterOpenLoop, 1);
            WriteRegister(c, core, BlobLayout.RegisterAerSource, core.AerSource);
            WriteRegister(c, core, BlobLayout.RegisterMaxNeuron, core.MaxNeuron);
            var wordBytes = core.NeuronWords * 4;
            for (var n = 0; n < core.UsedNeurons; n++)
            {
                for (var b = 0; b < wordBytes; b++)
                {
                    var word = core.NeuronMemory[(n * core.NeuronWords) + (b / 4)];
                    WriteNeuronByte(c, core, n, b, (int)((word >> (8 * (b % 4))) & 0xFF), 0);
                }
            }

            var indexBits = BlobLayout.BitsFor(core.Rows * core.WordsPerRow);
            for (var w = 0; w < core.SynapseMemory.Length; w++)
            {
                for (var b = 0; b < 4; b++)
                {
                    var field = (b << indexBits) | w;
                    bus.Transfer(c, Frame(core, false, BlobLayout.CommandSynapse, field), (int)((core.SynapseMemory[w] >> (8 * b)) & 0xFF));
                }
            }

            WriteRegister(c, core, BlobLayout.RegisterOpenLoop, core.OpenLoop);
            WriteRegister(c, core, BlobLayout.RegisterGate, 0);
        }
    }

    /// <summary>One inference: membranes to zero, every timestep, readout.</summary>
    public InferenceOutcome Infer(byte[] input)
    {
        if (input == null || input.Length != blob.RawInputSize)
        {
            throw new System.ArgumentException("input size");
        }

        input = Downsample(input);

        ClearMembranes();
        var output = blob.Layers[blob.Layers.Length - 1];
        var counts = new int[output.Size];
        var timesteps = 0;
        for (var t = 0; t < blob.Timesteps; t++)
        {
            for (var i = 0; i < input.Length; i++)
            {
                if (Spikes(input[i], t, i))
                {
                    Send(0, BlobLayout.EventSpike, i);
                }
            }

            Forward(counts);

            // Leak every core before any leak-phase spike is delivered, each after its queue drained.
            for (var c = 0; c < blob.Cores.Length; c++)
            {
                var core = blob.Cores[c];
                Send(c, BlobLayout.EventTimeReference, (1 << BlobLayout.BitsFor(core.Rows)) - 1);
            }

            Forward(counts);
            timesteps = t + 1;
            if (ExitsAfter(timesteps, counts))
            {
                break;
            }
        }

        var outcome = new InferenceOutcome();
        outcome.OutputSpikeCounts = counts;
        outcome.FinalMembranes = ReadMembranes(blob.ReadoutCore, output.Offset, output.Size);
        outcome.PredictedClass = Readout(counts, outcome.FinalMembranes);
        outcome.Timesteps = timesteps;
        return outcome;
    }

    // docs/dynamic.md#early-exit: stop sending time references once the readout's lead is large enough.
    // Count readout needs only the events collected; the other readouts read the output membranes.
    private bool ExitsAfter(int completed, int[] counts)
    {
        if (blob.ExitMinTimesteps == 0 || completed >= blob.Timesteps || completed < blob.ExitMinTimesteps
            || (completed - blob.ExitMinTimesteps) % blob.ExitEvery != 0)
        {
            return false;
        }

        var membranes = counts; // unused by the count readout, which needs no SPI reads
        if (blob.ReadoutMode != 0)
        {
            var output = blob.Layers[blob.Layers.Length - 1];
            membranes = ReadMembranes(blob.ReadoutCore, output.Offset, output.Size);

            // The core serves events again only after a register write ends the SPI traffic; this one changes nothing.
            var core = blob.Cores[blob.ReadoutCore];
            WriteRegister(blob.ReadoutCore, core, BlobLayout.RegisterOpenLoop, core.OpenLoop);
        }

        long best = long.MinValue;
        long second = long.MinValue;
        for (var j = 0; j < counts.Length; j++)
        {
            long value = blob.ReadoutMode == 0 ? counts[j]
                : blob.ReadoutMode == 2 ? ((long)counts[j] * blob.ReadoutThreshold) + membranes[j]
                : membranes[j];
            if (value > best)
            {
                second = best;
                best = value;
            }
            else if (value > second)
            {
                second = value;
            }
        }

        return second == long.MinValue || best - second >= blob.ExitMargin;
    }

    // docs/semantics.md#downsampling: each encoded input is its block's integer mean.
    private byte[] Downsample(byte[] input)
    {
        if (blob.BlockOf.Length == 0)
        {
            return input;
        }

        var sums = new int[blob.InputSize];
        for (var r = 0; r < input.Length; r++)
        {
            sums[blob.BlockOf[r]] += input[r];
        }

        var encoded = new byte[blob.InputSize];
        for (var o = 0; o < encoded.Length; o++)
        {
            encoded[o] = (byte)(sums[o] / blob.BlockCount[o]);
        }

        return encoded;
    }

    private bool Spikes(byte intensity, int t, int i) =>
        blob.Encoding == 0 ? (InputHash.Hash(blob.Seed, t, i) >> 24) < intensity : intensity >= blob.DirectThreshold;

    // Core order: each core's output, in emission order, goes to the next core before that core's own
    // output is read, so every layer sees its events in the order of the one FIFO of the semantics. A spike
    // for a layer on the same core has already re-entered it (closed loop).
    private void Forward(int[] counts)
    {
        var layers = blob.Layers;
        for (var c = 0; c < blob.Cores.Length; c++)
        {
            var e = bus.ReceiveEvent(c);
            while (e >= 0)
            {
                var m = LayerOf(c, e);
                var neuron = e - layers[m].Offset;
                if (m == layers.Length - 1)
                {
                    counts[neuron]++;
                }
                else if (layers[m + 1].Core != c)
                {
                    Send(layers[m + 1].Core, BlobLayout.EventSpike, neuron);
                }

                e = bus.ReceiveEvent(c);
            }
        }
    }

    // The validated blob gives every enabled neuron address of a core to exactly one layer.
    private int LayerOf(int core, int address)
    {
        var m = 0;
        while (blob.Layers[m].Core != core || address >= blob.Layers[m].Offset + blob.Layers[m].Size)
        {
            m++;
        }

        return m;
    }

    // One event at a time, waiting for the scheduler to drain: the time reference jumps the FIFO.
    private void Send(int c, int kind, int payload)
    {
        var rowBits = BlobLayout.BitsFor(blob.Cores[c].Rows);
        bus.SendEvent(c, (kind << rowBits) | payload);
        while (bus.PendingEvents(c) > 0)
        {
        }
    }

    private void ClearMembranes()
    {
        for (var c = 0; c < blob.Cores.Length; c++)
        {
            var core = blob.Cores[c];
            WriteRegister(c, core, BlobLayout.RegisterGate, 1);
            WriteRegister(c, core, BlobLayout.RegisterOpenLoop, 1);
            for (var n = 0; n < core.UsedNeurons; n++)
            {
                // Only the membrane bits: the mask keeps the threshold and leak sharing its bytes.
                for (var bit = 0; bit < core.MembraneBits; bit += 8)
                {
                    var width = core.MembraneBits - bit;
                    var keep = width >= 8 ? 0 : 0xFF & ~((1 << width) - 1);
                    WriteNeuronByte(c, core, n, bit / 8, 0, keep);
                }
            }

            WriteRegister(c, core, BlobLayout.RegisterOpenLoop, core.OpenLoop);
            WriteRegister(c, core, BlobLayout.RegisterGate, 0);
        }
    }

    private int[] ReadMembranes(int c, int first, int count)
    {
        var core = blob.Cores[c];
        var membranes = new int[count];
        var neuronBits = BlobLayout.BitsFor(core.Neurons);
        for (var n = 0; n < count; n++)
        {
            var v = 0;
            for (var b = 0; b * 8 < core.MembraneBits; b++)
            {
                v |= bus.Transfer(c, Frame(core, true, BlobLayout.CommandNeuron, (b << neuronBits) | (first + n)), 0) << (8 * b);
            }

            // Sign-extend the membrane field.
            var shift = 32 - core.MembraneBits;
            membranes[n] = (v << shift) >> shift;
        }

        return membranes;
    }

    // docs/semantics.md#readout; strict comparisons keep the lower index on a tie.
    private int Readout(int[] counts, int[] membranes)
    {
        var best = 0;
        for (var j = 1; j < counts.Length; j++)
        {
            bool better;
            if (blob.ReadoutMode == 0)
            {
                better = counts[j] > counts[best] || (counts[j] == counts[best] && membranes[j] > membranes[best]);
            }
            else if (blob.ReadoutMode == 2)
            {
                better = ((long)counts[j] * blob.ReadoutThreshold) + membranes[j] > ((long)counts[best] * blob.ReadoutThreshold) + membranes[best];
            }
            else
            {
                better = membranes[j] > membranes[best];
            }

            if (better)
            {
                best = j;
            }
        }

        return best;
    }

    private void WriteRegister(int c, CoreImage core, int register, int value) =>
        bus.Transfer(c, Frame(core, false, BlobLayout.CommandRegister, register), value & 0xFF);

    private void WriteNeuronByte(int c, CoreImage core, int neuron, int byteIndex, int value, int keepMask) =>
        bus.Transfer(c, Frame(core, false, BlobLayout.CommandNeuron, (byteIndex << BlobLayout.BitsFor(core.Neurons)) | neuron), (keepMask << 8) | value);

    /// <summary>{R, W, command[1:0], field}: tinyODIN's 20-bit frame when the field is 16 bits wide.</summary>
    public static int Frame(CoreImage core, bool read, int command, int field)
    {
        var bits = BlobLayout.SpiFieldBits(core.Rows, core.Neurons, core.WeightBits, core.MembraneBits);
        return ((read ? 2 : 1) << (bits + 2)) | (command << bits) | field;
    }
}
