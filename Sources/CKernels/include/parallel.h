// The engine's compute threads, and the matrix product that uses them.
//
// A training step is a chain of short jobs: a matrix product of a few tens of microseconds, then
// an elementwise loop, then another product. Threads that go to sleep between jobs, or a BLAS
// library that keeps its own threads spinning beside ours, lose much of that time to hand-overs.
// So the engine keeps one pool: the calling thread plus `threads − 1` workers that spin briefly
// between jobs and sleep when there is nothing to do. Every job is cut into parts by a rule that
// depends only on the job's size and the thread count, never on timing, so the same thread count
// gives the same numbers whichever thread happens to run which part.
#ifndef LATENT_PARALLEL_H
#define LATENT_PARALLEL_H

#include <stddef.h>

/// The most compute threads the pool runs.
#define LATENT_MAX_THREADS 64

/// Sets how many threads compute (the caller included), 1 … LATENT_MAX_THREADS. Starts with 1.
void latent_set_threads(int count);

/// How many threads compute.
int latent_threads(void);

/// One part of a job: `part` of `parts`, 0-based.
typedef void (*latent_task)(void *context, int part, int parts);

/// Runs task(context, p, parts) for every p in 0 ..< parts, in parallel when it can, and returns
/// when all are done. Calls from inside a task, or while another thread's job runs, run their
/// parts one after another on the calling thread.
void latent_parallel_run(latent_task task, void *context, int parts);

/// How many parts a job over n items should have: one per thread, but none smaller than
/// `minimum_per_part` items.
int latent_parts_for(size_t n, size_t minimum_per_part);

/// Where part `part` of `parts` of n items starts, on a multiple of `alignment` (the end of the
/// last part is n).
size_t latent_part_start(size_t n, int part, int parts, size_t alignment);

/// C = alpha·op(A)·op(B) + beta·C, row-major, like cblas_sgemm with CblasRowMajor. Large products
/// are cut into one block of C's rows or columns per compute thread, each done by OpenBLAS on one
/// thread.
void latent_sgemm(int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
                  const float *b, int ldb, float beta, float *c, int ldc);

/// The same product on the calling thread only: for the many small products of a job that is
/// already cut between the threads (attention's, one head at a time).
void latent_sgemm_one_thread(int transpose_a, int transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
                             const float *b, int ldb, float beta, float *c, int ldc);

/// The OpenBLAS kernel family in use, e.g. "Haswell" or "SkylakeX".
const char *latent_blas_core(void);

/// 1 when the CPU has AVX2 and FMA, the instructions OpenBLAS's Haswell kernels need.
int latent_cpu_runs_avx2_fma(void);

#endif
