// Softmax cross-entropy, the language-modelling loss and the classifier's, forward and backward.
//
// A row of 64 scores (chapter 4's codebook) costs little, but there are 3,136 rows a step; written
// in Swift each row's maximum, e^x and sum ran one value at a time through the C library's expf.
// Here they run sixteen values at a time (vector_rows.h) with the kernels' fast e^x. Rows are
// independent and cut between the compute threads; each row's loss is written apart and the caller
// adds them in row order, so the numbers do not depend on the thread count.
#include "kernels.h"
#include "parallel.h"
#include "fast_exp.h"
#include "vector_rows.h"

struct softmax_cross_entropy_job {
    const float *logits, *probabilities;
    const long *labels;
    size_t rows, classes;
    float scale;
    float *out, *losses;
};

static void CLONES cross_entropy_rows(void *context, int part, int parts) {
    const struct softmax_cross_entropy_job *job = context;
    size_t classes = job->classes;
    for (size_t row = latent_part_start(job->rows, part, parts, 1); row < latent_part_start(job->rows, part + 1, parts, 1); row++) {
        job->losses[row] = 0;
        if (job->labels[row] < 0) continue;
        const float *restrict z = job->logits + row * classes;
        float *restrict p = job->out + row * classes;
        float largest = largest_of(z, classes);
        for (size_t j = 0; j < classes; j++) p[j] = exp_of_non_positive(z[j] - largest);
        float partition = sum_of(p, classes), inverse = 1 / partition;
        for (size_t j = 0; j < classes; j++) p[j] *= inverse;
        job->losses[row] = logf(partition) + largest - z[job->labels[row]];
    }
}

void latent_softmax_cross_entropy(const float *logits, const long *labels, size_t rows, size_t classes, float *probabilities,
                                  float *losses) {
    struct softmax_cross_entropy_job job = {logits, NULL, labels, rows, classes, 0, probabilities, losses};
    latent_parallel_run(cross_entropy_rows, &job, latent_parts_for(rows, 16384 / classes + 1));
}

static void CLONES cross_entropy_backward_rows(void *context, int part, int parts) {
    const struct softmax_cross_entropy_job *job = context;
    size_t classes = job->classes;
    for (size_t row = latent_part_start(job->rows, part, parts, 1); row < latent_part_start(job->rows, part + 1, parts, 1); row++) {
        if (job->labels[row] < 0) continue;
        const float *restrict p = job->probabilities + row * classes;
        float *restrict gradient = job->out + row * classes;
        for (size_t j = 0; j < classes; j++) gradient[j] += job->scale * p[j];
        gradient[job->labels[row]] -= job->scale;
    }
}

void latent_softmax_cross_entropy_backward(const float *probabilities, const long *labels, size_t rows, size_t classes, float scale,
                                           float *gradient) {
    struct softmax_cross_entropy_job job = {NULL, probabilities, labels, rows, classes, scale, gradient, NULL};
    latent_parallel_run(cross_entropy_backward_rows, &job, latent_parts_for(rows, 16384 / classes + 1));
}
