// Single-port synchronous RAM, read-first: one read or one write per cycle. Written so that synthesis
// infers block RAM (yosys memory_libmap, vendor tools). Contents start at zero, or from INIT_FILE
// (HAS_INIT = 1: $readmemh, one word per line) so that a bitstream can boot with its weights.
module dnsoc_ram #(
    parameter WIDTH = 32,
    parameter DEPTH = 256,
    parameter ADDR_BITS = 8,
    parameter HAS_INIT = 0,
    parameter INIT_FILE = "none.hex"
) (
    input  wire                 clk,
    input  wire                 we,
    input  wire [ADDR_BITS-1:0] addr,
    input  wire [WIDTH-1:0]     wdata,
    output reg  [WIDTH-1:0]     rdata
);
    (* ram_style = "block" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
    integer i;
    initial begin
        for (i = 0; i < DEPTH; i = i + 1) mem[i] = {WIDTH{1'b0}};
        if (HAS_INIT) $readmemh(INIT_FILE, mem);
        rdata = {WIDTH{1'b0}};
    end

    always @(posedge clk) begin
        if (we) mem[addr] <= wdata;
        rdata <= mem[addr];
    end
endmodule
