namespace DnSoc.Networks;

/// <summary>The one line an application writes to run a generated class on the firmware's software path.</summary>
public partial class Mnist784x48x10 : DnSoc.Firmware.ISoftwareNetwork
{
}
