// Layer normalisation, the transformer's, forward and backward (the rows themselves are
// layer_norm_rows.h's, which the fused block halves share).
//
// Shapes: x, y, x̂ (normalized), upstream and dx are rows × width; gain, bias and their gradients
// width; inverse_deviation rows.
//
// A transformer of chapter 4's size normalises rows of 64 values. The Swift loops this replaces
// summed each row one value after another; here the sums run in vector registers, a fixed tree,
// so the same inputs give the same sums. Rows are cut between the compute threads and are
// independent, so x̂, y and dx do not depend on the thread count; the gain and bias gradients are
// summed per part and the parts added in order, so they are the same for the same thread count.
#include "common.h"
#include "layer_norm_rows.h"

#include <stdlib.h>

// Fewer rows than this a part are not worth handing to another thread.
#define SMALLEST_ROWS 64

struct layer_norm_job {
    const float *x, *gain, *bias, *upstream;
    float *normalized, *inverse_deviation, *y, *dx;
    size_t rows, width;
    float epsilon;
    float *partials;  // backward: each part's gain and bias sums
};

static void CLONES layer_norm_rows(const struct layer_norm_job *job, struct range rows) {
    size_t width = job->width;
    for (size_t row = rows.start; row < rows.end; row++)
        job->inverse_deviation[row] = normalize_row(job->x + row * width, job->gain, job->bias, width, job->epsilon,
                                                    job->normalized + row * width, job->y + row * width);
}

static void layer_norm_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    layer_norm_rows(job, part_range(job->rows, part, parts, 1));
}

void latent_layer_norm(const float *x, const float *gain, const float *bias, size_t rows, size_t width, float epsilon,
                       float *normalized, float *inverse_deviation, float *y) {
    struct layer_norm_job job = {.x = x, .gain = gain, .bias = bias, .normalized = normalized,
                                 .inverse_deviation = inverse_deviation, .y = y, .rows = rows, .width = width,
                                 .epsilon = epsilon};
    latent_parallel_run(layer_norm_part, &job, latent_parts_for(rows, SMALLEST_ROWS));
}

// Rows start..<end: dx for each row, and this part's share of the gain and bias gradients, summed
// over its rows into partial_gain and partial_bias (one pass over upstream and x̂ for all three).
static void CLONES layer_norm_backward_rows(const struct layer_norm_job *job, struct range rows, float *restrict partial_gain,
                                            float *restrict partial_bias) {
    size_t width = job->width;
    float scaled[width];
    for (size_t j = 0; j < width; j++) partial_gain[j] = partial_bias[j] = 0;
    for (size_t row = rows.start; row < rows.end; row++)
        layer_norm_backward_row(job->upstream + row * width, job->normalized + row * width, job->inverse_deviation[row], job->gain,
                                width, partial_gain, partial_bias, scaled, job->dx ? job->dx + row * width : NULL);
}

static void layer_norm_backward_part(void *context, int part, int parts) {
    const struct layer_norm_job *job = context;
    float *partials = job->partials + 2 * (size_t)part * job->width;
    layer_norm_backward_rows(job, part_range(job->rows, part, parts, 1), partials, partials + job->width);
}

// The parts' gain and bias sums are added up in part order: the same numbers for the same thread count.
latent_status latent_layer_norm_backward(const float *upstream, const float *normalized, const float *inverse_deviation,
                                         const float *gain, size_t rows, size_t width, float *dx, float *dgain, float *dbias) {
    int parts = latent_parts_for(rows, SMALLEST_ROWS);
    float *partials = malloc(sizeof(float) * 2 * (size_t)parts * width);
    if (!partials) return LATENT_OUT_OF_MEMORY;
    struct layer_norm_job job = {.gain = gain, .upstream = upstream, .normalized = (float *)normalized,
                                 .inverse_deviation = (float *)inverse_deviation, .dx = dx, .rows = rows, .width = width,
                                 .partials = partials};
    latent_parallel_run(layer_norm_backward_part, &job, parts);
    float *gradients[] = {dgain, dbias};
    size_t sizes[] = {width, width};
    add_part_sums(partials, parts, 2 * width, gradients, sizes, 2);
    free(partials);
    return LATENT_OK;
}
