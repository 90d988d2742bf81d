using System;

namespace DnSoc.Dsl.Rtl;

/// <summary>A core the RTL cannot build (for example lanes that are not a power of two); the message says what to change.</summary>
public sealed class RtlMappingException : Exception
{
    public RtlMappingException(string message)
        : base(message)
    {
    }
}
