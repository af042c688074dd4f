// One row of layer normalisation, forward and backward (private to CKernels). The layer-norm op
// (layer_norm.c) and both fused halves of a transformer block (residual_attention.c,
// residual_mlp.c) call these, so all three compute the same numbers.
#ifndef LATENT_LAYER_NORM_ROWS_H
#define LATENT_LAYER_NORM_ROWS_H

#include "common.h"

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

#endif
