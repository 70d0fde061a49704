using System.Text.Json.Nodes;
using Ndk.Host.Experiments;

namespace Ndk.Host.Reports;

/// <summary>summary.json: the verdict, its figures, and the per-time task metrics, for scripts.</summary>
public static class SummaryJson
{
    public static void Write(string path, RunResult run)
    {
        var s = run.Summary;
        static JsonArray Arr(IEnumerable<double> v) => new(v.Select(x => double.IsFinite(x) ? (JsonNode)x : null).ToArray());
        static JsonNode? N(double x) => double.IsFinite(x) ? x : null;
        var o = new JsonObject
        {
            ["name"] = run.Config.Name,
            ["complete"] = run.Complete,
            ["verdict"] = s.Verdict.Agree ? "agree" : "disagree",
            ["verdictLine"] = s.Verdict.Line,
            ["criterion"] = Comparison.Verdict.Criterion,
            ["maxAbsZ"] = N(s.MaxAbsZ),
            ["medianAbsZ"] = N(s.MedianAbsZ),
            ["relativeRmsError"] = N(s.RelativeRmsError),
            ["samplingFloor"] = N(s.SamplingFloor),
            ["systematicError"] = N(s.SystematicError),
            ["times"] = Arr(run.Times),
            ["trainLossSim"] = Arr(s.TrainLossSim),
            ["trainLossTheory"] = Arr(s.TrainLossTheory),
            ["memberTrainLossSim"] = Arr(run.MemberLoss),
            ["testErrorSim"] = Arr(s.TestErrorSim),
            ["testErrorTheory"] = Arr(s.TestErrorTheory),
            ["ntkInterpolantTestError"] = N(run.NtkTestError),
            ["equilibriumTestError"] = N(run.EquilibriumTestError),
            ["ntkLambdaMax"] = N(run.Limits.NtkLambdaMax),
            ["dtTimesLambdaMax"] = N(run.Config.Dynamics.Dt * run.Limits.NtkLambdaMax),
            ["backend"] = run.Backend,
            ["stepsSimulated"] = run.StepsSimulated,
            ["simulationSeconds"] = run.SimulationSeconds,
            ["stepsPerSecond"] = run.StepsSimulated / Math.Max(run.SimulationSeconds, 1e-9),
            ["theorySeconds"] = run.TheorySeconds,
            ["theoryGridSize"] = run.TheoryGridSize,
            ["warnings"] = new JsonArray(run.Warnings.Select(w => (JsonNode)w).ToArray()),
        };
        AtomicFile.WriteText(path, o.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
