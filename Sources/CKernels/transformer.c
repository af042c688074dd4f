// The transformer's own ops: layer normalisation and causal self-attention, forward and backward.
//
// A transformer of chapter 4's size runs these on small pieces: rows of 64 values, heads of 16
// values over 49 positions. The Swift loops they replace summed each row one value after another
// and called the C library's expf per score; here reductions run in vector registers (a fixed
// tree, so the same inputs give the same sums) with a fast e^x.
//
// Every loop is cut between the compute threads by rows or by sequences. Rows and sequences are
// independent, so those numbers do not depend on the thread count; the gain and bias gradients are
// summed per part and the parts added in order, so they are the same for the same thread count.
#include "kernels.h"
#include "parallel.h"
#include "fast_exp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define BLOCK 16

// Sixteen floats as one value: one AVX-512 register, two AVX ones, four SSE ones. Written out as a
// vector type because the compiler may not reorder a float sum by itself (that changes its result),
// so a plain loop would add one value at a time; these sums add sixteen lanes at once, in an order
// fixed here.
typedef float block16 __attribute__((vector_size(BLOCK * sizeof(float))));
typedef float block8 __attribute__((vector_size(8 * sizeof(float))));
typedef float block4 __attribute__((vector_size(4 * sizeof(float))));

// Unaligned loads and stores of a block, and its sum and maximum, halving it three times then
// adding the last two (macros: a function passing a vector by value would have a different ABI in
// each of the target clones). A fixed tree, so the same inputs always give the same sum.
#define LOAD16(p) ({ block16 loaded_; memcpy(&loaded_, (p), sizeof loaded_); loaded_; })
#define STORE16(p, v) do { block16 stored_ = (v); memcpy((p), &stored_, sizeof stored_); } while (0)
#define REDUCE16(v, combine) ({                                                                                  \
    block16 r16_ = (v);                                                                                          \
    block8 r8_ = combine(__builtin_shufflevector(r16_, r16_, 0, 1, 2, 3, 4, 5, 6, 7),                            \
                         __builtin_shufflevector(r16_, r16_, 8, 9, 10, 11, 12, 13, 14, 15));                     \
    block4 r4_ = combine(__builtin_shufflevector(r8_, r8_, 0, 1, 2, 3), __builtin_shufflevector(r8_, r8_, 4, 5, 6, 7)); \
    float a_ = combine(r4_[0], r4_[2]), b_ = combine(r4_[1], r4_[3]);                                            \
    combine(a_, b_);                                                                                             \
})
#define ADD(a, b) ((a) + (b))
#define SUM16(v) REDUCE16(v, ADD)
#define MAX16(v) REDUCE16(v, __builtin_elementwise_max)

// Σ values[j] for j < n: whole blocks as one vector sum, then the rest.
static inline __attribute__((always_inline)) float sum_of(const float *restrict values, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(values + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += values[j];
    return total;
}

// Σ a[j]·b[j] for j < n, likewise.
static inline __attribute__((always_inline)) float dot_of(const float *restrict a, const float *restrict b, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(a + j) * LOAD16(b + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += a[j] * b[j];
    return total;
}

// MARK: Layer norm

struct layer_norm_job {
    const float *x, *gain, *bias, *upstream;
    float *normalized, *inverse_deviation, *y, *dx, *dgain, *dbias;
    size_t rows, width;
    float epsilon;
    float *partials;  // backward: each part's gain and bias sums
};

static void CLONES layer_norm_rows(const struct layer_norm_job *job, size_t start, size_t end) {
    size_t width = job->width;
    for (size_t row = start; row < end; row++) {
        const float *restrict x = job->x + row * width;
        float *restrict hat = job->normalized + row * width, *restrict y = job->y + row * width;
        float mean = sum_of(x, width) / (float)width;
        for (size_t j = 0; j < width; j++) hat[j] = x[j] - mean;
        float variance = dot_of(hat, hat, width) / (float)width;
        float inverse = 1 / sqrtf(variance + job->epsilon);
        job->inverse_deviation[row] = inverse;
        for (size_t j = 0; j < width; j++) {
            hat[j] *= inverse;
            y[j] = hat[j] * job->gain[j] + job->bias[j];
        }
    }
}

static void layer_norm_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    layer_norm_rows(job, latent_part_start(job->rows, part, parts, 1), latent_part_start(job->rows, part + 1, parts, 1));
}

void latent_layer_norm(const float *x, const float *gain, const float *bias, size_t rows, size_t width, float epsilon,
                       float *normalized, float *inverse_deviation, float *y) {
    struct layer_norm_job job = {x, gain, bias, NULL, normalized, inverse_deviation, y, NULL, NULL, NULL, rows, width, epsilon, NULL};
    latent_parallel_run(layer_norm_part, &job, latent_parts_for(rows, 64));
}

// Rows start..<end: dx for each row, and this part's share of the gain and bias gradients, summed
// over its rows into partial_gain and partial_bias (one pass over upstream and x̂ for all three).
static void CLONES layer_norm_backward_rows(const struct layer_norm_job *job, size_t start, size_t end, float *restrict partial_gain,
                                            float *restrict partial_bias) {
    size_t width = job->width;
    float scaled[width];
    for (size_t j = 0; j < width; j++) partial_gain[j] = partial_bias[j] = 0;
    for (size_t row = start; row < end; row++) {
        const float *restrict up = job->upstream + row * width, *restrict hat = job->normalized + row * width;
        for (size_t j = 0; j < width; j++) {
            scaled[j] = up[j] * job->gain[j];
            partial_gain[j] += up[j] * hat[j];
            partial_bias[j] += up[j];
        }
        if (!job->dx) continue;
        float *restrict dx = job->dx + row * width;
        float mean_scaled = sum_of(scaled, width) / (float)width;
        float mean_projected = dot_of(scaled, hat, width) / (float)width;
        float inverse = job->inverse_deviation[row];
        for (size_t j = 0; j < width; j++) dx[j] += (scaled[j] - mean_scaled - hat[j] * mean_projected) * inverse;
    }
}

static void layer_norm_backward_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    float *partials = job->partials + 2 * (size_t)part * job->width;
    layer_norm_backward_rows(job, latent_part_start(job->rows, part, parts, 1), latent_part_start(job->rows, part + 1, parts, 1),
                             partials, partials + job->width);
}

// The parts' gain and bias sums are added up in part order: the same numbers for the same thread count.
void latent_layer_norm_backward(const float *upstream, const float *normalized, const float *inverse_deviation,
                                const float *gain, size_t rows, size_t width, float *dx, float *dgain, float *dbias) {
    int parts = latent_parts_for(rows, 64);
    float *partials = malloc(sizeof(float) * 2 * (size_t)parts * width);
    struct layer_norm_job job = {NULL, gain, NULL, upstream, (float *)normalized, (float *)inverse_deviation, NULL, dx, dgain, dbias,
                                 rows, width, 0, partials};
    latent_parallel_run(layer_norm_backward_part, &job, parts);
    for (int part = 0; part < parts; part++) {
        const float *partial = partials + 2 * (size_t)part * width;
        if (dgain) for (size_t j = 0; j < width; j++) dgain[j] += partial[j];
        if (dbias) for (size_t j = 0; j < width; j++) dbias[j] += partial[width + j];
    }
    free(partials);
}

// MARK: Causal self-attention
//
// Per head of each sequence, the four kinds of product (QKᵀ, PV and the backward pass's) are
// OpenBLAS calls on the head's columns in place: at 49 × 49 × 16 its small-matrix kernels beat any
// loop we wrote (a fused kernel of ours, tried first, took 2.5 times as long). What lies between
// the products, the causal softmax and ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), runs here in vector
// registers. Sequences are shared between the compute threads, each product on one thread.

struct attention_job {
    const float *qkv, *probabilities_in, *upstream;
    float *probabilities, *output, *dqkv;
    size_t batch, sequence, heads, width;
    float scale;
};

// Softmax of row[0 ..< seen] in place (row holds `length` values), zeros after it.
static inline __attribute__((always_inline)) void causal_softmax(float *restrict row, size_t seen, size_t length) {
    block16 largest_lanes = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY,
                             -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    size_t j = 0;
    for (; j + BLOCK <= seen; j += BLOCK) largest_lanes = __builtin_elementwise_max(largest_lanes, LOAD16(row + j));
    float largest = MAX16(largest_lanes);
    for (; j < seen; j++) largest = row[j] > largest ? row[j] : largest;
    for (j = 0; j < seen; j++) row[j] = exp_of_non_positive(row[j] - largest);
    float inverse = 1 / sum_of(row, seen);
    for (j = 0; j < seen; j++) row[j] *= inverse;
    for (; j < length; j++) row[j] = 0;
}

// One head of one sequence: P = softmax(QKᵀ·scale, j ≤ i) and, when asked, O = P V.
static void CLONES attention_head(const struct attention_job *job, size_t b, size_t head) {
    int s = (int)job->sequence, d = (int)(job->width / job->heads), stride = (int)(3 * job->width);
    const float *q = job->qkv + b * s * stride + head * d, *k = q + job->width, *v = q + 2 * job->width;
    float *p = job->probabilities + (b * job->heads + head) * s * s;
    latent_sgemm_one_thread(0, 1, s, s, d, job->scale, q, stride, k, stride, 0, p, s);
    for (int i = 0; i < s; i++) causal_softmax(p + i * s, (size_t)i + 1, (size_t)s);
    if (job->output)
        latent_sgemm_one_thread(0, 0, s, d, s, 1, p, s, v, stride, 0, job->output + b * s * job->width + head * d, (int)job->width);
}

static void attention_part(void *context, int part, int parts) {
    const struct attention_job *job = context;
    for (size_t b = latent_part_start(job->batch, part, parts, 1); b < latent_part_start(job->batch, part + 1, parts, 1); b++)
        for (size_t h = 0; h < job->heads; h++) attention_head(job, b, h);
}

void latent_causal_attention(const float *qkv, size_t batch, size_t sequence, size_t heads, size_t width,
                             float *probabilities, float *output) {
    struct attention_job job = {qkv, NULL, NULL, probabilities, output, NULL, batch, sequence, heads, width,
                                1 / sqrtf((float)(width / heads))};
    latent_parallel_run(attention_part, &job, latent_parts_for(batch, 1));
}

// The gradient of one head of one sequence, added into dqkv, with `scores` as s × s scratch:
// ∂V += Pᵀ ∂O, ∂P = ∂O Vᵀ, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), ∂Q += ∂S K·scale, ∂K += ∂Sᵀ Q·scale.
static void CLONES attention_head_backward(const struct attention_job *job, size_t b, size_t head, float *restrict scores) {
    int s = (int)job->sequence, d = (int)(job->width / job->heads), stride = (int)(3 * job->width), width = (int)job->width;
    const float *q = job->qkv + b * s * stride + head * d, *k = q + width, *v = q + 2 * width;
    const float *p = job->probabilities_in + (b * job->heads + head) * s * s;
    const float *d_out = job->upstream + b * s * width + head * d;
    float *dq = job->dqkv + b * s * stride + head * d, *dk = dq + width, *dv = dq + 2 * width;
    latent_sgemm_one_thread(1, 0, s, d, s, 1, p, s, d_out, width, 1, dv, stride);
    latent_sgemm_one_thread(0, 1, s, s, d, 1, d_out, width, v, stride, 0, scores, s);
    for (int i = 0; i < s; i++) {
        const float *restrict row = p + i * s;
        float *restrict d_row = scores + i * s;
        size_t seen = (size_t)i + 1;
        float weighted = dot_of(d_row, row, seen);
        for (size_t j = 0; j < seen; j++) d_row[j] = row[j] * (d_row[j] - weighted);
        for (size_t j = seen; j < (size_t)s; j++) d_row[j] = 0;
    }
    latent_sgemm_one_thread(0, 0, s, d, s, job->scale, scores, s, k, stride, 1, dq, stride);
    latent_sgemm_one_thread(1, 0, s, d, s, job->scale, scores, s, q, stride, 1, dk, stride);
}

static void attention_backward_part(void *context, int part, int parts) {
    const struct attention_job *job = context;
    float *scores = malloc(sizeof(float) * job->sequence * job->sequence);
    for (size_t b = latent_part_start(job->batch, part, parts, 1); b < latent_part_start(job->batch, part + 1, parts, 1); b++)
        for (size_t h = 0; h < job->heads; h++) attention_head_backward(job, b, h, scores);
    free(scores);
}

void latent_causal_attention_backward(const float *qkv, const float *probabilities, const float *upstream, size_t batch,
                                      size_t sequence, size_t heads, size_t width, float *dqkv) {
    struct attention_job job = {qkv, probabilities, upstream, NULL, NULL, dqkv, batch, sequence, heads, width,
                                1 / sqrtf((float)(width / heads))};
    latent_parallel_run(attention_backward_part, &job, latent_parts_for(batch, 1));
}
