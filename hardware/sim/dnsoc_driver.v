// Testbench driver for one core (not synthesizable): replays the vector files of docs/vectors.md.
// PREFIX.program.txt: SPI frames, sent MSB first, SCK idle low, SCK_HALF core clocks per half period;
// PREFIX.aer-in.txt: input events, each sent with the four-phase handshake, then the driver waits
// until the core is IDLE (scheduler drained, last output acknowledged);
// PREFIX.aer-out.txt: the output events expected, in order (each one is acknowledged at once, and
// compared at the end);
// PREFIX.neurons.txt: the neuron words expected at the end, read back byte by byte over SPI.
// Prints one RESULT line; 'done' rises at the end. All inputs change on the falling clock edge.
module dnsoc_driver #(
    parameter CORE = 0,
    parameter PREFIX = "core0",
    parameter FIELD_BITS = 16,
    parameter ROW_BITS = 8,
    parameter NEURON_BITS = 8,
    parameter WORD_BITS = 32,
    parameter SCK_HALF = 2,
    parameter MAX_EVENTS = 262144
) (
    input  wire                   clk,
    input  wire                   rst,
    output reg                    sck,
    output reg                    mosi,
    input  wire                   miso,
    output reg  [ROW_BITS+1:0]    aerin_addr,
    output reg                    aerin_req,
    input  wire                   aerin_ack,
    input  wire [NEURON_BITS-1:0] aerout_addr,
    input  wire                   aerout_req,
    output reg                    aerout_ack,
    input  wire                   busy,
    input  wire                   idle,
    input  wire                   overflow,
    output reg                    done
);
    localparam ADDR_BITS = FIELD_BITS + 4;
    localparam FRAME_BITS = ADDR_BITS + 20;
    localparam NEURON_BYTES = WORD_BITS / 8;
    localparam BYTE_SHIFT = (NEURON_BITS > 0) ? NEURON_BITS : 1;

    integer fd, out_fd, status, frames, events_in, events_out, mismatches, neuron_mismatches, neurons, b;
    integer cycles;
    reg [63:0] value;
    reg [63:0] expected_out;
    reg [WORD_BITS-1:0] word;
    reg [7:0] read_value;
    reg [FIELD_BITS-1:0] field;
    reg counting;
    reg [NEURON_BITS-1:0] received [0:MAX_EVENTS-1];
    integer compared;

    task spi_frame(input [FRAME_BITS-1:0] frame);
        integer i;
        begin
            for (i = FRAME_BITS - 1; i >= 0; i = i - 1) begin
                mosi = frame[i];
                repeat (SCK_HALF) @(negedge clk);
                sck = 1'b1;
                if (i < 8) read_value[i] = miso;
                repeat (SCK_HALF) @(negedge clk);
                sck = 1'b0;
            end
            mosi = 1'b0;
            repeat (SCK_HALF) @(negedge clk);
        end
    endtask

    task send_event(input [ROW_BITS+1:0] address);
        begin
            aerin_addr = address;
            aerin_req = 1'b1;
            while (!aerin_ack) @(negedge clk);
            aerin_req = 1'b0;
            while (aerin_ack) @(negedge clk);
            @(negedge clk);
            while (!idle) @(negedge clk);
        end
    endtask

    // Output events: acknowledged at once and kept, to be compared with the expected file at the end.
    always @(negedge clk) begin
        if (rst) begin
            aerout_ack = 1'b0;
        end else if (aerout_req && !aerout_ack) begin
            aerout_ack = 1'b1;
            if (events_out < MAX_EVENTS) received[events_out] = aerout_addr;
            events_out = events_out + 1;
        end else if (!aerout_req && aerout_ack) begin
            aerout_ack = 1'b0;
        end
    end

    always @(posedge clk) begin
        if (counting && busy) cycles = cycles + 1;
    end

    initial begin
        sck = 1'b0; mosi = 1'b0; aerin_addr = 0; aerin_req = 1'b0; aerout_ack = 1'b0; done = 1'b0;
        frames = 0; events_in = 0; events_out = 0; mismatches = 0; neuron_mismatches = 0; neurons = 0;
        cycles = 0; counting = 1'b0; read_value = 8'd0;
        @(negedge clk);
        while (rst) @(negedge clk);
        repeat (4) @(negedge clk);

        fd = $fopen({PREFIX, ".program.txt"}, "r");
        if (fd == 0) $display("core %0d: cannot open %s.program.txt", CORE, PREFIX);
        while (fd != 0 && !$feof(fd)) begin
            status = $fscanf(fd, "%h\n", value);
            if (status == 1) begin
                spi_frame(value[FRAME_BITS-1:0]);
                frames = frames + 1;
            end
        end
        if (fd != 0) $fclose(fd);

        counting = 1'b1;
        fd = $fopen({PREFIX, ".aer-in.txt"}, "r");
        while (fd != 0 && !$feof(fd)) begin
            status = $fscanf(fd, "%h\n", value);
            if (status == 1) begin
                send_event(value[ROW_BITS+1:0]);
                events_in = events_in + 1;
            end
        end
        if (fd != 0) $fclose(fd);
        repeat (8) @(negedge clk);
        while (!idle) @(negedge clk);
        counting = 1'b0;
        compared = 0;
        out_fd = $fopen({PREFIX, ".aer-out.txt"}, "r");
        while (out_fd != 0 && !$feof(out_fd)) begin
            status = $fscanf(out_fd, "%h\n", expected_out);
            if (status == 1) begin
                if (compared >= events_out || compared >= MAX_EVENTS || expected_out != {{(64-NEURON_BITS){1'b0}}, received[compared]}) begin
                    if (mismatches < 5) $display("core %0d: output event %0d is %h, expected %h", CORE, compared, received[compared], expected_out);
                    mismatches = mismatches + 1;
                end
                compared = compared + 1;
            end
        end
        if (out_fd != 0) $fclose(out_fd);
        if (compared != events_out) begin
            $display("core %0d: %0d output events, expected %0d", CORE, events_out, compared);
            mismatches = mismatches + 1;
        end

        // Read every expected neuron word back: one SPI read frame {R, 0, 01, {byte, neuron}} per byte.
        fd = $fopen({PREFIX, ".neurons.txt"}, "r");
        while (fd != 0 && !$feof(fd)) begin
            status = $fscanf(fd, "%h\n", value);
            if (status == 1) begin
                for (b = 0; b < NEURON_BYTES; b = b + 1) begin
                    field = (b << BYTE_SHIFT) | neurons;
                    spi_frame({2'b10, 2'b01, field, 20'h00000});
                    word[b*8 +: 8] = read_value;
                end
                if (word != value[WORD_BITS-1:0]) begin
                    if (neuron_mismatches < 5) $display("core %0d: neuron %0d is %h, expected %h", CORE, neurons, word, value[WORD_BITS-1:0]);
                    neuron_mismatches = neuron_mismatches + 1;
                end
                neurons = neurons + 1;
            end
        end
        if (fd != 0) $fclose(fd);
        $display("RESULT core=%0d frames=%0d events_in=%0d events_out=%0d mismatches=%0d neurons=%0d neuron_mismatches=%0d cycles=%0d overflow=%0d",
                 CORE, frames, events_in, events_out, mismatches, neurons, neuron_mismatches, cycles, overflow);
        done = 1'b1;
    end
endmodule
