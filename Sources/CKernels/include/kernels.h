// Fused elementwise kernels for the training engine (module Learning).
//
// They live in C for one reason: clang can compile a loop for several instruction sets and pick
// the best one for the running CPU when the program loads (target_clones), so the same binary
// uses AVX-512 here and still runs on a CPU with only SSE2. Swift cannot yet do that, and these
// loops are, after the matrix products, most of a training step. Each function's comment gives
// the formula; the Swift op that calls it shows the same formula next to its gradient. Large
// loops are cut between the compute threads (parallel.h).
#ifndef LATENT_KERNELS_H
#define LATENT_KERNELS_H

#include <stddef.h>

/// One Adam step, fused with clearing the gradient, for n parameters:
/// m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − step·m / (√v · inv_c2 + ε);  g ← 0.
void latent_adam_update(float *parameter, float *gradient, float *first_moment, float *second_moment, size_t n,
                        float beta1, float beta2, float step, float inverse_correction2_root, float epsilon);

/// Binary cross-entropy between targets t and sigmoid(l), from logits, summed over n values:
/// returns Σ max(l, 0) − l·t + log(1 + e^−|l|) and writes σ(l) − t (the gradient) into residual.
double latent_binary_cross_entropy(const float *logits, const float *targets, float *residual, size_t n);

/// Rows of bytes to floats: row r of destination (`size` values) is source row indices[r], each
/// byte b written as b·scale; `count` rows. The batch loader's conversion of images to [0, 1].
void latent_gather_bytes(const unsigned char *source, const long *indices, size_t count, size_t size, float scale,
                         float *destination);

/// GELU, tanh form, for n values: y = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³).
void latent_gelu(const float *x, float *y, size_t n);

/// GELU's backward step for n values: gradient += upstream · dy/dx, with
/// dy/dx = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²).
void latent_gelu_backward(const float *x, const float *upstream, float *gradient, size_t n);

#endif
