using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Interchange.Import;

/// <summary>
/// NIR graph -> a .snn file and its weights file (docs/nir.md#import). Reports every refusal as an SNN06xx
/// diagnostic naming the node, every approximation as a note with its size, and compiles what it wrote, so an
/// import that succeeds is a network the toolchain accepts. Never throws on a file's content.
/// </summary>
public static class NirImporter
{
    private static readonly string[] Targets = { "mcu", "dnsoc", "tinyodin" };

    /// <summary>Reads the NIR file from <paramref name="stream"/> and imports it; <paramref name="path"/> names it in diagnostics and gives the default network name.</summary>
    public static ImportedNetwork? Import(Stream stream, string path, ImportOptions options, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.ErrorCount;
        var document = NirReader.Read(stream, path, diagnostics);
        return document is not null && diagnostics.ErrorCount == errors ? Import(document, path, options, diagnostics) : null;
    }

    public static ImportedNetwork? Import(NirDocument document, string path, ImportOptions options, DiagnosticBag diagnostics)
    {
        var location = NirLocation.Of(path);
        if (!ValidOptions(options, location, diagnostics) || ChainReader.Read(document.Graph, location, diagnostics) is not { } chain)
        {
            return null;
        }

        var notes = new List<string>();
        var errors = diagnostics.ErrorCount;
        var metadata = new Metadata(location, diagnostics);
        var graph = new GraphMetadata(document.Graph, metadata);
        var target = options.Target ?? graph.Target ?? "mcu";
        var tiny = target == "tinyodin";
        var dt = options.Dt ?? InferDt(chain, location, diagnostics, notes);
        var input = InputOf(chain.Input, metadata, location, diagnostics);
        if (dt is null || input is null || diagnostics.ErrorCount > errors)
        {
            return null;
        }

        var mapper = new LayerMapper(location, diagnostics, notes, dt.Value);
        var layers = new List<ImportedLayer>();
        var (inputSize, inputName) = (input.Size, chain.Input.Name);
        foreach (var pair in chain.Layers.TakeWhile(_ => inputSize >= 0))
        {
            var layer = mapper.Map(pair, inputSize, inputName, options.WeightBits ?? graph.WeightBits ?? (tiny ? 4 : 8), options.MembraneBits ?? graph.MembraneBits ?? (tiny ? 12 : 16));
            if (layer is null)
            {
                // The next layer is still checked, against the size this one's weights say it has.
                inputSize = pair.Weights.Parameter("weight")?.Tensor is { Shape.Count: 2 } weight ? (int)Math.Min(int.MaxValue, weight.Shape[0]) : -1;
                inputName = pair.Neuron.Name;
                continue;
            }

            layers.Add(layer);
            (inputSize, inputName) = (layer.Size, pair.Neuron.Name);
        }

        var update = graph.Update ?? (target == "mcu" ? "per_step" : "per_event");
        if (update == "per_event" && graph.Update is null)
        {
            notes.Add($"the {target} target tests thresholds after every event (update per_event); NIR's discretised neurons test once per step, as 'target mcu' (update per_step) does: spike times may differ");
        }

        var name = options.Name ?? graph.Network ?? new SnnNames().Claim(Path.GetFileNameWithoutExtension(path));
        if (diagnostics.ErrorCount > errors || layers.Count != chain.Layers.Count)
        {
            return null;
        }

        var readout = graph.Readout ?? (layers[^1].NeuronType == NirTypes.Li ? "membrane" : "count");
        var settings = new SnnSettings(name, target, options.Timesteps ?? graph.Timesteps ?? ImportOptions.DefaultTimesteps, update, readout, input, graph);
        var (snn, weightsFile, weights) = SnnTextWriter.Write(settings, layers, document, path, dt.Value);
        var compilation = SnnCompiler.Compile(new SourceFile(name + ".snn", snn), new SingleFileResolver(weightsFile, weights));
        diagnostics.AddRange(compilation.Diagnostics.Where(d => d.IsError));
        return compilation.HasErrors || compilation.Networks.IsEmpty
            ? null
            : new ImportedNetwork(name, snn, weightsFile, weights, notes.ToEquatableArray(), compilation.Networks[0]);
    }

    private static bool ValidOptions(ImportOptions options, SourceLocation location, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.ErrorCount;
        void Check(bool valid, string option, object? value, string requirement)
        {
            if (!valid)
            {
                diagnostics.Add(DiagnosticDescriptors.NirOptionInvalid, location, option, value ?? "null", requirement);
            }
        }

        Check(options.Target is null || Targets.Contains(options.Target), "--target", options.Target, "one of " + string.Join(", ", Targets));
        Check(options.Timesteps is null or (>= 1 and <= 1024), "--timesteps", options.Timesteps, "from 1 to 1024");
        Check(options.WeightBits is null or (>= 1 and <= 16), "--weight-bits", options.WeightBits, "from 1 to 16");
        Check(options.MembraneBits is null or (>= 2 and <= 24), "--membrane-bits", options.MembraneBits, "from 2 to 24");
        Check(options.Dt is null || (options.Dt > 0 && !double.IsInfinity(options.Dt.Value)), "--dt", options.Dt, "a positive time in seconds");
        Check(options.Name is null || new SnnNames().Claim(options.Name) == options.Name, "--name", options.Name, "a .snn name (a letter or _, then letters, digits and _; no keyword)");
        return diagnostics.ErrorCount == errors;
    }

    /// <summary>snnTorch writes tau = dt / (1 - beta) and r = tau / dt, so dt = tau / r; every leaky node must agree.</summary>
    private static double? InferDt(Chain chain, SourceLocation location, DiagnosticBag diagnostics, List<string> notes)
    {
        var implied = chain.Layers.Select(l => l.Neuron)
            .Where(n => n.Type is NirTypes.Lif or NirTypes.Li && n.Meta(DnsocMetadata.Threshold) is null)
            .Select(n => (Node: n, Dt: First(n, "tau") / First(n, "r")))
            .Where(x => x.Dt > 0 && !double.IsInfinity(x.Dt))
            .ToList();
        if (implied.Count == 0)
        {
            if (chain.Layers.Any(l => l.Neuron.Type == NirTypes.If && l.Neuron.Meta(DnsocMetadata.Threshold) is null))
            {
                notes.Add($"no LIF or LI node to infer the time step from: dt = {ImportOptions.DefaultDt} s (snnTorch's); pass --dt to change it");
            }

            return ImportOptions.DefaultDt;
        }

        var other = implied.FirstOrDefault(x => Math.Abs(x.Dt - implied[0].Dt) > 1e-4 * implied[0].Dt);
        if (other.Node is not null)
        {
            diagnostics.Add(DiagnosticDescriptors.NirTimeStep, location,
                $"nodes '{implied[0].Node.Name}' and '{other.Node.Name}' imply different time steps (tau / r = {LayerMapper.Format(implied[0].Dt)} s and {LayerMapper.Format(other.Dt)} s)");
            return null;
        }

        notes.Add($"dt = {LayerMapper.Format(implied[0].Dt)} s, inferred as tau / r of node '{implied[0].Node.Name}' (snnTorch's convention); pass --dt to override it");
        return implied[0].Dt;
    }

    private static double First(NirNode node, string name) => node.Parameter(name)?.Tensor is { Values.Count: > 0 } t ? t.Values[0] : double.NaN;

    private static SnnInput? InputOf(NirNode node, Metadata metadata, SourceLocation location, DiagnosticBag diagnostics)
    {
        var shape = Shape(node, "shape", node.Parameter("shape"), location, diagnostics, metadata: false);
        var raw = node.Meta(DnsocMetadata.RawShape) is { } rawValue ? Shape(node, DnsocMetadata.RawShape, rawValue, location, diagnostics, metadata: true) : null;
        var encoding = metadata.Option(node, DnsocMetadata.Encoding, new[] { "rate", "direct" }) ?? "rate";
        var seed = metadata.Long(node.Name, node.Meta(DnsocMetadata.Seed), DnsocMetadata.Seed, 0, uint.MaxValue) ?? 1;
        var direct = metadata.Integer(node, DnsocMetadata.DirectThreshold, 1, 255) ?? 128;
        var name = metadata.Identifier(node, DnsocMetadata.Name);
        if (shape is null)
        {
            return null;
        }

        var size = (int)Math.Min(int.MaxValue, shape.Aggregate(1.0, (p, d) => p * d)); // in double: many large dimensions must not wrap
        return new SnnInput(name, node.Name, raw ?? shape, raw is null ? null : shape, size, encoding, seed, direct);
    }

    private static long[]? Shape(NirNode node, string key, NirValue? value, SourceLocation location, DiagnosticBag diagnostics, bool metadata)
    {
        if (value?.Tensor is { Values.Count: > 0 } tensor && tensor.Values.All(d => d >= 1 && d <= (1 << 20) && d == Math.Floor(d)))
        {
            return tensor.Values.Select(d => (long)d).ToArray();
        }

        var shown = value is null ? "missing" : value.Tensor is { } t ? "[" + string.Join(", ", t.Values.Select(LayerMapper.Format)) + "]" : $"'{value.Text}'";
        if (metadata)
        {
            diagnostics.Add(DiagnosticDescriptors.NirMetadataInvalid, location, node.Name, key, shown, "is not a shape of whole numbers from 1 to 2^20");
        }
        else
        {
            diagnostics.Add(DiagnosticDescriptors.NirInvalidValue, location, node.Name, node.Type, key, shown, "must be a shape of whole numbers from 1 to 2^20");
        }

        return null;
    }

    /// <summary>The compiler core reads weights through a resolver; the import's one weights file is in memory.</summary>
    private sealed class SingleFileResolver : IFileResolver
    {
        private readonly string name;
        private readonly string text;

        public SingleFileResolver(string name, string text)
        {
            this.name = name;
            this.text = text;
        }

        public string MissingFileHint => "the import writes only " + name;

        public FileResolution Resolve(string path) => Path.GetFileName(path) == name ? new SourceFile(path, text) : FileResolution.Missing;
    }
}
