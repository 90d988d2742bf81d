// One update lane: the neuron rule of docs/semantics.md#neuron on one neuron word, without state.
// Word layout (docs/blob-format.md#neuron-word): membrane [MB-1:0] signed, threshold [2MB-1:MB]
// unsigned, leak [2MB+6:2MB], disable in the top bit. A synaptic update adds the weight and saturates;
// a leak update applies LEAK_KIND (0 none, 1 subtract toward zero, 2 shift); then the threshold test
// (v >= 0 and v >= threshold) and RESET_KIND (0 to zero, 1 by subtraction).
module dnsoc_lane #(
    parameter MEMBRANE_BITS = 12,
    parameter WEIGHT_BITS = 4,
    parameter WORD_BITS = 32,
    parameter LEAK_KIND = 1,
    parameter RESET_KIND = 0
) (
    input  wire [WORD_BITS-1:0]   word,
    input  wire [WEIGHT_BITS-1:0] weight,
    input  wire                   leak_event,
    output wire [WORD_BITS-1:0]   new_word,
    output wire                   fire,
    output wire                   enabled
);
    localparam MB = MEMBRANE_BITS;
    localparam SUM_BITS = (MB > WEIGHT_BITS ? MB : WEIGHT_BITS) + 1;
    localparam LEAK_BITS = (MB > 8 ? MB : 8) + 1;

    wire signed [MB-1:0]  v = word[MB-1:0];
    wire        [MB-1:0]  threshold = word[2*MB-1:MB];
    wire        [6:0]     leak = word[2*MB+6:2*MB];
    assign enabled = !word[WORD_BITS-1];

    // Integrate: exact sum in SUM_BITS, then clamp to the membrane range.
    wire signed [SUM_BITS-1:0] sum = $signed(v) + $signed(weight);
    wire signed [SUM_BITS-1:0] v_max = (1 <<< (MB - 1)) - 1;
    wire signed [SUM_BITS-1:0] v_min = -(1 <<< (MB - 1));
    wire signed [MB-1:0] integrated = (sum > v_max) ? v_max[MB-1:0] : (sum < v_min) ? v_min[MB-1:0] : sum[MB-1:0];

    // Leak toward zero, never across it.
    wire signed [LEAK_BITS-1:0] v_wide = v;
    wire signed [LEAK_BITS-1:0] leak_wide = {{(LEAK_BITS-7){1'b0}}, leak};
    wire signed [LEAK_BITS-1:0] down = v_wide - leak_wide;
    wire signed [LEAK_BITS-1:0] up = v_wide + leak_wide;
    wire signed [MB-1:0] subtracted = !v[MB-1] ? (down[LEAK_BITS-1] ? {MB{1'b0}} : down[MB-1:0])
                                               : (up > 0 ? {MB{1'b0}} : up[MB-1:0]);
    wire signed [MB-1:0] shifted = v - (v >>> leak);
    wire signed [MB-1:0] leaked = (LEAK_KIND == 1) ? subtracted : (LEAK_KIND == 2) ? shifted : v;

    wire signed [MB-1:0] updated = leak_event ? leaked : integrated;
    assign fire = !updated[MB-1] && (updated >= threshold);
    wire [MB-1:0] after_reset = !fire ? updated : (RESET_KIND == 1) ? updated - threshold : {MB{1'b0}};
    assign new_word = {word[WORD_BITS-1:MB], after_reset};
endmodule
