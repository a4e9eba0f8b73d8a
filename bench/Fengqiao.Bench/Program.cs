using BenchmarkDotNet.Running;
using Fengqiao.Bench.Load;

// dotnet run -c Release --project bench/Fengqiao.Bench -- --filter '*'   (see docs/benchmarks.md)
// Load benchmarks against a running host: `intake …`, `raw-insert …`, `scale-seed …`, `scale-queries …` (see bench/intake.sh, bench/scale.sh).
return args switch
{
    ["intake", .. var rest] => await IntakeLoad.RunAsync(rest),
    ["raw-insert", .. var rest] => await RawInsert.RunAsync(rest),
    ["scale-seed", .. var rest] => await ScaleSeed.RunAsync(rest),
    ["scale-queries", .. var rest] => await ScaleQueries.RunAsync(rest),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Fengqiao.Bench.WorkingCalendarBenchmarks).Assembly).Run(args);
    return 0;
}
