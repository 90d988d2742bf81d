using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace DnSoc.Dsl.Language.Diagnostics;

/// <summary>
/// Every diagnostic the front end can report. The hundreds digit is the stage (1 parse, 2 bind,
/// 3 check, 4 weights, 5 budgets, 6 NIR interchange; 0 the host around the compiler). docs/diagnostics.md has one section per code.
/// </summary>
public static class DiagnosticDescriptors
{
    // ---- Host (SNN00xx) --------------------------------------------------------------------
    public static readonly DiagnosticDescriptor InternalError = Error("SNN0001", DiagnosticStage.Host,
        "Internal compiler error", "the DnSoc.Dsl compiler failed on this file ({0}); this is a bug in the tool, not in your file: please report it with the file attached");

    public static readonly DiagnosticDescriptor DuplicateGeneratedClass = Error("SNN0002", DiagnosticStage.Host,
        "Duplicate network class", "network '{0}' is also declared in {1}; every network in a project becomes a class of that name, so rename one of them");

    // The compiler's own limits, checked before (and after) the stages: how much one file may hand it.
    public static readonly DiagnosticDescriptor SourceTooLarge = Error("SNN0003", DiagnosticStage.Host,
        "File too large", "the file has {0} characters; the compiler reads at most {1} from one .snn file, so it is not parsed (weights belong in weights files)");

    public static readonly DiagnosticDescriptor TooManyDiagnostics = Info("SNN0004", DiagnosticStage.Host,
        "Too many diagnostics", "and {0} more diagnostic(s) in this file, not shown; fix the ones above first");

    public static readonly DiagnosticDescriptor InvalidNamespace = Error("SNN0005", DiagnosticStage.Host,
        "Invalid namespace", "the project's SnnNamespace is '{0}', which is not a C# namespace; give names of letters, digits and _ joined by dots (like Contoso.Networks), or remove it for DnSoc.Networks");

    public static readonly DiagnosticDescriptor NoBlobMember = Info("SNN0010", DiagnosticStage.Host,
        "No Blob member", "network '{0}' gets no Blob member (it runs only as generated code): {1}");

    // ---- Parse (SNN01xx) -------------------------------------------------------------------
    public static readonly DiagnosticDescriptor SyntaxError = Error("SNN0101", DiagnosticStage.Parse,
        "Syntax error", "{0}");

    public static readonly DiagnosticDescriptor InvalidCharacter = Error("SNN0102", DiagnosticStage.Parse,
        "Invalid character", "{0}");

    public static readonly DiagnosticDescriptor InvalidNumber = Error("SNN0103", DiagnosticStage.Parse,
        "Invalid number", "the number '{0}' {1}");

    public static readonly DiagnosticDescriptor NestingTooDeep = Error("SNN0104", DiagnosticStage.Parse,
        "Blocks nested too deep", "this '{{' opens block level {0}; a .snn file nests at most {1} blocks (network, policy, its items), so the file is not parsed; close the blocks that are open");

    // ---- Bind (SNN02xx) --------------------------------------------------------------------
    public static readonly DiagnosticDescriptor DuplicateName = Error("SNN0201", DiagnosticStage.Bind,
        "Duplicate name", "'{0}' is already declared in network '{1}' (line {2}); give each input, neuron type and layer its own name");

    public static readonly DiagnosticDescriptor UnknownName = Error("SNN0202", DiagnosticStage.Bind,
        "Unknown name", "there is no {0} named '{1}' in network '{2}'{3}");

    public static readonly DiagnosticDescriptor UnknownProperty = Error("SNN0203", DiagnosticStage.Bind,
        "Unknown property", "'{0}' is not a property of {1}{2}; allowed: {3}");

    public static readonly DiagnosticDescriptor DuplicateProperty = Error("SNN0204", DiagnosticStage.Bind,
        "Duplicate property", "'{0}' is set twice on {1}; remove one of them");

    public static readonly DiagnosticDescriptor WrongUnit = Error("SNN0205", DiagnosticStage.Bind,
        "Wrong unit", "{0} takes {1}, but '{2}' was given; write it as, for example, {3}");

    public static readonly DiagnosticDescriptor WrongValueKind = Error("SNN0206", DiagnosticStage.Bind,
        "Wrong kind of value", "{0} expects {1}, but got {2}");

    public static readonly DiagnosticDescriptor MissingProperty = Error("SNN0207", DiagnosticStage.Bind,
        "Missing property", "{0} needs '{1}'; add, for example, '{2}'");

    public static readonly DiagnosticDescriptor UnknownTarget = Error("SNN0208", DiagnosticStage.Bind,
        "Unknown target", "'{0}' is not a target{1}; use dnsoc, tinyodin or mcu");

    public static readonly DiagnosticDescriptor UnknownEncoding = Error("SNN0209", DiagnosticStage.Bind,
        "Unknown input encoding", "'{0}' is not an input encoding{1}; use rate(seed: N) or direct(threshold: N)");

    public static readonly DiagnosticDescriptor UnknownOption = Error("SNN0210", DiagnosticStage.Bind,
        "Unknown option", "'{0}' is not a valid {1}{2}; use one of: {3}");

    public static readonly DiagnosticDescriptor MissingStatement = Error("SNN0211", DiagnosticStage.Bind,
        "Missing statement", "network '{0}' has no {1} statement; add, for example, '{2}'");

    public static readonly DiagnosticDescriptor RepeatedStatement = Error("SNN0212", DiagnosticStage.Bind,
        "Repeated statement", "network '{0}' already has a {1} statement (line {2}); keep only one");

    public static readonly DiagnosticDescriptor UnknownNeuronModel = Error("SNN0213", DiagnosticStage.Bind,
        "Unknown neuron model", "'{0}' is not a neuron model{1}; the supported model is 'lif'");

    public static readonly DiagnosticDescriptor UnknownBudgetMetric = Error("SNN0214", DiagnosticStage.Bind,
        "Unknown budget metric", "'{0}' is not a budget metric{1}; use one of: {2}");

    public static readonly DiagnosticDescriptor NoNetwork = Error("SNN0215", DiagnosticStage.Bind,
        "No network", "the file declares no network; start it with 'network Name {{ ... }}'");

    public static readonly DiagnosticDescriptor DuplicateNetwork = Error("SNN0216", DiagnosticStage.Bind,
        "Duplicate network", "a network named '{0}' is already declared in this file (line {1}); rename one of them");

    // SNN0217 (reserved dynamic blocks) is retired: the blocks have a meaning now.
    public static readonly DiagnosticDescriptor UnknownPolicy = Error("SNN0218", DiagnosticStage.Bind,
        "Unknown policy", "'{0}' is not a policy of '{1} dynamic'{2}; write 'policy NAME {{ ... }}' with NAME one of: {3}");

    // ---- Check (SNN03xx) -------------------------------------------------------------------
    public static readonly DiagnosticDescriptor TimestepsOutOfRange = Error("SNN0301", DiagnosticStage.Check,
        "Timesteps out of range", "timesteps must be between 1 and {0}, but is {1}");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error("SNN0302", DiagnosticStage.Check,
        "Size out of range", "{0} has {1} neurons; sizes must be between 1 and {2}");

    public static readonly DiagnosticDescriptor WeightBitsOutOfRange = Error("SNN0303", DiagnosticStage.Check,
        "Weight bits out of range", "{0} uses {1}-bit weights; {2}");

    public static readonly DiagnosticDescriptor MembraneBitsOutOfRange = Error("SNN0304", DiagnosticStage.Check,
        "Membrane bits out of range", "{0} uses a {1}-bit membrane; {2}");

    public static readonly DiagnosticDescriptor ThresholdOutOfRange = Error("SNN0305", DiagnosticStage.Check,
        "Threshold out of range", "neuron '{0}' has threshold {1}; with a {2}-bit membrane it must be between 1 and {3}");

    public static readonly DiagnosticDescriptor LeakOutOfRange = Error("SNN0306", DiagnosticStage.Check,
        "Leak out of range", "neuron '{0}' has leak '{1}'; {2}");

    public static readonly DiagnosticDescriptor NotAChain = Error("SNN0307", DiagnosticStage.Check,
        "Layers must form a chain", "layer '{0}' takes input from '{1}', but only feed-forward chains are supported: it must take input from '{2}'");

    public static readonly DiagnosticDescriptor ReadoutNotLastLayer = Error("SNN0308", DiagnosticStage.Check,
        "Readout is not the last layer", "the readout reads layer '{0}', but the last layer is '{1}'; read out the last layer");

    public static readonly DiagnosticDescriptor ProfileConstraint = Error("SNN0309", DiagnosticStage.Check,
        "Target profile constraint", "the {0} target {1}");

    public static readonly DiagnosticDescriptor EncodingParameterOutOfRange = Error("SNN0310", DiagnosticStage.Check,
        "Encoding parameter out of range", "{0}");

    public static readonly DiagnosticDescriptor NoLayers = Error("SNN0311", DiagnosticStage.Check,
        "No layers", "network '{0}' has no layers; add at least 'layer out: Type[10] from {1} weights \"file.w.txt#out\";'");

    public static readonly DiagnosticDescriptor UpdateModeNotSupported = Error("SNN0312", DiagnosticStage.Check,
        "Update mode not supported by target", "the {0} target tests thresholds after every event; remove 'update per_step;' or choose target mcu");

    public static readonly DiagnosticDescriptor BudgetValueInvalid = Error("SNN0313", DiagnosticStage.Check,
        "Invalid budget value", "the {0} budget must be greater than zero, but is {1}");

    public static readonly DiagnosticDescriptor AccumulatorOverflow = Error("SNN0314", DiagnosticStage.Check,
        "Accumulator may overflow", "layer '{0}' could sum {1} inputs of up to {2} each in one timestep, beyond the 32-bit accumulator; use fewer weight bits or a smaller layer");

    public static readonly DiagnosticDescriptor TargetParameterOutOfRange = Error("SNN0315", DiagnosticStage.Check,
        "Target parameter out of range", "{0}");

    public static readonly DiagnosticDescriptor InputShapeInvalid = Error("SNN0316", DiagnosticStage.Check,
        "Invalid input shape", "input '{0}' has shape {1}; every dimension must be at least 1 and the total at most {2}");

    public static readonly DiagnosticDescriptor LayerShapeNotFlat = Error("SNN0317", DiagnosticStage.Check,
        "Layer shape is not one-dimensional", "layer '{0}' has shape {1}; dense layers are one-dimensional: write [{2}]");

    public static readonly DiagnosticDescriptor UnrollOutOfRange = Error("SNN0318", DiagnosticStage.Check,
        "Unroll factor out of range", "layer '{0}' asks for unroll {1}; use auto, none, full or a factor between 1 and the layer size ({2})");

    public static readonly DiagnosticDescriptor LayerDoesNotFitCore = Error("SNN0319", DiagnosticStage.Check,
        "Layer does not fit a core", "layer '{0}' cannot be mapped to one dnsoc core: {1}");

    public static readonly DiagnosticDescriptor UpdateModeNotMappable = Error("SNN0320", DiagnosticStage.Check,
        "Update mode cannot be mapped to the cores", "the dnsoc cores test thresholds after every event, so 'update per_step' cannot run on them; remove 'update per_step;' (dnsoc then uses per_event and its blob runs on the cores), or target mcu to run per_step in the generated code");

    public static readonly DiagnosticDescriptor DownsampleInvalid = Error("SNN0321", DiagnosticStage.Check,
        "Invalid downsampling", "input '{0}' of shape {1} cannot be downsampled to {2}: {3}");

    public static readonly DiagnosticDescriptor PolicyParameterOutOfRange = Error("SNN0322", DiagnosticStage.Check,
        "Policy parameter out of range", "'{0}' of policy {1} is {2}; {3}");

    public static readonly DiagnosticDescriptor DuplicateLayerPolicy = Error("SNN0324", DiagnosticStage.Check,
        "Layer under two policies of one kind", "layer '{0}' already has a {1} policy, and two would fight over its state; remove it from one of them");

    public static readonly DiagnosticDescriptor PlacementInvalid = Error("SNN0323", DiagnosticStage.Check,
        "Invalid layer placement", "layer '{0}' cannot be placed on core {1}: {2}");

    public static readonly DiagnosticDescriptor SchedulerMayOverflow = Warning("SNN0330", DiagnosticStage.Check,
        "Scheduler FIFO may overflow", "layer '{0}' on shared core {1} has {2} neurons, and one spike can fire them all: the scheduler FIFO takes at most {3} new spikes per pass (the spike being served holds one of its {4} entries), and the core drops the rest; give the layer its own core or at most {3} neurons");

    // ---- Weights (SNN04xx) -----------------------------------------------------------------
    public static readonly DiagnosticDescriptor WeightsFileMissing = Error("SNN0401", DiagnosticStage.Weights,
        "Weights file not found", "weights file '{0}' was not found (looked for '{1}'); {2}");

    public static readonly DiagnosticDescriptor WeightsSyntax = Error("SNN0402", DiagnosticStage.Weights,
        "Malformed weights file", "{0}");

    public static readonly DiagnosticDescriptor WeightsTensorMissing = Error("SNN0403", DiagnosticStage.Weights,
        "Tensor not found", "weights file '{0}' has no tensor '{1}'{2}");

    public static readonly DiagnosticDescriptor WeightsShapeMismatch = Error("SNN0404", DiagnosticStage.Weights,
        "Tensor shape mismatch", "layer '{0}' needs a [{1}, {2}] tensor (inputs x neurons), but '{3}' is {4}");

    public static readonly DiagnosticDescriptor WeightOutOfRange = Error("SNN0405", DiagnosticStage.Weights,
        "Weight out of range", "tensor '{0}' has {1} weight(s) outside the {2}-bit range [{3}, {4}] of layer '{5}' (first: {6} at [{7}, {8}]); retrain or quantize to {2} bits, or raise the layer's weight_bits");

    public static readonly DiagnosticDescriptor WeightsVersionUnsupported = Error("SNN0406", DiagnosticStage.Weights,
        "Unsupported weights format version", "weights file format version {0} is not supported; this compiler reads version {1}");

    public static readonly DiagnosticDescriptor WeightsReferenceInvalid = Error("SNN0407", DiagnosticStage.Weights,
        "Missing weights", "layer '{0}' {1}");

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error("SNN0408", DiagnosticStage.Weights,
        "Weights file cannot be read", "weights file '{0}' cannot be read: {1}");

    public static readonly DiagnosticDescriptor WeightsPathEmpty = Error("SNN0409", DiagnosticStage.Weights,
        "Empty weights path", "the weights reference '{0}' names no file; write \"file.w.txt#tensor\" with a path relative to the .snn file");

    // ---- Budgets (SNN05xx) -----------------------------------------------------------------
    public static readonly DiagnosticDescriptor BudgetExceeded = Warning("SNN0501", DiagnosticStage.Budget,
        "Budget exceeded", "the worst-case {0} estimate {1} ({2}) exceeds the budget {3} of network '{4}' (docs/cost-model.md); {5}, or raise the budget");

    // ---- Interchange (SNN06xx): snnc import of NIR graphs (docs/nir.md) --------------------
    public static readonly DiagnosticDescriptor NirUnreadable = Error("SNN0601", DiagnosticStage.Interchange,
        "Unreadable NIR file", "the file is not a readable NIR (HDF5) file: {0}; write it again with nir.write(path, graph) from the framework");

    public static readonly DiagnosticDescriptor NirMalformed = Error("SNN0602", DiagnosticStage.Interchange,
        "Malformed NIR graph", "{0} is missing or malformed: {1}; NIR files hold 'version', 'node/type', 'node/nodes' and 'node/edges' (docs/nir.md#file-layout)");

    public static readonly DiagnosticDescriptor NirUnsupportedNode = Error("SNN0603", DiagnosticStage.Interchange,
        "Unsupported NIR node", "node '{0}' ({1}) has no counterpart in the .snn language: {2}");

    public static readonly DiagnosticDescriptor NirSubgraph = Error("SNN0604", DiagnosticStage.Interchange,
        "Unsupported NIR sub-graph", "node '{0}' (NIRGraph) is a sub-graph of {1}; only a sub-graph that holds a single neuron node can be imported: export the network flat (one node per layer)");

    public static readonly DiagnosticDescriptor NirNotAChain = Error("SNN0605", DiagnosticStage.Interchange,
        "NIR graph is not a chain", "{0}; a .snn network is one chain Input -> (Affine or Linear -> neuron) ... -> Output: remove the branch or export each path as its own network");

    public static readonly DiagnosticDescriptor NirRecurrent = Error("SNN0606", DiagnosticStage.Interchange,
        "Recurrent NIR edge", "node '{0}' ({1}) is on a recurrent loop ({2}); the .snn language is feed-forward: train the network without the recurrent connection");

    public static readonly DiagnosticDescriptor NirBias = Error("SNN0607", DiagnosticStage.Interchange,
        "NIR bias not supported", "node '{0}' (Affine) has a non-zero bias (largest |b| = {1}); the .snn language has no bias: train the layer with bias=False (exported as Linear), or set the bias to zero");

    public static readonly DiagnosticDescriptor NirNonUniformParameter = Error("SNN0608", DiagnosticStage.Interchange,
        "Per-neuron NIR parameters differ", "node '{0}' ({1}) has different '{2}' values per neuron ({3} ... {4}); a .snn layer has one neuron type: give every neuron of the layer the same value");

    public static readonly DiagnosticDescriptor NirUnsupportedParameter = Error("SNN0609", DiagnosticStage.Interchange,
        "Unsupported NIR neuron parameter", "node '{0}' ({1}) has {2} = {3}; {4}");

    public static readonly DiagnosticDescriptor NirShapeMismatch = Error("SNN0610", DiagnosticStage.Interchange,
        "NIR shapes do not match", "node '{0}' ({1}) {2}; export the graph again so that each node's shape matches its neighbours'");

    public static readonly DiagnosticDescriptor NirTooLarge = Error("SNN0611", DiagnosticStage.Interchange,
        "NIR tensor too large", "dataset '{0}' has shape [{1}], {2} values, more than the {3} the importer reads; a .snn dense layer has at most 2^20 inputs and 65536 neurons, so the graph cannot become a network");

    public static readonly DiagnosticDescriptor NirInvalidValue = Error("SNN0612", DiagnosticStage.Interchange,
        "Invalid NIR parameter value", "node '{0}' ({1}) has '{2}' = {3}, but it {4}; export the node again with a valid value");

    public static readonly DiagnosticDescriptor NirTimeStep = Error("SNN0613", DiagnosticStage.Interchange,
        "No time step for the NIR graph", "{0}; pass the framework's time step with --dt SECONDS (snnTorch exports with 1e-4)");

    public static readonly DiagnosticDescriptor NirMetadataInvalid = Error("SNN0614", DiagnosticStage.Interchange,
        "Invalid dnsoc metadata in NIR node", "node '{0}' has metadata '{1}' = {2}, but it {3}; remove the node's 'dnsoc_*' metadata to import it from its NIR parameters (docs/nir.md#metadata)");

    public static readonly DiagnosticDescriptor NirOptionInvalid = Error("SNN0615", DiagnosticStage.Interchange,
        "Invalid import option", "{0} is {1}, but it must be {2}");

    public static readonly DiagnosticDescriptor NirSequence = Error("SNN0616", DiagnosticStage.Interchange,
        "NIR nodes in an order the language cannot express", "node '{0}' ({1}) {2}; a .snn layer is one Affine or Linear node followed by one neuron node");

    public static readonly DiagnosticDescriptor NirWrongType = Error("SNN0617", DiagnosticStage.Interchange,
        "NIR dataset of the wrong type", "{0} is {1}, but it must be {2}; export the graph again with the framework's nir.write");

    /// <summary>Every descriptor, in code order.</summary>
    public static readonly IReadOnlyList<DiagnosticDescriptor> All =
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<DiagnosticDescriptor>()
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();

    private static DiagnosticDescriptor Error(string code, DiagnosticStage stage, string title, string format) =>
        new(code, stage, DiagnosticSeverity.Error, title, format);

    private static DiagnosticDescriptor Warning(string code, DiagnosticStage stage, string title, string format) =>
        new(code, stage, DiagnosticSeverity.Warning, title, format);

    private static DiagnosticDescriptor Info(string code, DiagnosticStage stage, string title, string format) =>
        new(code, stage, DiagnosticSeverity.Info, title, format);
}
