using System.Linq;
using System.Xml.Linq;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>The one version of Directory.Build.props: every assembly's, snnc's and the generator package's.</summary>
public static class ProjectVersion
{
    public static readonly string Value = XDocument.Load(RepoPaths.Combine("Directory.Build.props"))
        .Descendants("Version").Single().Value;
}
