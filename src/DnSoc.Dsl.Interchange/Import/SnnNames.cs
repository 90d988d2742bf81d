using System.Collections.Generic;
using System.Text;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>Turns NIR node names (any text: "0", "fc1", "lif1.lif") into distinct .snn names (docs/language.md#names).</summary>
internal sealed class SnnNames
{
    private static readonly HashSet<string> Keywords = new()
    {
        "network", "target", "timesteps", "update", "input", "encode", "neuron", "layer", "from", "weights", "readout", "budget", "quantize", "prune",
    };

    private readonly HashSet<string> taken = new();

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>A valid name for <paramref name="wanted"/>: other characters become '_', a leading digit gets 'n', a keyword or a taken name a suffix.</summary>
    public string Claim(string wanted)
    {
        var text = new StringBuilder(wanted.Length + 2);
        foreach (var c in wanted)
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        var name = text.Length == 0 ? "n" : char.IsDigit(text[0]) ? "n" + text : text.ToString();
        if (IsKeyword(name))
        {
            name += "_";
        }

        var unique = name;
        for (var k = 2; !taken.Add(unique); k++)
        {
            unique = name + "_" + k;
        }

        return unique;
    }

    /// <summary>Keeps an exact name (from dnsoc metadata) when it is free, else claims a derived one.</summary>
    public string ClaimExact(string name) => taken.Add(name) ? name : Claim(name);
}
