using System.CommandLine;
using System.Security.Cryptography;
using EGov.Biometrics.ModelConversion;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio models list|convert</c>: what the manifest names, and the models built from package files.</summary>
internal static class ModelsCommand
{
    public static Command Create() => new("models", "List the models, or convert those that need converting.") { CreateList(), CreateConvert() };

    private static Command CreateList()
    {
        var command = new Command("list", "Every model in the manifest and whether the cache holds a verified copy.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var store = ModelStore.Discover();
            foreach (var model in store.Manifest.Models)
            {
                var state = Status(store, model);
                output.WriteLine($"{model.Id,-34} {model.Task,-10} {model.Version,-8} {state}");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateConvert()
    {
        var command = new Command("convert", "Build every converted model that is missing or invalid, and verify its checksum.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var store = ModelStore.Discover();
            foreach (var model in store.Manifest.Models.Where(m => m.Conversion is not null))
            {
                if (Status(store, model) == "ok")
                {
                    continue;
                }

                var spec = model.Conversion!;
                var bytes = ModelConverters.Convert(spec.Converter, spec.Sources.Select(store.AssetPath).ToList());
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (sha != model.Sha256)
                {
                    throw new CommandException($"Converting {model.Id} gave sha256 {sha}; the manifest pins {model.Sha256}.");
                }

                var target = store.CachePath(model);
                File.WriteAllBytes(target + ".partial", bytes);
                File.Move(target + ".partial", target, overwrite: true);
                output.WriteLine($"models: converted {model.Id} ({bytes.Length / 1024} KiB, sha256 verified)");
            }

            return 0;
        });
        return command;
    }

    private static string Status(ModelStore store, ModelDescriptor model)
    {
        try
        {
            store.ModelPath(model);
            return "ok";
        }
        catch (FileNotFoundException)
        {
            return "missing";
        }
        catch (InvalidDataException)
        {
            return "checksum mismatch";
        }
    }
}
