// Finding the non-zeros of a mostly-zero matrix: counting them (is the matrix sparse enough for the
// sparse products?) and listing them, row by row or column by column, for the products
// (sparse_product.c, whose opening comment gives the products' measurements).
//
// Shapes: A is rows × columns, row-major; a listing covers a band of rows (or of columns) and
// writes, for each, its non-zeros' positions and values in order (sparse_rows.h).
//
// The listing is most of what the products add to a dense product's work, so it skips blocks of
// 16 zeros with one test and, where the CPU has AVX-512, packs each block's non-zeros with the
// compress instruction: about 4 times as fast as the plain loop on MNIST's rows (profiles of the
// product's harness). Counting is cut between the compute threads, each part stopping once it
// alone has passed the limit; the listings run inside the products' own parts.
#include "common.h"
#include "sparse_rows.h"

#include <immintrin.h>

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
    struct range share = part_range(job->count, part, parts, BLOCK);
    job->found[part] = count_nonzeros(job->values + share.start, share.end - share.start, job->limit);
}

// Each part stops once it alone has passed the limit; then so has the sum.
size_t latent_count_nonzeros(const float *values, size_t count, size_t limit) {
    struct count_job job = {.values = values, .count = count, .limit = limit, .found = {0}};
    int parts = latent_parts_for(count, SMALLEST_PART);
    latent_parallel_run(count_part, &job, parts);
    size_t found = 0;
    for (int part = 0; part < parts; part++) found += job.found[part];
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
// front of a register: about 4 times as fast as the loop above on MNIST's rows (profiles of the
// product's harness). It stores whole registers, so the lists need BLOCK entries of room after
// their end (LIST_SLACK). The compressing store to memory is not used: it is microcoded and slow
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

void sparse_list_rows(const float *restrict a, size_t first, size_t columns, struct sparse_rows s) {
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

// Counts each column's non-zeros, then places them; blocks of 16 zeros are skipped with one test.
void CLONES sparse_list_columns(const float *restrict a, size_t top, size_t bottom, size_t columns, size_t first,
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
