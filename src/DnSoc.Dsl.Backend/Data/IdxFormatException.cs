using System;

namespace DnSoc.Dsl.Backend.Data;

/// <summary>An IDX file that is not what it claims to be; the message says what was expected.</summary>
public sealed class IdxFormatException : Exception
{
    public IdxFormatException(string message)
        : base(message)
    {
    }
}
