using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Soc;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>A network on the firmware and the simulator, built the way a board would be.</summary>
internal sealed class SocHarness
{
    private SocHarness(NetworkIr network, byte[] blob)
    {
        Network = network;
        Blob = blob;
        Simulator = new SocSimulator(Cores(network));
        Controller = Controller.Load(blob, Simulator);
    }

    public NetworkIr Network { get; }

    public byte[] Blob { get; }

    public SocSimulator Simulator { get; }

    public Controller Controller { get; }

    public static SocHarness For(NetworkIr network) => new(network, BlobWriter.Write(network));

    public static NetworkIr Example(string file)
    {
        var folder = ExampleNetworks.Folder;
        var compilation = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder));
        Assert.Empty(compilation.Diagnostics);
        return compilation.Networks.Single();
    }

    /// <summary>
    /// The cores a board for this network is built with (synthesis parameters, not blob content): the core
    /// planner's, each sized to what it holds on the DN-SoC and tinyODIN's fixed core otherwise.
    /// </summary>
    public static IEnumerable<CoreParameters> Cores(NetworkIr network) => CorePlanner.Plan(network).Cores.Select(core =>
        new CoreParameters(core.Rows, core.Neurons, core.WeightBits, core.MembraneBits,
            core.Leak switch { LeakKind.None => 0, LeakKind.Subtract => 1, _ => 2 }, core.Reset == ResetKind.Zero ? 0 : 1, network.Target.Lanes));
}

/// <summary>A bus that records and refuses nothing: what a firmware did to the hardware.</summary>
internal sealed class RecordingBus : ISocBus
{
    public int Calls { get; private set; }

    public int Transfer(int core, int address, int data)
    {
        Calls++;
        return 0;
    }

    public void SendEvent(int core, int address) => Calls++;

    public int PendingEvents(int core)
    {
        Calls++;
        return 0;
    }

    public int ReceiveEvent(int core)
    {
        Calls++;
        return -1;
    }
}
