using BenchmarkDotNet.Running;
using EGov.Biometrics.Matching.Kernels;

// The figures mean nothing without the instruction set they ran on.
Console.WriteLine($"Kernel ISA: {KernelPaths.Isa} (float {KernelPaths.Best}, int8 {KernelPaths.BestInt8})");
BenchmarkSwitcher.FromAssembly(typeof(EGov.Biometrics.Benchmarks.Micro.KernelBenchmarks).Assembly).Run(args);
