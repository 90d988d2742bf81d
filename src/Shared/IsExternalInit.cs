// netstandard2.0 lacks the type the C# compiler needs for records and init accessors. Linked into
// every netstandard2.0 project by Directory.Build.props; internal, so each assembly has its own.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
