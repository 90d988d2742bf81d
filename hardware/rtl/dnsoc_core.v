// One DN-SoC neurosynaptic core (hardware/README.md): SPI configuration, four registers, input and output
// AER, the scheduler FIFO in block RAM, the controller, LANES update lanes, the neuron memory as LANES
// banks (neuron n in bank n mod LANES) and the synapse memory as SYN_BANKS banks of 32-bit words (word w
// in bank w mod SYN_BANKS), so that one read gives a whole batch. With the default parameters it is the
// tinyODIN profile: 256 x 256, 4-bit weights, 12-bit membranes, 40-bit SPI frames, 10-bit AER in.
module dnsoc_core #(
    parameter ROWS = 256,
    parameter NEURONS = 256,
    parameter WEIGHT_BITS = 4,
    parameter MEMBRANE_BITS = 12,
    parameter LEAK_KIND = 1,
    parameter RESET_KIND = 0,
    parameter LANES = 1,
    parameter FIFO_DEPTH = 128,
    // Register values after reset. Programming over SPI sets all four anyway; with HAS_INIT they let the
    // core serve events right after reset.
    parameter BOOT_OPEN_LOOP = 0,
    parameter BOOT_AER_SOURCE = 0,
    parameter BOOT_MAX_NEURON = 0,
    // HAS_INIT = 1: memories start from INIT_PREFIX.neurons<bank>.hex and INIT_PREFIX.synapses<bank>.hex,
    // and the core counts as programmed (as if its last SPI frame had been a register write)
    parameter HAS_INIT = 0,
    parameter INIT_PREFIX = "core",
    // derived (docs/blob-format.md: BitsFor(rows), BitsFor(neurons)); do not set
    parameter ROW_BITS = (ROWS > 1) ? $clog2(ROWS) : 1,
    parameter NEURON_BITS = (NEURONS > 1) ? $clog2(NEURONS) : 1
) (
    input  wire                     CLK,
    input  wire                     RST,
    // SPI (mode 0, MSB first, no chip select)
    input  wire                     SCK,
    input  wire                     MOSI,
    output wire                     MISO,
    // input AER {kind[1:0], payload[ROW_BITS-1:0]}
    input  wire [ROW_BITS+1:0]      AERIN_ADDR,
    input  wire                     AERIN_REQ,
    output wire                     AERIN_ACK,
    // output AER: the neuron that fired
    output wire [NEURON_BITS-1:0]   AEROUT_ADDR,
    output wire                     AEROUT_REQ,
    input  wire                     AEROUT_ACK,
    // status
    output wire                     SCHED_FULL,
    output wire                     SCHED_OVERFLOW,
    output wire                     BUSY,
    output wire                     IDLE
);
    // Widths of docs/blob-format.md (BlobLayout): addresses, words, SPI field.
    localparam NEURON_WORDS = (2 * MEMBRANE_BITS + 8 + 31) / 32;
    localparam WORD_BITS = 32 * NEURON_WORDS;
    localparam WEIGHT_FIELD = (WEIGHT_BITS <= 1) ? 1 : (WEIGHT_BITS <= 2) ? 2 : (WEIGHT_BITS <= 4) ? 4 : (WEIGHT_BITS <= 8) ? 8 : 16;
    localparam WORDS_PER_ROW = (NEURONS * WEIGHT_FIELD + 31) / 32;
    localparam BATCH_WIDTH = LANES * WEIGHT_FIELD;
    localparam SYN_BANKS = (BATCH_WIDTH > 32) ? BATCH_WIDTH / 32 : 1;
    localparam BATCHES_PER_WORD = (BATCH_WIDTH < 32) ? 32 / BATCH_WIDTH : 1;
    localparam BANK_WORDS_PER_ROW = WORDS_PER_ROW / SYN_BANKS;
    localparam SYN_INDEX_BITS = $clog2(ROWS * WORDS_PER_ROW);
    localparam SYN_DEPTH = ROWS * BANK_WORDS_PER_ROW;
    localparam SYN_ADDR_BITS = (SYN_DEPTH > 1) ? $clog2(SYN_DEPTH) : 1;
    localparam BANK_DEPTH = NEURONS / LANES;
    localparam BANK_BITS = (BANK_DEPTH > 1) ? $clog2(BANK_DEPTH) : 1;
    localparam NEURON_FIELD = $clog2(NEURON_WORDS * 4) + NEURON_BITS;
    localparam SYNAPSE_FIELD = 2 + SYN_INDEX_BITS;
    localparam FIELD_WIDE = (NEURON_FIELD > SYNAPSE_FIELD) ? NEURON_FIELD : SYNAPSE_FIELD;
    localparam FIELD_BITS = (FIELD_WIDE > 16) ? FIELD_WIDE : 16;
    localparam FIFO_PTR_BITS = (FIFO_DEPTH > 1) ? $clog2(FIFO_DEPTH) : 1;
    localparam FIFO_COUNT_BITS = $clog2(FIFO_DEPTH + 1);

    // ---- configuration registers (write-only; gate 0 and the BOOT_ values after reset) ----
    wire       reg_we;
    wire [1:0] reg_number;
    wire [7:0] reg_value;
    wire       last_was_register;
    reg        gate;
    reg        open_loop;
    reg        aer_source;
    reg  [7:0] max_neuron;
    always @(posedge CLK) begin
        if (RST) begin
            gate <= 1'b0;
            open_loop <= BOOT_OPEN_LOOP;
            aer_source <= BOOT_AER_SOURCE;
            max_neuron <= BOOT_MAX_NEURON;
        end else if (reg_we) begin
            case (reg_number)
                2'd0: gate <= reg_value[0];
                2'd1: open_loop <= reg_value[0];
                2'd2: aer_source <= reg_value[0];
                default: max_neuron <= reg_value;
            endcase
        end
    end

    wire                  mem_req, mem_write, read_done;
    wire [1:0]            mem_command;
    wire [FIELD_BITS-1:0] mem_field;
    wire [7:0]            mem_byte, mem_keep, read_byte;
    dnsoc_spi #(.FIELD_BITS(FIELD_BITS), .READY_AT_RESET(HAS_INIT)) spi (
        .clk(CLK), .rst(RST), .sck(SCK), .mosi(MOSI), .miso(MISO),
        .reg_we(reg_we), .reg_number(reg_number), .reg_value(reg_value), .last_was_register(last_was_register),
        .mem_req(mem_req), .mem_write(mem_write), .mem_command(mem_command), .mem_field(mem_field),
        .mem_byte(mem_byte), .mem_keep(mem_keep), .read_done(read_done), .read_byte(read_byte));

    wire event_valid, event_take;
    dnsoc_aer_in aer_in (.clk(CLK), .rst(RST), .req(AERIN_REQ), .ack(AERIN_ACK), .valid(event_valid), .take(event_take));

    wire                   out_send, out_busy;
    wire [NEURON_BITS-1:0] out_neuron;
    dnsoc_aer_out #(.ADDR_BITS(NEURON_BITS)) aer_out (
        .clk(CLK), .rst(RST), .send(out_send), .send_addr(out_neuron), .busy(out_busy),
        .req(AEROUT_REQ), .addr(AEROUT_ADDR), .ack(AEROUT_ACK));

    wire                fifo_push, fifo_pop, fifo_empty, fifo_several;
    wire [ROW_BITS-1:0] fifo_push_row, fifo_head;
    dnsoc_fifo #(.WIDTH(ROW_BITS), .DEPTH(FIFO_DEPTH), .PTR_BITS(FIFO_PTR_BITS), .COUNT_BITS(FIFO_COUNT_BITS)) scheduler (
        .clk(CLK), .rst(RST), .push(fifo_push), .push_data(fifo_push_row), .pop(fifo_pop), .head_data(fifo_head),
        .empty(fifo_empty), .full(SCHED_FULL), .several(fifo_several), .overflow(SCHED_OVERFLOW));

    wire [BANK_BITS-1:0]         neuron_addr;
    wire [LANES-1:0]             neuron_we;
    wire [LANES*WORD_BITS-1:0]   neuron_wdata, neuron_rdata, lane_words;
    wire [SYN_ADDR_BITS-1:0]     synapse_addr;
    wire [SYN_BANKS-1:0]         synapse_we;
    wire [SYN_BANKS*32-1:0]      synapse_wdata, synapse_rdata;
    wire [BANK_BITS-1:0]         weight_slot;
    wire                         leak_event;
    wire [LANES-1:0]             lane_fire, lane_enabled;

    dnsoc_controller #(
        .ROW_BITS(ROW_BITS), .NEURONS(NEURONS), .NEURON_BITS(NEURON_BITS), .WORD_BITS(WORD_BITS), .LANES(LANES),
        .BANK_BITS(BANK_BITS), .BATCH_BITS(BANK_BITS), .FIELD_BITS(FIELD_BITS), .SYN_BANKS(SYN_BANKS),
        .SYN_ADDR_BITS(SYN_ADDR_BITS), .SYN_INDEX_BITS(SYN_INDEX_BITS), .BANK_WORDS_PER_ROW(BANK_WORDS_PER_ROW),
        .BATCHES_PER_WORD(BATCHES_PER_WORD)
    ) controller (
        .clk(CLK), .rst(RST), .gate(gate), .open_loop(open_loop), .max_neuron(max_neuron), .last_was_register(last_was_register),
        .event_valid(event_valid), .event_addr(AERIN_ADDR), .event_take(event_take),
        .fifo_push(fifo_push), .fifo_push_row(fifo_push_row), .fifo_pop(fifo_pop), .fifo_head(fifo_head),
        .fifo_empty(fifo_empty), .fifo_several(fifo_several),
        .out_send(out_send), .out_neuron(out_neuron), .out_busy(out_busy),
        .mem_req(mem_req), .mem_write(mem_write), .mem_command(mem_command), .mem_field(mem_field),
        .mem_byte(mem_byte), .mem_keep(mem_keep), .read_done(read_done), .read_byte(read_byte),
        .neuron_addr(neuron_addr), .neuron_we(neuron_we), .neuron_wdata(neuron_wdata), .neuron_rdata(neuron_rdata),
        .synapse_addr(synapse_addr), .synapse_we(synapse_we), .synapse_wdata(synapse_wdata), .synapse_rdata(synapse_rdata),
        .weight_slot(weight_slot), .leak_event(leak_event),
        .lane_words(lane_words), .lane_fire(lane_fire), .lane_enabled(lane_enabled),
        .busy(BUSY), .idle(IDLE));

    // The weights of the batch being read: a slice of one synapse word, or the words of every bank.
    wire [SYN_BANKS*32-1:0] batch_weights = synapse_rdata >> (weight_slot * BATCH_WIDTH);

    genvar l;
    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_lane
            localparam [7:0] DIGIT = 8'd48 + l;
            dnsoc_ram #(.WIDTH(WORD_BITS), .DEPTH(BANK_DEPTH), .ADDR_BITS(BANK_BITS), .HAS_INIT(HAS_INIT),
                        .INIT_FILE({INIT_PREFIX, ".neurons", DIGIT, ".hex"})) neurons (
                .clk(CLK), .we(neuron_we[l]), .addr(neuron_addr),
                .wdata(neuron_wdata[l*WORD_BITS +: WORD_BITS]), .rdata(neuron_rdata[l*WORD_BITS +: WORD_BITS]));
            dnsoc_lane #(.MEMBRANE_BITS(MEMBRANE_BITS), .WEIGHT_BITS(WEIGHT_BITS), .WORD_BITS(WORD_BITS),
                         .LEAK_KIND(LEAK_KIND), .RESET_KIND(RESET_KIND)) lane (
                .word(neuron_rdata[l*WORD_BITS +: WORD_BITS]), .weight(batch_weights[l*WEIGHT_FIELD +: WEIGHT_BITS]),
                .leak_event(leak_event), .new_word(lane_words[l*WORD_BITS +: WORD_BITS]),
                .fire(lane_fire[l]), .enabled(lane_enabled[l]));
        end
        for (l = 0; l < SYN_BANKS; l = l + 1) begin : g_synapse_bank
            localparam [7:0] DIGIT = 8'd48 + l;
            dnsoc_ram #(.WIDTH(32), .DEPTH(SYN_DEPTH), .ADDR_BITS(SYN_ADDR_BITS), .HAS_INIT(HAS_INIT),
                        .INIT_FILE({INIT_PREFIX, ".synapses", DIGIT, ".hex"})) synapses (
                .clk(CLK), .we(synapse_we[l]), .addr(synapse_addr),
                .wdata(synapse_wdata[l*32 +: 32]), .rdata(synapse_rdata[l*32 +: 32]));
        end
    endgenerate
endmodule
