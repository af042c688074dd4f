// Matrix products whose left operand is mostly zeros: a batch of images, whose background pixels
// are exactly 0 (four in five of MNIST's). A dense product multiplies every one of those zeros;
// these multiply only the non-zeros, so the first layer of the auto-encoders and of the classifier
// does about a fifth of the multiply-adds.
//
// Both products are C += S·B with S sparse and listed row by row, B and C dense (S is A for the
// forward product and Aᵀ for a weight's gradient). Each value of C is its old value plus the terms
// of S's row in index order, one fused multiply-add at a time (fmaf's rounding, on every CPU), so
// the result does not depend on how the work is cut between threads, and a plain loop of fmaf
// gives the same bits (SparseProductTests).
//
// Measured in a harness at the VAE's first layer (128 MNIST images × 784 pixels → 400, two
// threads, 64-byte aligned rows, best of 200): the product 407 → 128 µs against OpenBLAS, the
// weight's gradient 384 → 191 µs (of which about 40 µs is the listing, on one thread). Unlike
// OpenBLAS's kernels, which reuse each loaded value many times from registers, these load one
// value of B per multiply-add, and they slow down more when the machine is busy: in this machine's
// slow phases the product took 195–210 µs (OpenBLAS 425) and the gradient 390–500 µs (OpenBLAS
// 390), so the gradient's way can lose there; over a step the two together still save time.
#include "kernels.h"
#include "parallel.h"
#include "vector_rows.h"

#include <immintrin.h>
#include <stdlib.h>

// Rows of S as (index, value) lists: row r's entries are index[start[r] ..< start[r + 1]].
struct sparse_rows {
    size_t rows;
    const int *start, *index;
    const float *value;
};

// Scratch for the listings, kept between calls (one set per calling thread) and only ever grown,
// so a training step allocates nothing after its first.
static _Thread_local struct {
    int *start, *index, *count, *next;
    float *value;
    size_t start_capacity, index_capacity, count_capacity, next_capacity, value_capacity;
} scratch;

static void *grown(void *buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return buffer;
    free(buffer);
    *capacity = needed + needed / 4;
    void *fresh = malloc(*capacity * element);
    if (!fresh) abort();
    return fresh;
}

// Room for `starts` row starts and `entries` listed values (and BLOCK more: the compressing
// listing writes whole blocks).
static void reserve(size_t starts, size_t entries, size_t counts) {
    scratch.start = grown(scratch.start, &scratch.start_capacity, starts, sizeof(int));
    scratch.index = grown(scratch.index, &scratch.index_capacity, entries + BLOCK, sizeof(int));
    scratch.value = grown(scratch.value, &scratch.value_capacity, entries + BLOCK, sizeof(float));
    scratch.count = grown(scratch.count, &scratch.count_capacity, counts, sizeof(int));
}

typedef int iblock16 __attribute__((vector_size(BLOCK * sizeof(int))));

// Whether any of the 16 floats at p is not zero (−0 counts as zero).
#define ANY_NONZERO16(p) __builtin_reduce_or((iblock16)(LOAD16(p) != (block16){0}))

size_t CLONES latent_count_nonzeros(const float *values, size_t count, size_t limit) {
    size_t found = 0, i = 0;
    for (; i + BLOCK <= count && found <= limit; i += BLOCK) {
        if (!ANY_NONZERO16(values + i)) continue;
        for (size_t j = i; j < i + BLOCK; j++) found += values[j] != 0;
    }
    for (; i < count && found <= limit; i++) found += values[i] != 0;
    return found;
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
// front of a register: about 8 times as fast as the loop above on MNIST's rows. It stores whole
// registers, so the lists need BLOCK entries of room after their end (see `reserve`). The
// compressing store to memory is not used: it is microcoded and slow on AMD's Zen 4.
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

// Lists A's (rows × columns) non-zeros row by row.
static void list_rows(const float *restrict a, size_t rows, size_t columns, int *restrict start, int *restrict index,
                      float *restrict value) {
    static int compress = -1;
    if (compress < 0) compress = __builtin_cpu_supports("avx512f");
    size_t n = 0;
    for (size_t r = 0; r < rows; r++) {
        start[r] = (int)n;
        const float *row = a + r * columns;
        n += compress ? list_row_avx512(row, columns, index + n, value + n) : list_row(row, columns, index + n, value + n);
    }
    start[rows] = (int)n;
}

// The same entries listed by column (Aᵀ by rows), each column's in row order: a counting sort.
static void list_columns(const int *restrict row_start, const int *restrict row_index, const float *restrict row_value,
                         size_t rows, size_t columns, int *restrict count, int *restrict start, int *restrict index,
                         float *restrict value) {
    memset(count, 0, sizeof(int) * (columns + 1));
    size_t entries = (size_t)row_start[rows];
    for (size_t e = 0; e < entries; e++) count[row_index[e] + 1]++;
    for (size_t c = 0; c < columns; c++) count[c + 1] += count[c];
    memcpy(start, count, sizeof(int) * (columns + 1));
    for (size_t r = 0; r < rows; r++) {
        for (int e = row_start[r]; e < row_start[r + 1]; e++) {
            int slot = count[row_index[e]]++;
            index[slot] = (int)r;
            value[slot] = row_value[e];
        }
    }
}

// C[r, 16·BLOCKS columns] += Σ S[r, i]·B[i, same columns] for the entries of S with index in
// [first, end), for every row r; `next[r]` is where row r's entries continue and is advanced. The
// index range is cut so that the rows of B it touches (BLOCKS × 64 bytes each) stay in the level-1
// cache while every row of S passes over them.
#define INDEX_SPAN(blocks) (24576 / ((blocks) * 64))
#define ACCUMULATE(BLOCKS)                                                                                           \
    static void CLONES accumulate_##BLOCKS(struct sparse_rows s, const float *restrict b, size_t ldb,                \
                                           float *restrict c, size_t ldc, size_t depth, int *restrict next) {      \
        for (size_t r = 0; r < s.rows; r++) next[r] = s.start[r];                                                    \
        for (size_t first = 0; first < depth; first += INDEX_SPAN(BLOCKS)) {                                        \
            int end = (int)(first + INDEX_SPAN(BLOCKS));                                                             \
            for (size_t r = 0; r < s.rows; r++) {                                                                    \
                int e = next[r], last = s.start[r + 1];                                                              \
                if (e == last || s.index[e] >= end) continue;                                                        \
                float *row = c + r * ldc;                                                                            \
                block16 sum[BLOCKS];                                                                                 \
                for (int q = 0; q < BLOCKS; q++) sum[q] = LOAD16(row + BLOCK * q);                                   \
                for (; e < last && s.index[e] < end; e++) {                                                          \
                    const float *from = b + (size_t)s.index[e] * ldb;                                                \
                    block16 v = (block16){0} + s.value[e];                                                           \
                    for (int q = 0; q < BLOCKS; q++) sum[q] = __builtin_elementwise_fma(v, LOAD16(from + BLOCK * q), sum[q]); \
                }                                                                                                    \
                next[r] = e;                                                                                         \
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
        for (size_t j = 0; j < columns; j++) {
            float sum = c[r * ldc + j];
            for (int e = s.start[r]; e < s.start[r + 1]; e++) sum = fmaf(s.value[e], b[(size_t)s.index[e] * ldb + j], sum);
            c[r * ldc + j] = sum;
        }
    }
}

struct sparse_job {
    struct sparse_rows s;
    const float *b;
    float *c;
    size_t n, depth;  // C's columns (B's and C's row width); S's index range (B's rows)
    int *next;        // s.rows per part
};

// One part: a band of C's columns, on multiples of 16, taken 8, 4, 2 and 1 blocks at a time.
static void sparse_part(void *context, int part, int parts) {
    const struct sparse_job *job = context;
    size_t start = latent_part_start(job->n, part, parts, BLOCK), end = latent_part_start(job->n, part + 1, parts, BLOCK);
    int *next = job->next + (size_t)part * job->s.rows;
    size_t j = start;
    for (; j + 8 * BLOCK <= end; j += 8 * BLOCK) accumulate_8(job->s, job->b + j, job->n, job->c + j, job->n, job->depth, next);
    if (j + 4 * BLOCK <= end) { accumulate_4(job->s, job->b + j, job->n, job->c + j, job->n, job->depth, next); j += 4 * BLOCK; }
    if (j + 2 * BLOCK <= end) { accumulate_2(job->s, job->b + j, job->n, job->c + j, job->n, job->depth, next); j += 2 * BLOCK; }
    if (j + BLOCK <= end) { accumulate_1(job->s, job->b + j, job->n, job->c + j, job->n, job->depth, next); j += BLOCK; }
    if (j < end) accumulate_columns(job->s, job->b + j, job->n, job->c + j, job->n, end - j);
}

static void run(struct sparse_rows s, const float *b, float *c, size_t n, size_t depth) {
    int parts = latent_parts_for(n, 4 * BLOCK);
    scratch.next = grown(scratch.next, &scratch.next_capacity, s.rows * (size_t)parts, sizeof(int));
    struct sparse_job job = {s, b, c, n, depth, scratch.next};
    latent_parallel_run(sparse_part, &job, parts);
}

void latent_sparse_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    reserve(m + 1, m * k, 0);
    list_rows(a, m, k, scratch.start, scratch.index, scratch.value);
    run((struct sparse_rows){m, scratch.start, scratch.index, scratch.value}, b, c, n, k);
}

void latent_sparse_transposed_product(const float *a, const float *b, float *c, size_t m, size_t n, size_t k) {
    // A is m × k: listed by rows, then by columns after the row listing's entries.
    reserve(m + 1 + k + 1, 2 * m * k, k + 1);
    list_rows(a, m, k, scratch.start, scratch.index, scratch.value);
    size_t entries = (size_t)scratch.start[m];
    int *column_start = scratch.start + m + 1, *column_index = scratch.index + entries;
    float *column_value = scratch.value + entries;
    list_columns(scratch.start, scratch.index, scratch.value, m, k, scratch.count, column_start, column_index, column_value);
    run((struct sparse_rows){k, column_start, column_index, column_value}, b, c, n, m);
}
