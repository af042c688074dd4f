// A transformer block's first half, y = x + attention(norm(x)·Wqkv + bqkv)·Wout + bout, forward
// and backward, as one pass over tiles of whole sequences.
//
// The same reasoning as residual_mlp.c: op by op, the normalised rows, the queries-keys-values,
// the attention output and their gradients each go to memory and back, and each op is one more
// hand-over between the threads. Here each thread takes a share of the sequences and works
// through them a tile at a time (as many whole sequences as fit in TILE_ROWS rows, at least one),
// so a tile's rows stay in the core's cache from the layer norm to the residual sum. Attention
// itself is the attention op's own code, one head at a time (attention_head.h).
//
// Kept for the backward pass: x̂ and 1/σ of each row, the queries-keys-values, the attention
// weights P and the attention output O (the input of the output projection).
//
// Shapes: x, y, x̂ (normalized), O (attended), upstream and dx are [batch·sequence, width]; Wqkv
// is width × 3·width, bqkv 3·width, Wout width × width, bout width; qkv is [batch·sequence,
// 3·width] and P [batch·heads, sequence, sequence].
#include "attention_head.h"
#include "common.h"
#include "residual_half.h"

#include <stdlib.h>

// A tile holds as many whole sequences as fit in this many rows (at least one). Chapter 4's and 5's
// sequences (49 and 59 rows) are one to a tile: measured on chapter 4's shape (64 sequences of 49,
// 2 threads, best of 40 rounds, alternating builds), one sequence per tile instead of two took the
// forward pass from 1.01 to 0.97 ms and the backward from 1.83 to 1.69 ms (at 59 rows: 1.27 → 1.21
// and 2.28 → 2.25 ms). Unlike the MLP half (residual_mlp.c), taller tiles did not pay here: 256
// and 512 rows were slower than 64 at 49-row sequences.
#define TILE_ROWS 64

struct residual_attention_job {
    const float *x, *gain, *norm_bias, *w_qkv, *b_qkv, *w_out, *b_out, *upstream;
    float *normalized, *inverse_deviation, *qkv, *probabilities, *attended, *y, *dx;
    size_t batch, sequence, heads, width;
    float epsilon;
    float *partials;    // backward: per part, the gradients of gain, norm bias, Wqkv, bqkv, Wout, bout
    atomic_int failed;  // a part got no scratch
};

static size_t tile_sequences(size_t sequence) { return sequence >= TILE_ROWS ? 1 : TILE_ROWS / sequence; }

static struct attention_job heads_of(const struct residual_attention_job *job) {
    return (struct attention_job){.qkv = job->qkv, .probabilities_in = job->probabilities, .probabilities = job->probabilities,
                                  .output = job->attended, .batch = job->batch, .sequence = job->sequence, .heads = job->heads,
                                  .width = job->width, .scale = 1 / sqrtf((float)(job->width / job->heads))};
}

static void CLONES attention_forward_tiles(void *context, int part, int parts) {
    struct residual_attention_job *job = context;
    size_t width = job->width, s = job->sequence, per_tile = tile_sequences(s);
    struct range sequences_of_part = part_range(job->batch, part, parts, per_tile);
    size_t first = sequences_of_part.start, last = sequences_of_part.end;
    struct attention_job heads = heads_of(job);
    float *h = malloc(sizeof(float) * per_tile * s * width);
    float *scratch = latent_attention_scratch(&heads);
    if (!h || !scratch) {
        mark_out_of_memory(&job->failed);
        free(scratch);
        free(h);
        return;
    }
    for (size_t tile = first; tile < last; tile += per_tile) {
        size_t sequences = last - tile < per_tile ? last - tile : per_tile, n = sequences * s, start = tile * s;
        float *qkv = job->qkv + start * 3 * width;
        for (size_t r = start; r < start + n; r++)
            job->inverse_deviation[r] = normalize_row(job->x + r * width, job->gain, job->norm_bias, width, job->epsilon,
                                                      job->normalized + r * width, h + (r - start) * width);
        repeat_row(job->b_qkv, n, 3 * width, qkv);
        latent_sgemm_one_thread(0, 0, (int)n, (int)(3 * width), (int)width, 1, h, (int)width, job->w_qkv, (int)(3 * width), 1, qkv,
                                (int)(3 * width));
        for (size_t b = tile; b < tile + sequences; b++)
            for (size_t head = 0; head < job->heads; head++) latent_attention_head(&heads, b, head, scratch);
        add_row_to_rows(job->x + start * width, job->b_out, n, width, 0, job->y + start * width);
        latent_sgemm_one_thread(0, 0, (int)n, (int)width, (int)width, 1, job->attended + start * width, (int)width, job->w_out,
                                (int)width, 1, job->y + start * width, (int)width);
    }
    free(scratch);
    free(h);
}

latent_status latent_residual_attention(const float *x, const float *gain, const float *norm_bias, const float *w_qkv,
                                        const float *b_qkv, const float *w_out, const float *b_out, size_t batch, size_t sequence,
                                        size_t heads, size_t width, float epsilon, float *normalized, float *inverse_deviation,
                                        float *qkv, float *probabilities, float *attended, float *y) {
    struct residual_attention_job job = {.x = x, .gain = gain, .norm_bias = norm_bias, .w_qkv = w_qkv, .b_qkv = b_qkv,
                                         .w_out = w_out, .b_out = b_out, .normalized = normalized,
                                         .inverse_deviation = inverse_deviation, .qkv = qkv, .probabilities = probabilities,
                                         .attended = attended, .y = y, .batch = batch, .sequence = sequence, .heads = heads,
                                         .width = width, .epsilon = epsilon, .failed = 0};
    latent_parallel_run(attention_forward_tiles, &job, latent_parts_for(batch, tile_sequences(sequence)));
    return status_of(&job.failed);
}

static size_t partial_size(size_t width) { return 2 * width + 3 * width * width + 3 * width + width * width + width; }

// One part's sequences, tile by tile: with ∂y the upstream gradient,
//   ∂bout += Σ ∂y,  ∂Wout += Oᵀ ∂y,  ∂O = ∂y Woutᵀ,  ∂qkv from ∂O head by head (attention_head.h),
//   ∂bqkv += Σ ∂qkv,  ∂Wqkv += hᵀ ∂qkv,  ∂h = ∂qkv Wqkvᵀ, then layer norm's step from ∂h, and
//   ∂x += ∂y (the residual) + ∂x through the norm.
static void CLONES attention_backward_tiles(void *context, int part, int parts) {
    struct residual_attention_job *job = context;
    size_t width = job->width, s = job->sequence, per_tile = tile_sequences(s), rows = per_tile * s;
    struct range sequences_of_part = part_range(job->batch, part, parts, per_tile);
    size_t first = sequences_of_part.start, last = sequences_of_part.end;
    float *partial = job->partials + (size_t)part * partial_size(width);
    float *d_gain = partial, *d_norm_bias = d_gain + width, *d_w_qkv = d_norm_bias + width, *d_b_qkv = d_w_qkv + 3 * width * width;
    float *d_w_out = d_b_qkv + 3 * width, *d_b_out = d_w_out + width * width;
    memset(partial, 0, sizeof(float) * partial_size(width));
    float *d_attended = malloc(sizeof(float) * (rows * 6 * width + width));
    struct attention_job heads = heads_of(job);
    float *scratch = latent_attention_scratch(&heads);
    if (!d_attended || !scratch) {
        mark_out_of_memory(&job->failed);
        free(scratch);
        free(d_attended);
        return;
    }
    float *d_qkv = d_attended + rows * width, *h = d_qkv + rows * 3 * width, *dh = h + rows * width, *scaled = dh + rows * width;
    for (size_t tile = first; tile < last; tile += per_tile) {
        size_t sequences = last - tile < per_tile ? last - tile : per_tile, n = sequences * s, start = tile * s;
        const float *dy = job->upstream + start * width, *hat = job->normalized + start * width;
        add_column_sums(dy, n, width, width, 1, d_b_out);
        latent_sgemm_one_thread(1, 0, (int)width, (int)width, (int)n, 1, job->attended + start * width, (int)width, dy, (int)width, 1,
                                d_w_out, (int)width);
        latent_sgemm_one_thread(0, 1, (int)n, (int)width, (int)width, 1, dy, (int)width, job->w_out, (int)width, 0, d_attended,
                                (int)width);
        memset(d_qkv, 0, sizeof(float) * n * 3 * width);
        for (size_t b = tile; b < tile + sequences; b++)
            for (size_t head = 0; head < job->heads; head++)
                latent_attention_head_backward(&heads, b, head, d_attended + (b - tile) * s * width, d_qkv + (b - tile) * s * 3 * width,
                                               scratch);
        add_column_sums(d_qkv, n, 3 * width, 3 * width, 1, d_b_qkv);
        first_layer_and_norm_backward(d_qkv, 3 * width, job->w_qkv, d_w_qkv, dy, hat, job->inverse_deviation + start, job->gain,
                                      job->norm_bias, n, width, h, dh, scaled, d_gain, d_norm_bias,
                                      job->dx ? job->dx + start * width : NULL);
    }
    free(scratch);
    free(d_attended);
}

latent_status latent_residual_attention_backward(const float *normalized, const float *inverse_deviation, const float *qkv,
                                                 const float *probabilities, const float *attended, const float *upstream,
                                                 const float *gain, const float *norm_bias, const float *w_qkv, const float *w_out,
                                                 size_t batch, size_t sequence, size_t heads, size_t width, float *dx, float *d_gain,
                                                 float *d_norm_bias, float *d_w_qkv, float *d_b_qkv, float *d_w_out, float *d_b_out) {
    int parts = latent_parts_for(batch, tile_sequences(sequence));
    float *partials = malloc(sizeof(float) * partial_size(width) * (size_t)parts);
    if (!partials) return LATENT_OUT_OF_MEMORY;
    struct residual_attention_job job = {.gain = gain, .norm_bias = norm_bias, .w_qkv = w_qkv, .w_out = w_out,
                                         .upstream = upstream, .normalized = (float *)normalized,
                                         .inverse_deviation = (float *)inverse_deviation, .qkv = (float *)qkv,
                                         .probabilities = (float *)probabilities, .attended = (float *)attended, .dx = dx,
                                         .batch = batch, .sequence = sequence, .heads = heads, .width = width,
                                         .partials = partials, .failed = 0};
    latent_parallel_run(attention_backward_tiles, &job, parts);
    if (status_of(&job.failed) != LATENT_OK) {
        free(partials);
        return LATENT_OUT_OF_MEMORY;
    }
    float *gradients[] = {d_gain, d_norm_bias, d_w_qkv, d_b_qkv, d_w_out, d_b_out};
    size_t sizes[] = {width, width, 3 * width * width, 3 * width, width * width, width};
    add_part_sums(partials, parts, partial_size(width), gradients, sizes, 6);
    free(partials);
    return LATENT_OK;
}
