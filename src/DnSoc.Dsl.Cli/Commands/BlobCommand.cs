using System.CommandLine;
using System.IO;
using DnSoc.Firmware;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc blob check FILE.bin</c>: the firmware's own validation, its verdict and error code.</summary>
internal static class BlobCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "a configuration blob (.bin)" };
        var json = SnncApp.JsonOption();
        var check = new Command("check", "Validate a blob with the firmware's parser (exit 1 and the error code when it would be refused)") { file, json };
        check.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var blob = InputFiles.ReadBytes(path, InputFiles.MaxBlobBytes);
            BlobException? refused = null;
            BlobImage? image = null;
            try
            {
                image = BlobImage.Parse(blob);
            }
            catch (BlobException e)
            {
                refused = e;
            }

            if (result.GetValue(json))
            {
                Json.Write(output, new
                {
                    File = path,
                    Valid = refused is null,
                    ErrorCode = refused is null ? 0 : (int)refused.Error,
                    Error = refused?.Error.ToString(),
                    refused?.Message,
                    Bytes = blob.Length,
                    Cores = image?.Cores.Length,
                });
            }
            else if (refused is null)
            {
                output.WriteLine($"{path}: ok ({blob.Length} bytes, {image!.Cores.Length} {(image.Cores.Length == 1 ? "core" : "cores")}, profile {(image.Profile == 1 ? "tinyodin" : "dnsoc")})");
            }
            else
            {
                error.WriteLine($"{path}: error {(int)refused.Error} ({refused.Error}): {refused.Detail}");
            }

            return refused is null ? 0 : 1;
        });
        return new Command("blob", "Configuration blobs") { check };
    }
}
