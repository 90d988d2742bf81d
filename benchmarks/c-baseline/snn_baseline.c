// A hand-written C implementation of the per-event semantics (docs/semantics.md#per-event): the baseline the
// generated host flavour is timed against (docs/performance.md#c-baseline). Written from docs/semantics.md alone;
// `snnc bench` compiles it with gcc, feeds it the network and the images, checks every image bit-exact against the
// reference model and runs it interleaved with the host flavour.
//
//   snn_baseline NETWORK IMAGES check          one line per image: class and a checksum of spike counts and membranes
//   snn_baseline NETWORK IMAGES time SECONDS   whole passes over the images for SECONDS: microseconds per image
//
// Scope (as IntrinsicKernel.Supports): per-event update, membranes of at most 16 bits, no shift leak, no
// downsampling, no dynamic policy. Membranes, weights and thresholds then fit 16-bit lanes: a saturating 16-bit add
// followed by the clamp to the membrane range is the clamp of the exact sum. With AVX-512 BW a layer of up to 256
// neurons keeps its membranes in registers while it drains its events; elsewhere the same steps run scalar.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_LAYERS = 16, LANES = 32 };

typedef struct {
    int size, input_size, stride, bits, threshold, leak, leak_amount, reset;
    int16_t lo, hi;
    int16_t *weights;    // [input_size][stride], padding 0
    int16_t *membranes;  // [stride]; padding lanes never fire (threshold above the range they can reach: they stay 0)
    int32_t *counts;     // [size]: spikes over the inference
    int32_t *events;     // the spikes of this layer, in FIFO order: the next layer's events
    int event_count, event_capacity;
} Layer;

typedef struct {
    int timesteps, input_size, input_stride, encoding, direct_threshold, readout, layer_count;
    uint32_t seed;
    uint8_t *hash_top;  // [timesteps][input_stride]: the top byte of the rate hash, fixed by the seed
    int32_t *input_events;
    int input_event_count;
    Layer layers[MAX_LAYERS];
} Network;

static void fail(const char *what) {
    fprintf(stderr, "snn_baseline: %s\n", what);
    exit(1);
}

static int32_t read_int(FILE *f) {
    int32_t v;
    if (fread(&v, 4, 1, f) != 1) fail("the network file is truncated");
    return v;
}

static void *zalloc(size_t bytes) {
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) fail("out of memory");
    memset(p, 0, (bytes + 63) / 64 * 64);
    return p;
}

static uint32_t rate_hash(uint32_t seed, uint32_t t, uint32_t i) {
    uint32_t h = seed ^ (t * 0x9E3779B1u) ^ (i * 0x85EBCA77u);
    h ^= h >> 16;
    h *= 0x7FEB352Du;
    h ^= h >> 15;
    h *= 0x846CA68Bu;
    h ^= h >> 16;
    return h;
}

// The network file (written by CBaselineFormat.cs): int32 fields, little-endian.
static void load_network(const char *path, Network *n) {
    FILE *f = fopen(path, "rb");
    if (!f) fail("cannot open the network file");
    if (read_int(f) != 0x424E4E53) fail("not a network file");
    n->timesteps = read_int(f);
    n->input_size = read_int(f);
    n->encoding = read_int(f);
    n->seed = (uint32_t)read_int(f);
    n->direct_threshold = read_int(f);
    n->readout = read_int(f);
    n->layer_count = read_int(f);
    if (n->layer_count < 1 || n->layer_count > MAX_LAYERS) fail("unsupported layer count");
    n->input_stride = (n->input_size + 63) / 64 * 64;
    n->input_events = zalloc(sizeof(int32_t) * (n->input_stride + 16));
    n->hash_top = zalloc((size_t)n->timesteps * n->input_stride);
    for (int t = 0; t < n->timesteps; t++)
        for (int i = 0; i < n->input_stride; i++)
            n->hash_top[(size_t)t * n->input_stride + i] = i < n->input_size ? rate_hash(n->seed, t, i) >> 24 : 255;
    for (int m = 0; m < n->layer_count; m++) {
        Layer *l = &n->layers[m];
        l->size = read_int(f);
        l->input_size = read_int(f);
        l->bits = read_int(f);
        l->threshold = read_int(f);
        l->leak = read_int(f);
        l->leak_amount = read_int(f);
        l->reset = read_int(f);
        l->stride = (l->size + LANES - 1) / LANES * LANES;
        l->lo = (int16_t)-(1 << (l->bits - 1));
        l->hi = (int16_t)((1 << (l->bits - 1)) - 1);
        l->weights = zalloc(sizeof(int16_t) * l->input_size * l->stride);
        l->membranes = zalloc(sizeof(int16_t) * l->stride);
        l->counts = zalloc(sizeof(int32_t) * l->size);
        l->event_capacity = l->size * 4 + 64;
        l->events = zalloc(sizeof(int32_t) * l->event_capacity);
        for (int i = 0; i < l->input_size; i++)
            for (int j = 0; j < l->size; j++) {
                int32_t w = read_int(f);
                l->weights[(size_t)i * l->stride + j] = (int16_t)w;
            }
    }
    fclose(f);
}

// ---- scalar path: the semantics as written ----

// A neuron can fire once per update, so a timestep's spikes have no small bound: the list grows to `need` entries.
static void grow(Layer *l, long need) {
    if (need <= l->event_capacity) return;
    while (l->event_capacity < need) l->event_capacity *= 2;
    l->events = realloc(l->events, sizeof(int32_t) * l->event_capacity);
    if (!l->events) fail("out of memory");
}

static inline void enqueue(Layer *l, int j) {
    if (__builtin_expect(l->event_count == l->event_capacity, 0)) grow(l, l->event_count + 1L);
    l->events[l->event_count++] = j;
}

static inline void fire_scalar(Layer *l, int j) {
    int16_t *v = &l->membranes[j];
    if (*v < l->threshold) return;
    *v = l->reset ? (int16_t)(*v - l->threshold) : 0;
    l->counts[j]++;
    enqueue(l, j);
}

static void deliver_scalar(Layer *l, const int32_t *events, int count) {
    for (int e = 0; e < count; e++) {
        const int16_t *w = &l->weights[(size_t)events[e] * l->stride];
        for (int j = 0; j < l->size; j++) {
            int x = l->membranes[j] + w[j];
            l->membranes[j] = (int16_t)(x < l->lo ? l->lo : x > l->hi ? l->hi : x);
            fire_scalar(l, j);
        }
    }
}

static void leak_scalar(Layer *l) {
    for (int j = 0; j < l->size; j++) {
        int v = l->membranes[j], k = l->leak ? l->leak_amount : 0;
        l->membranes[j] = (int16_t)(v >= 0 ? (v - k > 0 ? v - k : 0) : (v + k < 0 ? v + k : 0));
        fire_scalar(l, j);
    }
}

static void encode_scalar(Network *n, const uint8_t *x, int t) {
    int count = 0;
    const uint8_t *top = &n->hash_top[(size_t)t * n->input_stride];
    for (int i = 0; i < n->input_size; i++)
        if (n->encoding ? x[i] >= n->direct_threshold : top[i] < x[i]) n->input_events[count++] = i;
    n->input_event_count = count;
}

// ---- AVX-512 path ----

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2,popcnt")))

// Lists the fired lanes of one vector in ascending index (FIFO order), resetting is done by the caller.
AVX512 static inline void list_fired(Layer *l, int base, __mmask32 fired) {
    while (fired) {
        int j = base + __builtin_ctz(fired);
        l->counts[j]++;
        enqueue(l, j);
        fired &= fired - 1;
    }
}

// Appends base + the set lanes of mask to the list at out, in ascending order, with no branch per lane: 16 indices
// are compressed and stored whatever the mask (the list keeps 16 entries of slack), and the list advances by their number.
AVX512 static inline int32_t *append_lanes(int32_t *out, __mmask16 mask, int base) {
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    _mm512_storeu_si512(out, _mm512_maskz_compress_epi32(mask, _mm512_add_epi32(iota, _mm512_set1_epi32(base))));
    return out + __builtin_popcount(mask);
}

// One layer of NV vectors drains its events with the membranes and this call's spike counts in registers: NV is a
// constant in each instance, so gcc unrolls the lane loops and keeps v[] and n[] in zmm registers. Nothing in the
// event loop branches on whether a lane fired (that is unpredictable: about one hidden neuron fires per event): the
// fired lanes' indices are compressed and stored unconditionally, the list advancing by their number. The 16-bit
// counts are added to the 32-bit ones every 32 767 events, before they could overflow.
#define DELIVER(NV)                                                                                     \
    AVX512 static void deliver_##NV(Layer *l, const int32_t *events, int count) {                       \
        __m512i v[NV], n[NV];                                                                           \
        const __m512i lo = _mm512_set1_epi16(l->lo), hi = _mm512_set1_epi16(l->hi);                     \
        const __m512i theta = _mm512_set1_epi16((int16_t)l->threshold), one = _mm512_set1_epi16(1);     \
        const int clamp = l->bits < 16, reset = l->reset;                                               \
        /* room for every spike the events can cause (each can fire every neuron once) */               \
        grow(l, l->event_count + (long)count * l->size + 16);                                           \
        int32_t *out = l->events + l->event_count;                                                      \
        for (int k = 0; k < NV; k++) v[k] = _mm512_load_si512(&l->membranes[k * LANES]);                \
        for (int first = 0; first < count; first += 32767) {                                            \
            const int last = count - first > 32767 ? first + 32767 : count;                             \
            for (int k = 0; k < NV; k++) n[k] = _mm512_setzero_si512();                                 \
            for (int e = first; e < last; e++) {                                                        \
                const int16_t *w = &l->weights[(size_t)events[e] * l->stride];                          \
                for (int k = 0; k < NV; k++) {                                                          \
                    __m512i x = _mm512_adds_epi16(v[k], _mm512_load_si512(&w[k * LANES]));              \
                    if (clamp) x = _mm512_min_epi16(_mm512_max_epi16(x, lo), hi);                       \
                    __mmask32 fired = _mm512_cmpge_epi16_mask(x, theta);                                \
                    v[k] = reset ? _mm512_mask_sub_epi16(x, fired, x, theta) : _mm512_mask_mov_epi16(x, fired, _mm512_setzero_si512()); \
                    n[k] = _mm512_mask_add_epi16(n[k], fired, n[k], one);                               \
                    out = append_lanes(out, (__mmask16)fired, k * LANES);                               \
                    out = append_lanes(out, (__mmask16)(fired >> 16), k * LANES + 16);                  \
                }                                                                                       \
            }                                                                                           \
            for (int k = 0; k < NV; k++) {                                                              \
                int16_t counts[LANES] __attribute__((aligned(64)));                                     \
                _mm512_store_si512(counts, n[k]);                                                       \
                for (int j = 0; j < LANES && k * LANES + j < l->size; j++) l->counts[k * LANES + j] += counts[j]; \
            }                                                                                           \
        }                                                                                               \
        l->event_count = (int)(out - l->events);                                                        \
        for (int k = 0; k < NV; k++) _mm512_store_si512(&l->membranes[k * LANES], v[k]);                \
    }
DELIVER(1)
DELIVER(2)
DELIVER(3)
DELIVER(4)
DELIVER(5)
DELIVER(6)
DELIVER(7)
DELIVER(8)

AVX512 static void leak_avx512(Layer *l) {
    const __m512i k = _mm512_set1_epi16((int16_t)(l->leak ? l->leak_amount : 0));
    const __m512i theta = _mm512_set1_epi16((int16_t)l->threshold), zero = _mm512_setzero_si512();
    for (int j = 0; j < l->stride; j += LANES) {
        __m512i x = _mm512_load_si512(&l->membranes[j]);
        __mmask32 positive = _mm512_cmpge_epi16_mask(x, zero);
        x = _mm512_mask_blend_epi16(positive, _mm512_min_epi16(_mm512_adds_epi16(x, k), zero), _mm512_max_epi16(_mm512_subs_epi16(x, k), zero));
        __mmask32 fired = _mm512_cmpge_epi16_mask(x, theta);
        x = l->reset ? _mm512_mask_sub_epi16(x, fired, x, theta) : _mm512_mask_mov_epi16(x, fired, zero);
        _mm512_store_si512(&l->membranes[j], x);
        list_fired(l, j, fired);
    }
}

AVX512 static void encode_avx512(Network *n, const uint8_t *x, int t) {
    const uint8_t *top = &n->hash_top[(size_t)t * n->input_stride];
    const __m512i threshold = _mm512_set1_epi8((char)n->direct_threshold);
    int32_t *out = n->input_events;
    for (int i = 0; i < n->input_stride; i += 64) {
        __m512i pixels = _mm512_loadu_si512(&x[i]);
        uint64_t spikes = n->encoding ? _mm512_cmpge_epu8_mask(pixels, threshold) : _mm512_cmplt_epu8_mask(_mm512_load_si512(&top[i]), pixels);
        // Listed 16 at a time, with no branch per spike (whether a pixel spikes is random).
        for (int q = 0; q < 4; q++) out = append_lanes(out, (__mmask16)(spikes >> (16 * q)), i + 16 * q);
    }
    n->input_event_count = (int)(out - n->input_events);
}

static int use_avx512;

static void deliver(Layer *l, const int32_t *events, int count) {
    if (!use_avx512) {
        deliver_scalar(l, events, count);
        return;
    }
    switch (l->stride / LANES) {
    case 1: deliver_1(l, events, count); break;
    case 2: deliver_2(l, events, count); break;
    case 3: deliver_3(l, events, count); break;
    case 4: deliver_4(l, events, count); break;
    case 5: deliver_5(l, events, count); break;
    case 6: deliver_6(l, events, count); break;
    case 7: deliver_7(l, events, count); break;
    case 8: deliver_8(l, events, count); break;
    default: deliver_scalar(l, events, count); break;
    }
}

// One inference (docs/semantics.md#inference); x holds input_stride bytes, padding 0 (never spikes).
static int infer(Network *n, const uint8_t *x) {
    for (int m = 0; m < n->layer_count; m++) {
        memset(n->layers[m].membranes, 0, sizeof(int16_t) * n->layers[m].stride);
        memset(n->layers[m].counts, 0, sizeof(int32_t) * n->layers[m].size);
    }
    for (int t = 0; t < n->timesteps; t++) {
        if (use_avx512) encode_avx512(n, x, t); else encode_scalar(n, x, t);
        // The network is a chain, so the FIFO delivers every event of one layer before any of the next.
        const int32_t *events = n->input_events;
        int count = n->input_event_count;
        for (int m = 0; m < n->layer_count; m++) {
            Layer *l = &n->layers[m];
            l->event_count = 0;
            deliver(l, events, count);
            events = l->events;
            count = l->event_count;
        }
        // Leak phase: each layer's leak spikes are the first events of the next layer's second drain.
        for (int m = 0; m < n->layer_count; m++) {
            Layer *l = &n->layers[m];
            l->event_count = 0;
            if (use_avx512) leak_avx512(l); else leak_scalar(l);
        }
        for (int m = 1; m < n->layer_count; m++) deliver(&n->layers[m], n->layers[m - 1].events, n->layers[m - 1].event_count);
    }
    Layer *out = &n->layers[n->layer_count - 1];
    int best = 0;
    for (int k = 1; k < out->size; k++) {
        int64_t a = out->counts[k], b = out->counts[best];
        int better = n->readout == 0 ? a > b || (a == b && out->membranes[k] > out->membranes[best])
                   : n->readout == 2 ? a * out->threshold + out->membranes[k] > b * out->threshold + out->membranes[best]
                                     : out->membranes[k] > out->membranes[best];
        if (better) best = k;
    }
    return best;
}

// FNV-1a over every layer's spike counts, then every layer's final membranes, as int32 (CBaseline.Checksum).
static uint64_t checksum(const Network *n) {
    uint64_t h = 14695981039346656037ull;
    for (int pass = 0; pass < 2; pass++)
        for (int m = 0; m < n->layer_count; m++)
            for (int j = 0; j < n->layers[m].size; j++) {
                uint32_t v = pass == 0 ? (uint32_t)n->layers[m].counts[j] : (uint32_t)(int32_t)n->layers[m].membranes[j];
                for (int b = 0; b < 4; b++) h = (h ^ ((v >> (8 * b)) & 0xFF)) * 1099511628211ull;
            }
    return h;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 4) fail("usage: snn_baseline NETWORK IMAGES check | time SECONDS");
    Network n = {0};
    load_network(argv[1], &n);
    use_avx512 = __builtin_cpu_supports("avx512bw") && getenv("SNN_BASELINE_SCALAR") == NULL;
    FILE *f = fopen(argv[2], "rb");
    if (!f) fail("cannot open the images file");
    int32_t count, size;
    if (fread(&count, 4, 1, f) != 1 || fread(&size, 4, 1, f) != 1 || size != n.input_size || count < 1) fail("the images file does not fit the network");
    uint8_t *images = zalloc((size_t)count * n.input_stride);
    for (int k = 0; k < count; k++)
        if (fread(&images[(size_t)k * n.input_stride], 1, size, f) != (size_t)size) fail("the images file is truncated");
    fclose(f);
    if (strcmp(argv[3], "check") == 0) {
        for (int k = 0; k < count; k++) {
            int c = infer(&n, &images[(size_t)k * n.input_stride]);
            printf("%d %llu\n", c, (unsigned long long)checksum(&n));
        }
        return 0;
    }
    if (strcmp(argv[3], "time") != 0 || argc < 5) fail("usage: snn_baseline NETWORK IMAGES check | time SECONDS");
    double seconds = atof(argv[4]), start = now(), elapsed;
    long passes = 0;
    volatile int sink = 0;
    do {
        for (int k = 0; k < count; k++) sink += infer(&n, &images[(size_t)k * n.input_stride]);
        passes++;
        elapsed = now() - start;
    } while (elapsed < seconds);
    printf("%.4f %ld %s\n", elapsed * 1e6 / ((double)passes * count), passes, use_avx512 ? "avx512" : "scalar");
    return 0;
}
