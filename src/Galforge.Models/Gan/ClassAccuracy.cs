namespace Galforge.Models.Gan;

/// <summary>A classifier's score on a set of galaxies.</summary>
/// <param name="Accuracy">Fraction of the classifiable galaxies put in their own class.</param>
/// <param name="Recall">Per class: the fraction of that class's classifiable galaxies put in it (NaN when none).</param>
/// <param name="Classified">Galaxies with every feature measured.</param>
/// <param name="Total">All galaxies offered.</param>
public sealed record ClassAccuracy(double Accuracy, double[] Recall, int Classified, int Total);
