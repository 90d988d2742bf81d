// The core's controller: serves one event at a time, state by state (hardware/README.md#timing).
//   spike (input):     IDLE -accept-> PUSH, {READ, WRITE, EMIT per output event} per batch, POP
//   spike (re-entered): FETCH, {READ, WRITE, EMIT...} per batch, POP
//   time reference:    IDLE -accept-> {READ, WRITE, EMIT...} per batch (one batch for one neuron), LEND
// A batch is LANES neurons; READ reads their words and weights, WRITE updates and stores them, and one
// EMIT per neuron that fired (and is enabled) sends its output event and, in closed loop, queues it.
// The served spike stays at the FIFO head until POP. SPI memory accesses run in IDLE (SPI_READ,
// SPI_WRITE: a masked read-modify-write of one byte).
module dnsoc_controller #(
    parameter ROW_BITS = 8,
    parameter NEURONS = 256,
    parameter NEURON_BITS = 8,
    parameter WORD_BITS = 32,
    parameter LANES = 1,
    parameter BANK_BITS = 8,
    parameter BATCH_BITS = 8,
    parameter FIELD_BITS = 16,
    parameter SYN_BANKS = 1,
    parameter SYN_ADDR_BITS = 13,
    parameter SYN_INDEX_BITS = 13,
    parameter BANK_WORDS_PER_ROW = 32,
    parameter BATCHES_PER_WORD = 8
) (
    input  wire                        clk,
    input  wire                        rst,
    // configuration registers
    input  wire                        gate,
    input  wire                        open_loop,
    input  wire [7:0]                  max_neuron,
    input  wire                        last_was_register,
    // input events
    input  wire                        event_valid,
    input  wire [ROW_BITS+1:0]         event_addr,
    output wire                        event_take,
    // scheduler FIFO
    output wire                        fifo_push,
    output wire [ROW_BITS-1:0]         fifo_push_row,
    output wire                        fifo_pop,
    input  wire [ROW_BITS-1:0]         fifo_head,
    input  wire                        fifo_empty,
    input  wire                        fifo_several,
    // output events
    output wire                        out_send,
    output wire [NEURON_BITS-1:0]      out_neuron,
    input  wire                        out_busy,
    // SPI memory access
    input  wire                        mem_req,
    input  wire                        mem_write,
    input  wire [1:0]                  mem_command,
    input  wire [FIELD_BITS-1:0]       mem_field,
    input  wire [7:0]                  mem_byte,
    input  wire [7:0]                  mem_keep,
    output reg                         read_done,
    output reg  [7:0]                  read_byte,
    // memories
    output wire [BANK_BITS-1:0]        neuron_addr,
    output wire [LANES-1:0]            neuron_we,
    output wire [LANES*WORD_BITS-1:0]  neuron_wdata,
    input  wire [LANES*WORD_BITS-1:0]  neuron_rdata,
    output wire [SYN_ADDR_BITS-1:0]    synapse_addr,
    output wire [SYN_BANKS-1:0]        synapse_we,
    output wire [SYN_BANKS*32-1:0]     synapse_wdata,
    input  wire [SYN_BANKS*32-1:0]     synapse_rdata,
    output wire [BATCH_BITS-1:0]       weight_slot,
    // lanes
    output wire                        leak_event,
    input  wire [LANES*WORD_BITS-1:0]  lane_words,
    input  wire [LANES-1:0]            lane_fire,
    input  wire [LANES-1:0]            lane_enabled,
    // status: a counted cycle (busy, not stalled), and nothing to do
    output wire                        busy,
    output wire                        idle
);
    localparam S_IDLE = 4'd0, S_PUSH = 4'd1, S_FETCH = 4'd2, S_READ = 4'd3, S_WRITE = 4'd4,
               S_EMIT = 4'd5, S_POP = 4'd6, S_LEND = 4'd7, S_SPI_READ = 4'd8, S_SPI_WRITE = 4'd9;
    localparam NEURON_BYTES = WORD_BITS / 8;
    localparam SYN_BANK_SHIFT = (SYN_BANKS > 1) ? $clog2(SYN_BANKS) : 0;

    reg [3:0]             state;
    reg [ROW_BITS-1:0]    row;
    reg                   leak;
    reg                   leak_one;
    reg [NEURON_BITS-1:0] leak_neuron;
    reg [BATCH_BITS-1:0]  batch;
    reg [LANES-1:0]       pending;
    // a latched SPI memory access, served in IDLE
    reg                   spi_pending;
    reg                   spi_write;
    reg [1:0]             spi_command;
    reg [FIELD_BITS-1:0]  spi_field;
    reg [7:0]             spi_byte;
    reg [7:0]             spi_keep;

    wire [ROW_BITS-1:0] payload = event_addr[ROW_BITS-1:0];
    wire [1:0] kind = event_addr[ROW_BITS+1:ROW_BITS];
    wire can_accept = (state == S_IDLE) && !spi_pending && fifo_empty && !gate && last_was_register;
    assign event_take = can_accept && event_valid;

    wire [BATCH_BITS-1:0] last_batch = leak_one ? batch : max_neuron / LANES;
    wire batch_is_last = (batch == last_batch);

    // Lanes that take part in this batch: neurons up to MAX_NEUR, or the one neuron of a time reference.
    wire [LANES-1:0] active;
    genvar l;
    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_active
            assign active[l] = leak_one ? (l == leak_neuron % LANES) : (batch * LANES + l <= max_neuron);
        end
    endgenerate
    wire [LANES-1:0] emits = lane_fire & lane_enabled & active;

    // The lowest lane still waiting to emit.
    reg [NEURON_BITS-1:0] first_lane;
    integer k;
    always @(*) begin
        first_lane = {NEURON_BITS{1'b0}};
        for (k = LANES - 1; k >= 0; k = k - 1) begin
            if (pending[k]) first_lane = k;
        end
    end
    wire [LANES:0] one_hot = {{LANES{1'b0}}, 1'b1} << first_lane;
    wire [LANES-1:0] first_bit = one_hot[LANES-1:0];
    wire emit_now = (state == S_EMIT) && !out_busy;
    wire [NEURON_BITS-1:0] emit_neuron = batch * LANES + first_lane;

    assign out_send = emit_now;
    assign out_neuron = emit_neuron;
    assign fifo_push = (state == S_PUSH) || (emit_now && !open_loop);
    assign fifo_push_row = (state == S_PUSH) ? row : emit_neuron;
    assign fifo_pop = (state == S_POP);
    assign leak_event = leak;

    // SPI addressing: neuron byte {byte, neuron}; synapse byte {byte[1:0], word}.
    wire spi_state = (state == S_SPI_READ) || (state == S_SPI_WRITE);
    wire [NEURON_BITS-1:0] spi_neuron = spi_field[NEURON_BITS-1:0];
    wire [FIELD_BITS-1:0] spi_neuron_byte = spi_field >> NEURON_BITS;
    wire [SYN_INDEX_BITS-1:0] spi_word = spi_field[SYN_INDEX_BITS-1:0];
    wire [1:0] spi_word_byte = spi_field[SYN_INDEX_BITS+1:SYN_INDEX_BITS];
    wire spi_to_neurons = (spi_command == 2'b01);
    wire spi_to_synapses = (spi_command == 2'b10);
    wire [NEURON_BITS-1:0] spi_lane = spi_neuron % LANES;
    wire [SYN_INDEX_BITS-1:0] spi_bank = spi_word % SYN_BANKS;

    assign neuron_addr = spi_state ? spi_neuron / LANES : batch;
    assign synapse_addr = spi_state ? spi_word >> SYN_BANK_SHIFT : row * BANK_WORDS_PER_ROW + batch / BATCHES_PER_WORD;
    assign weight_slot = batch % BATCHES_PER_WORD;

    // The byte the SPI access addresses, before and after its mask (mask bits set to 1 keep the old bit).
    wire [WORD_BITS-1:0] spi_old_word = neuron_rdata >> (spi_lane * WORD_BITS);
    wire [31:0] spi_old_synapse = synapse_rdata >> (spi_bank * 32);
    wire [7:0] old_byte = spi_to_neurons ? spi_old_word >> (spi_neuron_byte * 8) : spi_old_synapse >> (spi_word_byte * 8);
    wire [7:0] merged = (old_byte & spi_keep) | (spi_byte & ~spi_keep);
    wire spi_commit = (state == S_SPI_WRITE) && spi_write;
    wire neuron_byte_exists = spi_neuron_byte < NEURON_BYTES;

    generate
        for (l = 0; l < LANES; l = l + 1) begin : g_neuron_port
            wire [WORD_BITS-1:0] old = neuron_rdata[l*WORD_BITS +: WORD_BITS];
            wire [WORD_BITS-1:0] byte_mask = {{(WORD_BITS-8){1'b0}}, 8'hFF} << (spi_neuron_byte * 8);
            wire [WORD_BITS-1:0] spi_word_new = (old & ~byte_mask) | (({{(WORD_BITS-8){1'b0}}, merged} << (spi_neuron_byte * 8)) & byte_mask);
            wire spi_here = spi_commit && spi_to_neurons && neuron_byte_exists && (spi_lane == l);
            assign neuron_we[l] = ((state == S_WRITE) && active[l]) || spi_here;
            assign neuron_wdata[l*WORD_BITS +: WORD_BITS] = spi_state ? spi_word_new : lane_words[l*WORD_BITS +: WORD_BITS];
        end
        for (l = 0; l < SYN_BANKS; l = l + 1) begin : g_synapse_port
            wire [31:0] old = synapse_rdata[l*32 +: 32];
            wire [31:0] byte_mask = 32'hFF << (spi_word_byte * 8);
            assign synapse_we[l] = spi_commit && spi_to_synapses && (spi_bank == l);
            assign synapse_wdata[l*32 +: 32] = (old & ~byte_mask) | ((({24'b0, merged}) << (spi_word_byte * 8)) & byte_mask);
        end
    endgenerate

    assign busy = !(state == S_IDLE || spi_state || (state == S_EMIT && out_busy));
    assign idle = (state == S_IDLE) && fifo_empty && !out_busy && !spi_pending;

    always @(posedge clk) begin
        if (rst) begin
            state <= S_IDLE;
            row <= {ROW_BITS{1'b0}};
            leak <= 1'b0;
            leak_one <= 1'b0;
            leak_neuron <= {NEURON_BITS{1'b0}};
            batch <= {BATCH_BITS{1'b0}};
            pending <= {LANES{1'b0}};
            spi_pending <= 1'b0;
            spi_write <= 1'b0;
            spi_command <= 2'b00;
            spi_field <= {FIELD_BITS{1'b0}};
            spi_byte <= 8'd0;
            spi_keep <= 8'd0;
            read_done <= 1'b0;
            read_byte <= 8'd0;
        end else begin
            read_done <= 1'b0;
            if (mem_req) begin
                spi_pending <= 1'b1;
                spi_write <= mem_write;
                spi_command <= mem_command;
                spi_field <= mem_field;
                spi_byte <= mem_byte;
                spi_keep <= mem_keep;
            end
            case (state)
                S_IDLE: begin
                    if (spi_pending) begin
                        state <= S_SPI_READ;
                    end else if (!fifo_empty) begin
                        state <= S_FETCH;
                    end else if (event_take) begin
                        if (kind == 2'b00) begin
                            row <= payload;
                            state <= S_PUSH;
                        end else if (kind == 2'b01 && (&payload)) begin
                            leak <= 1'b1;
                            leak_one <= 1'b0;
                            batch <= {BATCH_BITS{1'b0}};
                            state <= S_READ;
                        end else if (kind == 2'b01 && payload < NEURONS) begin
                            leak <= 1'b1;
                            leak_one <= 1'b1;
                            leak_neuron <= payload;
                            batch <= payload / LANES;
                            state <= S_READ;
                        end
                        // Virtual events (kind 2) are not implemented: taken and dropped.
                    end
                end
                S_PUSH, S_FETCH: begin
                    if (state == S_FETCH) row <= fifo_head;
                    leak <= 1'b0;
                    leak_one <= 1'b0;
                    batch <= {BATCH_BITS{1'b0}};
                    state <= S_READ;
                end
                S_READ: state <= S_WRITE;
                S_WRITE: begin
                    pending <= emits;
                    if (emits != 0) state <= S_EMIT;
                    else if (!batch_is_last) begin
                        batch <= batch + 1'b1;
                        state <= S_READ;
                    end else state <= leak ? S_LEND : S_POP;
                end
                S_EMIT: begin
                    if (!out_busy) begin
                        pending <= pending & ~first_bit;
                        if ((pending & ~first_bit) == 0) begin
                            if (!batch_is_last) begin
                                batch <= batch + 1'b1;
                                state <= S_READ;
                            end else state <= leak ? S_LEND : S_POP;
                        end
                    end
                end
                S_POP: state <= fifo_several ? S_FETCH : S_IDLE;
                S_LEND: state <= fifo_empty ? S_IDLE : S_FETCH;
                S_SPI_READ: state <= S_SPI_WRITE;
                S_SPI_WRITE: begin
                    read_done <= 1'b1;
                    read_byte <= old_byte;
                    spi_pending <= mem_req;
                    state <= S_IDLE;
                end
                default: state <= S_IDLE;
            endcase
        end
    end
endmodule
