// Row loops shared by the transformer's kernels (private to CKernels): sums in vector registers,
// and one row of layer normalisation forward and backward, used by the layer-norm op
// (transformer.c) and by the fused MLP (residual_mlp.c), so both compute the same numbers.
#ifndef LATENT_VECTOR_ROWS_H
#define LATENT_VECTOR_ROWS_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define INLINE static inline __attribute__((always_inline))
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
INLINE float sum_of(const float *restrict values, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(values + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += values[j];
    return total;
}

// Σ a[j]·b[j] for j < n, likewise.
INLINE float dot_of(const float *restrict a, const float *restrict b, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(a + j) * LOAD16(b + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += a[j] * b[j];
    return total;
}

// One row of layer normalisation: x̂ = (x − mean)/√(var + ε) into hat, x̂·gain + bias into y;
// returns 1/√(var + ε), which the backward step needs.
INLINE float normalize_row(const float *restrict x, const float *restrict gain, const float *restrict bias, size_t width,
                           float epsilon, float *restrict hat, float *restrict y) {
    float mean = sum_of(x, width) / (float)width;
    for (size_t j = 0; j < width; j++) hat[j] = x[j] - mean;
    float variance = dot_of(hat, hat, width) / (float)width;
    float inverse = 1 / sqrtf(variance + epsilon);
    for (size_t j = 0; j < width; j++) {
        hat[j] *= inverse;
        y[j] = hat[j] * gain[j] + bias[j];
    }
    return inverse;
}

// One row of layer norm's backward step, with ĝ = upstream ⊙ gain: adds upstream ⊙ x̂ and upstream
// into the gain and bias sums and, unless dx is NULL, (ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂))·inverse into
// dx. `scaled` is `width` floats of scratch for ĝ.
INLINE void layer_norm_backward_row(const float *restrict up, const float *restrict hat, float inverse,
                                    const float *restrict gain, size_t width, float *restrict partial_gain,
                                    float *restrict partial_bias, float *restrict scaled, float *restrict dx) {
    for (size_t j = 0; j < width; j++) {
        scaled[j] = up[j] * gain[j];
        partial_gain[j] += up[j] * hat[j];
        partial_bias[j] += up[j];
    }
    if (!dx) return;
    float mean_scaled = sum_of(scaled, width) / (float)width;
    float mean_projected = dot_of(scaled, hat, width) / (float)width;
    for (size_t j = 0; j < width; j++) dx[j] += (scaled[j] - mean_scaled - hat[j] * mean_projected) * inverse;
}

// Largest of row[0 ..< n].
INLINE float largest_of(const float *restrict row, size_t n) {
    block16 lanes = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY,
                     -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes = __builtin_elementwise_max(lanes, LOAD16(row + j));
    float largest = MAX16(lanes);
    for (; j < n; j++) largest = row[j] > largest ? row[j] : largest;
    return largest;
}

#endif
