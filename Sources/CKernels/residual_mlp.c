// A transformer block's second half, y = x + GELU(norm(x)·W1 + b1)·W2 + b2, forward and backward,
// as one pass over tiles of rows.
//
// Run op by op, this half writes five matrices to memory and reads them back: the normalised rows,
// the biases copied into the products' outputs, the pre-activations, the GELU outputs, and in the
// backward pass as many gradients, each zeroed first. At chapter 4's size (3,136 rows, width 64,
// hidden 256) each is 0.8–3.2 MB, more than a core's cache, so these passes cost a third as much
// as the products themselves, and every op is one more hand-over between the compute threads.
// Here each thread takes a share of the rows and works through it TILE rows at a time: the tile's
// intermediates (a few hundred kB) stay in the core's cache from the product that writes them to
// the one that reads them. OpenBLAS runs each tile's products on one thread; at these shapes it is
// as fast per multiply-add as on the whole matrix (≈ 95 GFLOP/s a core, measured).
//
// Kept for the backward pass: x̂ and 1/σ of each row (layer norm's), and the pre-activations a.
// The backward pass recomputes norm(x) = x̂·gain + bias and GELU(a) tile by tile rather than
// storing them: one tanh per value gives both GELU(a) and its slope.
//
// The weight gradients are sums over rows. Each part sums its tiles in order into its own partial
// sums, and the parts are added in part order, so the numbers depend on the thread count but not
// on timing.
//
// Shapes: x, y, x̂ (normalized), upstream and dx are rows × width; W1 is width × hidden, b1 hidden,
// W2 hidden × width, b2 width; the pre-activations a are rows × hidden.
#include "common.h"
#include "fast_exp.h"
#include "residual_half.h"

#include <stdlib.h>

// Rows per tile. The weight gradients are summed over a tile's rows in one product each, so a
// taller tile means fewer, longer sums into ∂W1 and ∂W2 and fewer packings of W1 and W2; the
// backward pass's scratch is TILE·(3·hidden + 2·width) floats, 460 kB at 128 rows and chapter 4's
// sizes, still inside a core's L2. Measured on chapter 4's shape (3,136 rows, 2 threads, best of
// 40 rounds, alternating builds): 64 → 128 rows took the forward pass from 1.43 to 1.38 ms and the
// backward from 2.93 to 2.66 ms; 192 and 256 rows were within 2% of 128.
#define TILE 128

struct residual_mlp_job {
    const float *x, *gain, *norm_bias, *w1, *b1, *w2, *b2, *upstream;
    float *normalized, *inverse_deviation, *pre_activation, *y, *dx;
    size_t rows, width, hidden;
    float epsilon;
    float *partials;    // backward: per part, the gradients of gain, norm bias, W1, b1, W2, b2
    atomic_int failed;  // a part got no scratch
};

// GELU(a) of n values into g and, unless slope is NULL, dGELU/da into slope (see latent_gelu).
INLINE void gelu_tile(const float *restrict a, size_t n, float *restrict g, float *restrict slope) {
    for (size_t i = 0; i < n; i++) g[i] = gelu_of(a[i], slope ? slope + i : NULL);
}

static void CLONES mlp_forward_tiles(void *context, int part, int parts) {
    struct residual_mlp_job *job = context;
    size_t width = job->width, hidden = job->hidden;
    struct range rows = part_range(job->rows, part, parts, TILE);
    size_t begin = rows.start, end = rows.end;
    float *h = malloc(sizeof(float) * TILE * (width + hidden));
    if (!h) {
        mark_out_of_memory(&job->failed);
        return;
    }
    float *g = h + TILE * width;
    for (size_t start = begin; start < end; start += TILE) {
        size_t n = end - start < TILE ? end - start : TILE;
        float *a = job->pre_activation + start * hidden, *y = job->y + start * width;
        for (size_t r = start; r < start + n; r++)
            job->inverse_deviation[r] = normalize_row(job->x + r * width, job->gain, job->norm_bias, width, job->epsilon,
                                                      job->normalized + r * width, h + (r - start) * width);
        repeat_row(job->b1, n, hidden, a);
        latent_sgemm_one_thread(0, 0, (int)n, (int)hidden, (int)width, 1, h, (int)width, job->w1, (int)hidden, 1, a, (int)hidden);
        gelu_tile(a, n * hidden, g, NULL);
        add_row_to_rows(job->x + start * width, job->b2, n, width, 0, y);
        latent_sgemm_one_thread(0, 0, (int)n, (int)width, (int)hidden, 1, g, (int)hidden, job->w2, (int)width, 1, y, (int)width);
    }
    free(h);
}

latent_status latent_residual_mlp(const float *x, const float *gain, const float *norm_bias, const float *w1, const float *b1,
                                  const float *w2, const float *b2, size_t rows, size_t width, size_t hidden, float epsilon,
                                  float *normalized, float *inverse_deviation, float *pre_activation, float *y) {
    struct residual_mlp_job job = {.x = x, .gain = gain, .norm_bias = norm_bias, .w1 = w1, .b1 = b1, .w2 = w2, .b2 = b2,
                                   .normalized = normalized, .inverse_deviation = inverse_deviation,
                                   .pre_activation = pre_activation, .y = y, .rows = rows, .width = width, .hidden = hidden,
                                   .epsilon = epsilon, .failed = 0};
    latent_parallel_run(mlp_forward_tiles, &job, latent_parts_for(rows, TILE));
    return status_of(&job.failed);
}

static size_t partial_size(size_t width, size_t hidden) { return 2 * width + 2 * width * hidden + hidden + width; }

// One part's rows, tile by tile: with ∂y the upstream gradient,
//   ∂b2 += Σ ∂y,  ∂W2 += GELU(a)ᵀ ∂y,  ∂a = (∂y W2ᵀ) ⊙ GELU′(a),  ∂b1 += Σ ∂a,  ∂W1 += hᵀ ∂a,
//   ∂h = ∂a W1ᵀ, then layer norm's step from ∂h, and ∂x += ∂y (the residual) + ∂x through the norm.
static void CLONES mlp_backward_tiles(void *context, int part, int parts) {
    struct residual_mlp_job *job = context;
    size_t width = job->width, hidden = job->hidden;
    struct range rows = part_range(job->rows, part, parts, TILE);
    size_t begin = rows.start, end = rows.end;
    float *partial = job->partials + (size_t)part * partial_size(width, hidden);
    float *d_gain = partial, *d_norm_bias = d_gain + width, *d_w1 = d_norm_bias + width, *d_b1 = d_w1 + width * hidden;
    float *d_w2 = d_b1 + hidden, *d_b2 = d_w2 + hidden * width;
    memset(partial, 0, sizeof(float) * partial_size(width, hidden));
    float *g = malloc(sizeof(float) * (3 * TILE * hidden + 2 * TILE * width + width));
    if (!g) {
        mark_out_of_memory(&job->failed);
        return;
    }
    float *slope = g + TILE * hidden, *da = slope + TILE * hidden, *h = da + TILE * hidden, *dh = h + TILE * width;
    float *scaled = dh + TILE * width;
    for (size_t start = begin; start < end; start += TILE) {
        size_t n = end - start < TILE ? end - start : TILE;
        const float *dy = job->upstream + start * width, *a = job->pre_activation + start * hidden;
        const float *hat = job->normalized + start * width;
        add_column_sums(dy, n, width, width, 1, d_b2);
        gelu_tile(a, n * hidden, g, slope);
        latent_sgemm_one_thread(1, 0, (int)hidden, (int)width, (int)n, 1, g, (int)hidden, dy, (int)width, 1, d_w2, (int)width);
        latent_sgemm_one_thread(0, 1, (int)n, (int)hidden, (int)width, 1, dy, (int)width, job->w2, (int)width, 0, da, (int)hidden);
        for (size_t i = 0; i < n * hidden; i++) da[i] *= slope[i];
        add_column_sums(da, n, hidden, hidden, 1, d_b1);
        first_layer_and_norm_backward(da, hidden, job->w1, d_w1, dy, hat, job->inverse_deviation + start, job->gain, job->norm_bias, n,
                                      width, h, dh, scaled, d_gain, d_norm_bias, job->dx ? job->dx + start * width : NULL);
    }
    free(g);
}

latent_status latent_residual_mlp_backward(const float *normalized, const float *inverse_deviation, const float *pre_activation,
                                           const float *upstream, const float *gain, const float *norm_bias, const float *w1,
                                           const float *w2, size_t rows, size_t width, size_t hidden, float *dx, float *d_gain,
                                           float *d_norm_bias, float *d_w1, float *d_b1, float *d_w2, float *d_b2) {
    int parts = latent_parts_for(rows, TILE);
    float *partials = malloc(sizeof(float) * partial_size(width, hidden) * (size_t)parts);
    if (!partials) return LATENT_OUT_OF_MEMORY;
    struct residual_mlp_job job = {.gain = gain, .norm_bias = norm_bias, .w1 = w1, .w2 = w2, .upstream = upstream,
                                   .normalized = (float *)normalized, .inverse_deviation = (float *)inverse_deviation,
                                   .pre_activation = (float *)pre_activation, .dx = dx, .rows = rows, .width = width,
                                   .hidden = hidden, .partials = partials, .failed = 0};
    latent_parallel_run(mlp_backward_tiles, &job, parts);
    if (status_of(&job.failed) != LATENT_OK) {
        free(partials);
        return LATENT_OUT_OF_MEMORY;
    }
    float *gradients[] = {d_gain, d_norm_bias, d_w1, d_b1, d_w2, d_b2};
    size_t sizes[] = {width, width, width * hidden, hidden, hidden * width, width};
    add_part_sums(partials, parts, partial_size(width, hidden), gradients, sizes, 6);
    free(partials);
    return LATENT_OK;
}
