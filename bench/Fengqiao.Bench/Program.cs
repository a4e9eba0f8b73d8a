using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Fengqiao.Bench -- --filter '*'   (see docs/benchmarks.md)
BenchmarkSwitcher.FromAssembly(typeof(Fengqiao.Bench.WorkingCalendarBenchmarks).Assembly).Run(args);
