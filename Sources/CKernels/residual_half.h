// Loops shared by the two fused halves of a transformer block, residual_attention.c and
// residual_mlp.c (private to CKernels): each works on a tile of rows that stays in the core's cache.
// Shapes: a tile is n rows of `width` values; its first layer has `outputs` outputs.
#ifndef LATENT_RESIDUAL_HALF_H
#define LATENT_RESIDUAL_HALF_H

#include "broadcast_rows.h"
#include "common.h"
#include "layer_norm_rows.h"

// The rows of a tile use broadcast_rows.h's loops, the same ones the broadcast ops run: the bias
// rows (repeat_row), the residual sum (add_row_to_rows) and the biases' gradients (add_column_sums).

// Layer norm's output again from x̂: h = x̂·gain + bias, for `rows` rows.
INLINE void denormalize_rows(const float *restrict hat, const float *restrict gain, const float *restrict bias, size_t rows,
                             size_t width, float *restrict h) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < width; j++) h[r * width + j] = hat[r * width + j] * gain[j] + bias[j];
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
