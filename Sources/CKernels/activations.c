// GELU, the transformer's activation, forward and backward (tanh form; the formula and its slope
// are fast_exp.h's gelu_of, which the fused MLP half, residual_mlp.c, uses too).
//
// Shapes: x, y, upstream and gradient are n floats each.
//
// In C for the kernels' own tanh (one fast e^x gives both GELU and its slope): with the C library's
// tanhf, GELU was a third of a transformer step and chapter 4's prior took 85 s an epoch; with
// this kernel 26 s, with identical losses. Every value is computed alone, so the cut between the
// compute threads changes nothing.
#include "common.h"
#include "fast_exp.h"

static void CLONES gelu_range(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = gelu_of(x[i], NULL);
}

static void CLONES gelu_backward_range(const float *restrict x, const float *restrict upstream,
                                       float *restrict gradient, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float slope;
        gelu_of(x[i], &slope);
        gradient[i] += upstream[i] * slope;
    }
}

struct gelu_job {
    const float *x, *upstream;  // upstream is NULL for the forward pass
    float *out;
    size_t n;
};

static void gelu_part(void *context, int part, int parts) {
    const struct gelu_job *job = context;
    struct range share = part_range(job->n, part, parts, PART_ALIGNMENT);
    size_t start = share.start, n = share.end - share.start;
    if (job->upstream) gelu_backward_range(job->x + start, job->upstream + start, job->out + start, n);
    else gelu_range(job->x + start, job->out + start, n);
}

void latent_gelu(const float *x, float *y, size_t n) {
    struct gelu_job job = {.x = x, .upstream = NULL, .out = y, .n = n};
    latent_parallel_run(gelu_part, &job, latent_parts_for(n, SMALLEST_PART));
}

void latent_gelu_backward(const float *x, const float *upstream, float *gradient, size_t n) {
    struct gelu_job job = {.x = x, .upstream = upstream, .out = gradient, .n = n};
    latent_parallel_run(gelu_part, &job, latent_parts_for(n, SMALLEST_PART));
}
