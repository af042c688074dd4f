// Causal multi-head self-attention, the transformer's attention op, forward and backward: each
// sequence's heads one at a time (attention_head.c, which the fused attention half of a block,
// residual_attention.c, runs too).
//
// Shapes: qkv and dqkv are [batch·sequence, 3·width] (queries, keys, values side by side), each of
// `heads` heads width/heads columns; probabilities [batch·heads, sequence, sequence]; output and
// upstream [batch·sequence, width].
//
// A head of chapter 4's prior is 49 positions × 16 columns: too small for OpenBLAS's calls to pay
// for themselves, and causal, so half of each square is masked away (attention_head.c gives the
// measurements). Sequences are independent and shared between the compute threads, each thread
// with its own scratch, so the numbers do not depend on the thread count.
#include "attention_head.h"
#include "common.h"

#include <stdlib.h>

struct causal_attention_job {
    struct attention_job heads;
    atomic_int failed;  // a part got no scratch
};

// One part's sequences, every head of each: the forward pass, or the backward pass when the job
// carries an upstream gradient.
static void attention_part(void *context, int part, int parts) {
    struct causal_attention_job *job = context;
    const struct attention_job *heads = &job->heads;
    float *scratch = latent_attention_scratch(heads);
    if (!scratch) {
        mark_out_of_memory(&job->failed);
        return;
    }
    size_t s = heads->sequence, width = heads->width;
    struct range sequences = part_range(heads->batch, part, parts, 1);
    for (size_t b = sequences.start; b < sequences.end; b++)
        for (size_t h = 0; h < heads->heads; h++) {
            if (heads->upstream)
                latent_attention_head_backward(heads, b, h, heads->upstream + b * s * width, heads->dqkv + b * s * 3 * width, scratch);
            else
                latent_attention_head(heads, b, h, scratch);
        }
    free(scratch);
}

// Sequences are shared between the compute threads.
static latent_status run(struct attention_job heads) {
    struct causal_attention_job job = {.heads = heads, .failed = 0};
    latent_parallel_run(attention_part, &job, latent_parts_for(heads.batch, 1));
    return status_of(&job.failed);
}

latent_status latent_causal_attention(const float *qkv, size_t batch, size_t sequence, size_t heads, size_t width,
                                      float *probabilities, float *output) {
    return run((struct attention_job){.qkv = qkv, .probabilities = probabilities, .output = output, .batch = batch,
                                      .sequence = sequence, .heads = heads, .width = width,
                                      .scale = 1 / sqrtf((float)(width / heads))});
}

latent_status latent_causal_attention_backward(const float *qkv, const float *probabilities, const float *upstream, size_t batch,
                                               size_t sequence, size_t heads, size_t width, float *dqkv) {
    return run((struct attention_job){.qkv = qkv, .probabilities_in = probabilities, .upstream = upstream, .dqkv = dqkv,
                                      .batch = batch, .sequence = sequence, .heads = heads, .width = width,
                                      .scale = 1 / sqrtf((float)(width / heads))});
}
