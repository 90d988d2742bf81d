using System;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Generator;

/// <summary>The generator never takes the C# compiler down: nesting at any depth is a diagnostic (issue 16, defect 1).</summary>
public class GeneratorHostileInputTests
{
    [Theory]
    [InlineData(5_000)]
    [InlineData(30_000)]
    public void A_deeply_nested_file_gives_SNN0104_on_a_small_worker_stack(int depth)
    {
        var text = "network P { quantize dynamic { " + string.Concat(Enumerable.Repeat("a { ", depth)) + string.Concat(Enumerable.Repeat("} ", depth)) + "} }";
        string[]? codes = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    codes = GeneratorHarness.Run(new[] { new MemoryText("deep.snn", text) }).Diagnostics.Select(d => d.Id).ToArray();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            1536 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Equal(new[] { "SNN0104" }, codes);
    }
}
