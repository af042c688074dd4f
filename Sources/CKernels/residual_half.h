// Loops shared by the two fused halves of a transformer block, residual_attention.c and
// residual_mlp.c (private to CKernels): each works on a tile of rows that stays in the core's cache.
#ifndef LATENT_RESIDUAL_HALF_H
#define LATENT_RESIDUAL_HALF_H

#include "parallel.h"
#include "vector_rows.h"

// y = x + row, for each of `rows` rows.
INLINE void add_row(const float *restrict x, const float *restrict row, size_t rows, size_t width, float *restrict y) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < width; j++) y[r * width + j] = x[r * width + j] + row[j];
}

// `row` copied into each of `rows` rows of y (a bias, before a product is added on top).
INLINE void repeat_row(const float *restrict row, size_t rows, size_t width, float *restrict y) {
    for (size_t r = 0; r < rows; r++) memcpy(y + r * width, row, sizeof(float) * width);
}

// sums[j] += Σ rows of m, each column summed over the rows in order (vectorised across columns).
INLINE void add_column_sums(const float *restrict m, size_t rows, size_t width, float *restrict sums) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < width; j++) sums[j] += m[r * width + j];
}

// Layer norm's output again from x̂: h = x̂·gain + bias, for `rows` rows.
INLINE void denormalize_rows(const float *restrict hat, const float *restrict gain, const float *restrict bias, size_t rows,
                             size_t width, float *restrict h) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < width; j++) h[r * width + j] = hat[r * width + j] * gain[j] + bias[j];
}

// Each part's sums of `count` gradients laid end to end (sizes[i] values each, `stride` values a
// part) added into the gradients that are not NULL, part after part: the same numbers for the same
// thread count, whichever thread finished first.
INLINE void add_part_sums(const float *partials, int parts, size_t stride, float *const *gradients, const size_t *sizes,
                          int count) {
    for (int part = 0; part < parts; part++) {
        const float *partial = partials + (size_t)part * stride;
        for (int i = 0; i < count; i++) {
            if (gradients[i])
                for (size_t j = 0; j < sizes[i]; j++) gradients[i][j] += partial[j];
            partial += sizes[i];
        }
    }
}

// The end of a half's backward step on a tile of n rows, from ∂a, the gradient of its first
// layer's output a = h·W + b (n × outputs), where h = layer norm's output: ∂W += hᵀ∂a with h
// recomputed from x̂, ∂h = ∂a Wᵀ, then ∂x += ∂y (the residual) + layer norm's step from ∂h. The gain
// and bias sums go into d_gain and d_norm_bias; h and dh are n × width floats of scratch, `scaled`
// width floats; dx (the tile's first row) may be NULL.
INLINE void first_layer_and_norm_backward(const float *d_first, size_t outputs, const float *weight, float *d_weight, const float *dy,
                                          const float *hat, const float *inverse_deviation, const float *gain,
                                          const float *norm_bias, size_t n, size_t width, float *h, float *dh, float *scaled,
                                          float *d_gain, float *d_norm_bias, float *dx) {
    denormalize_rows(hat, gain, norm_bias, n, width, h);
    latent_sgemm_one_thread(1, 0, (int)width, (int)outputs, (int)n, 1, h, (int)width, d_first, (int)outputs, 1, d_weight, (int)outputs);
    latent_sgemm_one_thread(0, 1, (int)n, (int)width, (int)outputs, 1, d_first, (int)outputs, weight, (int)outputs, 0, dh, (int)width);
    for (size_t r = 0; r < n; r++) {
        float *row_dx = dx ? dx + r * width : NULL;
        if (row_dx)
            for (size_t j = 0; j < width; j++) row_dx[j] += dy[r * width + j];
        layer_norm_backward_row(dh + r * width, hat + r * width, inverse_deviation[r], gain, width, d_gain, d_norm_bias, scaled, row_dx);
    }
}

#endif
