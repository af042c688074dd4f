// Causal attention, one head of one sequence at a time, forward and backward (see attention_head.h).
//
// A head of chapter 4's prior is tiny: 49 positions × 16 columns. Its six products (QKᵀ, PV and the
// backward pass's four) used to be six OpenBLAS calls, each paying for argument checks, packing
// and a kernel built for large matrices, and each computing the whole square although attention
// is causal, so half of QKᵀ is masked away and half of P is zeros. Here the head is first copied
// into scratch whose rows are padded to whole blocks of 16 floats (the padding zero), and then
// three loops do all six products on whole blocks only, in vector registers:
//
//   lower_products:           out[i][j] = α Σₖ a[i][k]·b[j][k] for the blocks on or below the diagonal (QKᵀ, ∂O Vᵀ);
//   lower_times_rows:         out[i] = Σ_{j≤i} L[i][j]·b[j]   (P V, ∂S K; L is zero above the diagonal);
//   lower_transposed_times_rows: out[j] = Σ_{i≥j} L[i][j]·b[i] (Pᵀ ∂O, ∂Sᵀ Q).
//
// Each works on ROWS rows at once: ROWS independent sums of 16 lanes are in flight, enough to keep
// the multiply-add units busy while each sum waits for its previous step. Every sum runs in a fixed
// order, so the same inputs give the same numbers on any thread.
//
// Measured per head (64 sequences of 49, 4 heads, one thread): the forward pass 4.8–5.9 µs with
// OpenBLAS, 3.2–3.3 µs here; the backward 5.3–8.1 → 3.8–4.1 µs.
#include "attention_head.h"
#include "common.h"
#include "fast_exp.h"

#include <stdlib.h>
#include <string.h>

#define ROWS 8

static size_t padded(size_t n) { return (n + BLOCK - 1) / BLOCK * BLOCK; }

// Two sp × sp squares and five sp × dp blocks of rows (one of them transposed); see parts_of.
// NULL when there is no memory for it (the callers report that).
float *latent_attention_scratch(const struct attention_job *job) {
    size_t sp = padded(job->sequence), dp = padded(job->width / job->heads);
    return calloc(2 * sp * sp + 5 * sp * dp, sizeof(float));
}

// out[i][j0 ..< j0+16] for i < valid (rounded up to ROWS) and every block j0 ≤ i: α Σₖ a[i][k]·bt[k][j],
// where a is sp × dp and bt (b transposed) dp × sp, both padded with zeros. out is sp × sp.
INLINE void lower_products(const float *restrict a, const float *restrict bt, size_t valid, size_t sp, size_t dp, float alpha,
                           float *restrict out) {
    for (size_t i0 = 0; i0 < valid; i0 += ROWS)
        for (size_t j0 = 0; j0 < i0 + ROWS; j0 += BLOCK) {
            block16 sums[ROWS] = {{0}};
            for (size_t k = 0; k < dp; k++) {
                block16 b = LOAD16(bt + k * sp + j0);
                for (int r = 0; r < ROWS; r++) sums[r] += a[(i0 + r) * dp + k] * b;
            }
            for (int r = 0; r < ROWS; r++) STORE16(out + (i0 + r) * sp + j0, sums[r] * alpha);
        }
}

// out[i] = Σ_{j ≤ i} L[i][j]·b[j] for i < valid (rounded up to ROWS): L is sp × sp and zero above
// its diagonal (so each block of rows simply runs j up to its last row), b and out are sp × dp.
INLINE void lower_times_rows(const float *restrict lower, const float *restrict b, size_t valid, size_t sp, size_t dp,
                             float *restrict out) {
    for (size_t i0 = 0; i0 < valid; i0 += ROWS)
        for (size_t c = 0; c < dp; c += BLOCK) {
            block16 sums[ROWS] = {{0}};
            size_t end = i0 + ROWS < valid ? i0 + ROWS : valid;
            for (size_t j = 0; j < end; j++) {
                block16 row = LOAD16(b + j * dp + c);
                for (int r = 0; r < ROWS; r++) sums[r] += lower[(i0 + r) * sp + j] * row;
            }
            for (int r = 0; r < ROWS; r++) STORE16(out + (i0 + r) * dp + c, sums[r]);
        }
}

// out[j] = Σ_{i ≥ j} L[i][j]·b[i] for j < valid (rounded up to ROWS), i < valid: Lᵀ times the rows.
INLINE void lower_transposed_times_rows(const float *restrict lower, const float *restrict b, size_t valid, size_t sp, size_t dp,
                                        float *restrict out) {
    for (size_t j0 = 0; j0 < valid; j0 += ROWS)
        for (size_t c = 0; c < dp; c += BLOCK) {
            block16 sums[ROWS] = {{0}};
            for (size_t i = j0; i < valid; i++) {
                block16 row = LOAD16(b + i * dp + c);
                for (int r = 0; r < ROWS; r++) sums[r] += lower[i * sp + j0 + r] * row;
            }
            for (int r = 0; r < ROWS; r++) STORE16(out + (j0 + r) * dp + c, sums[r]);
        }
}

// to[0 ..< n] = from[0 ..< n], a block of 16 at a time (these rows are too short for memcpy's
// call to pay off: it took 7% of a prior epoch).
INLINE void copy_floats(float *restrict to, const float *restrict from, size_t n) {
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) STORE16(to + j, LOAD16(from + j));
    for (; j < n; j++) to[j] = from[j];
}

// Rows 0 ..< n of d columns (row stride `stride`) into the first d columns of sp × dp scratch.
INLINE void copy_rows_in(const float *restrict from, size_t stride, size_t n, size_t d, size_t dp, float *restrict to) {
    for (size_t i = 0; i < n; i++) copy_floats(to + i * dp, from + i * stride, d);
}

// The same rows transposed into dp × sp scratch: to[k][i] = from[i][k].
INLINE void copy_rows_transposed(const float *restrict from, size_t stride, size_t n, size_t d, size_t sp, float *restrict to) {
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < d; k++) to[k * sp + i] = from[i * stride + k];
}

// The first d columns of n rows of sp × dp scratch, written to rows of stride `stride`.
INLINE void copy_rows_out(const float *restrict from, size_t n, size_t d, size_t dp, float *restrict to, size_t stride) {
    for (size_t i = 0; i < n; i++) copy_floats(to + i * stride, from + i * dp, d);
}

// The same columns times `scale`, added into the rows, a block of 16 at a time.
INLINE void add_rows_out(const float *restrict from, size_t n, size_t d, size_t dp, float scale, float *restrict to, size_t stride) {
    for (size_t i = 0; i < n; i++) {
        float *row = to + i * stride;
        const float *source = from + i * dp;
        size_t k = 0;
        for (; k + BLOCK <= d; k += BLOCK) STORE16(row + k, LOAD16(row + k) + LOAD16(source + k) * scale);
        for (; k < d; k++) row[k] += source[k] * scale;
    }
}

// row[j] = 0 for start ≤ j < end, start and end whole blocks.
INLINE void zero_blocks(float *restrict row, size_t start, size_t end) {
    for (size_t j = start; j < end; j += BLOCK) STORE16(row + j, (block16){0});
}

// Softmax of row[0 ..< seen] in place, zeros after it up to `length` rounded up to a whole block
// (the row has room for that). Every loop runs on whole blocks, the lanes from `seen` on masked:
// finishing a row one value at a time, as plain loops do, cost more than the rest of the row.
INLINE void causal_softmax(float *restrict row, size_t seen, size_t length) {
    typedef int block16i __attribute__((vector_size(BLOCK * sizeof(int))));
    const block16i lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    const block16 minus_infinity = (block16){0} - INFINITY;
    size_t end = padded(seen);
    block16 most = minus_infinity;
    for (size_t j0 = 0; j0 < end; j0 += BLOCK) {
        block16i inside = lane + (int)j0 < (int)seen;
        block16 values = LOAD16(row + j0);
        most = __builtin_elementwise_max(most, (block16)((inside & (block16i)values) | (~inside & (block16i)minus_infinity)));
    }
    float largest = MAX16(most);
    block16 total = {0};
    for (size_t j0 = 0; j0 < end; j0 += BLOCK) {
        // Lanes past `seen` hold scores of later positions, which may exceed `largest`: clamped to 0
        // so that e^x stays in range, then masked.
        for (size_t l = 0; l < BLOCK; l++) {
            float x = row[j0 + l] - largest;
            row[j0 + l] = exp_of_non_positive(x < 0 ? x : 0);
        }
        block16 e = (block16)((lane + (int)j0 < (int)seen) & (block16i)LOAD16(row + j0));
        STORE16(row + j0, e);
        total += e;
    }
    float inverse = 1 / SUM16(total);
    for (size_t j0 = 0; j0 < end; j0 += BLOCK) STORE16(row + j0, LOAD16(row + j0) * inverse);
    zero_blocks(row, end, padded(length));
}

// The scratch's parts, for one call's sequence length and head width (see latent_attention_scratch).
struct head_scratch {
    size_t sp, dp;
    float *square, *square2, *rows_a, *rows_b, *rows_c, *out, *transposed;
};

static struct head_scratch parts_of(float *scratch, size_t sequence, size_t d) {
    size_t sp = padded(sequence), dp = padded(d);
    float *rows = scratch + 2 * sp * sp;
    return (struct head_scratch){.sp = sp, .dp = dp, .square = scratch, .square2 = scratch + sp * sp, .rows_a = rows,
                                 .rows_b = rows + sp * dp, .rows_c = rows + 2 * sp * dp, .out = rows + 3 * sp * dp,
                                 .transposed = rows + 4 * sp * dp};
}

void CLONES latent_attention_head(const struct attention_job *job, size_t b, size_t head, float *scratch) {
    size_t s = job->sequence, d = job->width / job->heads, stride = 3 * job->width;
    struct head_scratch w = parts_of(scratch, s, d);
    const float *q = job->qkv + b * s * stride + head * d, *k = q + job->width, *v = q + 2 * job->width;
    float *p = job->probabilities + (b * job->heads + head) * s * s;
    copy_rows_in(q, stride, s, d, w.dp, w.rows_a);
    copy_rows_transposed(k, stride, s, d, w.sp, w.transposed);
    lower_products(w.rows_a, w.transposed, s, w.sp, w.dp, job->scale, w.square);
    for (size_t i = 0; i < s; i++) {
        causal_softmax(w.square + i * w.sp, i + 1, s);
        copy_floats(p + i * s, w.square + i * w.sp, s);
    }
    if (!job->output) return;
    copy_rows_in(v, stride, s, d, w.dp, w.rows_b);
    lower_times_rows(w.square, w.rows_b, s, w.sp, w.dp, w.out);
    copy_rows_out(w.out, s, d, w.dp, job->output + b * s * job->width + head * d, job->width);
}

void CLONES latent_attention_head_backward(const struct attention_job *job, size_t b, size_t head, const float *upstream,
                                          float *dqkv, float *scratch) {
    size_t s = job->sequence, d = job->width / job->heads, stride = 3 * job->width, width = job->width;
    struct head_scratch w = parts_of(scratch, s, d);
    const float *q = job->qkv + b * s * stride + head * d, *k = q + width, *v = q + 2 * width;
    const float *p = job->probabilities_in + (b * job->heads + head) * s * s;
    float *dq = dqkv + head * d, *dk = dq + width, *dv = dq + 2 * width;
    float *probabilities = w.square, *scores = w.square2;
    float *d_out = w.rows_a, *queries = w.rows_b, *keys = w.rows_c;
    for (size_t i = 0; i < s; i++) copy_floats(probabilities + i * w.sp, p + i * s, s);
    copy_rows_in(upstream + head * d, width, s, d, w.dp, d_out);
    // ∂V += Pᵀ ∂O
    lower_transposed_times_rows(probabilities, d_out, s, w.sp, w.dp, w.out);
    add_rows_out(w.out, s, d, w.dp, 1, dv, stride);
    // ∂P = ∂O Vᵀ, then ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)) on and below the diagonal, zeros above it
    copy_rows_transposed(v, stride, s, d, w.sp, w.transposed);
    lower_products(d_out, w.transposed, s, w.sp, w.dp, 1, scores);
    for (size_t i = 0; i < s; i++) {
        const float *restrict row = probabilities + i * w.sp;
        float *restrict d_row = scores + i * w.sp;
        // P is zero after position i and ∂P finite, so whole blocks give the same sum, and zeros there.
        size_t end = padded(i + 1);
        float weighted = dot_of(d_row, row, end);
        for (size_t j = 0; j < end; j += BLOCK) STORE16(d_row + j, LOAD16(row + j) * (LOAD16(d_row + j) - weighted));
        zero_blocks(d_row, end, w.sp);
    }
    // ∂Q += ∂S K·scale,  ∂K += ∂Sᵀ Q·scale
    copy_rows_in(k, stride, s, d, w.dp, keys);
    copy_rows_in(q, stride, s, d, w.dp, queries);
    lower_times_rows(scores, keys, s, w.sp, w.dp, w.out);
    add_rows_out(w.out, s, d, w.dp, job->scale, dq, stride);
    lower_transposed_times_rows(scores, queries, s, w.sp, w.dp, w.out);
    add_rows_out(w.out, s, d, w.dp, job->scale, dk, stride);
}
