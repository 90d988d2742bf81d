using System;

namespace DnSoc.Firmware;

/// <summary>Why a blob was refused (docs/blob-format.md#validation). Numbers are stable: tools print them.</summary>
public enum BlobError
{
    None = 0,
    TooShort = 1,
    BadMagic = 2,
    BadVersion = 3,
    BadLength = 4,
    BadCrc = 5,
    BadSection = 6,
    BadProfile = 7,
    FieldOutOfRange = 8,
    BadRouting = 9,
    OutputNeuronDisabled = 10,
    ReadoutThresholdMismatch = 11,
    LayerNeuronDisabled = 12,
}

/// <summary>A blob refused as a whole; nothing has been written to the cores.</summary>
public sealed class BlobException : Exception
{
    public BlobException(BlobError error, string detail)
        : base("blob refused (error " + (int)error + "): " + detail)
    {
        Error = error;
        Detail = detail;
    }

    public BlobError Error { get; }

    /// <summary>What was wrong, with the value found and the one expected where there is one.</summary>
    public string Detail { get; }
}
