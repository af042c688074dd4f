// The compute pool (see parallel.h): the caller runs part 0 of each job, worker w runs part w.
//
// A job is published by writing its task and then bumping `generation`; each worker waits for a
// new generation, runs its part (if the job has one for it) and counts itself off in `pending`.
// Every worker counts itself off for every job, so the caller knows when no worker can still be
// reading the job it is about to replace. Waiting workers spin for about a millisecond, then sleep
// on a condition variable until the next job.
#include "parallel.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define SPINS_BEFORE_SLEEP (1 << 15)

static struct {
    atomic_int threads;  // compute threads in use, the caller included (read without the lock)
    int workers;         // worker threads started (they are never stopped)
    unsigned first_generation[LATENT_MAX_THREADS];  // the generation each worker starts from
    latent_task task;
    void *context;
    int parts;
    atomic_uint generation;
    atomic_int pending;
    atomic_int sleepers;
    pthread_mutex_t sleep_lock;
    pthread_cond_t wake;
    pthread_mutex_t in_use;  // one job at a time; also held while workers start
} pool = {
    .threads = 1,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .in_use = PTHREAD_MUTEX_INITIALIZER,
};

static _Thread_local int running_a_part;

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static unsigned wait_for_job_after(unsigned seen) {
    for (int spin = 0; spin < SPINS_BEFORE_SLEEP; spin++) {
        unsigned now = atomic_load_explicit(&pool.generation, memory_order_acquire);
        if (now != seen) return now;
        relax();
    }
    // Announce the sleep before the last look at `generation`: a caller bumps `generation` before
    // it looks at `sleepers`, so one of the two always sees the other (both are sequentially
    // consistent) and no wake-up is lost.
    pthread_mutex_lock(&pool.sleep_lock);
    atomic_fetch_add(&pool.sleepers, 1);
    unsigned now;
    while ((now = atomic_load(&pool.generation)) == seen) pthread_cond_wait(&pool.wake, &pool.sleep_lock);
    atomic_fetch_sub(&pool.sleepers, 1);
    pthread_mutex_unlock(&pool.sleep_lock);
    return now;
}

static void *worker_main(void *argument) {
    int index = (int)(intptr_t)argument;
    running_a_part = 1;  // anything a task starts runs inline on this thread
    unsigned seen = pool.first_generation[index];
    for (;;) {
        seen = wait_for_job_after(seen);
        if (index < pool.parts) pool.task(pool.context, index, pool.parts);
        atomic_fetch_sub_explicit(&pool.pending, 1, memory_order_release);
    }
    return NULL;
}

void latent_set_threads(int count) {
    if (count < 1) count = 1;
    if (count > LATENT_MAX_THREADS) count = LATENT_MAX_THREADS;
    pthread_mutex_lock(&pool.in_use);
    while (pool.workers < count - 1) {
        pthread_t thread;
        // Workers are numbered from 1: part 0 belongs to the caller. A new worker must answer
        // every job published after this point, however late the thread itself gets going.
        pool.first_generation[pool.workers + 1] = atomic_load(&pool.generation);
        int error = pthread_create(&thread, NULL, worker_main, (void *)(intptr_t)(pool.workers + 1));
        if (error != 0) {
            fprintf(stderr, "latent: could not start compute thread %d (error %d); using %d\n", pool.workers + 2, error,
                    pool.workers + 1);
            count = pool.workers + 1;
            break;
        }
        pthread_detach(thread);
        pool.workers++;
    }
    atomic_store(&pool.threads, count);
    pthread_mutex_unlock(&pool.in_use);
}

int latent_threads(void) { return atomic_load_explicit(&pool.threads, memory_order_relaxed); }

static void run_inline(latent_task task, void *context, int parts) {
    for (int part = 0; part < parts; part++) task(context, part, parts);
}

void latent_parallel_run(latent_task task, void *context, int parts) {
    if (parts <= 1 || running_a_part || pthread_mutex_trylock(&pool.in_use) != 0) {
        run_inline(task, context, parts);
        return;
    }
    if (parts > pool.workers + 1) {  // more parts than threads to run them
        pthread_mutex_unlock(&pool.in_use);
        run_inline(task, context, parts);
        return;
    }
    pool.task = task;
    pool.context = context;
    pool.parts = parts;
    atomic_store(&pool.pending, pool.workers);
    atomic_fetch_add(&pool.generation, 1);
    if (atomic_load(&pool.sleepers) > 0) {
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
    }
    running_a_part = 1;
    task(context, 0, parts);
    running_a_part = 0;
    for (int spin = 0; atomic_load_explicit(&pool.pending, memory_order_acquire) != 0; spin++) {
        if (spin < SPINS_BEFORE_SLEEP) relax();
        else sched_yield();  // more threads than cores: let the late worker run
    }
    pthread_mutex_unlock(&pool.in_use);
}

int latent_parts_for(size_t n, size_t minimum_per_part) {
    int threads = latent_threads();
    size_t most = minimum_per_part ? n / minimum_per_part : n;
    if (most < 1) return 1;
    return most < (size_t)threads ? (int)most : threads;
}

size_t latent_part_start(size_t n, int part, int parts, size_t alignment) {
    if (part >= parts) return n;
    size_t start = (size_t)((unsigned __int128)n * (unsigned)part / (unsigned)parts);
    return start - start % alignment;
}
