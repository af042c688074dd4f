// OpenBLAS's matrix product, cut between the compute threads (see parallel.h).
//
// OpenBLAS can thread a product itself, but between products its idle threads spin beside ours
// (a fifth of all CPU samples in a profile of the VAE bench) and every product hands work to them
// and back. So OpenBLAS runs single-threaded inside each part, and the pool decides the parts.
// OpenBLAS picks its kernel family (Haswell, SkylakeX, Cooperlake, Zen, …) when it loads, from the
// CPU or from OPENBLAS_CORETYPE. Each family sums a product's terms in its own order, so a run's last
// bits depend on it: chapter programs pin one family (`BLAS.pinKernelFamily` in Learning).
#include "common.h"

#include <pthread.h>

// The three functions we use, declared here rather than through OpenBLAS's cblas.h, whose include
// directory differs between Debian's OpenBLAS variants. The constants are the CBLAS standard's.
enum { row_major = 101, no_transpose = 111, transpose = 112 };
void cblas_sgemm(int order, int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a,
                 int lda, const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int count);
char *openblas_get_corename(void);

static pthread_once_t single_threaded = PTHREAD_ONCE_INIT;

static void make_single_threaded(void) { openblas_set_num_threads(1); }

const char *latent_blas_core(void) { return openblas_get_corename(); }

int latent_cpu_runs_avx2_fma(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

struct product {
    int transpose_a, transpose_b, m, n, k;
    float alpha, beta;
    const float *a, *b;
    float *c;
    int lda, ldb, ldc;
    int split_rows;  // cut C into blocks of rows (else of columns)
};

// A block's edges fall on multiples of 16 rows or columns, whole tiles of OpenBLAS's x86 kernels,
// so no part ends in a narrow remainder that the kernel handles slowly.
static void product_part(void *context, int part, int parts) {
    const struct product *p = context;
    int extent = p->split_rows ? p->m : p->n;
    struct range block = part_range((size_t)extent, part, parts, 16);
    int start = (int)block.start, end = (int)block.end;
    if (start >= end) return;
    const float *a = p->a, *b = p->b;
    float *c = p->c;
    int m = p->m, n = p->n;
    if (p->split_rows) {  // rows start..<end of op(A) and of C
        a += p->transpose_a ? (size_t)start : (size_t)start * p->lda;
        c += (size_t)start * p->ldc;
        m = end - start;
    } else {              // columns start..<end of op(B) and of C
        b += p->transpose_b ? (size_t)start * p->ldb : (size_t)start;
        c += start;
        n = end - start;
    }
    cblas_sgemm(row_major, p->transpose_a ? transpose : no_transpose, p->transpose_b ? transpose : no_transpose, m, n,
                p->k, p->alpha, a, p->lda, b, p->ldb, p->beta, c, p->ldc);
}

// Below about a million multiply-adds a product takes a few microseconds, about what handing
// half of it to another thread costs.
#define SMALLEST_SPLIT_PRODUCT (1L << 20)

void latent_sgemm(int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc) {
    pthread_once(&single_threaded, make_single_threaded);
    // Cutting the longer side of C means each part re-packs only the smaller operand.
    struct product p = {.transpose_a = transpose_a, .transpose_b = transpose_b, .m = m, .n = n, .k = k, .alpha = alpha,
                        .beta = beta, .a = a, .b = b, .c = c, .lda = lda, .ldb = ldb, .ldc = ldc, .split_rows = m > n};
    int extent = p.split_rows ? m : n;
    int parts = (long)m * n * k < SMALLEST_SPLIT_PRODUCT ? 1 : latent_parts_for((size_t)extent, 32);
    latent_parallel_run(product_part, &p, parts);
}

void latent_sgemm_one_thread(int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
                             const float *b, int ldb, float beta, float *c, int ldc) {
    pthread_once(&single_threaded, make_single_threaded);
    cblas_sgemm(row_major, transpose_a ? transpose : no_transpose, transpose_b ? transpose : no_transpose, m, n, k, alpha, a,
                lda, b, ldb, beta, c, ldc);
}
