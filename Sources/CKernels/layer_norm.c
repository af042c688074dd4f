// The transformer's own ops: layer normalisation and causal self-attention, forward and backward.
//
// A transformer of chapter 4's size runs these on small pieces: rows of 64 values, heads of 16
// values over 49 positions. The Swift loops they replace summed each row one value after another
// and called the C library's expf per score; here reductions run in vector registers (a fixed
// tree, so the same inputs give the same sums) with a fast e^x.
//
// Every loop is cut between the compute threads by rows or by sequences. Rows and sequences are
// independent, so those numbers do not depend on the thread count; the gain and bias gradients are
// summed per part and the parts added in order, so they are the same for the same thread count.
#include "kernels.h"
#include "parallel.h"
#include "vector_rows.h"
#include "attention_head.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// MARK: Layer norm

struct layer_norm_job {
    const float *x, *gain, *bias, *upstream;
    float *normalized, *inverse_deviation, *y, *dx, *dgain, *dbias;
    size_t rows, width;
    float epsilon;
    float *partials;  // backward: each part's gain and bias sums
};

static void CLONES layer_norm_rows(const struct layer_norm_job *job, size_t start, size_t end) {
    size_t width = job->width;
    for (size_t row = start; row < end; row++)
        job->inverse_deviation[row] = normalize_row(job->x + row * width, job->gain, job->bias, width, job->epsilon,
                                                    job->normalized + row * width, job->y + row * width);
}

static void layer_norm_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    layer_norm_rows(job, latent_part_start(job->rows, part, parts, 1), latent_part_start(job->rows, part + 1, parts, 1));
}

void latent_layer_norm(const float *x, const float *gain, const float *bias, size_t rows, size_t width, float epsilon,
                       float *normalized, float *inverse_deviation, float *y) {
    struct layer_norm_job job = {x, gain, bias, NULL, normalized, inverse_deviation, y, NULL, NULL, NULL, rows, width, epsilon, NULL};
    latent_parallel_run(layer_norm_part, &job, latent_parts_for(rows, 64));
}

// Rows start..<end: dx for each row, and this part's share of the gain and bias gradients, summed
// over its rows into partial_gain and partial_bias (one pass over upstream and x̂ for all three).
static void CLONES layer_norm_backward_rows(const struct layer_norm_job *job, size_t start, size_t end, float *restrict partial_gain,
                                            float *restrict partial_bias) {
    size_t width = job->width;
    float scaled[width];
    for (size_t j = 0; j < width; j++) partial_gain[j] = partial_bias[j] = 0;
    for (size_t row = start; row < end; row++)
        layer_norm_backward_row(job->upstream + row * width, job->normalized + row * width, job->inverse_deviation[row], job->gain,
                                width, partial_gain, partial_bias, scaled, job->dx ? job->dx + row * width : NULL);
}

static void layer_norm_backward_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    float *partials = job->partials + 2 * (size_t)part * job->width;
    layer_norm_backward_rows(job, latent_part_start(job->rows, part, parts, 1), latent_part_start(job->rows, part + 1, parts, 1),
                             partials, partials + job->width);
}

// The parts' gain and bias sums are added up in part order: the same numbers for the same thread count.
void latent_layer_norm_backward(const float *upstream, const float *normalized, const float *inverse_deviation,
                                const float *gain, size_t rows, size_t width, float *dx, float *dgain, float *dbias) {
    int parts = latent_parts_for(rows, 64);
    float *partials = malloc(sizeof(float) * 2 * (size_t)parts * width);
    struct layer_norm_job job = {NULL, gain, NULL, upstream, (float *)normalized, (float *)inverse_deviation, NULL, dx, dgain, dbias,
                                 rows, width, 0, partials};
    latent_parallel_run(layer_norm_backward_part, &job, parts);
    for (int part = 0; part < parts; part++) {
        const float *partial = partials + 2 * (size_t)part * width;
        if (dgain) for (size_t j = 0; j < width; j++) dgain[j] += partial[j];
        if (dbias) for (size_t j = 0; j < width; j++) dbias[j] += partial[width + j];
    }
    free(partials);
}

// MARK: Causal self-attention
//
// Per head of each sequence (attention_head.c): sequences are shared between the compute threads,
// each with its own scratch.

static void attention_part(void *context, int part, int parts) {
    const struct attention_job *job = context;
    float *scratch = latent_attention_scratch(job);
    for (size_t b = latent_part_start(job->batch, part, parts, 1); b < latent_part_start(job->batch, part + 1, parts, 1); b++)
        for (size_t h = 0; h < job->heads; h++) latent_attention_head(job, b, h, scratch);
    free(scratch);
}

void latent_causal_attention(const float *qkv, size_t batch, size_t sequence, size_t heads, size_t width,
                             float *probabilities, float *output) {
    struct attention_job job = {qkv, NULL, NULL, probabilities, output, NULL, batch, sequence, heads, width,
                                1 / sqrtf((float)(width / heads))};
    latent_parallel_run(attention_part, &job, latent_parts_for(batch, 1));
}

static void attention_backward_part(void *context, int part, int parts) {
    const struct attention_job *job = context;
    float *scratch = latent_attention_scratch(job);
    for (size_t b = latent_part_start(job->batch, part, parts, 1); b < latent_part_start(job->batch, part + 1, parts, 1); b++)
        for (size_t h = 0; h < job->heads; h++)
            latent_attention_head_backward(job, b, h, job->upstream + b * job->sequence * job->width,
                                           job->dqkv + b * job->sequence * 3 * job->width, scratch);
    free(scratch);
}

void latent_causal_attention_backward(const float *qkv, const float *probabilities, const float *upstream, size_t batch,
                                      size_t sequence, size_t heads, size_t width, float *dqkv) {
    struct attention_job job = {qkv, probabilities, upstream, NULL, NULL, dqkv, batch, sequence, heads, width,
                                1 / sqrtf((float)(width / heads))};
    latent_parallel_run(attention_backward_part, &job, latent_parts_for(batch, 1));
}
