// Scheduler FIFO of spike rows, stored in block RAM (dnsoc_ram_dual), not in registers. The entry at the
// head is the spike being served: it stays until the controller pops it after its update pass, so a pass
// can queue at most DEPTH - 1 new spikes. A push into a full FIFO is dropped and sets the sticky overflow.
// The RAM reads the head every cycle (or the entry after it while popping), so head_data is valid in
// the cycle after the controller decides to fetch.
module dnsoc_fifo #(
    parameter WIDTH = 8,
    parameter DEPTH = 128,
    parameter PTR_BITS = 7,
    parameter COUNT_BITS = 8
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  push,
    input  wire [WIDTH-1:0]      push_data,
    input  wire                  pop,
    output wire [WIDTH-1:0]      head_data,
    output wire                  empty,
    output wire                  full,
    output wire                  several,
    output reg                   overflow
);
    reg [PTR_BITS-1:0]   head;
    reg [PTR_BITS-1:0]   tail;
    reg [COUNT_BITS-1:0] count;

    wire [PTR_BITS-1:0] head_next = (head == DEPTH - 1) ? {PTR_BITS{1'b0}} : head + 1'b1;
    wire [PTR_BITS-1:0] tail_next = (tail == DEPTH - 1) ? {PTR_BITS{1'b0}} : tail + 1'b1;
    wire accept = push && !full;

    assign empty = (count == 0);
    assign full = (count == DEPTH);
    assign several = (count > 1);

    dnsoc_ram_dual #(.WIDTH(WIDTH), .DEPTH(DEPTH), .ADDR_BITS(PTR_BITS)) entries (
        .clk(clk), .we(accept), .waddr(tail), .wdata(push_data),
        .raddr(pop ? head_next : head), .rdata(head_data));

    always @(posedge clk) begin
        if (rst) begin
            head <= {PTR_BITS{1'b0}};
            tail <= {PTR_BITS{1'b0}};
            count <= {COUNT_BITS{1'b0}};
            overflow <= 1'b0;
        end else begin
            if (accept) tail <= tail_next;
            if (pop && !empty) head <= head_next;
            if (push && full) overflow <= 1'b1;
            if (accept && !(pop && !empty)) count <= count + 1'b1;
            else if (!accept && pop && !empty) count <= count - 1'b1;
        end
    end
endmodule
