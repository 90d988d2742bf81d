using System;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>
/// A fact that needs the network (npm). Skipped, and reported as skipped, unless SNN_TEST_NETWORK=1,
/// so an offline run never counts it as passed.
/// </summary>
public sealed class NetworkFactAttribute : FactAttribute
{
    public const string Switch = "SNN_TEST_NETWORK";

    public NetworkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
        {
            Skip = $"needs the network (npm); set {Switch}=1 to run it";
        }
    }
}
