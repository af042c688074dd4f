// The batch loader's conversion of images to floats: rows of bytes, picked by index out of a data
// set, each byte b written as b·scale (1/255 for pixels in [0, 1]).
//
// Shapes: source holds the data set's rows of `size` bytes; indices `count` row numbers;
// destination count × size floats.
//
// The images of a batch lie scattered over a data set larger than the CPU's caches, so each one
// costs a trip to memory. Asking for the next few images while converting this one keeps several
// of those trips under way at once. Rows are cut between the compute threads; each value is
// converted alone.
#include "common.h"

// How many images ahead the loop asks for.
#define IMAGES_AHEAD 4

static void CLONES gather_range(const unsigned char *restrict source, const long *restrict indices, size_t count,
                                size_t size, float scale, float *restrict destination) {
    for (size_t i = 0; i < count; i++) {
        if (i + IMAGES_AHEAD < count) {
            const unsigned char *ahead = source + (size_t)indices[i + IMAGES_AHEAD] * size;
            for (size_t offset = 0; offset < size; offset += 64) __builtin_prefetch(ahead + offset);
        }
        const unsigned char *row = source + (size_t)indices[i] * size;
        float *out = destination + i * size;
        for (size_t j = 0; j < size; j++) out[j] = (float)row[j] * scale;
    }
}

struct gather_job {
    const unsigned char *source;
    const long *indices;
    size_t count, size;
    float scale;
    float *destination;
};

static void gather_part(void *context, int part, int parts) {
    const struct gather_job *job = context;
    struct range rows = part_range(job->count, part, parts, 1);
    gather_range(job->source, job->indices + rows.start, rows.end - rows.start, job->size, job->scale,
                 job->destination + rows.start * job->size);
}

void latent_gather_bytes(const unsigned char *source, const long *indices, size_t count, size_t size, float scale,
                         float *destination) {
    struct gather_job job = {.source = source, .indices = indices, .count = count, .size = size, .scale = scale,
                             .destination = destination};
    latent_parallel_run(gather_part, &job, latent_parts_for(count * size, SMALLEST_PART));
}
