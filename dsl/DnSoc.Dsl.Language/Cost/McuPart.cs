using System.Collections.Generic;
using System.Linq;

namespace DnSoc.Dsl.Language.Cost;

/// <summary>
/// A microcontroller the memory report states the generated class's share of: on-chip flash and SRAM from the vendor's
/// datasheet (docs/cost-model.md#mcu-parts). A few common parts per core the MCU target names.
/// </summary>
public sealed record McuPart(string Name, string Core, long FlashBytes, long RamBytes, string Source)
{
    private const long KB = 1024;

    public static readonly IReadOnlyList<McuPart> All = new McuPart[]
    {
        new("STM32L053R8", "cortex_m0plus", 64 * KB, 8 * KB, "ST datasheet STM32L053x6/x8"),
        new("STM32F401RE", "cortex_m4", 512 * KB, 96 * KB, "ST datasheet STM32F401xD/xE"),
        new("nRF52840", "cortex_m4", 1024 * KB, 256 * KB, "Nordic nRF52840 Product Specification"),
        new("STM32F746NG", "cortex_m7", 1024 * KB, 320 * KB, "ST datasheet STM32F745xx/STM32F746xx"),
        new("GD32VF103CB", "riscv32", 128 * KB, 32 * KB, "GigaDevice GD32VF103 datasheet"),
    };

    public static IEnumerable<McuPart> For(string? core) => All.Where(p => p.Core == core);
}
