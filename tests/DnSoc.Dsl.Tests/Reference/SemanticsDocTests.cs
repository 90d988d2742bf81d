using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;
using static DnSoc.Dsl.Tests.Reference.Nets;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>The worked example in docs/semantics.md is real reference-model output.</summary>
public class SemanticsDocTests
{
    private const string Begin = "<!-- worked-example:begin -->";
    private const string End = "<!-- worked-example:end -->";

    [Fact]
    public void Worked_example_in_semantics_md_is_what_the_reference_model_computes()
    {
        var expected = Render().Select(Normalize).ToList();
        var documented = DocumentedBlock().Select(Normalize).ToList();
        Assert.True(
            expected.SequenceEqual(documented),
            $"docs/semantics.md worked example is out of date; the reference model gives:\n{string.Join("\n", Render())}");
    }

    // The network described in docs/semantics.md#worked-example: keep the two in step.
    private static NetworkIr Example() => Network(
        Rate(2, seed: 7),
        6,
        UpdateMode.PerEvent,
        ReadoutMode.Count,
        Layer(0, 2, Neuron(4, leak: LeakKind.Subtract, leakAmount: 1), new[] { 3, 1, 2, 5 }),
        Layer(1, 2, Neuron(5, leak: LeakKind.Subtract, leakAmount: 1), new[] { 4, -2, -1, 6 }));

    private static readonly byte[] ExampleInput = { 200, 90 };

    private static IEnumerable<string> Render()
    {
        var net = Example();
        var model = new ReferenceModel(net);
        yield return "| t | input spikes | spikes, in emission order | hidden membranes | output membranes |";
        yield return "|---|---|---|---|---|";
        for (var t = 0; t < net.Timesteps; t++)
        {
            var inputs = Enumerable.Range(0, ExampleInput.Length)
                .Where(i => InputEncoder.Spikes(net.Input, ExampleInput[i], t, i))
                .Select(i => $"x{i}");
            var spikes = model.Step(ExampleInput).Select(e => $"{(e.Layer == 0 ? "h" : "o")}{e.Neuron}");
            yield return $"| {t} | {List(inputs)} | {List(spikes)} | {string.Join(", ", model.Membranes(0))} | {string.Join(", ", model.Membranes(1))} |";
        }

        var result = model.Infer(ExampleInput);
        yield return $"Output spike counts: {string.Join(", ", result.OutputSpikeCounts)}. " +
            $"Predicted class: {result.PredictedClass}. Synaptic operations: {result.SynapticOps}.";
    }

    private static string List(IEnumerable<string> items)
    {
        var text = string.Join(" ", items);
        return text.Length == 0 ? "-" : text;
    }

    private static IEnumerable<string> DocumentedBlock()
    {
        var text = File.ReadAllText(SemanticsPath()).Replace("\r\n", "\n");
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/semantics.md lacks the {Begin} ... {End} block.");
        return text.Substring(begin + Begin.Length, end - begin - Begin.Length)
            .Split('\n')
            .Where(line => line.Trim().Length > 0);
    }

    // Table cells compared trimmed, so column alignment in the markdown does not matter.
    private static string Normalize(string line) => line.TrimStart().StartsWith('|')
        ? string.Join("|", line.Trim().Split('|').Select(cell => cell.Trim().Trim('-').Length == 0 && cell.Contains('-') ? "---" : cell.Trim()))
        : line.Trim();

    private static string SemanticsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "semantics.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/semantics.md not found above the test binaries.");
    }
}
