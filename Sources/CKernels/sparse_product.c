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
#include "kernels.h"
#include "parallel.h"
#include "vector_rows.h"

#include <immintrin.h>
#include <stdlib.h>

// Counting or listing fewer values than this takes about as long as handing half of them to
// another thread.
#define SMALLEST_PART 16384

typedef int iblock16 __attribute__((vector_size(BLOCK * sizeof(int))));

// Whether any of the 16 floats at p is not zero (−0 counts as zero).
#define ANY_NONZERO16(p) __builtin_reduce_or((iblock16)(LOAD16(p) != (block16){0}))

static size_t CLONES count_nonzeros(const float *values, size_t count, size_t limit) {
    size_t found = 0, i = 0;
    for (; i + BLOCK <= count && found <= limit; i += BLOCK) {
        if (!ANY_NONZERO16(values + i)) continue;
        for (size_t j = i; j < i + BLOCK; j++) found += values[j] != 0;
    }
    for (; i < count && found <= limit; i++) found += values[i] != 0;
    return found;
}

struct count_job {
    const float *values;
    size_t count, limit, found[LATENT_MAX_THREADS];
};

static void count_part(void *context, int part, int parts) {
    struct count_job *job = context;
    size_t start = latent_part_start(job->count, part, parts, BLOCK), end = latent_part_start(job->count, part + 1, parts, BLOCK);
    job->found[part] = count_nonzeros(job->values + start, end - start, job->limit);
}

// Each part stops once it alone has passed the limit; then so has the sum.
size_t latent_count_nonzeros(const float *values, size_t count, size_t limit) {
    struct count_job job = {values, count, limit, {0}};
    int parts = latent_parts_for(count, SMALLEST_PART);
    latent_parallel_run(count_part, &job, parts);
    size_t found = 0;
    for (int part = 0; part < parts; part++) found += job.found[part];
    return found;
}

// A band of S's rows as (index, value) lists: row r's `count[r]` entries start at `start[r]` in
// `index` and `value`, in index order. `next[r]` is where the adding has got to.
struct sparse_rows {
    size_t rows;
    int *start, *count, *next, *index;
    float *value;
};

// The listings' memory: a region per part of the work, with room for every value of the lists it
// holds at once (and a block more, see list_row_avx512), so parts never share; kept between calls,
// one set per calling thread, and only ever grown, so a training step allocates nothing after its
// first.
static _Thread_local struct {
    int *rows, *index;  // rows: start, count and next of every row of S, one after the other
    float *value;
    size_t row_capacity, entry_capacity, value_capacity;
} scratch;

static void *grown(void *buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return buffer;
    free(buffer);
    *capacity = needed + needed / 4;
    void *fresh = malloc(*capacity * element);
    if (!fresh) abort();
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

static struct sparse_job job_for(const float *a, const float *b, float *c, size_t m, size_t n, size_t k, int parts,
                                 size_t lists, size_t width) {
    size_t regions = (size_t)parts;
    scratch.rows = grown(scratch.rows, &scratch.row_capacity, regions * 3 * lists, sizeof(int));
    scratch.index = grown(scratch.index, &scratch.entry_capacity, regions * lists * (width + BLOCK), sizeof(int));
    scratch.value = grown(scratch.value, &scratch.value_capacity, regions * lists * (width + BLOCK), sizeof(float));
    return (struct sparse_job){a, b, c, m, n, k, lists, width, scratch.rows, scratch.index, scratch.value};
}

// The first `rows` lists of a part's region.
static struct sparse_rows region(const struct sparse_job *job, int part, size_t rows) {
    int *lists = job->rows + (size_t)part * 3 * job->lists;
    size_t entries = (size_t)part * job->lists * (job->width + BLOCK);
    return (struct sparse_rows){rows, lists, lists + job->lists, lists + 2 * job->lists, job->index + entries,
                                job->value + entries};
}

// Lists one row's non-zeros into index and value and returns how many. Blocks of 16 zeros are
// skipped whole; the rest is written without a branch per value (an entry is always written, and
// kept if non-zero).
static size_t CLONES list_row(const float *restrict row, size_t columns, int *restrict index, float *restrict value) {
    size_t n = 0, j = 0;
    for (; j + BLOCK <= columns; j += BLOCK) {
        if (!ANY_NONZERO16(row + j)) continue;
        for (size_t c = j; c < j + BLOCK; c++) {
            index[n] = (int)c;
            value[n] = row[c];
            n += row[c] != 0;
        }
    }
    for (; j < columns; j++) {
        index[n] = (int)j;
        value[n] = row[j];
        n += row[j] != 0;
    }
    return n;
}

// The same with AVX-512's compress, which packs a block's non-zeros (and their positions) to the
// front of a register: about 4 times as fast as the loop above on MNIST's rows (profiles of the
// product's harness). It stores whole registers, so the lists need BLOCK entries of room after
// their end (see `job_for`). The compressing store to memory is not used: it is microcoded and slow
// on AMD's Zen 4.
__attribute__((target("avx512f"))) static size_t list_row_avx512(const float *restrict row, size_t columns,
                                                                 int *restrict index, float *restrict value) {
    size_t n = 0, j = 0;
    __m512i position = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (; j + BLOCK <= columns; j += BLOCK, position = _mm512_add_epi32(position, _mm512_set1_epi32(BLOCK))) {
        __m512 values = _mm512_loadu_ps(row + j);
        __mmask16 nonzero = _mm512_cmp_ps_mask(values, _mm512_setzero_ps(), _CMP_NEQ_UQ);  // C's != (NaN included)
        if (!nonzero) continue;
        _mm512_storeu_ps(value + n, _mm512_maskz_compress_ps(nonzero, values));
        _mm512_storeu_si512(index + n, _mm512_maskz_compress_epi32(nonzero, position));
        n += (size_t)__builtin_popcount(nonzero);
    }
    for (; j < columns; j++) {
        index[n] = (int)j;
        value[n] = row[j];
        n += row[j] != 0;
    }
    return n;
}

static _Atomic int compress_allowed = 1;

void latent_sparse_allow_compress(int allowed) { compress_allowed = allowed; }

// Lists rows first ..< first + s.rows of A (· × columns), one after the other.
static void list_rows(const float *restrict a, size_t first, size_t columns, struct sparse_rows s) {
    int compress = compress_allowed && __builtin_cpu_supports("avx512f");
    size_t n = 0;
    for (size_t r = 0; r < s.rows; r++) {
        const float *row = a + (first + r) * columns;
        size_t count = compress ? list_row_avx512(row, columns, s.index + n, s.value + n) : list_row(row, columns, s.index + n, s.value + n);
        s.start[r] = (int)n;
        s.count[r] = (int)count;
        n += count;
    }
}

// Lists columns first ..< first + s.rows of A (· × columns) — rows of Aᵀ — over A's rows
// top ..< bottom, each column's entries in row order: counts each column's non-zeros, then places
// them.
static void CLONES list_columns(const float *restrict a, size_t top, size_t bottom, size_t columns, size_t first,
                                struct sparse_rows s) {
    size_t width = s.rows;
    for (size_t c = 0; c < width; c++) s.count[c] = 0;
    for (size_t r = top; r < bottom; r++) {
        const float *row = a + r * columns + first;
        for (size_t c = 0; c < width; c++) s.count[c] += row[c] != 0;
    }
    int n = 0;
    for (size_t c = 0; c < width; c++) {
        s.start[c] = n;
        n += s.count[c];
        s.count[c] = 0;
    }
    for (size_t r = top; r < bottom; r++) {
        const float *row = a + r * columns + first;
        for (size_t block = 0; block < width; block += BLOCK) {
            size_t end = block + BLOCK < width ? block + BLOCK : width;
            if (end - block == BLOCK && !ANY_NONZERO16(row + block)) continue;  // 16 zeros
            for (size_t c = block; c < end; c++) {
                if (row[c] == 0) continue;
                int slot = s.start[c] + s.count[c]++;
                s.index[slot] = (int)r;
                s.value[slot] = row[c];
            }
        }
    }
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
    size_t first = latent_part_start(job->m, part, parts, 1), end = latent_part_start(job->m, part + 1, parts, 1);
    for (size_t top = first; top < end; top += CHUNK_ROWS) {
        size_t rows = end - top < CHUNK_ROWS ? end - top : CHUNK_ROWS;
        struct sparse_rows s = region(job, part, rows);
        list_rows(job->a, top, job->k, s);
        accumulate(s, job->b, job->c + top * job->n, job->n, 0, job->k);
    }
}

// A band of A's columns (rows of Aᵀ), and the same rows of C. A's rows are listed CHUNK_ROWS at a
// time, top to bottom, so each value of C still receives its terms in row order.
static void transposed_product_part(void *context, int part, int parts) {
    const struct sparse_job *job = context;
    size_t first = latent_part_start(job->k, part, parts, 1), end = latent_part_start(job->k, part + 1, parts, 1);
    struct sparse_rows s = region(job, part, end - first);
    for (size_t top = 0; top < job->m; top += CHUNK_ROWS) {
        size_t bottom = job->m - top < CHUNK_ROWS ? job->m : top + CHUNK_ROWS;
        list_columns(job->a, top, bottom, job->k, first, s);
        accumulate(s, job->b, job->c + first * job->n, job->n, top, bottom);
    }
}

// Below about a million multiply-adds of the dense product, one thread does it all.
static int parts_for(size_t rows_of_c, size_t m, size_t n, size_t k) {
    return m * n * k < (1 << 20) ? 1 : latent_parts_for(rows_of_c, 8);
}

static size_t at_most(size_t a, size_t b) { return a < b ? a : b; }

void latent_sparse_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    int parts = parts_for(m, m, n, k);
    size_t band = (m + (size_t)parts - 1) / (size_t)parts;
    struct sparse_job job = job_for(a, b, c, m, n, k, parts, at_most(band, CHUNK_ROWS), k);
    latent_parallel_run(product_part, &job, parts);
}

void latent_sparse_transposed_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    int parts = parts_for(k, m, n, k);
    size_t band = (k + (size_t)parts - 1) / (size_t)parts;
    struct sparse_job job = job_for(a, b, c, m, n, k, parts, band, at_most(m, CHUNK_ROWS));
    latent_parallel_run(transposed_product_part, &job, parts);
}
