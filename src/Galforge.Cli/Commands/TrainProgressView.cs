using System.Globalization;
using Galforge.Models.Training;
using Spectre.Console;

namespace Galforge.Cli.Commands;

/// <summary>Spectre.Console progress bar for the trainers: step, loss, validation loss, images/s; validation lines printed above it.</summary>
internal static class TrainProgressView
{
    public static string Run(TextWriter writer, string title, long totalSteps, Func<Action<TrainingProgress>, string> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        string result = "";
        console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: Math.Max(1, totalSteps));
                result = train(p =>
                {
                    task.Value = p.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{title} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} val {p.ValidationLoss:F3} {p.ImagesPerSecond:F1} img/s");
                    if (p.Message is not null) console.MarkupLineInterpolated($"[grey]{p.Message}[/]");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>The command as the user typed it (from the parsed tokens, so it is right in-process too).</summary>
    public static string CommandLine(System.CommandLine.ParseResult parse) => "galforge " + string.Join(' ', parse.Tokens.Select(t => t.Value));
}
