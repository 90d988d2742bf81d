namespace DnSoc.Dsl.Language.Cost.Fpga;

/// <summary>Area of a core or a SoC on one device: estimated by the model or counted by synthesis.</summary>
/// <param name="Lut">Logic LUTs (xc7 LUT1..LUT6, iCE40 SB_LUT4, ECP5 LUT4 with two per CCU2C carry cell).</param>
/// <param name="Bram">Block RAMs in the device's unit (<see cref="FpgaDevice.BramUnit"/>).</param>
public sealed record FpgaArea(double Lut, double Ff, double Bram, int Dsp)
{
    public static FpgaArea operator +(FpgaArea a, FpgaArea b) => new(a.Lut + b.Lut, a.Ff + b.Ff, a.Bram + b.Bram, a.Dsp + b.Dsp);

    public FpgaArea Times(int count) => new(Lut * count, Ff * count, Bram * count, Dsp * count);

    public static FpgaArea Zero => new(0, 0, 0, 0);
}
