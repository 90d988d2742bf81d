// Simple dual-port synchronous RAM (one write port, one read port), for the scheduler FIFO. The
// controller never reads an entry in the cycle it is written, so read-during-write is not relied on.
module dnsoc_ram_dual #(
    parameter WIDTH = 8,
    parameter DEPTH = 128,
    parameter ADDR_BITS = 7
) (
    input  wire                 clk,
    input  wire                 we,
    input  wire [ADDR_BITS-1:0] waddr,
    input  wire [WIDTH-1:0]     wdata,
    input  wire [ADDR_BITS-1:0] raddr,
    output reg  [WIDTH-1:0]     rdata
);
    (* ram_style = "block" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
    integer i;
    initial begin
        for (i = 0; i < DEPTH; i = i + 1) mem[i] = {WIDTH{1'b0}};
        rdata = {WIDTH{1'b0}};
    end

    always @(posedge clk) begin
        if (we) mem[waddr] <= wdata;
        rdata <= mem[raddr];
    end
endmodule
