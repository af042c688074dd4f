// Adam, the optimiser every chapter trains with: one step over all of a model's parameters, fused
// with clearing their gradients.
//
// Shapes: p, g, m and v are n floats each (the parameters, their gradients and Adam's two moments).
//
// In C for the reason kernels.h gives (one binary, the widest vectors the CPU has); no separate
// measurement of this loop is recorded. It is cut between the engine's own compute threads: split
// through Dispatch instead, its second thread gained nothing in a profile of the VAE bench (it
// fought OpenBLAS's spinning threads). Every scalar is updated on its own, so how the parameters
// are cut changes nothing in the result.
#include "common.h"

static void CLONES adam_range(float *restrict p, float *restrict g, float *restrict m, float *restrict v, size_t n,
                              float beta1, float beta2, float step, float inverse_c2, float epsilon) {
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1 - beta1) * gi;
        float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= step * mi / (sqrtf(vi) * inverse_c2 + epsilon);
        g[i] = 0;
    }
}

struct adam_job {
    float *p, *g, *m, *v;
    size_t n;
    float beta1, beta2, step, inverse_c2, epsilon;
};

static void adam_part(void *context, int part, int parts) {
    const struct adam_job *job = context;
    struct range share = part_range(job->n, part, parts, PART_ALIGNMENT);
    size_t start = share.start;
    adam_range(job->p + start, job->g + start, job->m + start, job->v + start, share.end - start, job->beta1, job->beta2,
               job->step, job->inverse_c2, job->epsilon);
}

void latent_adam_update(float *p, float *g, float *m, float *v, size_t n, float beta1, float beta2, float step,
                        float inverse_c2, float epsilon) {
    struct adam_job job = {.p = p, .g = g, .m = m, .v = v, .n = n, .beta1 = beta1, .beta2 = beta2, .step = step,
                           .inverse_c2 = inverse_c2, .epsilon = epsilon};
    latent_parallel_run(adam_part, &job, latent_parts_for(n, SMALLEST_PART));
}
