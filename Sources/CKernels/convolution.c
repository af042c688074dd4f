// The data movement of a convolution: im2col (every k×k patch of an image into a row of a matrix,
// so the convolution is one matrix product) and its adjoint col2im (each patch row added back
// where it came from), on NHWC images.
//
// In Swift, im2col zeroed the whole patch matrix and then copied every tap over it, and col2im
// added one value at a time; in a profile of the VQ-VAE's training these passes and that zeroing
// took as long as a third of the products. Here im2col writes each value once (a tap in the zero
// padding is written as zeros) and col2im adds a tap's channels as one vector loop. Images are
// independent and shared out between the compute threads; within an image the taps are visited
// in the same order as before, so col2im's sums are the same numbers.
//
// Shapes: images are batch × height × width × channels; patches (batch·Ho·Wo) × (kernel·kernel·
// channels), Ho = (height + 2·padding − kernel)/stride + 1 and Wo likewise.
#include "common.h"

#include <stdlib.h>

struct convolution_job {
    const float *from;
    float *to;
    size_t batch, height, width, channels, kernel, stride, padding, output_height, output_width;
    atomic_int failed;  // a part got no scratch image
};

// n floats from source to target (or added into target): whole blocks of 16, of four, then the rest, as
// fixed-size moves the compiler inlines (a loop of unknown length would become a call to memcpy,
// which costs more than moving the four floats of a one-channel tap). The blocks, CLONES and INLINE
// are common.h's.
#define LOAD4(p) ({ block4 loaded_; memcpy(&loaded_, (p), sizeof loaded_); loaded_; })
#define STORE4(p, v) do { block4 stored_ = (v); memcpy((p), &stored_, sizeof stored_); } while (0)

INLINE void move(const float *restrict source, float *restrict target, size_t n, int add) {
    size_t j = 0;
    for (; j + BLOCK <= n; j += BLOCK) STORE16(target + j, add ? LOAD16(target + j) + LOAD16(source + j) : LOAD16(source + j));
    for (; j + 4 <= n; j += 4) STORE4(target + j, add ? LOAD4(target + j) + LOAD4(source + j) : LOAD4(source + j));
    for (; j < n; j++) target[j] = add ? target[j] + source[j] : source[j];
}

INLINE void zero(float *restrict target, size_t n) {
    block4 zeros = {0, 0, 0, 0};
    size_t j = 0;
    for (; j + 4 <= n; j += 4) STORE4(target + j, zeros);
    for (; j < n; j++) target[j] = 0;
}

// Patch rows of images start..<end: copy (im2col) or add back (col2im) every tap. For one output
// position and one kernel row ky, the k taps are k·channels consecutive floats both in the patch
// row and in the image row, so they move as one run unless the kernel overhangs the image's edge.
// Each image value gets its additions in the same order as a loop over taps one by one.
static void CLONES move_taps(const struct convolution_job *job, size_t start, size_t end, int add_back) {
    size_t channels = job->channels, kernel = job->kernel, run = kernel * channels, patch = kernel * run;
    long height = (long)job->height, width = (long)job->width;
    for (size_t n = start; n < end; n++) {
        for (size_t oy = 0; oy < job->output_height; oy++) {
            for (size_t ox = 0; ox < job->output_width; ox++) {
                size_t row = (n * job->output_height + oy) * job->output_width + ox;
                long left = (long)(ox * job->stride) - (long)job->padding;
                for (size_t ky = 0; ky < kernel; ky++) {
                    long y = (long)(oy * job->stride + ky) - (long)job->padding;
                    float *patch_run = (float *)(add_back ? job->from : job->to) + row * patch + ky * run;
                    if (y < 0 || y >= height) {
                        if (!add_back) zero(patch_run, run);
                        continue;
                    }
                    float *image_row = (float *)(add_back ? job->to : job->from) + (n * job->height + (size_t)y) * job->width * channels;
                    if (left >= 0 && left + (long)kernel <= width) {
                        if (add_back) move(patch_run, image_row + (size_t)left * channels, run, 1);
                        else move(image_row + (size_t)left * channels, patch_run, run, 0);
                        continue;
                    }
                    for (size_t kx = 0; kx < kernel; kx++) {
                        long x = left + (long)kx;
                        float *tap = patch_run + kx * channels;
                        if (x < 0 || x >= width) {
                            if (!add_back) zero(tap, channels);
                        } else if (add_back) {
                            move(tap, image_row + (size_t)x * channels, channels, 1);
                        } else {
                            move(image_row + (size_t)x * channels, tap, channels, 0);
                        }
                    }
                }
            }
        }
    }
}

// The same moves for images whose kernel rows are short runs (fewer than 16 floats: the VQ-VAE's
// one-channel layers, where a run is 4 floats). There move_taps spends more on finding each run
// and on the edge cases than on moving it, so each image is first copied into a zero-bordered
// scratch image (the padding made real) and every run is then moved without a test. For col2im
// the scratch starts as a copy of the image and is copied back afterwards, so every value receives
// its additions in the same order as in move_taps (the border's sums are dropped): the same numbers.
// Returns 0 when there is no memory for the scratch image (nothing is moved then), else 1.
static int CLONES move_taps_padded(const struct convolution_job *job, size_t start, size_t end, int add_back) {
    size_t channels = job->channels, kernel = job->kernel, stride = job->stride, padding = job->padding;
    size_t run = kernel * channels, patch = kernel * run, line = job->width * channels;
    size_t padded_width = job->width + 2 * padding, padded_line = padded_width * channels;
    float *padded = calloc((job->height + 2 * padding) * padded_line, sizeof(float));
    if (!padded) return 0;
    float *interior = padded + padding * padded_line + padding * channels;
    for (size_t n = start; n < end; n++) {
        float *image = (float *)(add_back ? job->to : job->from) + n * job->height * line;
        for (size_t y = 0; y < job->height; y++) memcpy(interior + y * padded_line, image + y * line, sizeof(float) * line);
        for (size_t oy = 0; oy < job->output_height; oy++) {
            for (size_t ox = 0; ox < job->output_width; ox++) {
                float *patch_row = (float *)(add_back ? job->from : job->to) + ((n * job->output_height + oy) * job->output_width + ox) * patch;
                const float *corner = padded + (oy * stride * padded_width + ox * stride) * channels;
                for (size_t ky = 0; ky < kernel; ky++) {
                    float *padded_run = (float *)corner + ky * padded_line;
                    if (add_back) move(patch_row + ky * run, padded_run, run, 1);
                    else move(padded_run, patch_row + ky * run, run, 0);
                }
            }
        }
        if (add_back)
            for (size_t y = 0; y < job->height; y++) memcpy(image + y * line, interior + y * padded_line, sizeof(float) * line);
    }
    free(padded);
    return 1;
}

// Which mover an image takes depends only on its shape, never on the thread, so the numbers do not
// depend on how the images are shared out.
static int short_runs(const struct convolution_job *job) { return job->kernel * job->channels < 16; }

// Images of one part: copied into patches (im2col) or added back from them (col2im, add_back).
static void move_part(struct convolution_job *job, int part, int parts, int add_back) {
    struct range images = part_range(job->batch, part, parts, 1);
    if (!short_runs(job)) move_taps(job, images.start, images.end, add_back);
    else if (!move_taps_padded(job, images.start, images.end, add_back)) mark_out_of_memory(&job->failed);
}

static void im2col_part(void *context, int part, int parts) { move_part(context, part, parts, 0); }

static void col2im_part(void *context, int part, int parts) { move_part(context, part, parts, 1); }

static struct convolution_job job_for(const float *from, float *to, size_t batch, size_t height, size_t width, size_t channels,
                                      size_t kernel, size_t stride, size_t padding) {
    return (struct convolution_job){.from = from, .to = to, .batch = batch, .height = height, .width = width,
                                    .channels = channels, .kernel = kernel, .stride = stride, .padding = padding,
                                    .output_height = (height + 2 * padding - kernel) / stride + 1,
                                    .output_width = (width + 2 * padding - kernel) / stride + 1, .failed = 0};
}

latent_status latent_im2col(const float *image, size_t batch, size_t height, size_t width, size_t channels, size_t kernel,
                            size_t stride, size_t padding, float *patches) {
    struct convolution_job job = job_for(image, patches, batch, height, width, channels, kernel, stride, padding);
    latent_parallel_run(im2col_part, &job, latent_parts_for(batch, 1));
    return status_of(&job.failed);
}

latent_status latent_col2im(const float *patches, size_t batch, size_t height, size_t width, size_t channels, size_t kernel,
                            size_t stride, size_t padding, float *image) {
    struct convolution_job job = job_for(patches, image, batch, height, width, channels, kernel, stride, padding);
    latent_parallel_run(col2im_part, &job, latent_parts_for(batch, 1));
    return status_of(&job.failed);
}
