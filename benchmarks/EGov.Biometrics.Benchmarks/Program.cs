return EGov.Biometrics.Benchmarks.BenchApp.Run(args);
