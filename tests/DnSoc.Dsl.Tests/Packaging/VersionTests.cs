using System.IO;
using System.Reflection;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Generator;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Packaging;

/// <summary>snnc, the generator and its package carry the one version of Directory.Build.props.</summary>
public class VersionTests
{
    [Fact]
    public void Snnc_version_starts_with_the_generator_packages_version()
    {
        var output = new StringWriter();
        var exit = SnncApp.Run(new[] { "--version" }, output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Matches($@"^{Regex(ProjectVersion.Value)}(\+[0-9a-f]+)?\r?\n$", output.ToString());
    }

    [Fact]
    public void Generator_and_snnc_assemblies_carry_the_props_version()
    {
        foreach (var assembly in new[] { typeof(SnnGenerator).Assembly, typeof(SnncApp).Assembly })
        {
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Assert.Matches($@"^{Regex(ProjectVersion.Value)}(\+[0-9a-f]+)?$", informational);
            Assert.Equal(ProjectVersion.Value + ".0", assembly.GetName().Version!.ToString());
        }
    }

    private static string Regex(string version) => System.Text.RegularExpressions.Regex.Escape(version);
}
