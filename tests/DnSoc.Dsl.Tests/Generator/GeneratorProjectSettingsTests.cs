using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DnSoc.Dsl.Tests.Generator;

/// <summary>The project's MSBuild properties SnnNamespace and ProjectDir, as the generator sees them in a build.</summary>
public class GeneratorProjectSettingsTests
{
    // Where a project would be on this machine: generated code must never name it.
    private static readonly string Project = Path.Combine(Path.GetTempPath(), $"snn-project-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(null, "DnSoc.Networks")]
    [InlineData("", "DnSoc.Networks")]
    [InlineData("Contoso.Sensors.Networks", "Contoso.Sensors.Networks")]
    public void SnnNamespace_names_the_namespace_of_the_classes_and_of_the_runtime_types(string? property, string expected)
    {
        var properties = property is null ? new BuildProperties() : new BuildProperties(("SnnNamespace", property));

        var (_, output, diagnostics) = GeneratorHarness.Run(ExampleTexts(), properties: properties);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var assembly = InMemoryCompiler.Load((CSharpCompilation)output);
        var network = new GeneratedNetwork(assembly, $"{expected}.Mnist784x48x10");
        Assert.InRange(network.Infer(new byte[784]), 0, 9);
        Assert.NotNull(assembly.GetType($"{expected}.ISpikingNetwork"));
        Assert.All(assembly.GetTypes().Where(t => t.Namespace is not null), t => Assert.Equal(expected, t.Namespace));
    }

    [Theory]
    [InlineData("My Networks")]
    [InlineData("Contoso..Networks")]
    [InlineData("Contoso.class")]
    [InlineData("9Lives")]
    public void An_SnnNamespace_that_is_no_CSharp_namespace_is_SNN0005_once_and_nothing_else(string property)
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(ExampleTexts(), properties: new BuildProperties(("SnnNamespace", property)));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains($"the project's SnnNamespace is '{property}', which is not a C# namespace", diagnostic.GetMessage());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)); // generated into the default: no C# errors follow
    }

    [Theory]
    [InlineData(true, "from models/mnist-784-48-10.snn")]
    [InlineData(false, "from mnist-784-48-10.snn")]
    public void Generated_sources_name_the_snn_file_relative_to_the_project_never_by_its_absolute_path(bool projectDirKnown, string header)
    {
        var properties = projectDirKnown ? new BuildProperties(("ProjectDir", Project + Path.DirectorySeparatorChar)) : new BuildProperties();
        var texts = ExampleTexts().Select(t => new MemoryText(Path.Combine(Project, "models", Path.GetFileName(t.Path)), t.GetText()!.ToString()));

        var (driver, _, diagnostics) = GeneratorHarness.Run(texts, properties: properties);

        Assert.Empty(diagnostics);
        var sources = driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).ToList();
        Assert.Equal(2, sources.Count);
        Assert.All(sources, s => Assert.DoesNotContain(Project.Replace('\\', '/'), s.Replace('\\', '/'), StringComparison.Ordinal));
        Assert.All(sources, s => Assert.DoesNotContain(Path.GetTempPath().Replace('\\', '/'), s.Replace('\\', '/'), StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Contains("network Mnist784x48x10 " + header, StringComparison.Ordinal));
    }

    private static AdditionalText[] ExampleTexts() =>
        MemoryText.FromFolder(RepoPaths.Combine("examples"), "mnist-784-48-10.snn", "mnist-784-48-10.w.txt").ToArray();
}
