using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

internal static class WeightsTestSupport
{
    public static (WeightsDocument Document, Diagnostic[] Diagnostics) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        var document = WeightsFileParser.Parse(new SourceFile("test.w.txt", text), diagnostics);
        return (document, diagnostics.ToSortedArray().ToArray());
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !directory.GetFiles("DnSoc.Dsl.sln").Any())
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DnSoc.Dsl.sln not found above the test binaries");
    }
}
