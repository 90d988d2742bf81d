// SPI slave for configuration (docs/blob-format.md#bus, docs/vectors.md#spi-framing). Mode 0: SCK idles
// low, MOSI is sampled on the rising edge, MSB first, no chip select: a frame is the next FRAME_BITS
// rising edges, ADDR_BITS of address {R, W, command[1:0], field} then 20 bits of data
// {unused[3:0], mask[7:0], byte[7:0]}. SCK and MOSI pass two-flip-flop synchronisers, so SCK must be at
// most a quarter of the core clock. A register write is applied at the end of its frame; a memory
// access is handed to the controller ('mem_req', a pulse): a read right after the address, a write at
// the end of the frame. A read returns its byte in the last 8 data bits on MISO, which changes after
// each rising edge (about 3 core clocks later), for the master to sample at the next rising edge.
module dnsoc_spi #(
    parameter FIELD_BITS = 16,
    parameter READY_AT_RESET = 0
) (
    input  wire                  clk,
    input  wire                  rst,
    input  wire                  sck,
    input  wire                  mosi,
    output wire                  miso,
    // register write: number and value
    output reg                   reg_we,
    output reg  [1:0]            reg_number,
    output reg  [7:0]            reg_value,
    // the last complete frame was a register write (the core serves events only then)
    output reg                   last_was_register,
    // memory access for the controller
    output reg                   mem_req,
    output reg                   mem_write,
    output reg  [1:0]            mem_command,
    output reg  [FIELD_BITS-1:0] mem_field,
    output reg  [7:0]            mem_byte,
    output reg  [7:0]            mem_keep,
    input  wire                  read_done,
    input  wire [7:0]            read_byte
);
    localparam ADDR_BITS = FIELD_BITS + 4;
    localparam FRAME_BITS = ADDR_BITS + 20;
    localparam COUNT_BITS = 7;

    reg [2:0] sck_sync;
    reg [1:0] mosi_sync;
    reg [FRAME_BITS-1:0] shift;
    reg [COUNT_BITS-1:0] count;
    reg [7:0] read_value;

    wire rising = sck_sync[1] && !sck_sync[2];
    wire [FRAME_BITS-1:0] shifted = {shift[FRAME_BITS-2:0], mosi_sync[1]};
    wire [ADDR_BITS-1:0] frame_addr = shifted[FRAME_BITS-1:20];
    wire [ADDR_BITS-1:0] addr_only = shifted[ADDR_BITS-1:0];

    // Data bit k of the frame (k counted from the first data bit) is bit 19 - k of {12'b0, read_value}.
    wire [COUNT_BITS-1:0] data_index = count - ADDR_BITS;
    assign miso = (count >= ADDR_BITS && count < FRAME_BITS && data_index >= 12) ? read_value[7 - (data_index - 12)] : 1'b0;

    always @(posedge clk) begin
        if (rst) begin
            sck_sync <= 3'b000;
            mosi_sync <= 2'b00;
            shift <= {FRAME_BITS{1'b0}};
            count <= {COUNT_BITS{1'b0}};
            reg_we <= 1'b0;
            reg_number <= 2'd0;
            reg_value <= 8'd0;
            last_was_register <= READY_AT_RESET;
            mem_req <= 1'b0;
            mem_write <= 1'b0;
            mem_command <= 2'd0;
            mem_field <= {FIELD_BITS{1'b0}};
            mem_byte <= 8'd0;
            mem_keep <= 8'd0;
            read_value <= 8'd0;
        end else begin
            sck_sync <= {sck_sync[1:0], sck};
            mosi_sync <= {mosi_sync[0], mosi};
            reg_we <= 1'b0;
            mem_req <= 1'b0;
            if (read_done) read_value <= read_byte;
            if (rising) begin
                shift <= shifted;
                if (count == ADDR_BITS - 1 && addr_only[ADDR_BITS-1] && addr_only[FIELD_BITS+1:FIELD_BITS] != 2'b00) begin
                    // A read: fetch the byte now, it leaves in the last 8 bits of this frame.
                    mem_req <= 1'b1;
                    mem_write <= 1'b0;
                    mem_command <= addr_only[FIELD_BITS+1:FIELD_BITS];
                    mem_field <= addr_only[FIELD_BITS-1:0];
                    read_value <= 8'd0;
                end
                if (count == FRAME_BITS - 1) begin
                    count <= {COUNT_BITS{1'b0}};
                    last_was_register <= frame_addr[ADDR_BITS-2] && frame_addr[FIELD_BITS+1:FIELD_BITS] == 2'b00;
                    if (frame_addr[ADDR_BITS-2]) begin
                        if (frame_addr[FIELD_BITS+1:FIELD_BITS] == 2'b00) begin
                            reg_we <= 1'b1;
                            reg_number <= frame_addr[1:0];
                            reg_value <= shifted[7:0];
                        end else begin
                            mem_req <= 1'b1;
                            mem_write <= 1'b1;
                            mem_command <= frame_addr[FIELD_BITS+1:FIELD_BITS];
                            mem_field <= frame_addr[FIELD_BITS-1:0];
                            mem_byte <= shifted[7:0];
                            mem_keep <= shifted[15:8];
                        end
                    end
                end else begin
                    count <= count + 1'b1;
                end
            end
        end
    end
endmodule
