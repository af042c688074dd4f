#include "kernels.h"
#include "parallel.h"
#include "fast_exp.h"

#include <math.h>
#include <string.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

// Loops over more than SMALLEST_PART values are cut between the compute threads (parallel.h), at
// multiples of 64 values so no two threads write the same cache line.
#define SMALLEST_PART 16384
#define PART_ALIGNMENT 64

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
    size_t start = latent_part_start(job->n, part, parts, PART_ALIGNMENT);
    size_t end = latent_part_start(job->n, part + 1, parts, PART_ALIGNMENT);
    adam_range(job->p + start, job->g + start, job->m + start, job->v + start, end - start, job->beta1, job->beta2,
               job->step, job->inverse_c2, job->epsilon);
}

// Every scalar is updated on its own, so how the parameters are cut changes nothing in the result.
void latent_adam_update(float *p, float *g, float *m, float *v, size_t n, float beta1, float beta2, float step,
                        float inverse_c2, float epsilon) {
    struct adam_job job = {p, g, m, v, n, beta1, beta2, step, inverse_c2, epsilon};
    latent_parallel_run(adam_part, &job, latent_parts_for(n, SMALLEST_PART));
}

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

#define BLOCK 64

static double CLONES binary_cross_entropy_range(const float *restrict logits, const float *restrict targets,
                                                float *restrict residual, size_t n) {
    double total = 0;
    float terms[BLOCK];
    for (size_t start = 0; start < n; start += BLOCK) {
        size_t count = n - start < BLOCK ? n - start : BLOCK;
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

struct cross_entropy_job {
    const float *logits, *targets;
    float *residual;
    size_t n;
    double totals[LATENT_MAX_THREADS];
};

static void cross_entropy_part(void *context, int part, int parts) {
    struct cross_entropy_job *job = context;
    size_t start = latent_part_start(job->n, part, parts, BLOCK);
    size_t end = latent_part_start(job->n, part + 1, parts, BLOCK);
    job->totals[part] = binary_cross_entropy_range(job->logits + start, job->targets + start, job->residual + start,
                                                   end - start);
}

// The parts' sums are added in part order, so the total depends on the thread count but not on
// which thread finished first.
double latent_binary_cross_entropy(const float *logits, const float *targets, float *residual, size_t n) {
    struct cross_entropy_job job = {logits, targets, residual, n, {0}};
    int parts = latent_parts_for(n, SMALLEST_PART);
    latent_parallel_run(cross_entropy_part, &job, parts);
    double total = 0;
    for (int part = 0; part < parts; part++) total += job.totals[part];
    return total;
}


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
    size_t start = latent_part_start(job->n, part, parts, PART_ALIGNMENT);
    size_t end = latent_part_start(job->n, part + 1, parts, PART_ALIGNMENT);
    if (job->upstream) gelu_backward_range(job->x + start, job->upstream + start, job->out + start, end - start);
    else gelu_range(job->x + start, job->out + start, end - start);
}

void latent_gelu(const float *x, float *y, size_t n) {
    struct gelu_job job = {x, NULL, y, n};
    latent_parallel_run(gelu_part, &job, latent_parts_for(n, SMALLEST_PART));
}

void latent_gelu_backward(const float *x, const float *upstream, float *gradient, size_t n) {
    struct gelu_job job = {x, upstream, gradient, n};
    latent_parallel_run(gelu_part, &job, latent_parts_for(n, SMALLEST_PART));
}

// The images of a batch lie scattered over a data set larger than the CPU's caches, so each one
// costs a trip to memory. Asking for the next few images while converting this one keeps several
// of those trips under way at once.
#define IMAGES_AHEAD 4

static void CLONES gather_range(const unsigned char *restrict source, const long *restrict indices, size_t count,
                                size_t size, float scale, float *restrict destination) {
    for (size_t i = 0; i < count; i++) {
        if (i + IMAGES_AHEAD < count) {
            const unsigned char *ahead = source + (size_t)indices[i + IMAGES_AHEAD] * size;
            for (size_t offset = 0; offset < size; offset += 64) __builtin_prefetch(ahead + offset);
        }
        const unsigned char *row = source + (size_t)indices[i] * size;
        float *out = destination + i * size;
        for (size_t j = 0; j < size; j++) out[j] = (float)row[j] * scale;
    }
}

struct gather_job {
    const unsigned char *source;
    const long *indices;
    size_t count, size;
    float scale;
    float *destination;
};

static void gather_part(void *context, int part, int parts) {
    const struct gather_job *job = context;
    size_t start = latent_part_start(job->count, part, parts, 1);
    size_t end = latent_part_start(job->count, part + 1, parts, 1);
    gather_range(job->source, job->indices + start, end - start, job->size, job->scale,
                 job->destination + start * job->size);
}

void latent_gather_bytes(const unsigned char *source, const long *indices, size_t count, size_t size, float scale,
                         float *destination) {
    struct gather_job job = {source, indices, count, size, scale, destination};
    latent_parallel_run(gather_part, &job, latent_parts_for(count * size, SMALLEST_PART));
}

// MARK: Sums and differences with a broadcast row

struct rows_job {
    const float *a, *b;
    float *y;
    size_t count, width;
    float scale;
};

static void CLONES add_rows_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t rows = job->count / job->width, width = job->width;
    size_t start = latent_part_start(rows, part, parts, 1), end = latent_part_start(rows, part + 1, parts, 1);
    for (size_t row = start; row < end; row++) {
        const float *restrict a = job->a + row * width;
        float *restrict y = job->y + row * width;
        if (job->scale > 0)
            for (size_t j = 0; j < width; j++) y[j] = a[j] + job->b[j];
        else
            for (size_t j = 0; j < width; j++) y[j] = a[j] - job->b[j];
    }
}

static void CLONES add_elements_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t start = latent_part_start(job->count, part, parts, PART_ALIGNMENT);
    size_t end = latent_part_start(job->count, part + 1, parts, PART_ALIGNMENT);
    const float *restrict a = job->a, *restrict b = job->b;
    float *restrict y = job->y;
    if (job->scale > 0)
        for (size_t i = start; i < end; i++) y[i] = a[i] + b[i];
    else
        for (size_t i = start; i < end; i++) y[i] = a[i] - b[i];
}

void latent_add_rows(const float *a, const float *b, float *y, size_t count, size_t width, int subtract) {
    struct rows_job job = {a, b, y, count, width, subtract ? -1.0f : 1.0f};
    if (width == count) latent_parallel_run(add_elements_part, &job, latent_parts_for(count, SMALLEST_PART));
    else latent_parallel_run(add_rows_part, &job, latent_parts_for(count / width, SMALLEST_PART / width + 1));
}

static void CLONES accumulate_elements_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t start = latent_part_start(job->count, part, parts, PART_ALIGNMENT);
    size_t end = latent_part_start(job->count, part + 1, parts, PART_ALIGNMENT);
    const float *restrict upstream = job->a;
    float *restrict gradient = job->y;
    for (size_t i = start; i < end; i++) gradient[i] += job->scale * upstream[i];
}

// `blocks` blocks of 16 columns (blocks a constant 1…4 once inlined), each column summed over the
// rows in order in its own register lane, then written back once. Adding into the gradient in
// memory row after row instead made every add wait for the store before it: chapter 3's bias
// gradients took 5–10× longer that way.
static inline __attribute__((always_inline)) void accumulate_column_blocks(const float *restrict upstream, size_t rows,
                                                                           size_t width, float scale, float *restrict gradient,
                                                                           const int blocks) {
    float sums[64];
    for (int j = 0; j < 16 * blocks; j++) sums[j] = gradient[j];
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = upstream + r * width;
        for (int j = 0; j < 16 * blocks; j++) sums[j] += scale * row[j];
    }
    for (int j = 0; j < 16 * blocks; j++) gradient[j] = sums[j];
}

// Columns of the broadcast row, each summed over the rows in order: four blocks of 16 at a time
// (four independent chains of adds), then single columns, each in one register.
static void CLONES accumulate_columns_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t start = latent_part_start(job->width, part, parts, 16), end = latent_part_start(job->width, part + 1, parts, 16);
    size_t rows = job->count / job->width, width = job->width, j = start;
    const float *upstream = job->a;
    float *gradient = job->y, scale = job->scale;
    for (; j + 64 <= end; j += 64) accumulate_column_blocks(upstream + j, rows, width, scale, gradient + j, 4);
    switch ((end - j) / 16) {
    case 3: accumulate_column_blocks(upstream + j, rows, width, scale, gradient + j, 3); j += 48; break;
    case 2: accumulate_column_blocks(upstream + j, rows, width, scale, gradient + j, 2); j += 32; break;
    case 1: accumulate_column_blocks(upstream + j, rows, width, scale, gradient + j, 1); j += 16; break;
    default: break;
    }
    for (; j < end; j++) {
        float sum = gradient[j];
        for (size_t r = 0; r < rows; r++) sum += scale * upstream[r * width + j];
        gradient[j] = sum;
    }
}

void latent_accumulate_rows(const float *upstream, float *gradient, size_t count, size_t width, float scale) {
    struct rows_job job = {upstream, NULL, gradient, count, width, scale};
    if (width == count) latent_parallel_run(accumulate_elements_part, &job, latent_parts_for(count, SMALLEST_PART));
    else latent_parallel_run(accumulate_columns_part, &job, count < SMALLEST_PART ? 1 : latent_parts_for(width, 16));
}

// Rows of `blocks` blocks of 16 values (a constant 1…4 once inlined): whole vector stores per row.
static inline __attribute__((always_inline)) void repeat_row_blocks(const float *restrict row, float *restrict y, size_t rows,
                                                                    const int blocks) {
    for (size_t r = 0; r < rows; r++)
        for (int j = 0; j < 16 * blocks; j++) y[r * 16 * blocks + j] = row[j];
}

static void CLONES repeat_row_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t rows = job->count / job->width, width = job->width;
    size_t start = latent_part_start(rows, part, parts, 1), end = latent_part_start(rows, part + 1, parts, 1);
    const float *restrict row = job->b;
    float *restrict y = job->y + start * width;
    switch (width) {  // rows of 1, 16, 32 or 64 values (chapter 3's channels, 64-wide layers) without a loop per row
    case 1: for (size_t r = 0; r < end - start; r++) y[r] = row[0]; return;
    case 16: repeat_row_blocks(row, y, end - start, 1); return;
    case 32: repeat_row_blocks(row, y, end - start, 2); return;
    case 64: repeat_row_blocks(row, y, end - start, 4); return;
    default:
        for (size_t r = 0; r < end - start; r++)
            for (size_t j = 0; j < width; j++) y[r * width + j] = row[j];
    }
}

void latent_repeat_row(const float *row, float *y, size_t rows, size_t width) {
    struct rows_job job = {NULL, row, y, rows * width, width, 1};
    latent_parallel_run(repeat_row_part, &job, latent_parts_for(rows, SMALLEST_PART / width + 1));
}
