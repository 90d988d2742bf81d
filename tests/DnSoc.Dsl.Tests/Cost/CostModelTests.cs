using System;
using System.Linq;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DnSoc.Dsl.Tests.Cost;

public class CostModelTests
{
    [Theory]
    // yosys 0.23's own choices for a 32-bit single-port RAM (memory_libmap, ram_style "block"), measured by synthesizing
    // hardware/rtl/dnsoc_ram.v alone: xc7 in RAMB36 (a RAMB18 is 0.5), iCE40 in SB_RAM40_4K, ECP5 in DP16KD.
    [InlineData(FpgaFamily.Xilinx7, 16, 0.5)]
    [InlineData(FpgaFamily.Xilinx7, 512, 0.5)]
    [InlineData(FpgaFamily.Xilinx7, 1024, 1)]
    [InlineData(FpgaFamily.Xilinx7, 2048, 2)]
    [InlineData(FpgaFamily.Xilinx7, 4096, 4)]
    [InlineData(FpgaFamily.Xilinx7, 6272, 6.5)]
    [InlineData(FpgaFamily.Xilinx7, 8192, 8)]
    [InlineData(FpgaFamily.Ice40, 16, 2)]
    [InlineData(FpgaFamily.Ice40, 512, 4)]
    [InlineData(FpgaFamily.Ice40, 2048, 16)]
    [InlineData(FpgaFamily.Ecp5, 16, 1)]
    public void Block_ram_follows_the_mapping_yosys_chooses(FpgaFamily family, int depth, double blocks)
    {
        Assert.Equal(blocks, BlockRamMap.Map(new CoreMemory("m", 32, depth, 1), family).Blocks);
    }

    [Fact]
    public void Tinyodin_profile_cycles_equal_the_rtl_cores_event_costs_for_random_event_streams()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            // A one-layer tinyODIN core with MAX_NEUR = size - 1 and a random stream of spike and leak events.
            var size = random.Next(1, 257);
            var rows = random.Next(1, 257 - size + 1);
            var network = TinyOdin(rows, size, random.Next(1, 9));
            long documented = 0;
            long spikes = 0;
            var leaks = 0;
            for (var k = random.Next(0, 500); k > 0; k--)
            {
                if (random.Next(4) == 0)
                {
                    documented += 1 + (2 * size); // time reference 0 1 0xFF: 1 + 2*(MAX_NEUR+1) (hardware/README.md#timing)
                    leaks++;
                }
                else
                {
                    documented += 2 + (2 * size); // neuron spike event 0 0 pre: 2 + 2*(MAX_NEUR+1)
                    spikes++;
                }
            }

            var cost = CostModel.Estimate(network, new EventCounts(spikes, new[] { 0.0 }.ToEquatableArray(), leaks));
            Assert.Equal(documented, cost.Cycles);
        }
    }

    [Fact]
    public void Lanes_divide_the_per_neuron_cycles()
    {
        Assert.Equal(2 + (2 * 32), CostModel.SpikeEventCycles(256, 8));
        Assert.Equal(2 + (2 * 17), CostModel.SpikeEventCycles(129, 8));
        Assert.Equal(1 + (2 * 32), CostModel.LeakEventCycles(256, 8));
    }

    [Fact]
    public void Flash_tables_and_ram_match_the_generated_code_of_random_networks()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var network = RandomNetworks.Draw(random, $"N{trial}");
            var code = CSharpEmitter.EmitNetwork(network, new EmitOptions("Test", "n.snn"));
            // Weight tables: their constants' chars, two bytes each (UTF-16), as the compiler reads the literals.
            var tables = CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Where(v => Regex.IsMatch(v.Identifier.Text, @"^[WCR]\d+Packed$"))
                .Sum(v => 2 * v.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).Sum(t => t.ValueText.Length));
            Assert.Equal(tables, network.Layers.Sum(l => CostModel.WeightTableBytes(network, l)));
            // Instance arrays: int[] and, for a downsampled input, its byte[] and int[] buffers of EncodedSize.
            var encoded = Regex.Match(code, @"private const int EncodedSize = (\d+);") is { Success: true } e ? int.Parse(e.Groups[1].Value) : 0;
            var state = Regex.Matches(code, @"new (int|byte)\[(\d+|EncodedSize)\];")
                .Sum(m => (m.Groups[2].Value == "EncodedSize" ? encoded : int.Parse(m.Groups[2].Value)) * ElementBytes(m.Groups[1].Value));
            Assert.Equal(state, CostModel.Estimate(network).RamBytes);
        }
    }

    [Fact]
    public void The_pruned_example_has_sparse_hidden_rows_and_needs_less_flash()
    {
        var dense = Example("mnist-784-128-10.snn");
        var pruned = Example("mnist-784-128-10-pruned.snn");
        Assert.All(pruned.Layers, l => Assert.True(l.NonzeroWeights <= 0.2 * l.Weights.Count, $"{l.Name}: {l.NonzeroWeights} nonzero"));
        var hidden = CodePlanner.Plan(pruned, CodeFlavour.Nano).Layers[0];
        Assert.True(hidden.Sparse);
        Assert.Equal(hidden.WeightTableBytes, CostModel.Estimate(pruned).Layers[0].WeightTableBytes);
        Assert.True(CostModel.Estimate(pruned).FlashBytes < CostModel.Estimate(dense).FlashBytes / 2);
    }

    [Fact]
    public void Every_constant_has_a_unit_and_a_tagged_source()
    {
        Assert.True(CostConstants.Version >= 1);
        Assert.All(CostConstants.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Unit), c.Key);
            Assert.Matches(@"^\[(V|M|D|R|A)\] \S", c.Source);
        });
    }

    [Fact]
    public void Worst_case_bounds_any_activity_and_scales_with_the_hidden_layer()
    {
        var small = Example("mnist-784-48-10.snn");
        var large = Example("mnist-784-128-10.snn");
        var worst = CostModel.Estimate(small);
        var quiet = CostModel.Estimate(small, new EventCounts(1000, new[] { 100.0, 20.0 }.ToEquatableArray(), small.Timesteps));
        Assert.True(quiet.Cycles < worst.Cycles);
        Assert.True(quiet.EnergyJoules < worst.EnergyJoules);
        Assert.Equal(worst.Lut, quiet.Lut);
        var bigger = CostModel.Estimate(large);
        Assert.True(bigger.Bram > worst.Bram);
        Assert.True(bigger.Cycles > worst.Cycles);
        Assert.True(bigger.FlashBytes > worst.FlashBytes);
        Assert.Equal(13.5, worst.Bram);
        Assert.Equal(28.5, bigger.Bram);
    }

    /// <summary>docs/dynamic.md: fewer timesteps, synapses reached and weight bits read each lower the estimate, and only their part of it.</summary>
    [Fact]
    public void Policies_are_priced_by_timesteps_run_synapses_reached_and_bits_read()
    {
        var network = Example("mnist-784-128-10.snn") with { Dynamic = new PoliciesIr(null, EquatableArray<RowCutoffIr>.Empty) };
        var events = new EventCounts(3000, new[] { 1800.0, 240.0 }.ToEquatableArray(), 16);
        var full = CostModel.Estimate(network, events);
        var shorter = CostModel.Estimate(network, events with { Timesteps = 8 });
        Assert.Equal(full.Cycles - (8 * (CostModel.LeakEventCycles(128, 1) + CostModel.LeakEventCycles(10, 1))), shorter.Cycles, precision: 6);
        Assert.Equal(full.Cycles / 16, full.CyclesPerTimestep, precision: 6);

        var fullSops = events.FullWidthWeightBits(network) / 8;
        var halved = CostModel.Estimate(network, events with { ReachedSynapticOps = fullSops / 2 });
        Assert.Equal(0.5, (events with { ReachedSynapticOps = fullSops / 2 }).ReachedFraction(network), precision: 9);
        Assert.Equal(full.SynapticOps / 2, halved.SynapticOps, precision: 3);
        // Only the per-synapse cycles halve: event pushes, output events and leak events stay.
        var pushes = (3000 + 1800) * CostConstants.Get("core.cycles.push");
        var emits = (1800 + 240) * CostConstants.Get("core.cycles.emit");
        var leaks = 16 * (CostModel.LeakEventCycles(128, 1) + CostModel.LeakEventCycles(10, 1));
        Assert.Equal((full.Cycles + pushes + emits + leaks) / 2, halved.Cycles, precision: 3);

        var fewerBits = CostModel.Estimate(network, events with { WeightBitsFraction = 0.5 });
        Assert.Equal(full.Cycles, fewerBits.Cycles);
        // Only the synapse memories' read energy shrinks with the bits: half of it (one word read per batch of each spike pass).
        var synapseReads = (3000 * 128) + (1800 * 10);
        var saved = 0.5 * synapseReads * CostConstants.Get("fpga.e.bram_read") * CostConstants.Get("xc7.e.scale") * 1e-12;
        Assert.Equal(full.EnergyJoules - saved, fewerBits.EnergyJoules, precision: 12);
    }

    private static NetworkIr Example(string file) =>
        SnnCompiler.Compile(new Language.Text.SourceFile(file, System.IO.File.ReadAllText(System.IO.Path.Combine(ExampleNetworks.Folder, file))),
            new DirectoryResolver(ExampleNetworks.Folder)).Networks.Single();

    private static NetworkIr TinyOdin(int rows, int size, int timesteps)
    {
        var neuron = new NeuronIr("N", 10, LeakKind.Subtract, 1, ResetKind.Zero, 12);
        var layer = new LayerIr("l", 0, size, rows, "x", 4, neuron, new int[rows * size].ToEquatableArray());
        return new NetworkIr("T", new TargetIr(TargetKind.TinyOdin, 256, 256, 4, 12, 100_000_000, 1, null), timesteps, UpdateMode.PerEvent,
            new InputIr("x", new[] { rows }.ToEquatableArray(), rows, EncodingKind.Rate, 1, 1), new[] { layer }.ToEquatableArray(),
            new ReadoutIr(0, ReadoutMode.Count), EquatableArray<BudgetLimitIr>.Empty);
    }

    private static int ElementBytes(string type) => type switch { "short" or "ushort" => 2, "int" => 4, _ => 1 };
}
