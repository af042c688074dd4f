// Causal attention one head of one sequence at a time (private to CKernels; attention_head.c): the
// attention op (causal_attention.c) and the fused attention half of a block (residual_attention.c) both
// call these.
#ifndef LATENT_ATTENTION_HEAD_H
#define LATENT_ATTENTION_HEAD_H

#include <stddef.h>

struct attention_job {
    const float *qkv, *probabilities_in, *upstream;
    float *probabilities, *output, *dqkv;
    size_t batch, sequence, heads, width;
    float scale;  // 1/√(width/heads)
};

/// One thread's scratch for the heads of `job`, allocated as zeros (the heads rely on its padding
/// staying zero); free() it when done. NULL when calloc fails: the caller marks its job out of memory.
float *latent_attention_scratch(const struct attention_job *job);

/// Sequence b, one head: P = softmax(QKᵀ·scale, j ≤ i) into job->probabilities and, unless
/// job->output is NULL, O = P V into its columns of job->output.
void latent_attention_head(const struct attention_job *job, size_t b, size_t head, float *scratch);

/// Its gradient, added into dqkv (sequence b's first row, 3·width values a row), from upstream =
/// ∂L/∂O (sequence b's first row, width values a row):
/// ∂V += Pᵀ ∂O, ∂P = ∂O Vᵀ, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), ∂Q += ∂S K·scale, ∂K += ∂Sᵀ Q·scale.
void latent_attention_head_backward(const struct attention_job *job, size_t b, size_t head, const float *upstream,
                                    float *dqkv, float *scratch);

#endif
