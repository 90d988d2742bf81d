namespace DnSoc.Dsl.Backend.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 28 x 28 grey images of clothing in 10 classes, with MNIST's file names
/// and layout, installed gzip-compressed by the Debian package dataset-fashion-mnist. The SHA-256 sums are those of the
/// uncompressed files of that package (version 0.0~git20200523.55506a9-1), checked there: 60 000 + 10 000 images,
/// 6 000 training images per class (docs/data.md#fashion-mnist).
/// </summary>
public static class FashionMnistFiles
{
    public static readonly DataPackage Package = new(
        "dataset-fashion-mnist",
        "/usr/share/datasets/fashion-mnist/",
        new[]
        {
            new DataFile(MnistFiles.TrainImages, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new DataFile(MnistFiles.TrainLabels, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new DataFile(MnistFiles.TestImages, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new DataFile(MnistFiles.TestLabels, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        })
    {
        Name = "fashion-mnist",
        Title = "Fashion-MNIST",
        Kind = ChecksumKind.Sha256,
        Installed = true,
    };
}
