using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Backend.Blob;
using DnSoc.Dsl.Soc;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Soc;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Rtl;

/// <summary>
/// The generated RTL (snnc rtl) against the SoC simulator on the same SPI program and input events: output
/// events in order, final neuron words and busy cycles per core must be equal (hardware/README.md#timing).
/// </summary>
public sealed class RtlSimulationTests
{
    private readonly ITestOutputHelper output;

    public RtlSimulationTests(ITestOutputHelper output) => this.output = output;

    // 30 tinyODIN-profile networks (Verilator): 12 single-core, 12 shared-core, 6 on two cores; every fourth saturating.
    public static IEnumerable<object[]> TinyOdinCases() => Enumerable.Range(0, 30).Select(k => new object[]
    {
        100 + k, k < 12 ? Layout.Single : k < 24 ? Layout.Shared : Layout.Multi, k % 4 == 3,
    });

    // 30 DN-SoC networks (Icarus Verilog): every weight width (4, 8, 16), membrane width (12, 16, 24) and lane
    // count (1, 2, 4, 8), on single, shared and two-core layouts; every fifth saturating.
    public static IEnumerable<object[]> DnsocCases() => Enumerable.Range(0, 30).Select(k => new object[]
    {
        200 + k, new[] { 4, 8, 16 }[k % 3], new[] { 12, 16, 24 }[(k / 3) % 3], new[] { 1, 2, 4, 8 }[k % 4],
        new[] { Layout.Single, Layout.Shared, Layout.Multi }[(k / 2) % 3], k % 5 == 4,
    });

    [RtlTheory]
    [MemberData(nameof(TinyOdinCases))]
    public void A_random_tinyodin_network_is_bit_and_cycle_exact_on_the_rtl(int seed, Layout layout, bool saturating)
    {
        var network = RtlNetworks.TinyOdinNetwork(seed, layout, saturating);
        var (simulated, rtl) = RtlHarness.Run(network, RtlNetworks.Input(network, seed, saturating), RtlTool.Verilator);
        RtlHarness.AssertSame(simulated, rtl);
        output.WriteLine(string.Join("; ", rtl.Select(r => $"core {r.Core}: {r.EventsIn} events in, {r.EventsOut} out, {r.Cycles} cycles")));
    }

    [RtlTheory("iverilog")]
    [MemberData(nameof(DnsocCases))]
    public void A_random_dnsoc_network_is_bit_and_cycle_exact_on_the_rtl(int seed, int weightBits, int membraneBits, int lanes, Layout layout, bool saturating)
    {
        var network = RtlNetworks.DnsocNetwork(seed, weightBits, membraneBits, lanes, layout, saturating);
        var (simulated, rtl) = RtlHarness.Run(network, RtlNetworks.Input(network, seed, saturating), RtlTool.Icarus);
        RtlHarness.AssertSame(simulated, rtl);
        output.WriteLine(string.Join("; ", rtl.Select(r => $"core {r.Core}: {r.EventsIn} events in, {r.EventsOut} out, {r.Cycles} cycles")));
    }

    // docs/semantics.md#tinyodin: the served spike holds a FIFO entry, so one pass queues at most depth - 1 = 127.
    [RtlTheory]
    [InlineData(126)]
    [InlineData(127)]
    public void A_pass_that_queues_up_to_depth_minus_one_spikes_is_exact(int fired)
    {
        var network = RtlNetworks.FifoBoundary(fired);
        var (simulated, rtl) = RtlHarness.Run(network, new byte[] { 255 }, RtlTool.Verilator);
        RtlHarness.AssertSame(simulated, rtl);
        Assert.Equal(Enumerable.Range(1, fired), simulated.Cores[0].EventsOut); // every hidden neuron fired, in order
    }

    [RtlTheory]
    [InlineData(128)]
    [InlineData(129)]
    public void A_pass_that_queues_depth_spikes_or_more_overflows_in_both(int fired)
    {
        var network = RtlNetworks.FifoBoundary(fired);
        var (simulated, rtl) = RtlHarness.Run(network, new byte[] { 255 }, RtlTool.Verilator);
        var overflow = Assert.IsType<SchedulerOverflowException>(simulated.Overflow);
        Assert.Equal(0, overflow.Core);
        Assert.Equal(0, overflow.Timestep);
        Assert.Equal("a spike from row 0", overflow.ServedEvent);
        Assert.Equal(128, overflow.Neuron); // address 1 + 127: the 128th hidden neuron finds all 128 entries taken
        Assert.True(rtl[0].Overflow, "the RTL's SCHED_OVERFLOW must rise too");
    }

    [RtlFact]
    public void The_tinyodin_mnist_example_is_bit_and_cycle_exact_on_five_digits()
    {
        var network = SocHarness.Example("tinyodin-mnist.snn");
        var set = Fixture.Set;
        for (var i = 0; i < 5; i++)
        {
            var (simulated, rtl) = RtlHarness.Run(network, set.Image(i), RtlTool.Verilator);
            RtlHarness.AssertSame(simulated, rtl);
            output.WriteLine($"digit {i} (label {set.Label(i)}): {rtl[0].EventsIn} events in, {rtl[0].EventsOut} out, {rtl[0].Cycles} cycles, {rtl[0].Frames} SPI frames");
        }
    }

    [Fact]
    public void The_generated_files_are_deterministic_and_carry_the_network_name()
    {
        var network = SocHarness.Example("tinyodin-mnist.snn");
        var first = DnSoc.Dsl.Rtl.RtlEmitter.Emit(network);
        var second = DnSoc.Dsl.Rtl.RtlEmitter.Emit(network);
        Assert.Equal(first, second);
        Assert.Contains(first, f => f.Name == "TinyOdinMnist_soc.v" && f.Text.Contains("module TinyOdinMnist_soc", System.StringComparison.Ordinal));
        Assert.Contains(first, f => f.Name == "TinyOdinMnist_tb.v" && f.Text.Contains("\"TinyOdinMnist.core0\"", System.StringComparison.Ordinal));
        var synapses = Assert.Single(first, f => f.Name == "TinyOdinMnist.core0.synapses0.hex");
        Assert.Equal(256 * 32, synapses.Text.Split('\n').Length - 1);
        Assert.NotNull(BlobWriter.Write(network));
    }
}
