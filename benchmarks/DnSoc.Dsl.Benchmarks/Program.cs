using System;
using System.Linq;
using BenchmarkDotNet.Running;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Benchmarks;
using DnSoc.Networks;

if (args.FirstOrDefault() == "sizes")
{
    // Code size and work per image: not timings, so they are exact and need no benchmark harness.
    Console.WriteLine("network            class IL bytes  weight table bytes  mean SOPs/image");
    foreach (var (hidden, type) in new[] { ("48", typeof(Mnist784x48x10)), ("128", typeof(Mnist784x128x10)) })
    {
        var model = new ReferenceModel(Workload.Network(hidden));
        var sops = Workload.Inputs().Average(i => (double)model.Infer(i).SynapticOps);
        Console.WriteLine($"{type.Name,-18} {Variants.MethodIlBytes(type),14} {Variants.WeightTableBytes(type),19} {sops,16:F0}");
    }

    Console.WriteLine();
    Console.WriteLine("unroll  IL bytes (784-48-10)  IL bytes (784-128-10)");
    foreach (var unroll in Variants.Unrolls)
    {
        Console.WriteLine($"{unroll,-7} {Variants.MethodIlBytes(Variants.Compile(Workload.Network("48"), unroll)),21} {Variants.MethodIlBytes(Variants.Compile(Workload.Network("128"), unroll)),22}");
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args);
