using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Cost;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cost;

/// <summary>
/// The cost model's MCU data flash and RAM against what the generated class really holds: every valid
/// corpus case and every bundled example is compiled in both flavours (with the blob), instantiated, and the
/// chars of its table constants and the bytes of its static and instance arrays read by reflection
/// (docs/cost-model.md#mcu-target).
/// </summary>
public class McuMemoryTests
{
    // The Blob table is sized by the core planner, not the code plan, so it is the one table left out.
    private const string BlobField = "Blob";

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, pattern) in new[] { (RepoPaths.Combine("tests", "corpus", "valid"), "*.snn"), (ExampleNetworks.Folder, "*.snn") })
        {
            foreach (var file in Directory.GetFiles(folder, pattern).Select(Path.GetFileName).Where(f => !f!.EndsWith(".diagnostics.snn")).Order())
            {
                data.Add(folder, file!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Data_flash_and_ram_equal_the_arrays_of_the_generated_class(string folder, string file)
    {
        var compilation = SnnCompiler.Compile(new SourceFile(file, File.ReadAllText(Path.Combine(folder, file))), new DirectoryResolver(folder));
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var flavours = new[] { CodeFlavour.Nano, CodeFlavour.Host };
        var sources = compilation.Networks.SelectMany(n => flavours.Select(f => CSharpEmitter.EmitNetwork(n, new EmitOptions(f.ToString(), file, f, EmbedBlob: true))))
            .Concat(flavours.Select(f => CSharpEmitter.EmitRuntime(f.ToString())));
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation("Memory" + Path.GetFileNameWithoutExtension(file).Replace("-", string.Empty), sources.ToArray()));
        foreach (var network in compilation.Networks)
        {
            var memory = McuMemory.Of(network);
            var cost = CostModel.Estimate(network);
            Assert.Equal(memory.TableBytes + memory.CodeBytesEstimate, cost.FlashBytes);
            Assert.Equal(memory.StateBytes, cost.RamBytes);
            foreach (var flavour in flavours)
            {
                var type = assembly.GetType($"{flavour}.{network.Name}", throwOnError: true)!;
                var instance = Activator.CreateInstance(type)!;
                var plan = CodePlanner.Plan(network, flavour);
                Assert.Equal(Sizes(plan.Tables), Arrays(type, BindingFlags.Static, null));
                // A table computed at type initialisation (the host's hash table) has no constant.
                Assert.Equal(new SortedDictionary<string, long>(plan.Tables.Where(t => t.Literal is not null).ToDictionary(t => t.Name + "Packed", t => t.Literal!.Chars)), Constants(type));
                Assert.Equal(plan.TableBytes, 2 * Constants(type).Values.Sum());
                Assert.Equal(Sizes(plan.State), Arrays(type, BindingFlags.Instance, instance));
                if (flavour == CodeFlavour.Nano)
                {
                    Assert.Equal(plan.TableBytes, memory.TableBytes);
                    Assert.Equal(plan.StateBytes, memory.StateBytes);
                }
            }
        }
    }

    private static SortedDictionary<string, long> Sizes(EquatableArray<ArrayPlan> arrays) => new(arrays.ToDictionary(a => a.Name, a => a.Bytes));

    /// <summary>Name and chars of every string constant the class declares: the tables' data.</summary>
    private static SortedDictionary<string, long> Constants(Type type) =>
        new(type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != BlobField + "Packed")
            .ToDictionary(f => f.Name, f => (long)((string)f.GetRawConstantValue()!).Length));

    /// <summary>Name and bytes of every array field the class declares, static or per instance.</summary>
    private static SortedDictionary<string, long> Arrays(Type type, BindingFlags kind, object? instance) =>
        new(type.GetFields(kind | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(f => f.FieldType.IsArray && f.Name != BlobField)
            .ToDictionary(f => f.Name, f => (long)Buffer.ByteLength((Array)f.GetValue(instance)!)));
}
