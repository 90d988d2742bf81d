using System;
using System.Globalization;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Cost.Fpga;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Soc;
using DnSoc.Dsl.Training.Evaluation;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Rtl;

/// <summary>
/// The power model's activity against the RTL's: on real digits, the neuron-word writes, FIFO pushes and output
/// events of <see cref="CoreActivity"/> equal what the testbench's monitor counts (hardware/sim/dnsoc_activity.v),
/// and the membrane bits toggled per update are the committed fpga.activity.toggles_per_update.
/// </summary>
public sealed class RtlActivityTests
{
    private const int Digits = 4;
    private readonly ITestOutputHelper output;

    public RtlActivityTests(ITestOutputHelper output) => this.output = output;

    [RtlFact]
    public void The_activity_model_counts_what_the_rtl_does_and_the_toggle_rate_is_the_simulated_one()
    {
        long writes = 0, toggles = 0;
        foreach (var file in new[] { "tinyodin-mnist.snn", "mnist-784-48-10.snn" })
        {
            var network = SocHarness.Example(file);
            var plan = CorePlanner.Plan(network);
            for (var i = 0; i < Digits; i++)
            {
                var image = Fixture.Set.Image(i);
                var (_, rtl) = RtlHarness.Run(network, image, RtlTool.Verilator);
                var events = Evaluator.MeasureActivity(network, new[] { image });
                foreach (var core in plan.Cores)
                {
                    var model = CoreActivity.Of(network, core, CoreShape.Of(core, network.Target.Lanes), events, 1);
                    var counted = rtl[core.Index].Activity;
                    Assert.Equal(model.NeuronWrites, counted.Writes);
                    Assert.Equal(model.FifoPushes, counted.Pushes);
                    Assert.Equal(model.OutputEvents, counted.Emits);
                    writes += counted.Writes;
                    toggles += counted.Toggles;
                }
            }
        }

        var measured = Math.Round((double)toggles / writes, 2);
        output.WriteLine($"{toggles} membrane bits toggled in {writes} updates: {measured.ToString(CultureInfo.InvariantCulture)} per update");
        Assert.Equal(measured, CostConstants.Get("fpga.activity.toggles_per_update"));
    }
}
