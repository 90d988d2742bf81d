using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Cli;

/// <summary>
/// <c>snnc train</c> end to end, in process, on the committed 500-image sample (no MNIST download): what it writes,
/// what it refuses to overwrite, every network of a file, and a silent progress line when stderr is not a terminal.
/// </summary>
public sealed class TrainCommandTests : IDisposable
{
    private static readonly string Images = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
    private static readonly string Labels = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"snnc-train-{Guid.NewGuid():N}");

    public TrainCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void One_epoch_writes_the_weights_and_the_log_and_eval_then_runs_the_network()
    {
        var snn = Example("mnist-784-48-10.snn");
        var (exit, output, error) = Train(snn);

        Assert.True(exit == 0, error);
        Assert.Contains("kept epoch 1 of 1", output);
        Assert.True(File.Exists(Path.Combine(folder, "mnist-784-48-10.w.txt")));
        var log = File.ReadAllLines(Path.Combine(folder, "Mnist784x48x10.training.csv"));
        Assert.Equal("epoch,loss,train_accuracy,validation_accuracy,learning_rate,seconds,kept", log[0]);
        Assert.Equal(2, log.Length);
        Assert.StartsWith("1,", log[1]);
        Assert.EndsWith(",1", log[1]);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder, "Mnist784x48x10.training.svg")));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(folder, "Mnist784x48x10.training.png")).Take(4));

        var eval = Run("eval", snn, "--images", Images, "--labels", Labels);
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Contains("accuracy", eval.Output);
    }

    [Fact]
    public void Existing_weights_are_kept_unless_force_is_given_and_checked_before_training()
    {
        var snn = Example("mnist-784-48-10.snn");
        var weights = Path.Combine(folder, "mnist-784-48-10.w.txt");
        File.WriteAllText(weights, "# someone's weights\n");

        var refused = Train(snn);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("already exist", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.DoesNotContain("epoch", refused.Error); // refused before the first epoch, not after
        Assert.Equal("# someone's weights\n", File.ReadAllText(weights));

        var forced = Train(snn, "--force");
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.NotEqual("# someone's weights\n", File.ReadAllText(weights));
    }

    [Fact]
    public void Output_option_writes_the_weights_elsewhere_and_evaluates_them_from_there()
    {
        var snn = Example("mnist-784-48-10.snn");
        var elsewhere = Path.Combine(folder, "trial.w.txt");

        var (exit, output, error) = Train(snn, "-o", elsewhere);

        Assert.True(exit == 0, error);
        Assert.Contains("validation (100 held-out training images): fixed-point", output);
        Assert.Contains("tensor h", File.ReadAllText(elsewhere));
        Assert.False(File.Exists(Path.Combine(folder, "mnist-784-48-10.w.txt")));
    }

    [Fact]
    public void Every_network_of_a_file_is_trained_and_network_picks_one()
    {
        var snn = Path.Combine(folder, "two.snn");
        var one = File.ReadAllText(RepoPaths.Combine("examples", "mnist-784-48-10.snn"));
        File.WriteAllText(snn, one + "\n" + one.Replace("Mnist784x48x10", "Second").Replace("mnist-784-48-10.w.txt", "second.w.txt"));

        var both = Train(snn);
        Assert.True(both.Exit == 0, both.Error);
        Assert.Contains("Mnist784x48x10: kept epoch", both.Output);
        Assert.Contains("Second: kept epoch", both.Output);
        Assert.True(File.Exists(Path.Combine(folder, "second.w.txt")));

        var unknown = Train(snn, "--network", "Third", "--force");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no network named 'Third'; it has Mnist784x48x10, Second", unknown.Error);

        var oneOfTwo = Train(snn, "-o", Path.Combine(folder, "x.w.txt"));
        Assert.Equal(1, oneOfTwo.Exit);
        Assert.Contains("--network NAME", oneOfTwo.Error);

        var picked = Train(snn, "--network", "Second", "--force");
        Assert.True(picked.Exit == 0, picked.Error);
        Assert.DoesNotContain("Mnist784x48x10", picked.Output);
    }

    [Theory]
    [InlineData("--validation 500", "--validation 500: hold out between 1 and 499 of the 500 images")]
    [InlineData("--validation 0", "--validation 0: hold out between 1 and 499")]
    [InlineData("--validation 100 --epochs 0", "--epochs 0: must be at least 1")]
    [InlineData("--validation 100 --batch-size -1", "--batch-size -1: must be at least 1")]
    [InlineData("--validation 100 --learning-rate 0", "--learning-rate must be above 0")]
    [InlineData("--validation 100 --limit 0", "--limit 0: must be at least 1")]
    [InlineData("--validation 100 --tandem --count-noise", "--count-noise, which imitates them, does not go with it")]
    [InlineData("--validation 100 --from other.snn", "--from starts from trained weights to prune them (--prune) or to go on training them in tandem (--tandem)")]
    public void A_bad_option_is_one_line_naming_it_and_nothing_is_written(string option, string expected)
    {
        var snn = Example("mnist-784-48-10.snn");
        var args = new[] { "train", snn, "--images", Images, "--labels", Labels }.Concat(option.Split(' ')).ToArray();

        var (exit, _, error) = Run(args);

        Assert.Equal(1, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(folder, "mnist-784-48-10.w.txt")));
    }

    [Fact]
    public void Tandem_training_from_shipped_weights_keeps_the_epoch_best_in_fixed_point_and_refuses_per_step_networks()
    {
        var snn = Example("mnist-784-48-10.snn");
        var from = RepoPaths.Combine("examples", "mnist-784-48-10.snn");

        var (exit, output, error) = Train(snn, "--tandem", "--from", from, "--learning-rate", "0.0002");

        Assert.True(exit == 0, error);
        Assert.Matches(@"kept epoch 1 of 1 \(best validation accuracy, fixed point (\d+\.\d\d) %\)", output);
        var kept = System.Text.RegularExpressions.Regex.Match(output, @"fixed point (\d+\.\d\d) %").Groups[1].Value;
        Assert.Contains($"validation (100 held-out training images): fixed-point {kept} %", output); // the kernel and the generated code agree
        Assert.Contains("from the weights of mnist-784-48-10.snn, 1 epochs", File.ReadAllText(Path.Combine(folder, "mnist-784-48-10.w.txt")));

        var perStep = Path.Combine(folder, "per-step.snn");
        var mcu = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(snn), "target dnsoc\\(.*\\);", "target mcu(core: cortex_m4, clock: 80 MHz);");
        File.WriteAllText(perStep, mcu.Replace("update per_event;", "update per_step;"));
        var refused = Train(perStep, "--tandem");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("--tandem: Mnist784x48x10: tandem training runs the network per event", refused.Error);
        Assert.Single(refused.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Images_without_labels_is_refused()
    {
        var (exit, _, error) = Run("train", Example("mnist-784-48-10.snn"), "--images", Images);
        Assert.Equal(1, exit);
        Assert.Contains("--images and --labels go together", error);
    }

    [Fact]
    public void No_progress_line_is_drawn_when_stderr_is_not_a_terminal()
    {
        var (exit, _, error) = Train(Example("mnist-784-48-10.snn"));

        Assert.True(exit == 0, error);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain("ETA", error);
        Assert.Contains("epoch   1/1", error); // the epoch lines stay: they are the run's log
    }

    [Fact]
    public void A_live_progress_line_redraws_in_place_with_an_eta()
    {
        var live = new StringWriter();
        var progress = new ConsoleProgress(live, live: true);
        progress.Report(0.5, "epoch 1");
        progress.WriteLine("a result");
        Assert.StartsWith("\r[##########..........]  50%  epoch 1", live.ToString());
        Assert.Contains("ETA", live.ToString());
        Assert.EndsWith("a result" + Environment.NewLine, live.ToString());

        var silent = new StringWriter();
        new ConsoleProgress(silent, live: false).Report(0.5, "epoch 1");
        Assert.Equal(string.Empty, silent.ToString());

        // A part of a larger job: the second of four sweep points, finished, is half of the whole.
        var part = new StringWriter();
        new ConsoleProgress(part, live: true).For("point 2/4", start: 0.25, share: 0.25).Report(1.0);
        Assert.StartsWith("\r[##########..........]  50%  point 2/4", part.ToString());

        // Live only where the command's terminal says standard error is one, and never beside JSON.
        Assert.False(ConsoleProgress.For(silent, TerminalInfo.Redirected, json: false).Live);
        Assert.False(ConsoleProgress.For(silent, new TerminalInfo(true, true, true), json: true).Live);
        Assert.Equal(Environment.GetEnvironmentVariable("TERM") != "dumb", ConsoleProgress.For(silent, new TerminalInfo(false, true, false), json: false).Live);
    }

    private (int Exit, string Output, string Error) Train(string snn, params string[] more) =>
        Run(new[] { "train", snn, "--images", Images, "--labels", Labels, "--validation", "100", "--limit", "200", "--epochs", "1" }.Concat(more).ToArray());

    private string Example(string name)
    {
        var path = Path.Combine(folder, name);
        File.Copy(RepoPaths.Combine("examples", name), path);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SnncApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
