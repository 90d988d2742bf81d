// Input AER receiver, four-phase handshake: the sender puts an address on AERIN_ADDR, raises REQ and
// keeps both until ACK rises; then drops REQ, and ACK falls. REQ passes a two-flip-flop synchroniser,
// so a sender may run on another clock; the address must be stable from REQ's rise until ACK.
// 'valid' is an event waiting (its address is still on AERIN_ADDR); 'take' (from the controller) raises ACK.
module dnsoc_aer_in (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 req,
    output reg                  ack,
    output wire                 valid,
    input  wire                 take
);
    reg [1:0] req_sync;
    assign valid = req_sync[1] && !ack;

    always @(posedge clk) begin
        if (rst) begin
            req_sync <= 2'b00;
            ack <= 1'b0;
        end else begin
            req_sync <= {req_sync[0], req};
            if (valid && take) begin
                ack <= 1'b1;
            end else if (!req_sync[1]) begin
                ack <= 1'b0;
            end
        end
    end
endmodule
