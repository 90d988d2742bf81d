// Output AER sender, four-phase handshake: raises REQ with the neuron address, drops it once ACK is
// seen high, and is free again once ACK is seen low. ACK passes a two-flip-flop synchroniser. The
// receiver must acknowledge every event: while 'busy', the controller stalls before its next output.
module dnsoc_aer_out #(
    parameter ADDR_BITS = 8
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 send,
    input  wire [ADDR_BITS-1:0] send_addr,
    output wire                 busy,
    output reg                  req,
    output reg  [ADDR_BITS-1:0] addr,
    input  wire                 ack
);
    reg [1:0] ack_sync;
    assign busy = req || ack_sync[1];

    always @(posedge clk) begin
        if (rst) begin
            ack_sync <= 2'b00;
            req <= 1'b0;
            addr <= {ADDR_BITS{1'b0}};
        end else begin
            ack_sync <= {ack_sync[0], ack};
            if (send && !busy) begin
                req <= 1'b1;
                addr <= send_addr;
            end else if (req && ack_sync[1]) begin
                req <= 1'b0;
            end
        end
    end
endmodule
