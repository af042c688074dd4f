// One step of attention while generating, over the keys and values kept so far (Swift's
// KeyValueCache holds them; this is its loop). Each sequence of the batch appends one position:
// its key and value are stored, and its query attends over every stored position, itself included.
//
// Layout, one block's share of the cache:
//   keys   [batch][heads][head width][capacity]  (a key column per position: the dot products of
//          one query with all stored keys run along contiguous memory, several positions at once)
//   values [batch][capacity][width]              (heads side by side, as in qkv)
//   qkv    [batch][3·width]                      (the new position's queries, keys, values)
//   output [batch][width]
//
// Each position's dot product adds its head-width terms in column order, the softmax uses expf and
// the weighted sum adds positions in order, exactly as the Swift loop it replaces did, with no
// fused multiply-adds: the numbers, and so the sampled tokens, are the same to the last bit. What
// is new is that the positions of a dot product are independent lanes (the compiler keeps 8 or 16
// of them in a vector instead of waiting for each sum in turn) and that sequences are shared
// between the compute threads.
#include "common.h"

#include <stdlib.h>

#pragma STDC FP_CONTRACT OFF

struct cached_attention_job {
    const float *qkv;
    float *keys, *values, *output;
    size_t batch, capacity, width, heads, length;
    atomic_int failed;  // a part got no scratch
};

static void CLONES cached_attention_part(void *context, int part, int parts) {
    struct cached_attention_job *job = context;
    size_t capacity = job->capacity, width = job->width, heads = job->heads, length = job->length;
    size_t head_width = width / heads, positions = length + 1;
    float scale = 1 / sqrtf((float)head_width);
    float *scores = malloc(positions * sizeof(float));
    if (!scores) {
        mark_out_of_memory(&job->failed);
        return;
    }
    struct range sequences = part_range(job->batch, part, parts, 1);
    for (size_t b = sequences.start; b < sequences.end; b++) {
        const float *restrict row = job->qkv + b * 3 * width;
        float *restrict keys = job->keys + b * heads * head_width * capacity;
        float *restrict values = job->values + b * capacity * width;
        float *restrict out = job->output + b * width;
        for (size_t c = 0; c < width; c++) {
            keys[c * capacity + length] = row[width + c];  // column c is head c / head width, its column c % head width
            values[length * width + c] = row[2 * width + c];
            out[c] = 0;
        }
        for (size_t head = 0; head < heads; head++) {
            const float *restrict query = row + head * head_width;
            const float *restrict key_columns = keys + head * head_width * capacity;
            for (size_t p = 0; p < positions; p++) scores[p] = 0;
            for (size_t c = 0; c < head_width; c++) {
                float q = query[c];
                const float *restrict column = key_columns + c * capacity;
                for (size_t p = 0; p < positions; p++) scores[p] += q * column[p];
            }
            float largest = -INFINITY;
            for (size_t p = 0; p < positions; p++) {
                scores[p] *= scale;
                largest = scores[p] > largest ? scores[p] : largest;
            }
            float total = 0;
            for (size_t p = 0; p < positions; p++) {
                scores[p] = expf(scores[p] - largest);
                total += scores[p];
            }
            float *restrict head_out = out + head * head_width;
            for (size_t p = 0; p < positions; p++) {
                float weight = scores[p] / total;
                const float *restrict value = values + p * width + head * head_width;
                for (size_t c = 0; c < head_width; c++) head_out[c] += weight * value[c];
            }
        }
    }
    free(scores);
}

latent_status latent_cached_attention(const float *qkv, float *keys, float *values, size_t batch, size_t capacity, size_t width,
                                      size_t heads, size_t length, float *output) {
    struct cached_attention_job job = {.qkv = qkv, .keys = keys, .values = values, .output = output, .batch = batch,
                                       .capacity = capacity, .width = width, .heads = heads, .length = length, .failed = 0};
    // A part is at least 16 sequences: a sequence's step is a few thousand multiply-adds, less
    // than handing it to another thread costs.
    latent_parallel_run(cached_attention_part, &job, latent_parts_for(batch, 16));
    return status_of(&job.failed);
}
