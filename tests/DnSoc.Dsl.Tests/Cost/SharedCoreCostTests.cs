using System;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Soc;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Cost;

/// <summary>The cost model prices shared cores as they run: at measured activity it agrees with the SoC simulator.</summary>
public sealed class SharedCoreCostTests
{
    private readonly ITestOutputHelper output;

    public SharedCoreCostTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void The_tinyodin_mnist_estimate_at_measured_activity_is_within_1_percent_of_the_simulator_on_the_committed_digits()
    {
        var network = SocHarness.Example("tinyodin-mnist.snn");
        Assert.True(Assert.Single(CorePlanner.Plan(network).Cores).Shared);

        // Activity from the generated code's counters (the path snnc eval and snnc report take), cycles from the simulator.
        var report = Evaluator.Evaluate(network, LabeledImages.From(Fixture.Set), referenceCheck: 0);
        var estimate = CostModel.Estimate(network, report.Events).Cycles * Fixture.Count;
        var soc = SocHarness.For(network);
        var before = soc.Simulator.Cycles;
        for (var i = 0; i < Fixture.Count; i++)
        {
            soc.Controller.Infer(Fixture.Set.Image(i));
        }

        double measured = soc.Simulator.Cycles - before;
        var error = (estimate - measured) / measured;
        output.WriteLine($"{Fixture.Count} digits: model {estimate / Fixture.Count:F0}, simulator {measured / Fixture.Count:F0} cycles per digit ({error:P3})");
        Assert.True(Math.Abs(error) <= 0.01, $"model {estimate} vs simulator {measured} cycles: {error:P2}");
    }
}
