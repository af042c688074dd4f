// A row broadcast along a tensor, forward and backward: y = a ± b with b a row repeated over a's
// rows (or a tensor of a's shape), a bias copied into every row before a product is added on top,
// and the adjoint of both, the column sums of ∂y that make a bias's gradient.
//
// Shapes: a, y and ∂y hold `count` floats, rows of `width`; b and the bias are one row of `width`
// (width == count: the same shape as a, elementwise).
//
// In C for the reason kernels.h gives (one binary, the widest vectors the CPU has), and for the
// column sums' shape: each column is summed over the rows in register lanes and written back once
// (broadcast_rows.h), which took chapter 3's bias gradients from 5–10× longer down to a pass over
// ∂y. Rows (or columns, for the sums) are cut between the compute threads; every value is
// computed alone or summed over the rows in order, so the numbers are those of one plain loop
// whatever the cut.
#include "broadcast_rows.h"
#include "common.h"

struct rows_job {
    const float *a, *b;
    float *y;
    size_t count, width;
    float scale;   // the column sums' factor
    int subtract;  // y = a − b instead of a + b
};

static void CLONES add_rows_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    size_t width = job->width;
    struct range rows = part_range(job->count / width, part, parts, 1);
    add_row_to_rows(job->a + rows.start * width, job->b, rows.end - rows.start, width, job->subtract, job->y + rows.start * width);
}

static void CLONES add_elements_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    struct range elements = part_range(job->count, part, parts, PART_ALIGNMENT);
    const float *restrict a = job->a, *restrict b = job->b;
    float *restrict y = job->y;
    if (job->subtract)
        for (size_t i = elements.start; i < elements.end; i++) y[i] = a[i] - b[i];
    else
        for (size_t i = elements.start; i < elements.end; i++) y[i] = a[i] + b[i];
}

void latent_add_rows(const float *a, const float *b, float *y, size_t count, size_t width, int subtract) {
    struct rows_job job = {.a = a, .b = b, .y = y, .count = count, .width = width, .subtract = subtract};
    if (width == count) latent_parallel_run(add_elements_part, &job, latent_parts_for(count, SMALLEST_PART));
    else latent_parallel_run(add_rows_part, &job, latent_parts_for(count / width, SMALLEST_PART / width + 1));
}

static void CLONES accumulate_elements_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    struct range elements = part_range(job->count, part, parts, PART_ALIGNMENT);
    const float *restrict upstream = job->a;
    float *restrict gradient = job->y;
    for (size_t i = elements.start; i < elements.end; i++) gradient[i] += job->scale * upstream[i];
}

// A band of the broadcast row's columns (whole blocks of 16), each summed over all the rows.
static void CLONES accumulate_columns_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    struct range columns = part_range(job->width, part, parts, 16);
    add_column_sums(job->a + columns.start, job->count / job->width, job->width, columns.end - columns.start, job->scale,
                    job->y + columns.start);
}

void latent_accumulate_rows(const float *upstream, float *gradient, size_t count, size_t width, float scale) {
    struct rows_job job = {.a = upstream, .y = gradient, .count = count, .width = width, .scale = scale};
    if (width == count) latent_parallel_run(accumulate_elements_part, &job, latent_parts_for(count, SMALLEST_PART));
    else latent_parallel_run(accumulate_columns_part, &job, count < SMALLEST_PART ? 1 : latent_parts_for(width, 16));
}

static void CLONES repeat_row_part(void *context, int part, int parts) {
    const struct rows_job *job = context;
    struct range rows = part_range(job->count / job->width, part, parts, 1);
    repeat_row(job->b, rows.end - rows.start, job->width, job->y + rows.start * job->width);
}

void latent_repeat_row(const float *row, float *y, size_t rows, size_t width) {
    struct rows_job job = {.b = row, .y = y, .count = rows * width, .width = width};
    latent_parallel_run(repeat_row_part, &job, latent_parts_for(rows, SMALLEST_PART / width + 1));
}
