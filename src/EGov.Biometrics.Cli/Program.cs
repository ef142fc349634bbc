return EGov.Biometrics.Cli.CliApp.Run(args);
