using System.IO;
using DnSoc.Dsl.Backend.Data;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Data;

/// <summary>The committed sample: the first 500 images and labels of the official MNIST test set (docs/data.md).</summary>
internal static class Fixture
{
    public const int Count = 500;
    public const string ImagesMd5 = "1d2743c59faa92de1bed834a757f078a";
    public const string LabelsMd5 = "0ea66c07df11e8b86569640c26429810";

    public static readonly string ImagesPath = RepoPaths.Combine("tests", "data", "mnist-test-500-images.idx3-ubyte");
    public static readonly string LabelsPath = RepoPaths.Combine("tests", "data", "mnist-test-500-labels.idx1-ubyte");

    public static byte[] Images => File.ReadAllBytes(ImagesPath);

    public static byte[] Labels => File.ReadAllBytes(LabelsPath);

    public static MnistSet Set => MnistSet.Parse(Images, "images", Labels, "labels");
}
