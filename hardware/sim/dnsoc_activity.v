// Activity monitor of one core (simulation only; docs/cost-model.md#power): counts, outside SPI programming, the
// lanes' neuron-word writes and the membrane bits each write toggles, the scheduler FIFO's pushes, the output
// events and the busy cycles. Prints one ACTIVITY line when the core's driver is done.
module dnsoc_activity #(
    parameter CORE = 0,
    parameter LANES = 1,
    parameter WORD_BITS = 32,
    parameter MEMBRANE_BITS = 12
) (
    input wire                       clk,
    input wire                       done,
    input wire                       spi,
    input wire [LANES-1:0]           we,
    input wire [LANES*WORD_BITS-1:0] old_words,
    input wire [LANES*WORD_BITS-1:0] new_words,
    input wire                       fifo_push,
    input wire                       out_send,
    input wire                       busy
);
    integer writes = 0;
    integer toggles = 0;
    integer pushes = 0;
    integer emits = 0;
    integer busy_cycles = 0;
    integer l;
    integer b;
    reg reported = 1'b0;

    always @(posedge clk) begin
        if (!spi) begin
            for (l = 0; l < LANES; l = l + 1) begin
                if (we[l]) begin
                    writes = writes + 1;
                    for (b = 0; b < MEMBRANE_BITS; b = b + 1)
                        toggles = toggles + (old_words[l*WORD_BITS + b] ^ new_words[l*WORD_BITS + b]);
                end
            end
            if (fifo_push) pushes = pushes + 1;
            if (out_send) emits = emits + 1;
        end
        if (busy) busy_cycles = busy_cycles + 1;
        if (done && !reported) begin
            $display("ACTIVITY core=%0d writes=%0d toggles=%0d pushes=%0d emits=%0d busy=%0d", CORE, writes, toggles, pushes, emits, busy_cycles);
            reported = 1'b1;
        end
    end
endmodule
