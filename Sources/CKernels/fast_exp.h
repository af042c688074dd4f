// A fast e^x for the kernels' softmaxes and losses, and the tanh that GELU is made of (private to
// CKernels).
#ifndef LATENT_FAST_EXP_H
#define LATENT_FAST_EXP_H

#include <string.h>

// e^x for x <= 0, within 2 ulp: x = k·ln2 + r, |r| <= ln2/2; e^r by its degree-6 Taylor
// polynomial; 2^k written into the exponent bits. Adding 1.5·2^23 rounds x/ln2 to the integer k
// and leaves k in the float's low bits, so no float-to-int conversion is needed.
static inline float exp_of_non_positive(float x) {
    const float magic = 12582912.0f;
    x = x < -87.0f ? -87.0f : x;
    float shifted = x * 1.44269504f + magic;
    float k = shifted - magic;
    float r = (x - k * 0.693145752f) - k * 1.42860677e-6f;
    float p = 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1;
    p = p * r + 1;
    int bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = (bits - 0x4B400000 + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

// tanh(u) = sign(u)·(1 − e)/(1 + e) with e = e^−2|u| in (0, 1]: no overflow for any u. Near u = 0
// the subtraction 1 − e loses relative precision, but GELU multiplies tanh by x/2 there, so the
// absolute error of the result stays below 1e-7·|x|.
static inline float tanh_of(float u) {
    float e = exp_of_non_positive(-2 * (u < 0 ? -u : u));
    float t = (1 - e) / (1 + e);
    return u < 0 ? -t : t;
}

#define GELU_C 0.7978845608f  // √(2/π)
#define GELU_A 0.044715f

// GELU, tanh form: ½v(1 + tanh u), u = √(2/π)(v + 0.044715v³), and, unless slope is NULL, its
// derivative ½(1 + tanh u) + ½v(1 − tanh² u)·√(2/π)(1 + 3·0.044715v²) from the same tanh. The GELU
// op (activations.c) and the fused MLP (residual_mlp.c) both use it, so they compute the same numbers.
static inline float gelu_of(float v, float *slope) {
    float t = tanh_of(GELU_C * (v + GELU_A * v * v * v));
    if (slope) *slope = 0.5f * (1 + t) + 0.5f * v * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * v * v);
    return 0.5f * v * (1 + t);
}

#endif
