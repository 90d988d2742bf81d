namespace DnSoc.Dsl.Language.Weights;

/// <summary>How a tensor's values are stored; docs/weights-format.md#element-types.</summary>
public enum WeightElementType
{
    /// <summary>Signed 8-bit integers, used as they are.</summary>
    I8,

    /// <summary>Signed 16-bit integers, used as they are.</summary>
    I16,

    /// <summary>Signed 32-bit integers, used as they are.</summary>
    I32,

    /// <summary>Floats, quantized by the compiler with <see cref="WeightQuantizer"/>.</summary>
    F32,
}

/// <summary>How a tensor's values are written in the file.</summary>
public enum WeightsEncoding
{
    /// <summary>Whitespace-separated decimal numbers; readable for small tensors.</summary>
    Text,

    /// <summary>Little-endian packed values, base64 encoded; compact for large tensors.</summary>
    Base64,
}

/// <summary>The keywords and ranges shared by the parser and the writer.</summary>
public static class WeightsFormat
{
    public const string Magic = "snn-weights";

    /// <summary>The only format version this compiler reads and writes.</summary>
    public const int Version = 1;

    public static string Keyword(this WeightElementType type) => type switch
    {
        WeightElementType.I8 => "i8",
        WeightElementType.I16 => "i16",
        WeightElementType.I32 => "i32",
        _ => "f32",
    };

    public static bool IsInteger(this WeightElementType type) => type != WeightElementType.F32;

    /// <summary>Bytes per value in the base64 encoding.</summary>
    public static int ByteSize(this WeightElementType type) => type switch
    {
        WeightElementType.I8 => 1,
        WeightElementType.I16 => 2,
        _ => 4,
    };

    /// <summary>Smallest value of an integer type (meaningless for f32).</summary>
    public static long MinValue(this WeightElementType type) => -(1L << ((8 * type.ByteSize()) - 1));

    /// <summary>Largest value of an integer type (meaningless for f32).</summary>
    public static long MaxValue(this WeightElementType type) => (1L << ((8 * type.ByteSize()) - 1)) - 1;

    internal static bool TryParseElementType(string keyword, out WeightElementType type)
    {
        switch (keyword)
        {
            case "i8": type = WeightElementType.I8; return true;
            case "i16": type = WeightElementType.I16; return true;
            case "i32": type = WeightElementType.I32; return true;
            case "f32": type = WeightElementType.F32; return true;
            default: type = default; return false;
        }
    }

    internal static bool TryParseEncoding(string keyword, out WeightsEncoding encoding)
    {
        switch (keyword)
        {
            case "text": encoding = WeightsEncoding.Text; return true;
            case "base64": encoding = WeightsEncoding.Base64; return true;
            default: encoding = default; return false;
        }
    }

    /// <summary>Tensor names: a letter or '_', then letters, digits, '_', '.' or '-' (PyTorch names fit).</summary>
    public static bool IsValidTensorName(string name)
    {
        if (name.Length == 0 || !(IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
