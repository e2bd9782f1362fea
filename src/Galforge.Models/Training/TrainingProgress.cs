namespace Galforge.Models.Training;

/// <summary>A progress report from a trainer, after every step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Training loss of the last step.</param>
/// <param name="ValidationLoss">Latest validation loss (NaN before the first validation).</param>
/// <param name="ImagesPerSecond">Training throughput of this session, galaxies (or latents) per second.</param>
/// <param name="Message">A line to print (validation, checkpoint, early stop), or null.</param>
public sealed record TrainingProgress(long Step, long TotalSteps, double Loss, double ValidationLoss, double ImagesPerSecond, string? Message);
