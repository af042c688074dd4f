// Matrix products whose left operand is mostly zeros: a batch of images, whose background pixels
// are exactly 0 (four in five of MNIST's). A dense product multiplies every one of those zeros;
// these multiply only the non-zeros, so the first layer of the auto-encoders and of the classifier
// does about a fifth of the multiply-adds.
//
// Both products are C += S·B with S sparse, B and C dense: S is A for the forward product and Aᵀ
// for a weight's gradient. Each part of the work lists the non-zeros of its own band of S's rows
// (so no thread waits for another's listing), then adds them into the same rows of C. Each value
// of C is its old value plus the terms of S's row in index order, one fused multiply-add at a time
// (fmaf's rounding, on every CPU), so the result does not depend on how the work is cut between
// threads, and a plain loop of fmaf gives the same bits (SparseProductTests).
//
// Measured in a harness at the VAE's first layer (128 MNIST images × 784 pixels → 400, two
// threads, 64-byte aligned rows, best of 200, alternating with OpenBLAS): the product 407 → 123 µs
// and the weight's gradient 384 → 147 µs. These kernels load one value of B per multiply-add where
// OpenBLAS's reuse each load many times from registers, so they slow down more when the machine is
// busy: in its slow phases 170 and 200 µs against OpenBLAS's 420 and 387. Cutting C by columns
// instead, after one shared listing, was slower in both phases (129 and 191 µs calm; the gradient
// 440 µs in a slow phase).
//
// Shapes: A is m × k, B k × n and C m × n for the product; for the weight's gradient A is m × k,
// B m × n and C k × n. The non-zeros are listed by sparse_listing.c.
#include "common.h"
#include "sparse_rows.h"

#include <stdlib.h>

// The listings' memory: a region per part of the work, with room for every value of the lists it
// holds at once (and LIST_SLACK more), so parts never share; kept between calls,
// one set per calling thread, and only ever grown, so a training step allocates nothing after its
// first.
static _Thread_local struct {
    int *rows, *index;  // rows: start, count and next of every row of S, one after the other
    float *value;
    size_t row_capacity, entry_capacity, value_capacity;
} scratch;

// `buffer`, or a larger one in its place (its contents are not kept); NULL, with capacity 0, when
// there is no memory for it.
static void *grown(void *buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return buffer;
    free(buffer);
    size_t wanted = needed + needed / 4;
    void *fresh = malloc(wanted * element);
    *capacity = fresh ? wanted : 0;
    return fresh;
}

// At most this many rows of A are listed at once, so the listings stay a few megabytes however
// large the batch (a chapter's evaluation of thousands of images would otherwise hold tens of
// megabytes of scratch for the rest of its run).
#define CHUNK_ROWS 256

// A product's operands, and the listings' memory: the calling thread's scratch (the parts run on
// other threads, whose own scratch is not this one), a region per part of `lists` lists (rows of
// S) of up to `width` entries each.
struct sparse_job {
    const float *a, *b;
    float *c;
    size_t m, n, k, lists, width;
    int *rows, *index;
    float *value;
};

// The job, with the calling thread's scratch grown to fit it; 0 when there is no memory for it.
static int job_for(const float *a, const float *b, float *c, size_t m, size_t n, size_t k, int parts, size_t lists,
                   size_t width, struct sparse_job *job) {
    size_t regions = (size_t)parts;
    scratch.rows = grown(scratch.rows, &scratch.row_capacity, regions * 3 * lists, sizeof(int));
    scratch.index = grown(scratch.index, &scratch.entry_capacity, regions * lists * (width + LIST_SLACK), sizeof(int));
    scratch.value = grown(scratch.value, &scratch.value_capacity, regions * lists * (width + LIST_SLACK), sizeof(float));
    if (!scratch.rows || !scratch.index || !scratch.value) return 0;
    *job = (struct sparse_job){.a = a, .b = b, .c = c, .m = m, .n = n, .k = k, .lists = lists, .width = width,
                               .rows = scratch.rows, .index = scratch.index, .value = scratch.value};
    return 1;
}

// The first `rows` lists of a part's region.
static struct sparse_rows region(const struct sparse_job *job, int part, size_t rows) {
    int *lists = job->rows + (size_t)part * 3 * job->lists;
    size_t entries = (size_t)part * job->lists * (job->width + LIST_SLACK);
    return (struct sparse_rows){.rows = rows, .start = lists, .count = lists + job->lists, .next = lists + 2 * job->lists,
                                .index = job->index + entries, .value = job->value + entries};
}

// C[r, 16·BLOCKS columns] += Σ S[r, i]·B[i, same columns] over S's entries, for every row r. The
// index range is walked in spans short enough that the rows of B a span touches (BLOCKS × 64
// bytes each) stay in the level-1 cache while every row of S passes over them (in a harness of an
// earlier version, spans of 12 KB were 15–25% slower, 48 KB no faster).
#define INDEX_SPAN(blocks) (24576 / ((blocks) * 64))
#define ACCUMULATE(BLOCKS)                                                                                           \
    static void CLONES accumulate_##BLOCKS(struct sparse_rows s, const float *restrict b, size_t ldb,                \
                                           float *restrict c, size_t ldc, size_t low, size_t high) {                \
        for (size_t r = 0; r < s.rows; r++) s.next[r] = 0;                                                           \
        for (size_t first = low; first < high; first += INDEX_SPAN(BLOCKS)) {                                       \
            int end = (int)(first + INDEX_SPAN(BLOCKS));                                                             \
            for (size_t r = 0; r < s.rows; r++) {                                                                    \
                const int *index = s.index + s.start[r];                                                             \
                const float *value = s.value + s.start[r];                                                           \
                int e = s.next[r], last = s.count[r];                                                                \
                if (e == last || index[e] >= end) continue;                                                          \
                float *row = c + r * ldc;                                                                            \
                block16 sum[BLOCKS];                                                                                 \
                for (int q = 0; q < BLOCKS; q++) sum[q] = LOAD16(row + BLOCK * q);                                   \
                for (; e < last && index[e] < end; e++) {                                                            \
                    const float *from = b + (size_t)index[e] * ldb;                                                  \
                    block16 v = (block16){0} + value[e];                                                             \
                    for (int q = 0; q < BLOCKS; q++) sum[q] = __builtin_elementwise_fma(v, LOAD16(from + BLOCK * q), sum[q]); \
                }                                                                                                    \
                s.next[r] = e;                                                                                       \
                for (int q = 0; q < BLOCKS; q++) STORE16(row + BLOCK * q, sum[q]);                                   \
            }                                                                                                        \
        }                                                                                                            \
    }
ACCUMULATE(8)
ACCUMULATE(4)
ACCUMULATE(2)
ACCUMULATE(1)

// Columns that are not a whole block of 16: one value at a time, in the same index order.
static void accumulate_columns(struct sparse_rows s, const float *restrict b, size_t ldb, float *restrict c, size_t ldc,
                               size_t columns) {
    for (size_t r = 0; r < s.rows; r++) {
        const int *index = s.index + s.start[r];
        const float *value = s.value + s.start[r];
        for (size_t j = 0; j < columns; j++) {
            float sum = c[r * ldc + j];
            for (int e = 0; e < s.count[r]; e++) sum = fmaf(value[e], b[(size_t)index[e] * ldb + j], sum);
            c[r * ldc + j] = sum;
        }
    }
}

// C (s.rows × n) += S·B, where S's indices (B's rows) lie in low ..< high: all of C's columns, 8,
// 4, 2 and 1 blocks of 16 at a time.
static void accumulate(struct sparse_rows s, const float *b, float *c, size_t n, size_t low, size_t high) {
    size_t j = 0;
    for (; j + 8 * BLOCK <= n; j += 8 * BLOCK) accumulate_8(s, b + j, n, c + j, n, low, high);
    if (j + 4 * BLOCK <= n) { accumulate_4(s, b + j, n, c + j, n, low, high); j += 4 * BLOCK; }
    if (j + 2 * BLOCK <= n) { accumulate_2(s, b + j, n, c + j, n, low, high); j += 2 * BLOCK; }
    if (j + BLOCK <= n) { accumulate_1(s, b + j, n, c + j, n, low, high); j += BLOCK; }
    if (j < n) accumulate_columns(s, b + j, n, c + j, n, n - j);
}

// A band of A's rows, and the same rows of C, CHUNK_ROWS rows at a time.
static void product_part(void *context, int part, int parts) {
    const struct sparse_job *job = context;
    struct range band = part_range(job->m, part, parts, 1);
    size_t end = band.end;
    for (size_t top = band.start; top < end; top += CHUNK_ROWS) {
        size_t rows = end - top < CHUNK_ROWS ? end - top : CHUNK_ROWS;
        struct sparse_rows s = region(job, part, rows);
        sparse_list_rows(job->a, top, job->k, s);
        accumulate(s, job->b, job->c + top * job->n, job->n, 0, job->k);
    }
}

// A band of A's columns (rows of Aᵀ), and the same rows of C. A's rows are listed CHUNK_ROWS at a
// time, top to bottom, so each value of C still receives its terms in row order.
static void transposed_product_part(void *context, int part, int parts) {
    const struct sparse_job *job = context;
    struct range band = part_range(job->k, part, parts, 1);
    size_t first = band.start;
    struct sparse_rows s = region(job, part, band.end - first);
    for (size_t top = 0; top < job->m; top += CHUNK_ROWS) {
        size_t bottom = job->m - top < CHUNK_ROWS ? job->m : top + CHUNK_ROWS;
        sparse_list_columns(job->a, top, bottom, job->k, first, s);
        accumulate(s, job->b, job->c + first * job->n, job->n, top, bottom);
    }
}

// Below about a million multiply-adds of the dense product, one thread does it all.
static int parts_for(size_t rows_of_c, size_t m, size_t n, size_t k) {
    return m * n * k < (1 << 20) ? 1 : latent_parts_for(rows_of_c, 8);
}

static size_t at_most(size_t a, size_t b) { return a < b ? a : b; }

latent_status latent_sparse_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    int parts = parts_for(m, m, n, k);
    size_t band = (m + (size_t)parts - 1) / (size_t)parts;
    struct sparse_job job;
    if (!job_for(a, b, c, m, n, k, parts, at_most(band, CHUNK_ROWS), k, &job)) return LATENT_OUT_OF_MEMORY;
    latent_parallel_run(product_part, &job, parts);
    return LATENT_OK;
}

latent_status latent_sparse_transposed_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    int parts = parts_for(k, m, n, k);
    size_t band = (k + (size_t)parts - 1) / (size_t)parts;
    struct sparse_job job;
    if (!job_for(a, b, c, m, n, k, parts, band, at_most(m, CHUNK_ROWS), &job)) return LATENT_OUT_OF_MEMORY;
    latent_parallel_run(transposed_product_part, &job, parts);
    return LATENT_OK;
}
