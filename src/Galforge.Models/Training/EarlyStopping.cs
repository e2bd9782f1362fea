using System.Globalization;
using Galforge.Nn;

namespace Galforge.Models.Training;

/// <summary>
/// Validation bookkeeping shared by the VAE and flow trainers: best and last validation value,
/// validations since the best, training seconds of earlier sessions, and the early-stop decision.
/// It lives in the checkpoint's metadata so a resumed run stops exactly where a straight run would.
/// </summary>
public sealed class EarlyStopping
{
    /// <summary>Lowest validation value so far (+infinity before the first).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Most recent validation value (NaN before the first).</summary>
    public double Last { get; private set; } = double.NaN;

    /// <summary>Validations since <see cref="Best"/> last improved.</summary>
    public int SinceBest { get; private set; }

    /// <summary>Training time of earlier sessions of this run, in seconds.</summary>
    public double ElapsedSeconds { get; private set; }

    /// <summary>Whether patience ran out.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Restores the state saved by <see cref="SaveTo"/>.</summary>
    public void LoadFrom(Checkpoint checkpoint)
    {
        var m = checkpoint.Metadata;
        Best = double.Parse(m["best_val"], CultureInfo.InvariantCulture);
        Last = double.Parse(m["last_val"], CultureInfo.InvariantCulture);
        SinceBest = int.Parse(m["since_best"], CultureInfo.InvariantCulture);
        ElapsedSeconds = double.Parse(m["elapsed_s"], CultureInfo.InvariantCulture);
        Stopped = m["early_stopped"] == "true";
    }

    /// <summary>
    /// Records a validation value; returns true when it is a new best. With
    /// <paramref name="patience"/> &gt; 0, stops after that many validations without improvement.
    /// </summary>
    public bool Record(double value, int patience)
    {
        Last = value;
        var improved = value < Best;
        if (improved)
        {
            Best = value;
            SinceBest = 0;
        }
        else SinceBest++;
        if (patience > 0 && SinceBest >= patience) Stopped = true;
        return improved;
    }

    /// <summary>Writes the state into the checkpoint's metadata; <paramref name="sessionSeconds"/> is this session's training time so far.</summary>
    public void SaveTo(Checkpoint checkpoint, double sessionSeconds)
    {
        var m = checkpoint.Metadata;
        m["best_val"] = Best.ToString("R", CultureInfo.InvariantCulture);
        m["last_val"] = Last.ToString("R", CultureInfo.InvariantCulture);
        m["since_best"] = SinceBest.ToString(CultureInfo.InvariantCulture);
        m["elapsed_s"] = (ElapsedSeconds + sessionSeconds).ToString("R", CultureInfo.InvariantCulture);
        m["early_stopped"] = Stopped ? "true" : "false";
    }

    /// <summary>Total training time of the run, in seconds, given this session's.</summary>
    public double TotalSeconds(double sessionSeconds) => ElapsedSeconds + sessionSeconds;
}
