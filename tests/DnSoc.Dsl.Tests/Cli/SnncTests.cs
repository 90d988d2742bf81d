using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>snnc, run in process with captured output, on the bundled examples and the corpus.</summary>
public class SnncTests
{
    private static readonly string Example48 = RepoPaths.Combine("examples", "mnist-784-48-10.snn");
    private static readonly string Example128 = RepoPaths.Combine("examples", "mnist-784-128-10.snn");
    private static readonly string Invalid = RepoPaths.Combine("tests", "corpus", "invalid");

    [Fact]
    public void Check_passes_both_examples()
    {
        var (exit, output, error) = Run("check", Example48, Example128);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("0 error(s)", error);
    }

    [Fact]
    public void Check_prints_diagnostics_in_msbuild_form_and_fails()
    {
        var file = Path.Combine(Invalid, "SNN0203-unknown-property.snn");
        var (exit, output, _) = Run("check", file);
        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^.+\(\d+,\d+\): error SNN\d{4}: .+$", line);
        Assert.StartsWith($"{file}(6,18): error SNN0203: 'treshold' is not a property of neuron 'N'; did you mean 'threshold'?", line);
    }

    [Fact]
    public void Check_reports_every_file_and_every_error()
    {
        var (exit, output, error) = Run("check", Path.Combine(Invalid, "many-errors.snn"), Path.Combine(Invalid, "SNN0208-unknown-target.snn"), Example48);
        Assert.Equal(1, exit);
        Assert.Equal(7, output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("checked 3 file(s): 7 error(s)", error);
    }

    [Fact]
    public void Check_json_lists_diagnostics_with_positions()
    {
        var (exit, output, _) = Run("check", "--json", Path.Combine(Invalid, "SNN0301-timesteps-out-of-range.snn"));
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("errors").GetInt32());
        var diagnostic = json.RootElement.GetProperty("files")[0].GetProperty("diagnostics")[0];
        Assert.Equal("SNN0301", diagnostic.GetProperty("code").GetString());
        Assert.Equal(4, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(13, diagnostic.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Missing_file_is_an_error_not_a_crash()
    {
        var (exit, _, error) = Run("check", "no/such/file.snn");
        Assert.Equal(1, exit);
        Assert.Contains("no/such/file.snn: error: file not found", error);
    }

    [Fact]
    public void Ir_prints_the_lowered_network()
    {
        var (exit, output, _) = Run("ir", Example48);
        Assert.Equal(0, exit);
        Assert.Contains("network Mnist784x48x10", output);
        Assert.Contains("layer 0 hidden size=48 from=pixels(784) weight_bits=8", output);
        Assert.Contains("neuron Hidden threshold=128 leak=subtract(1) reset=subtract membrane_bits=16", output);
    }

    [Fact]
    public void Ir_json_carries_the_weights()
    {
        var (exit, output, _) = Run("ir", "--json", Example48);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var layer = json.RootElement.GetProperty("networks")[0].GetProperty("layers")[1];
        Assert.Equal("out", layer.GetProperty("name").GetString());
        Assert.Equal(480, layer.GetProperty("weights").GetArrayLength());
    }

    [Fact]
    public void Run_prints_what_the_reference_model_computes()
    {
        var sample = Sample(seed: 5);
        var (exit, output, _) = Run("run", Example48, "--input", sample.Path, "--json");
        Assert.Equal(0, exit);

        var compilation = SnnCompiler.Compile(new SourceFile(Example48, File.ReadAllText(Example48)), new DirectoryResolver(RepoPaths.Combine("examples")));
        var expected = new ReferenceModel(compilation.Networks[0]).Infer(sample.Values);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(expected.PredictedClass, json.RootElement.GetProperty("predicted_class").GetInt32());
        Assert.Equal(expected.OutputSpikeCounts.ToArray(), json.RootElement.GetProperty("output_spike_counts").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(expected.SynapticOps, json.RootElement.GetProperty("synaptic_ops").GetInt64());
    }

    [Fact]
    public void Run_reads_pgm_images()
    {
        var sample = Sample(seed: 9);
        var pgm = Path.ChangeExtension(sample.Path, ".pgm");
        File.WriteAllBytes(pgm, System.Text.Encoding.ASCII.GetBytes("P5\n# test\n28 28\n255\n").Concat(sample.Values).ToArray());
        var (textExit, textOutput, _) = Run("run", Example48, "--input", sample.Path);
        var (pgmExit, pgmOutput, _) = Run("run", Example48, "--input", pgm);
        Assert.Equal(0, textExit);
        Assert.Equal(0, pgmExit);
        Assert.Equal(textOutput, pgmOutput);
        Assert.Matches(new Regex(@"predicted class \d"), textOutput);
    }

    [Fact]
    public void Run_refuses_an_input_of_the_wrong_size_with_a_clear_message()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "1 2 3");
        var (exit, _, error) = Run("run", Example48, "--input", path);
        Assert.Equal(1, exit);
        Assert.Contains("the network takes 784 input values, but the file holds 3", error);
    }

    [Fact]
    public void Input_errors_are_one_line_without_a_stack_trace()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"snnc-missing-{System.Guid.NewGuid():N}.txt");
        var (exit, _, error) = Run("run", Example48, "--input", missing);
        Assert.Equal(1, exit);
        Assert.Equal($"error: {missing}: input file not found\n", error);
    }

    [Fact]
    public void Compile_summarises_both_examples()
    {
        var (exit, output, _) = Run("compile", Example48, Example128);
        Assert.Equal(0, exit);
        Assert.Contains("2 network(s) compiled, 0 file(s) failed", output);
        Assert.Matches(@"hidden\s+128\s+100352", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Emit_writes_what_the_generator_generates(bool embedBlob)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"snnc-emit-{System.Guid.NewGuid():N}");
        var (exit, output, _) = Run(new[] { "emit", Example48, "-o", folder }.Concat(embedBlob ? new[] { "--embed-blob" } : System.Array.Empty<string>()).ToArray());
        Assert.Equal(0, exit);
        Assert.Contains("Mnist784x48x10.g.cs", output);

        var properties = embedBlob ? new BuildProperties(("SnnEmbedBlob", "true")) : new BuildProperties();
        var (_, generated, _) = GeneratorHarness.Run(MemoryText.FromFolder(RepoPaths.Combine("examples"), "mnist-784-48-10.*"), properties: properties);
        var fromGenerator = generated.SyntaxTrees.Single(t => t.FilePath.Contains("Mnist784x48x10.")).ToString();
        var written = File.ReadAllText(Path.Combine(folder, "Mnist784x48x10.g.cs"));
        Assert.Equal(fromGenerator, written); // both name the .snn file without this machine's folders
        Assert.Equal(embedBlob, written.Contains("public static readonly byte[] Blob", System.StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "DnSoc.Networks.Runtime.g.cs")));
    }

    [Fact]
    public void Build_writes_a_blob_the_firmware_accepts_and_blob_check_refuses_a_damaged_one_with_its_code()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"snnc-build-{System.Guid.NewGuid():N}");
        var (exit, output, _) = Run("build", Example48, "-o", folder);
        Assert.Equal(0, exit);
        var bin = Path.Combine(folder, "Mnist784x48x10.bin");
        Assert.Contains("Mnist784x48x10.bin (38948 bytes)", output);
        Assert.Contains("| 0 | hidden 0..47 | input | core 1 | 784 / 784 | 48 / 48 | 8 | 16 | subtract | subtract | 1 | 47 |", File.ReadAllText(Path.Combine(folder, "Mnist784x48x10.manifest.txt")));

        var (okExit, okOutput, _) = Run("blob", "check", bin);
        Assert.Equal(0, okExit);
        Assert.Contains("ok (38948 bytes, 2 cores, profile dnsoc)", okOutput);

        var blob = File.ReadAllBytes(bin);
        blob[1000] ^= 0x10;
        File.WriteAllBytes(bin, blob);
        var (badExit, _, badError) = Run("blob", "check", bin);
        Assert.Equal(1, badExit);
        Assert.Contains("error 5 (BadCrc)", badError);
        Assert.Matches("CRC-32: the blob stores 0x[0-9A-F]{8}, its bytes give 0x[0-9A-F]{8}", badError);
        var (jsonExit, json, _) = Run("blob", "check", bin, "--json");
        Assert.Equal(1, jsonExit);
        Assert.Contains("\"error_code\": 5", json);

        File.WriteAllBytes(bin, blob[..^8]);
        Assert.Contains("error 4 (BadLength): total length: the header says 38948 bytes, the blob has 38940", Run("blob", "check", bin).Error);
    }

    [Fact]
    public void Build_refuses_a_network_the_cores_cannot_run()
    {
        var file = Path.Combine(Path.GetTempPath(), $"snnc-perstep-{System.Guid.NewGuid():N}.snn");
        File.WriteAllText(file, File.ReadAllText(Example48).Replace("update per_event;", "update per_step;").Replace("\"mnist-784-48-10.w.txt", "\"" + Path.Combine(Path.GetDirectoryName(Example48)!, "mnist-784-48-10.w.txt")));
        var (exit, _, error) = Run("build", file, "-o", Path.GetTempPath());
        Assert.Equal(1, exit);
        Assert.Contains("error SNN0320: the dnsoc cores test thresholds after every event", error);
    }

    [Fact]
    public void Launcher_script_builds_and_runs_the_main_job()
    {
        var (exit, output) = ProcessRunner.Run("bash", "./snnc", "compile", "examples/mnist-784-48-10.snn", "examples/mnist-784-128-10.snn");
        Assert.True(exit == 0, output);
        Assert.Contains("2 network(s) compiled, 0 file(s) failed", output);
    }

    private static readonly string[] SampleSet =
    {
        "--images", RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte"),
        "--labels", RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte"), "--check", "20",
    };

    [Fact]
    public void Eval_json_of_a_network_with_policies_compares_it_with_the_same_network_without()
    {
        var (exit, output, error) = Run(new[] { "eval", RepoPaths.Combine("examples", "mnist-784-128-10-dynamic.snn"), "--json" }.Concat(SampleSet).ToArray());
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(98.4, root.GetProperty("baseline_accuracy").GetDouble()); // 492 of 500, as the recorded counts say
        Assert.Equal(98.4, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(6.23, root.GetProperty("mean_timesteps").GetDouble());
        Assert.Equal(16, root.GetProperty("max_timesteps").GetInt32());
        var saving = root.GetProperty("energy_saving_percent").GetDouble();
        Assert.InRange(saving, 50, 80);
        var rows = root.GetProperty("policies");
        Assert.Equal("none", rows[0].GetProperty("policy").GetString());
        Assert.Equal(saving, rows[1].GetProperty("energy_saving_percent").GetDouble());
    }

    [Fact]
    public void Eval_prints_the_energy_and_its_sweep_figure_is_svg_and_png_on_a_log_axis_without_progress_when_redirected()
    {
        var stem = Path.Combine(Path.GetTempPath(), $"snnc-sweep-{System.Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = Run(new[] { "eval", Example48, "--sweep", "--plot", stem + ".png" }.Concat(SampleSet).ToArray());
            Assert.True(exit == 0, error);
            Assert.Matches(@"energy per image \(cost model v\d+ at this activity\): [0-9.]+ [mun]J \(unvalidated", output);
            Assert.DoesNotContain('\r', error); // the progress line is drawn on a terminal only
            var svg = File.ReadAllText(stem + ".svg");
            Assert.Contains("on 500 MNIST test images", svg);
            Assert.Contains("timesteps (log scale)", svg);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(stem + ".png").Take(4));
        }
        finally
        {
            File.Delete(stem + ".svg");
            File.Delete(stem + ".png");
        }
    }

    [Fact]
    public void Eval_policy_replaces_the_files_policies_and_refuses_what_is_not_one()
    {
        var dynamic = RepoPaths.Combine("examples", "mnist-784-128-10-dynamic.snn");
        var (exit, output, error) = Run(new[] { "eval", dynamic, "--json", "--policy", "none", "--policy", "early_exit { margin: 0; min_timesteps: 2; }" }
            .Concat(SampleSet).ToArray());
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("policies");
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal(16, rows[1].GetProperty("mean_timesteps").GetDouble()); // 'none': the file's early exit is gone
        Assert.Equal(0, rows[1].GetProperty("energy_saving_percent").GetDouble());
        Assert.Equal(2, rows[2].GetProperty("mean_timesteps").GetDouble()); // margin 0 stops at min_timesteps
        Assert.Equal(2, rows[2].GetProperty("max_timesteps").GetInt32());

        var (badExit, _, badError) = Run("eval", dynamic, "--policy", "early_exits { margin: 3; }", "--images", SampleSet[1], "--labels", SampleSet[3]);
        Assert.NotEqual(0, badExit);
        Assert.Contains("'early_exits' is not a policy", badError);
        var (wrongExit, _, wrongError) = Run("eval", dynamic, "--policy", "early_exit { margn: 3; }", "--images", SampleSet[1], "--labels", SampleSet[3]);
        Assert.NotEqual(0, wrongExit);
        Assert.Contains("SNN0203", wrongError);
        Assert.Contains("in --policy 'early_exit { margn: 3; }'", wrongError);
    }

    [Fact]
    public void Bench_json_reports_every_rate_and_the_ratio()
    {
        var (exit, output, _) = Run("bench", Example48, "--seconds", "0.4", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var network = json.RootElement.GetProperty("networks")[0];
        foreach (var key in new[] { "host_images_per_s", "intrinsic_kernel_images_per_s", "nano_flavour_images_per_s", "reference_images_per_s", "host_time_over_kernel_time", "host_microseconds", "batch_microseconds" })
        {
            Assert.True(network.GetProperty(key).GetDouble() > 0, key);
        }

        // With gcc (.ci/run installs it) the hand-written C baseline ran, bit-exact, in the same rounds.
        if (Rtl.RtlHarness.Has("gcc"))
        {
            Assert.Equal(JsonValueKind.Null, network.GetProperty("c_baseline_problem").ValueKind);
            Assert.True(network.GetProperty("c_baseline_microseconds").GetDouble() > 0);
            Assert.True(network.GetProperty("host_over_c_baseline").GetDouble() > 0);
            Assert.True(network.GetProperty("batch_over_c_baseline").GetDouble() > 0);
        }
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static (string Path, byte[] Values) Sample(int seed)
    {
        var random = new System.Random(seed);
        var values = Enumerable.Range(0, 784).Select(_ => (byte)(random.Next(3) == 0 ? random.Next(256) : 0)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"snnc-sample-{seed}-{System.Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join(" ", values));
        return (path, values);
    }
}
