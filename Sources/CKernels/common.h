// What every kernel file shares (private to CKernels): compiling a loop for several instruction
// sets, sixteen floats as one vector with sums in a fixed order, the part of a job a thread takes,
// and how a part reports that it got no memory. Each of these was once written out in several
// files, sometimes under one name with two meanings; here each has one name and one meaning.
#ifndef LATENT_COMMON_H
#define LATENT_COMMON_H

#include "kernels.h"
#include "parallel.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

// The function is compiled for AVX-512, for AVX2 and for any x86-64, and the loader picks the best
// the CPU runs: one binary, the widest vectors everywhere (Swift cannot do this yet, which is why
// these loops are in C).
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define INLINE static inline __attribute__((always_inline))

// MARK: A thread's part of a job

// Loops over fewer values than this are not cut between the compute threads: counting, listing or
// converting fewer values takes about as long as handing half of them to another thread.
#define SMALLEST_PART 16384

// Parts of an elementwise loop start at multiples of this many floats (a cache line's worth and
// more), so no two threads write the same cache line.
#define PART_ALIGNMENT 64

// Items start ..< end of a job.
struct range {
    size_t start, end;
};

// Part `part` of `parts` of n items, both ends on multiples of `alignment` (the last part ends at
// n): where the thread that runs this part starts and stops.
INLINE struct range part_range(size_t n, int part, int parts, size_t alignment) {
    return (struct range){.start = latent_part_start(n, part, parts, alignment),
                          .end = latent_part_start(n, part + 1, parts, alignment)};
}

// Each part's sums of `count` gradients laid end to end (sizes[i] values each, `stride` values a
// part) added into the gradients that are not NULL, part after part: the same numbers for the same
// thread count, whichever thread finished first.
INLINE void add_part_sums(const float *partials, int parts, size_t stride, float *const *gradients, const size_t *sizes,
                          int count) {
    for (int part = 0; part < parts; part++) {
        const float *partial = partials + (size_t)part * stride;
        for (int i = 0; i < count; i++) {
            if (gradients[i])
                for (size_t j = 0; j < sizes[i]; j++) gradients[i][j] += partial[j];
            partial += sizes[i];
        }
    }
}

// MARK: Memory a part could not get

// A kernel whose parts allocate scratch keeps one of these in its job. A part whose allocation
// fails marks it and skips its work; once all parts are done the kernel returns
// LATENT_OUT_OF_MEMORY, and the Swift op that called it stops with a message naming itself. (The
// pool's hand-back of a finished job orders the mark before the caller reads it.)
INLINE void mark_out_of_memory(atomic_int *failed) { atomic_store_explicit(failed, 1, memory_order_relaxed); }

INLINE latent_status status_of(atomic_int *failed) {
    return atomic_load_explicit(failed, memory_order_relaxed) ? LATENT_OUT_OF_MEMORY : LATENT_OK;
}

// MARK: Sixteen floats as one vector

#define BLOCK 16

// Sixteen floats as one value: one AVX-512 register, two AVX ones, four SSE ones. Written out as a
// vector type because the compiler may not reorder a float sum by itself (that changes its result),
// so a plain loop would add one value at a time; these sums add sixteen lanes at once, in an order
// fixed here.
typedef float block16 __attribute__((vector_size(BLOCK * sizeof(float))));
typedef float block8 __attribute__((vector_size(8 * sizeof(float))));
typedef float block4 __attribute__((vector_size(4 * sizeof(float))));

// Unaligned loads and stores of a block, and its sum and maximum, halving it three times then
// adding the last two (macros: a function passing a vector by value would have a different ABI in
// each of the target clones). A fixed tree, so the same inputs always give the same sum.
#define LOAD16(p) ({ block16 loaded_; memcpy(&loaded_, (p), sizeof loaded_); loaded_; })
#define STORE16(p, v) do { block16 stored_ = (v); memcpy((p), &stored_, sizeof stored_); } while (0)
#define REDUCE16(v, combine) ({                                                                                  \
    block16 r16_ = (v);                                                                                          \
    block8 r8_ = combine(__builtin_shufflevector(r16_, r16_, 0, 1, 2, 3, 4, 5, 6, 7),                            \
                         __builtin_shufflevector(r16_, r16_, 8, 9, 10, 11, 12, 13, 14, 15));                     \
    block4 r4_ = combine(__builtin_shufflevector(r8_, r8_, 0, 1, 2, 3), __builtin_shufflevector(r8_, r8_, 4, 5, 6, 7)); \
    float a_ = combine(r4_[0], r4_[2]), b_ = combine(r4_[1], r4_[3]);                                            \
    combine(a_, b_);                                                                                             \
})
#define ADD(a, b) ((a) + (b))
#define SUM16(v) REDUCE16(v, ADD)
#define MAX16(v) REDUCE16(v, __builtin_elementwise_max)

// Σ values[j] for j < n: whole blocks as one vector sum, then the rest.
INLINE float sum_of(const float *restrict values, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(values + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += values[j];
    return total;
}

// Σ a[j]·b[j] for j < n, likewise.
INLINE float dot_of(const float *restrict a, const float *restrict b, size_t n) {
    block16 lanes = {0};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes += LOAD16(a + j) * LOAD16(b + j);
    float total = SUM16(lanes);
    for (; j < n; j++) total += a[j] * b[j];
    return total;
}

// Largest of row[0 ..< n].
INLINE float largest_of(const float *restrict row, size_t n) {
    block16 lanes = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY,
                     -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) lanes = __builtin_elementwise_max(lanes, LOAD16(row + j));
    float largest = MAX16(lanes);
    for (; j < n; j++) largest = row[j] > largest ? row[j] : largest;
    return largest;
}

#endif
