using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EGov.Biometrics.Benchmarks.Micro.KernelBenchmarks).Assembly).Run(args);
