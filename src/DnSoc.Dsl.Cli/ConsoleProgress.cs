using System;
using System.Diagnostics;
using System.IO;

namespace DnSoc.Dsl.Cli;

/// <summary>
/// A progress line with an ETA, redrawn in place on a terminal (at most 5 times a second) for commands that run longer
/// than a second. Silent when the error stream is not an interactive terminal (redirected, captured by a test, a CI
/// log) or when the command prints JSON: there it would only be noise between the results.
/// </summary>
internal sealed class ConsoleProgress
{
    private const int BarWidth = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly TextWriter writer;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();
    private TimeSpan lastDrawn = -Interval;
    private int drawnWidth;

    public ConsoleProgress(TextWriter writer, bool live)
    {
        this.writer = writer;
        Live = live;
    }

    /// <summary>Whether the line is drawn at all.</summary>
    public bool Live { get; }

    /// <summary>Live only when the error stream is a terminal that can redraw a line, and never beside JSON output.</summary>
    public static ConsoleProgress For(TextWriter error, TerminalInfo terminal, bool json) =>
        new(error, !json && terminal.ErrorIsTerminal && Environment.GetEnvironmentVariable("TERM") != "dumb");

    /// <summary>Redraws the line: <paramref name="fraction"/> of the whole job done, then what is going on.</summary>
    public void Report(double fraction, string status)
    {
        lock (gate)
        {
            Draw(fraction, status);
        }
    }

    /// <summary>
    /// A sink for a library's fraction-done reports (e.g. the evaluator's worker threads) under one status; a part of a
    /// larger job (one point of a sweep) maps its 0..1 onto the job's <paramref name="start"/>..start + <paramref name="share"/>.
    /// </summary>
    public IProgress<double> For(string status, double start = 0, double share = 1) => new Sink(this, status, start, share);

    private void Draw(double fraction, string status)
    {
        var now = clock.Elapsed;
        if (!Live || (now - lastDrawn < Interval && fraction < 1))
        {
            return;
        }

        lastDrawn = now;
        fraction = Math.Clamp(fraction, 0, 1);
        var filled = (int)(BarWidth * fraction);
        var eta = fraction > 0 ? Duration(TimeSpan.FromSeconds(now.TotalSeconds * (1 - fraction) / fraction)) : "?";
        var line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,3:0}%  {status}  {Duration(now)} elapsed, ETA {eta}";
        writer.Write("\r" + line.PadRight(drawnWidth));
        drawnWidth = line.Length;
        writer.Flush();
    }

    /// <summary>Prints a line of results above the progress line, which the next report redraws.</summary>
    public void WriteLine(string text)
    {
        lock (gate)
        {
            Erase();
            writer.WriteLine(text);
        }
    }

    /// <summary>Removes the line, so what follows starts on a clean line.</summary>
    public void Clear()
    {
        lock (gate)
        {
            Erase();
        }
    }

    private void Erase()
    {
        if (Live && drawnWidth > 0)
        {
            writer.Write("\r" + new string(' ', drawnWidth) + "\r");
            drawnWidth = 0;
            lastDrawn = -Interval;
        }
    }

    private sealed class Sink(ConsoleProgress progress, string status, double start, double share) : IProgress<double>
    {
        public void Report(double value) => progress.Report(start + (share * value), status);
    }

    public static string Duration(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.TotalSeconds:0}s";
}
