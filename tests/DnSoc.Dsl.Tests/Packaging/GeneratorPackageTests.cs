using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Packaging;

/// <summary>
/// The NuGet package as a user gets it: `dotnet pack` the generator, then build and run fresh console
/// projects outside the repository that reference only the package. Slow by nature (a clean Release
/// pack, two builds, one run: about 40 s on 2 cores), so the package is packed once for the class.
/// </summary>
public sealed class GeneratorPackageTests : IClassFixture<GeneratorPackageTests.PackedGenerator>
{
    private static readonly string Version = ProjectVersion.Value;
    private readonly PackedGenerator package;

    public GeneratorPackageTests(PackedGenerator package) => this.package = package;

    [Fact]
    public void Package_ships_the_generator_its_dependencies_and_build_props_and_depends_on_nothing()
    {
        using var zip = ZipFile.OpenRead(package.Nupkg);
        var files = zip.Entries.Select(e => e.FullName)
            .Where(f => !f.StartsWith("_rels/", StringComparison.Ordinal) && !f.StartsWith("package/", StringComparison.Ordinal) && f != "[Content_Types].xml")
            .OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "DnSoc.Dsl.Generator.nuspec",
                "README.md",
                "analyzers/dotnet/cs/Antlr4.Runtime.Standard.dll",
                "analyzers/dotnet/cs/DnSoc.Dsl.Backend.dll",
                "analyzers/dotnet/cs/DnSoc.Dsl.Generator.dll",
                "analyzers/dotnet/cs/DnSoc.Dsl.Language.dll",
                "build/DnSoc.Dsl.Generator.props",
            },
            files);

        using var nuspec = zip.GetEntry("DnSoc.Dsl.Generator.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal(Version, metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        Assert.Contains($"Version=\"{Version}\"", readme.ReadToEnd()); // the consumer's steps name the package's own version
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
    }

    [Fact]
    public void Consumer_project_gets_the_network_class_and_it_classifies_as_the_reference_model_does()
    {
        var input = Enumerable.Range(0, 784).Select(i => (byte)(i * 37 % 256)).ToArray();
        var expected = ExampleNetworks.Infer("mnist-784-48-10.snn", input);
        var program = $$"""
            using System;
            using DnSoc.Networks;

            var input = new byte[] { {{string.Join(", ", input)}} };
            var network = new Mnist784x48x10();
            var predicted = network.Infer(input);
            Console.WriteLine($"{Mnist784x48x10.InputSize} {Mnist784x48x10.OutputSize} {Mnist784x48x10.Timesteps}");
            Console.WriteLine($"class {predicted} spikes {string.Join(" ", network.OutputSpikeCounts)}");
            """;
        var project = package.Consumer("Consumer", program, ("mnist-784-48-10.snn", ExampleFile("mnist-784-48-10.snn")), ("mnist-784-48-10.w.txt", ExampleFile("mnist-784-48-10.w.txt")));

        var (buildExit, build) = Dotnet(project, "build");
        Assert.True(buildExit == 0, build);
        Assert.DoesNotMatch(@"warning (CS|SNN)\d{4}", build); // CS8785/CS9057 say the generator did not load

        var (runExit, run) = Dotnet(project, "run", "--no-build");
        Assert.True(runExit == 0, run);
        Assert.Equal($"784 10 16\nclass {expected.PredictedClass} spikes {string.Join(" ", expected.OutputSpikeCounts)}\n", run.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_broken_snn_file_fails_the_consumer_build_with_its_place_and_code()
    {
        var invalid = RepoPaths.Combine("tests", "corpus", "invalid");
        var project = package.Consumer(
            "Broken",
            "System.Console.WriteLine();",
            ("net.snn", File.ReadAllText(Path.Combine(invalid, "SNN0203-unknown-property.snn"))),
            ("tiny.w.txt", File.ReadAllText(Path.Combine(invalid, "tiny.w.txt"))));

        var (exit, build) = Dotnet(project, "build");

        Assert.NotEqual(0, exit);
        Assert.Matches(@"net\.snn\(6,18\): error SNN0203: 'treshold' is not a property of neuron 'N'", build);
    }

    private static string ExampleFile(string name) => File.ReadAllText(Path.Combine(ExampleNetworks.Folder, name));

    // No build servers: left running, they would outlive the test and hold its output pipes open.
    private static (int Exit, string Output) Dotnet(string project, params string[] arguments) =>
        ProcessRunner.RunIn(project, "dotnet", arguments.Append("--disable-build-servers").ToArray());

    /// <summary>The generator packed once into a temporary feed, and consumer projects beside it.</summary>
    public sealed class PackedGenerator : IDisposable
    {
        private readonly string root = Directory.CreateTempSubdirectory("dnsoc-package-").FullName;

        public PackedGenerator()
        {
            var feed = Path.Combine(root, "feed");

            // Its own bin/obj: `./snnc` (SnncTests) builds the same core projects in Release at the same time.
            var (exit, output) = ProcessRunner.Run(
                "dotnet", "pack", "src/DnSoc.Dsl.Generator", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"), "--disable-build-servers");
            Assert.True(exit == 0, output);
            Nupkg = Path.Combine(feed, $"DnSoc.Dsl.Generator.{Version}.nupkg");

            // The machine's package sources stay; the local feed is added to them.
            File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="dnsoc-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            // Stop MSBuild's upward search here: nothing above the temporary folder may shape the consumers.
            foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                File.WriteAllText(Path.Combine(root, file), "<Project />\n");
            }
        }

        public string Nupkg { get; }

        /// <summary>A console project in its own folder; its packages go to a folder of this fixture, never the global cache.</summary>
        public string Consumer(string name, string program, params (string Name, string Text)[] files)
        {
            var folder = Path.Combine(root, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>{Path.Combine(root, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DnSoc.Dsl.Generator" Version="{Version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
            foreach (var (fileName, text) in files)
            {
                File.WriteAllText(Path.Combine(folder, fileName), text);
            }

            return folder;
        }

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
