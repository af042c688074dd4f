// The engine's C kernels (module Learning calls them; one file per concept, named below).
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

/// What a kernel that allocates scratch memory returns. LATENT_OUT_OF_MEMORY: an allocation failed
/// and the outputs are incomplete; the Swift op that called it stops with a message naming itself.
typedef enum { LATENT_OK = 0, LATENT_OUT_OF_MEMORY = 1 } latent_status;

// MARK: Adam (optimizer.c)

/// One Adam step, fused with clearing the gradient, for n parameters:
/// m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − step·m / (√v · inv_c2 + ε);  g ← 0.
void latent_adam_update(float *parameter, float *gradient, float *first_moment, float *second_moment, size_t n,
                        float beta1, float beta2, float step, float inverse_correction2_root, float epsilon);

// MARK: Losses (losses.c)

/// Binary cross-entropy between targets t and sigmoid(l), from logits, summed over n values:
/// returns Σ max(l, 0) − l·t + log(1 + e^−|l|) and writes σ(l) − t (the gradient) into residual.
double latent_binary_cross_entropy(const float *logits, const float *targets, float *residual, size_t n);

/// Softmax cross-entropy of `rows` rows of `classes` logits against labels:
/// writes softmax(row) into probabilities and −log p(label) into losses[row]; a row whose label is
/// negative is skipped (its loss is 0, its probabilities are not written).
void latent_softmax_cross_entropy(const float *logits, const long *labels, size_t rows, size_t classes, float *probabilities,
                                  float *losses);

/// Its backward step: gradient += scale · (p − one-hot(label)) on the rows whose label is not negative.
void latent_softmax_cross_entropy_backward(const float *probabilities, const long *labels, size_t rows, size_t classes, float scale,
                                           float *gradient);

// MARK: Activations (activations.c)

/// GELU, tanh form, for n values: y = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³).
void latent_gelu(const float *x, float *y, size_t n);

/// GELU's backward step for n values: gradient += upstream · dy/dx, with
/// dy/dx = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²).
void latent_gelu_backward(const float *x, const float *upstream, float *gradient, size_t n);

// MARK: The batch loader's gather (gather.c)

/// Rows of bytes to floats: row r of destination (`size` values) is source row indices[r], each
/// byte b written as b·scale; `count` rows. The batch loader's conversion of images to [0, 1].
void latent_gather_bytes(const unsigned char *source, const long *indices, size_t count, size_t size, float scale,
                         float *destination);

// MARK: A row broadcast along a tensor, and bias sums (broadcasts.c)

/// y = a + b (or a − b when `subtract`) for `count` values, b a row of `width` repeated along a
/// (width == count: same shapes). Cut between the compute threads; each value computed alone.
void latent_add_rows(const float *a, const float *b, float *y, size_t count, size_t width, int subtract);

/// Writes `row` (width values) into each of `rows` rows of y: a layer's bias, before the product
/// is added on top.
void latent_repeat_row(const float *row, float *y, size_t rows, size_t width);

/// gradient[i mod width] += scale · upstream[i] for i < count: the gradient of a row broadcast over
/// count/width rows (or, width == count, of a tensor of the same shape): with scale 1, a bias's
/// gradient, the column sums of ∂y. Each column is summed over the rows in order, whatever the cut,
/// so the numbers are those of one plain loop.
void latent_accumulate_rows(const float *upstream, float *gradient, size_t count, size_t width, float scale);

// MARK: Convolution's data movement (convolution.c)

/// im2col for a square-kernel convolution on `batch` NHWC images of height × width × channels
///: row (n·Ho + oy)·Wo + ox of patches holds the k×k taps at (oy·stride − padding +
/// ky, ox·stride − padding + kx), tap by tap, channels inside, zeros where the kernel overhangs.
latent_status latent_im2col(const float *image, size_t batch, size_t height, size_t width, size_t channels, size_t kernel, size_t stride,
                            size_t padding, float *patches);

/// Its adjoint: adds every tap of every patch row back into image (the same layout), skipping taps
/// in the padding.
latent_status latent_col2im(const float *patches, size_t batch, size_t height, size_t width, size_t channels, size_t kernel, size_t stride,
                            size_t padding, float *image);

// MARK: Layer normalisation (layer_norm.c)

/// Layer normalisation of `rows` rows of `width` values: x̂ = (x − mean)/√(var + ε),
/// y = x̂·gain + bias; writes x̂ into normalized and 1/√(var + ε) of each row into inverse_deviation.
void latent_layer_norm(const float *x, const float *gain, const float *bias, size_t rows, size_t width, float epsilon,
                       float *normalized, float *inverse_deviation, float *y);

/// Layer norm's backward step, adding into each gradient that is not NULL, with ĝ = upstream ⊙ gain:
/// dx += (ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂))·inverse_deviation;  dgain += Σrows upstream ⊙ x̂;  dbias += Σrows upstream.
latent_status latent_layer_norm_backward(const float *upstream, const float *normalized, const float *inverse_deviation,
                                         const float *gain, size_t rows, size_t width, float *dx, float *dgain, float *dbias);

// MARK: Causal self-attention (causal_attention.c)

/// Causal multi-head self-attention over `batch` sequences of `sequence` positions. qkv is
/// [batch·sequence, 3·width] (queries, keys, values side by side); each of `heads` heads has
/// width/heads columns. Writes P = softmax(QKᵀ/√(width/heads), j > i masked) into probabilities
/// ([batch·heads, sequence, sequence], zeros above the diagonal) and, unless output is NULL,
/// O = P V with the heads side by side into output ([batch·sequence, width]).
latent_status latent_causal_attention(const float *qkv, size_t batch, size_t sequence, size_t heads, size_t width,
                                      float *probabilities, float *output);

/// Attention's backward step, adding into dqkv (same layout as qkv), from the forward pass's P and
/// upstream = ∂L/∂O: ∂V = Pᵀ∂O, ∂P = ∂O Vᵀ, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), ∂Q = ∂S K/√dₕ, ∂K = ∂Sᵀ Q/√dₕ.
latent_status latent_causal_attention_backward(const float *qkv, const float *probabilities, const float *upstream, size_t batch,
                                               size_t sequence, size_t heads, size_t width, float *dqkv);

// MARK: Attention while generating (cached_attention.c)

/// One generation step of attention for `batch` sequences that each hold `length` positions in a
/// cache of `capacity`: stores the new position's key and value from qkv ([batch, 3·width]) into
/// keys ([batch][heads][width/heads][capacity], a column per position) and values
/// ([batch][capacity][width]), and writes softmax(q·kⱼ/√(width/heads)) over positions j ≤ length
/// times their values into output ([batch, width]), head by head.
latent_status latent_cached_attention(const float *qkv, float *keys, float *values, size_t batch, size_t capacity, size_t width,
                                      size_t heads, size_t length, float *output);

// MARK: The fused halves of a transformer block (residual_attention.c, residual_mlp.c)

/// A pre-norm transformer block's first half, y = x + attention(norm(x)·Wqkv + bqkv)·Wout + bout,
/// over `batch` sequences of `sequence` rows of `width` values, with causal
/// attention as latent_causal_attention computes it. Writes, for the backward pass, x̂ and
/// 1/√(var + ε) of each row, the queries-keys-values ([rows, 3·width]), the attention weights
/// ([batch·heads, sequence, sequence]) and the attention output O ([rows, width]).
latent_status latent_residual_attention(const float *x, const float *gain, const float *norm_bias, const float *w_qkv, const float *b_qkv,
                                        const float *w_out, const float *b_out, size_t batch, size_t sequence, size_t heads,
                                        size_t width, float epsilon, float *normalized, float *inverse_deviation, float *qkv,
                                        float *probabilities, float *attended, float *y);

/// Its backward step from upstream = ∂L/∂y, adding into each gradient that is not NULL.
latent_status latent_residual_attention_backward(const float *normalized, const float *inverse_deviation, const float *qkv,
                                                 const float *probabilities, const float *attended, const float *upstream,
                                                 const float *gain, const float *norm_bias, const float *w_qkv, const float *w_out,
                                                 size_t batch, size_t sequence, size_t heads, size_t width, float *dx, float *d_gain,
                                                 float *d_norm_bias, float *d_w_qkv, float *d_b_qkv, float *d_w_out, float *d_b_out);

/// A pre-norm transformer block's second half, y = x + GELU(norm(x)·W1 + b1)·W2 + b2, over `rows`
/// rows of `width` values with `hidden` units: x is [rows, width], W1 [width,
/// hidden], W2 [hidden, width], norm(x) = x̂·gain + norm_bias. Writes x̂, 1/√(var + ε) of each row
/// and the pre-activations a = norm(x)·W1 + b1 ([rows, hidden]) for the backward pass.
latent_status latent_residual_mlp(const float *x, const float *gain, const float *norm_bias, const float *w1, const float *b1,
                                  const float *w2, const float *b2, size_t rows, size_t width, size_t hidden, float epsilon,
                                  float *normalized, float *inverse_deviation, float *pre_activation, float *y);

/// Its backward step from upstream = ∂L/∂y, adding into each gradient that is not NULL: ∂x (the
/// residual's ∂y plus the path through the MLP and the norm) and the six parameters' gradients.
latent_status latent_residual_mlp_backward(const float *normalized, const float *inverse_deviation, const float *pre_activation,
                                           const float *upstream, const float *gain, const float *norm_bias, const float *w1,
                                           const float *w2, size_t rows, size_t width, size_t hidden, float *dx, float *d_gain,
                                           float *d_norm_bias, float *d_w1, float *d_b1, float *d_w2, float *d_b2);

// MARK: Products with a mostly-zero left operand (sparse_listing.c, sparse_product.c)

/// How many of the `count` values are not zero, counting no further than `limit` + 1: enough to tell
/// whether a matrix is sparse enough for the products below.
size_t latent_count_nonzeros(const float *values, size_t count, size_t limit);

/// C += A·B for A (m × k) mostly zeros, B (k × n) and C (m × n) dense, all row-major: only A's
/// non-zeros are multiplied. C[i, j] receives A[i, l]·B[l, j] for the non-zero A[i, l] in order of
/// l, one fused multiply-add each, so the result does not depend on the thread count.
latent_status latent_sparse_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k);

/// C += Aᵀ·B for A (m × k) mostly zeros, B (m × n), C (k × n): a weight's gradient xᵀ·∂y when x
/// is sparse. C[l, j] receives A[i, l]·B[i, j] for the non-zero A[i, l] in order of i.
latent_status latent_sparse_transposed_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k);

/// Whether the products may list non-zeros with AVX-512's compress where the CPU has it (the
/// default); 0 makes them use the plain loop other CPUs use, so tests can check both.
void latent_sparse_allow_compress(int allowed);

#endif
