using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Syntax;
using DnSoc.Dsl.Language.Targets;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Semantics;

/// <summary>
/// Stage 2: resolves names, reads properties against what each construct allows, converts units and
/// applies defaults. Reports SNN02xx. Names declared by statements that failed to parse are known to
/// the binder, so a typo in one statement does not make every later reference to it an error too.
/// </summary>
public static class Binder
{
    /// <summary>Defaults of the input (docs/language.md#input); the targets' defaults are <see cref="TargetFacts"/>.</summary>
    public static class Defaults
    {
        public const long Seed = 1;
        public const long DirectThreshold = 128;
    }

    /// <summary>The block a policy belongs in (<c>quantize</c> or <c>prune</c>), or null for an unknown name.</summary>
    public static string? BlockOf(string policy) => NetworkBinder.BlockOf(policy);

    public static EquatableArray<BoundNetwork> Bind(SourceFile source, SnnFileSyntax file, DiagnosticBag diagnostics)
    {
        if (file.Networks.IsEmpty)
        {
            diagnostics.Add(DiagnosticDescriptors.NoNetwork, source.GetLocation(new TextSpan(0, 0)));
        }

        var seen = new Dictionary<string, NetworkSyntax>();
        var result = new List<BoundNetwork>();
        foreach (var network in file.Networks)
        {
            if (seen.TryGetValue(network.Name.Text, out var first))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateNetwork, source.GetLocation(network.Name.Span), network.Name.Text,
                    source.GetLinePosition(first.Name.Span.Start).Line + 1);
                continue;
            }

            seen.Add(network.Name.Text, network);
            result.Add(new NetworkBinder(source, diagnostics, network).Bind());
        }

        return result.ToEquatableArray();
    }

    private sealed class NetworkBinder
    {
        private readonly SourceFile source;
        private readonly DiagnosticBag diagnostics;
        private readonly NetworkSyntax network;
        private readonly Dictionary<string, (string Kind, IdentifierSyntax Name)> declarations = new();
        private readonly HashSet<string> brokenNames = new();
        private readonly HashSet<string> brokenKeywords = new();
        private readonly HashSet<string> budgetMetricsSeen = new();

        public NetworkBinder(SourceFile source, DiagnosticBag diagnostics, NetworkSyntax network)
        {
            this.source = source;
            this.diagnostics = diagnostics;
            this.network = network;
        }

        private string NetworkName => network.Name.Text;

        public BoundNetwork Bind()
        {
            foreach (var broken in network.Statements.OfType<ErrorStatementSyntax>())
            {
                brokenKeywords.Add(broken.Keyword);
                if (broken.DeclaredName is { } name)
                {
                    brokenNames.Add(name.Text);
                }
            }

            DeclareNames();
            var target = BindTarget();
            var timesteps = Single<TimestepsSyntax>("timesteps", "timesteps 16;") is { } t
                ? BindTimesteps(t)
                : null;
            var update = BindUpdate(target);
            var input = Single<InputSyntax>("input", "input pixels[784] encode rate(seed: 1);") is { } i ? BindInput(i) : null;
            var neurons = network.Statements.OfType<NeuronSyntax>()
                .Where(n => declarations[n.Name.Text].Name == n.Name)
                .ToDictionary(n => n.Name.Text, n => BindNeuron(n, target));
            var layerStatements = network.Statements.OfType<LayerSyntax>().ToList();
            var layers = layerStatements
                .Where(l => declarations[l.Name.Text].Name == l.Name)
                .Select(l => BindLayer(l, neurons, target))
                .OfType<BoundLayer>()
                .ToEquatableArray();
            var readout = Single<ReadoutSyntax>("readout", "readout out count;") is { } r ? BindReadout(r) : null;
            var budgets = network.Statements.OfType<BudgetSyntax>().SelectMany(BindBudget).ToList().ToEquatableArray();
            var policies = BindPolicies();

            var incomplete = brokenKeywords.Count > 0 || layers.Count != layerStatements.Count;
            return new BoundNetwork(NetworkName, Location(network.Name.Span), target, timesteps, update, input,
                network.Statements.OfType<NeuronSyntax>().Where(n => neurons.ContainsKey(n.Name.Text) && neurons[n.Name.Text].Location == Location(n.Name.Span))
                    .Select(n => neurons[n.Name.Text]).ToEquatableArray(),
                layers, readout, budgets, policies, incomplete);
        }

        private EquatableArray<BoundPolicy> BindPolicies()
        {
            var result = new List<BoundPolicy>();
            foreach (var block in network.Statements.OfType<DynamicSyntax>())
            {
                var keyword = block.Keyword.Text;
                if (block.Mode.Text != "dynamic")
                {
                    diagnostics.Add(DiagnosticDescriptors.UnknownOption, Location(block.Mode.Span), block.Mode.Text, $"kind of '{keyword}' block",
                        Suggestions.DidYouMean(block.Mode.Text, new[] { "dynamic" }), "dynamic");
                }

                var names = Policies.Where(p => p.Block == keyword).Select(p => p.Name).ToArray();
                foreach (var item in block.Items)
                {
                    if (item.Property is { } property)
                    {
                        diagnostics.Add(DiagnosticDescriptors.UnknownProperty, Location(property.Key.Span), property.Key.Text, $"'{keyword} dynamic'",
                            string.Empty, "none; settings go inside 'policy NAME { ... }'");
                        continue;
                    }

                    var name = item.BlockName?.Text ?? string.Empty;
                    var policy = Policies.FirstOrDefault(p => p.Name == name);
                    if (item.BlockKind!.Text != "policy" || policy.Name != name || policy.Block != keyword)
                    {
                        var written = item.BlockName is null ? item.BlockKind.Text : $"{item.BlockKind.Text} {name}";
                        var hint = item.BlockKind.Text != "policy" ? " (a policy block starts with the word 'policy')"
                            : policy.Name == name ? $" ('{name}' belongs in '{policy.Block} dynamic')"
                            : Suggestions.DidYouMean(name, names);
                        diagnostics.Add(DiagnosticDescriptors.UnknownPolicy, Location(item.Span), written, keyword, hint, string.Join(", ", names));
                        continue;
                    }

                    foreach (var nested in item.Items.Where(i => i.Property is null))
                    {
                        diagnostics.Add(DiagnosticDescriptors.UnknownProperty, Location(nested.Span), nested.BlockKind!.Text, $"policy {name}",
                            string.Empty, "properties only ('key: value;')");
                    }

                    var owner = $"policy {name}";
                    var location = Location(item.BlockName!.Span);
                    var properties = item.Items.Select(i => i.Property).OfType<PropertySyntax>();
                    var bound = policy.Bind(this, Reader(owner, location, properties, policy.Keys), location);
                    if (bound is BoundEarlyExit && result.OfType<BoundEarlyExit>().FirstOrDefault() is { } first)
                    {
                        diagnostics.Add(DiagnosticDescriptors.RepeatedStatement, location, NetworkName, "policy early_exit", first.Location.Start.Line + 1);
                        continue;
                    }

                    result.Add(bound);
                }
            }

            return result.ToEquatableArray();
        }

        /// <summary>Every policy: its block, its name, the keys it reads and how it binds them (docs/dynamic.md).</summary>
        private static readonly (string Block, string Name, string[] Keys, System.Func<NetworkBinder, PropertyReader, SourceLocation, BoundPolicy> Bind)[] Policies =
        {
            ("quantize", "early_exit", new[] { "min_timesteps", "margin", "every" }, (_, reader, location) =>
            {
                reader.Require("margin", "margin: 64;");
                return new BoundEarlyExit(reader.Integer("min_timesteps", 1), reader.Integer("margin", 0), reader.Integer("every", 1), location);
            }),
            ("quantize", "layer_precision", new[] { "layers", "low_bits", "ema_shift", "busy_rate", "quiet_rate", "hold", "margin" }, (binder, reader, location) =>
            {
                reader.Require("layers", "layers: hidden;");
                reader.Require("low_bits", "low_bits: 4;");
                reader.Require("busy_rate", "busy_rate: 0.1;");
                reader.Require("quiet_rate", "quiet_rate: 0.05;");
                return new BoundLayerPrecision(binder.PolicyLayers(reader), reader.Integer("low_bits", 1, QuantityKind.Bits), reader.Integer("ema_shift", 2),
                    reader.Quantity("busy_rate", 1, QuantityKind.Count), reader.Quantity("quiet_rate", 0, QuantityKind.Count),
                    reader.Integer("hold", 2), reader.Integer("margin", 0), location);
            }),
            ("prune", "row_cutoff", new[] { "layers", "keep_min", "keep_max", "step", "target_rate", "tolerance", "window" }, (binder, reader, location) =>
            {
                reader.Require("layers", "layers: hidden;");
                reader.Require("keep_min", "keep_min: 0.25;");
                reader.Require("target_rate", "target_rate: 0.05;");
                return new BoundRowCutoff(binder.PolicyLayers(reader), reader.Quantity("keep_min", 1, QuantityKind.Count),
                    reader.Quantity("keep_max", 1, QuantityKind.Count), reader.Quantity("step", 0.125m, QuantityKind.Count),
                    reader.Quantity("target_rate", 0, QuantityKind.Count), reader.Quantity("tolerance", 0.25m, QuantityKind.Count),
                    reader.Integer("window", 2), location);
            }),
        };

        public static string? BlockOf(string policy) => Policies.FirstOrDefault(p => p.Name == policy).Block;

        private EquatableArray<Located<string>> PolicyLayers(PropertyReader reader) =>
            reader.Names("layers")
                .Where(name => Resolve(name, "layer", "layer"))
                .Select(name => new Located<string>(name.Text, Location(name.Span)))
                .ToEquatableArray();

        private void DeclareNames()
        {
            var declared = network.Statements.Select(s => s switch
            {
                InputSyntax i => ("input", i.Name),
                NeuronSyntax n => ("neuron type", n.Name),
                LayerSyntax l => ("layer", l.Name),
                _ => ((string, IdentifierSyntax)?)null,
            }).OfType<(string Kind, IdentifierSyntax Name)>();

            foreach (var (kind, name) in declared)
            {
                if (declarations.TryGetValue(name.Text, out var first))
                {
                    diagnostics.Add(DiagnosticDescriptors.DuplicateName, Location(name.Span), name.Text, NetworkName, Line(first.Name.Span));
                }
                else
                {
                    declarations.Add(name.Text, (kind, name));
                }
            }
        }

        /// <summary>The one statement of a kind; reports it missing (unless it failed to parse) or repeated.</summary>
        private T? Single<T>(string keyword, string example)
            where T : StatementSyntax
        {
            var all = network.Statements.OfType<T>().ToList();
            if (all.Count == 0)
            {
                if (!brokenKeywords.Contains(keyword))
                {
                    diagnostics.Add(DiagnosticDescriptors.MissingStatement, Location(network.Name.Span), NetworkName, keyword, example);
                }

                return null;
            }

            foreach (var extra in all.Skip(1))
            {
                diagnostics.Add(DiagnosticDescriptors.RepeatedStatement, Location(extra.Span), NetworkName, keyword, Line(all[0].Span));
            }

            return all[0];
        }

        private BoundTarget? BindTarget()
        {
            if (Single<TargetSyntax>("target", "target dnsoc(clock: 100 MHz);") is not { } target)
            {
                return null;
            }

            var location = Location(target.Kind.Span);
            switch (target.Kind.Text)
            {
                case "dnsoc":
                    {
                        var args = Reader($"target dnsoc", location, target.Arguments, "rows", "neurons", "weight_bits", "membrane_bits", "clock", "lanes");
                        return new BoundTarget(
                            TargetKind.Dnsoc,
                            args.Integer("rows", TargetFacts.DnsocRows),
                            args.Integer("neurons", TargetFacts.DnsocNeurons),
                            args.Integer("weight_bits", TargetFacts.DnsocWeightBits, QuantityKind.Bits),
                            args.Integer("membrane_bits", TargetFacts.DnsocMembraneBits, QuantityKind.Bits),
                            args.Quantity("clock", TargetFacts.CoreClockHz, QuantityKind.Frequency),
                            args.Integer("lanes", TargetFacts.DnsocLanes),
                            null,
                            location);
                    }

                case "tinyodin":
                    {
                        // The tinyODIN profile pins the core; only the clock is the user's to choose.
                        var args = Reader("target tinyodin", location, target.Arguments, "clock");
                        return new BoundTarget(
                            TargetKind.TinyOdin,
                            new Located<long>(TargetFacts.TinyOdinSize, location),
                            new Located<long>(TargetFacts.TinyOdinSize, location),
                            new Located<long>(TargetFacts.TinyOdinWeightBits, location),
                            new Located<long>(TargetFacts.TinyOdinMembraneBits, location),
                            args.Quantity("clock", TargetFacts.CoreClockHz, QuantityKind.Frequency),
                            new Located<long>(TargetFacts.DnsocLanes, location),
                            null,
                            location);
                    }

                case "mcu":
                    {
                        var args = Reader("target mcu", location, target.Arguments, "core", "clock");
                        var core = args.Choice("core", TargetFacts.DefaultMcuCore, TargetFacts.McuCores);
                        return new BoundTarget(
                            TargetKind.Mcu,
                            new Located<long>(0, location),
                            new Located<long>(0, location),
                            new Located<long>(TargetFacts.McuMaxWeightBits, location),
                            new Located<long>(TargetFacts.McuMaxMembraneBits, location),
                            args.Quantity("clock", TargetFacts.McuClockHz, QuantityKind.Frequency),
                            new Located<long>(1, location),
                            core.Value,
                            location);
                    }

                default:
                    diagnostics.Add(DiagnosticDescriptors.UnknownTarget, location, target.Kind.Text,
                        Suggestions.DidYouMean(target.Kind.Text, new[] { "dnsoc", "tinyodin", "mcu" }));
                    return null;
            }
        }

        // An MCU has no core widths: its limits are what the generated int arithmetic allows, and its
        // defaults are the DN-SoC's, so the same file gives the same network on both targets.
        private static long DefaultWeightBits(BoundTarget? target) =>
            target is null || target.Kind == TargetKind.Mcu ? TargetFacts.DnsocWeightBits : target.WeightBits.Value;

        private static long DefaultMembraneBits(BoundTarget? target) =>
            target is null || target.Kind == TargetKind.Mcu ? TargetFacts.DnsocMembraneBits : target.MembraneBits.Value;

        private Located<long>? BindTimesteps(TimestepsSyntax syntax) =>
            PropertyReader.ConvertQuantity(source, diagnostics, "timesteps", syntax.Value, QuantityKind.Count, wholeNumber: true) is { } value
                ? new Located<long>((long)value, Location(syntax.Value.Span))
                : null;

        private Located<UpdateMode> BindUpdate(BoundTarget? target)
        {
            var statements = network.Statements.OfType<UpdateSyntax>().ToList();
            foreach (var extra in statements.Skip(1))
            {
                diagnostics.Add(DiagnosticDescriptors.RepeatedStatement, Location(extra.Span), NetworkName, "update", Line(statements[0].Span));
            }

            // The DN-SoC and tinyODIN cores test thresholds per event; MCUs default to the snnTorch-style step.
            var fallback = target?.Kind == TargetKind.Mcu ? UpdateMode.PerStep : UpdateMode.PerEvent;
            if (statements.Count == 0)
            {
                return new Located<UpdateMode>(fallback, Location(network.Name.Span));
            }

            var mode = statements[0].Mode;
            switch (mode.Text)
            {
                case "per_event":
                    return new Located<UpdateMode>(UpdateMode.PerEvent, Location(mode.Span));
                case "per_step":
                    return new Located<UpdateMode>(UpdateMode.PerStep, Location(mode.Span));
                default:
                    var options = new[] { "per_event", "per_step" };
                    diagnostics.Add(DiagnosticDescriptors.UnknownOption, Location(mode.Span), mode.Text, "update mode",
                        Suggestions.DidYouMean(mode.Text, options), string.Join(", ", options));
                    return new Located<UpdateMode>(fallback, Location(mode.Span));
            }
        }

        private BoundInput BindInput(InputSyntax syntax)
        {
            var location = Location(syntax.Name.Span);
            var shape = Shape(syntax.Shape);
            var downsample = syntax.Downsample is { } d ? Shape(d) : EquatableArray<Located<long>>.Empty;
            var encodingLocation = Location(syntax.Encoding.Span);
            var owner = $"encoding {syntax.Encoding.Text} of input '{syntax.Name.Text}'";
            switch (syntax.Encoding.Text)
            {
                case "rate":
                    {
                        var args = Reader(owner, encodingLocation, syntax.Arguments, "seed");
                        return new BoundInput(syntax.Name.Text, shape, EncodingKind.Rate, args.Integer("seed", Defaults.Seed),
                            new Located<long>(0, encodingLocation), location, downsample);
                    }

                case "direct":
                    {
                        var args = Reader(owner, encodingLocation, syntax.Arguments, "threshold");
                        return new BoundInput(syntax.Name.Text, shape, EncodingKind.Direct, new Located<long>(0, encodingLocation),
                            args.Integer("threshold", Defaults.DirectThreshold), location, downsample);
                    }

                default:
                    diagnostics.Add(DiagnosticDescriptors.UnknownEncoding, encodingLocation, syntax.Encoding.Text,
                        Suggestions.DidYouMean(syntax.Encoding.Text, new[] { "rate", "direct" }));
                    return new BoundInput(syntax.Name.Text, shape, EncodingKind.Rate, new Located<long>(Defaults.Seed, encodingLocation),
                        new Located<long>(0, encodingLocation), location, downsample);
            }
        }

        private BoundNeuron BindNeuron(NeuronSyntax syntax, BoundTarget? target)
        {
            var location = Location(syntax.Name.Span);
            if (syntax.Model.Text != "lif")
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownNeuronModel, Location(syntax.Model.Span), syntax.Model.Text,
                    Suggestions.DidYouMean(syntax.Model.Text, new[] { "lif" }));
            }

            var owner = $"neuron '{syntax.Name.Text}'";
            var properties = Reader(owner, location, syntax.Properties, "threshold", "leak", "reset", "membrane_bits");
            properties.Require("threshold", "threshold: 128;");
            var reset = properties.Choice("reset", "zero", "zero", "subtract");
            return new BoundNeuron(
                syntax.Name.Text,
                properties.Integer("threshold", 1),
                properties.Leak("leak"),
                reset.Value == "subtract" ? ResetKind.Subtract : ResetKind.Zero,
                properties.Integer("membrane_bits", DefaultMembraneBits(target), QuantityKind.Bits),
                location);
        }

        private BoundLayer? BindLayer(LayerSyntax syntax, IReadOnlyDictionary<string, BoundNeuron> neurons, BoundTarget? target)
        {
            var location = Location(syntax.Name.Span);
            var properties = Reader($"layer '{syntax.Name.Text}'", location, syntax.Properties, "weight_bits", "unroll", "core");
            var weightBits = properties.Integer("weight_bits", DefaultWeightBits(target), QuantityKind.Bits);
            var unroll = properties.WordOrInteger("unroll", LayerIr.UnrollAuto, ("auto", LayerIr.UnrollAuto), ("none", 1), ("full", LayerIr.UnrollFull));
            var core = properties.Integer("core", BoundLayer.NextCore);
            Resolve(syntax.Source, "input or layer", "input", "layer");
            if (syntax.Weights is null)
            {
                diagnostics.Add(DiagnosticDescriptors.WeightsReferenceInvalid, location, syntax.Name.Text,
                    $"has no weights; add 'weights \"{{file}}.w.txt#{syntax.Name.Text}\"' after 'from {syntax.Source.Text}'");
            }

            if (!Resolve(syntax.NeuronType, "neuron type", "neuron type") || !neurons.TryGetValue(syntax.NeuronType.Text, out var neuron))
            {
                return null;
            }

            return new BoundLayer(syntax.Name.Text, neuron, Shape(syntax.Shape),
                new Located<string>(syntax.Source.Text, Location(syntax.Source.Span)), syntax.Weights, weightBits, unroll, location, core);
        }

        private BoundReadout? BindReadout(ReadoutSyntax syntax)
        {
            var resolved = Resolve(syntax.Layer, "layer", "layer");
            var options = new[] { "count", "membrane", "potential" };
            var mode = syntax.Mode.Text switch
            {
                "count" => ReadoutMode.Count,
                "membrane" => ReadoutMode.Membrane,
                "potential" => ReadoutMode.Potential,
                _ => (ReadoutMode?)null,
            };
            if (mode is null)
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownOption, Location(syntax.Mode.Span), syntax.Mode.Text, "readout mode",
                    Suggestions.DidYouMean(syntax.Mode.Text, options), string.Join(", ", options));
            }

            return resolved && mode is { } m
                ? new BoundReadout(new Located<string>(syntax.Layer.Text, Location(syntax.Layer.Span)), m, Location(syntax.Span))
                : null;
        }

        private IEnumerable<BoundBudget> BindBudget(BudgetSyntax syntax)
        {
            var metrics = new (string Name, BudgetMetric Metric, QuantityKind Kind)[]
            {
                ("lut", BudgetMetric.Lut, QuantityKind.Count),
                ("ff", BudgetMetric.Ff, QuantityKind.Count),
                ("bram", BudgetMetric.Bram, QuantityKind.Count),
                ("dsp", BudgetMetric.Dsp, QuantityKind.Count),
                ("power", BudgetMetric.Power, QuantityKind.Power),
                ("energy", BudgetMetric.Energy, QuantityKind.Energy),
                ("latency", BudgetMetric.Latency, QuantityKind.Time),
                ("flash", BudgetMetric.Flash, QuantityKind.Memory),
                ("ram", BudgetMetric.Ram, QuantityKind.Memory),
            };
            foreach (var item in syntax.Items)
            {
                var name = item.Metric.Text;
                var match = metrics.FirstOrDefault(m => m.Name == name);
                if (match.Name is null)
                {
                    diagnostics.Add(DiagnosticDescriptors.UnknownBudgetMetric, Location(item.Metric.Span), name,
                        Suggestions.DidYouMean(name, metrics.Select(m => m.Name)), string.Join(", ", metrics.Select(m => m.Name)));
                    continue;
                }

                if (!budgetMetricsSeen.Add(name))
                {
                    diagnostics.Add(DiagnosticDescriptors.DuplicateProperty, Location(item.Metric.Span), name, "the budget");
                    continue;
                }

                if (PropertyReader.ConvertQuantity(source, diagnostics, $"the {name} budget", item.Limit, match.Kind, wholeNumber: false) is { } limit)
                {
                    yield return new BoundBudget(match.Metric, new Located<decimal>(limit, Location(item.Limit.Span)));
                }
            }
        }

        /// <summary>Checks that a name refers to a declaration of an allowed kind; reports otherwise.</summary>
        private bool Resolve(IdentifierSyntax name, string wanted, params string[] allowedKinds)
        {
            if (declarations.TryGetValue(name.Text, out var declaration))
            {
                if (allowedKinds.Contains(declaration.Kind))
                {
                    return true;
                }

                diagnostics.Add(DiagnosticDescriptors.UnknownName, Location(name.Span), wanted, name.Text, NetworkName,
                    $" ('{name.Text}' is {("aeiou".IndexOf(declaration.Kind[0]) >= 0 ? "an" : "a")} {declaration.Kind})");
                return false;
            }

            if (!brokenNames.Contains(name.Text))
            {
                var candidates = declarations.Where(d => allowedKinds.Contains(d.Value.Kind)).Select(d => d.Key);
                diagnostics.Add(DiagnosticDescriptors.UnknownName, Location(name.Span), wanted, name.Text, NetworkName,
                    Suggestions.DidYouMean(name.Text, candidates));
            }

            return false;
        }

        private EquatableArray<Located<long>> Shape(ShapeSyntax shape) =>
            shape.Dimensions
                .Select(d => new Located<long>(d.Value is { } v ? (long)v : 0, Location(d.Span)))
                .ToEquatableArray();

        private PropertyReader Reader(string owner, SourceLocation location, IEnumerable<PropertySyntax> properties, params string[] keys) =>
            new(source, diagnostics, owner, location, properties, keys);

        private SourceLocation Location(TextSpan span) => source.GetLocation(span);

        private int Line(TextSpan span) => source.GetLinePosition(span.Start).Line + 1;
    }
}
