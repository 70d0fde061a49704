namespace Ndk.Gpu;

/// <summary>
/// The Euler-Maruyama Langevin update of MODEL.md section 2, for every weight theta with data gradient g:
/// theta &lt;- theta - dt (g + (T/sigma^2) theta) + sqrt(2 T dt) xi, and theta(0) ~ N(0, sigma0^2).
/// </summary>
public sealed record LangevinDynamics(double Dt, double Temperature, double Sigma2, double Sigma02)
{
    /// <summary>Weight-decay rate gamma = T / sigma^2.</summary>
    public double Gamma => Temperature / Sigma2;

    /// <summary>Multiplier of theta per step: 1 - dt T / sigma^2.</summary>
    public double Decay => 1.0 - Dt * Temperature / Sigma2;

    /// <summary>Standard deviation of the per-step noise: sqrt(2 T dt).</summary>
    public double NoiseScale => Math.Sqrt(2.0 * Temperature * Dt);

    public void Validate()
    {
        if (!(Dt > 0) || double.IsInfinity(Dt)) throw new ArgumentOutOfRangeException(nameof(Dt), Dt, "dt must be > 0");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be >= 0");
        if (!(Sigma2 > 0) || double.IsInfinity(Sigma2)) throw new ArgumentOutOfRangeException(nameof(Sigma2), Sigma2, "sigma2 must be > 0");
        if (!(Sigma02 >= 0) || double.IsInfinity(Sigma02)) throw new ArgumentOutOfRangeException(nameof(Sigma02), Sigma02, "sigma02 must be >= 0");
    }
}
