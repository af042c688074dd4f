// The losses, forward and backward: binary cross-entropy from logits (the auto-encoders' pixels)
// and softmax cross-entropy (the classifier's digits, the prior's next code).
//
// Shapes: binary cross-entropy takes n logits and n targets and writes n gradients; softmax
// cross-entropy takes `rows` rows of `classes` logits and `rows` labels and writes rows × classes
// probabilities and `rows` losses.
//
// Binary cross-entropy is in C for the reason kernels.h gives (one binary, the widest vectors the
// CPU has) and for the fast e^x, with which one pass gives the loss and its gradient. Softmax
// cross-entropy: a row of 64 scores (chapter 4's codebook) costs little, but there are 3,136 rows a
// step; written in Swift each row's maximum, e^x and sum ran one value at a time through the C
// library's expf (3% of a prior epoch), here sixteen values at a time (under 1%).
//
// The values are cut between the compute threads. Binary cross-entropy's parts' sums are added in
// part order, so its total depends on the thread count but not on which thread finished first;
// softmax cross-entropy writes each row's loss apart and the caller adds them in row order, so
// those numbers do not depend on the thread count.
#include "common.h"
#include "fast_exp.h"

// MARK: Binary cross-entropy

// log(1 + e) for e in [0, 1] as 2·atanh(s), s = e/(2 + e) <= 1/3, summed to s^15: exact for tiny
// e (no cancellation) and within 1e-8 at e = 1.
static inline float log1p_of_unit(float e) {
    float s = e / (e + 2);
    float s2 = s * s;
    float series = 1.0f / 15;
    series = series * s2 + 1.0f / 13;
    series = series * s2 + 1.0f / 11;
    series = series * s2 + 1.0f / 9;
    series = series * s2 + 1.0f / 7;
    series = series * s2 + 1.0f / 5;
    series = series * s2 + 1.0f / 3;
    series = series * s2 + 1;
    return 2 * s * series;
}

// The terms are summed in floats TERMS_AT_ONCE at a time, and each such sum is added to the total
// in double; a part's bounds are multiples of it.
#define TERMS_AT_ONCE 64

static double CLONES binary_cross_entropy_range(const float *restrict logits, const float *restrict targets,
                                                float *restrict residual, size_t n) {
    double total = 0;
    float terms[TERMS_AT_ONCE];
    for (size_t start = 0; start < n; start += TERMS_AT_ONCE) {
        size_t count = n - start < TERMS_AT_ONCE ? n - start : TERMS_AT_ONCE;
        const float *l = logits + start, *t = targets + start;
        float *out = residual + start;
        for (size_t i = 0; i < count; i++) {
            float x = l[i];
            float e = exp_of_non_positive(x < 0 ? x : -x);  // e^-|x|
            float inverse = 1 / (1 + e);
            terms[i] = (x > 0 ? x : 0) - x * t[i] + log1p_of_unit(e);
            out[i] = (x >= 0 ? inverse : e * inverse) - t[i];
        }
        float block_sum = 0;
        for (size_t i = 0; i < count; i++) block_sum += terms[i];
        total += block_sum;
    }
    return total;
}

struct binary_cross_entropy_job {
    const float *logits, *targets;
    float *residual;
    size_t n;
    double totals[LATENT_MAX_THREADS];
};

static void binary_cross_entropy_part(void *context, int part, int parts) {
    struct binary_cross_entropy_job *job = context;
    struct range share = part_range(job->n, part, parts, TERMS_AT_ONCE);
    job->totals[part] = binary_cross_entropy_range(job->logits + share.start, job->targets + share.start,
                                                   job->residual + share.start, share.end - share.start);
}

double latent_binary_cross_entropy(const float *logits, const float *targets, float *residual, size_t n) {
    struct binary_cross_entropy_job job = {.logits = logits, .targets = targets, .residual = residual, .n = n, .totals = {0}};
    int parts = latent_parts_for(n, SMALLEST_PART);
    latent_parallel_run(binary_cross_entropy_part, &job, parts);
    double total = 0;
    for (int part = 0; part < parts; part++) total += job.totals[part];
    return total;
}

// MARK: Softmax cross-entropy

struct softmax_cross_entropy_job {
    const float *logits, *probabilities;
    const long *labels;
    size_t rows, classes;
    float scale;
    float *out, *losses;
};

// Rows are cut so that a part holds at least SMALLEST_PART values.
static int row_parts(size_t rows, size_t classes) { return latent_parts_for(rows, SMALLEST_PART / classes + 1); }

static void CLONES softmax_cross_entropy_rows(void *context, int part, int parts) {
    const struct softmax_cross_entropy_job *job = context;
    size_t classes = job->classes;
    struct range rows = part_range(job->rows, part, parts, 1);
    for (size_t row = rows.start; row < rows.end; row++) {
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
    struct softmax_cross_entropy_job job = {.logits = logits, .labels = labels, .rows = rows, .classes = classes,
                                            .out = probabilities, .losses = losses};
    latent_parallel_run(softmax_cross_entropy_rows, &job, row_parts(rows, classes));
}

static void CLONES softmax_cross_entropy_backward_rows(void *context, int part, int parts) {
    const struct softmax_cross_entropy_job *job = context;
    size_t classes = job->classes;
    struct range rows = part_range(job->rows, part, parts, 1);
    for (size_t row = rows.start; row < rows.end; row++) {
        if (job->labels[row] < 0) continue;
        const float *restrict p = job->probabilities + row * classes;
        float *restrict gradient = job->out + row * classes;
        for (size_t j = 0; j < classes; j++) gradient[j] += job->scale * p[j];
        gradient[job->labels[row]] -= job->scale;
    }
}

void latent_softmax_cross_entropy_backward(const float *probabilities, const long *labels, size_t rows, size_t classes, float scale,
                                           float *gradient) {
    struct softmax_cross_entropy_job job = {.probabilities = probabilities, .labels = labels, .rows = rows, .classes = classes,
                                            .scale = scale, .out = gradient};
    latent_parallel_run(softmax_cross_entropy_backward_rows, &job, row_parts(rows, classes));
}
