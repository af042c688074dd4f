// Loops over rows with one row broadcast along them (private to CKernels): adding a row to every
// row, copying it into every row (a bias, before a product is added on top), and the adjoint,
// summing every column over the rows (a bias's gradient). The broadcast ops (broadcasts.c) run
// them on a thread's share of a tensor; the fused halves of a transformer block (residual_half.h)
// run them on a tile of rows. Both therefore compute the same numbers.
#ifndef LATENT_BROADCAST_ROWS_H
#define LATENT_BROADCAST_ROWS_H

#include "common.h"

// y = a + row (or a − row when `subtract`) for each of `rows` rows of `width` values.
INLINE void add_row_to_rows(const float *restrict a, const float *restrict row, size_t rows, size_t width, int subtract,
                            float *restrict y) {
    for (size_t r = 0; r < rows; r++) {
        const float *restrict from = a + r * width;
        float *restrict to = y + r * width;
        if (subtract)
            for (size_t j = 0; j < width; j++) to[j] = from[j] - row[j];
        else
            for (size_t j = 0; j < width; j++) to[j] = from[j] + row[j];
    }
}

// Rows of `blocks` blocks of 16 values (a constant 1…4 once inlined): whole vector stores per row.
INLINE void repeat_row_blocks(const float *restrict row, float *restrict y, size_t rows, const int blocks) {
    for (size_t r = 0; r < rows; r++)
        for (int j = 0; j < 16 * blocks; j++) y[r * 16 * blocks + j] = row[j];
}

// `row` (width values) copied into each of `rows` rows of y. Rows of 1, 16, 32 or 64 values
// (chapter 3's channels, 64-wide layers) are written without a loop per row.
INLINE void repeat_row(const float *restrict row, size_t rows, size_t width, float *restrict y) {
    switch (width) {
    case 1: for (size_t r = 0; r < rows; r++) y[r] = row[0]; return;
    case 16: repeat_row_blocks(row, y, rows, 1); return;
    case 32: repeat_row_blocks(row, y, rows, 2); return;
    case 64: repeat_row_blocks(row, y, rows, 4); return;
    default:
        for (size_t r = 0; r < rows; r++)
            for (size_t j = 0; j < width; j++) y[r * width + j] = row[j];
    }
}

// `blocks` blocks of 16 columns (blocks a constant 1…4 once inlined), each column summed over the
// rows in order in its own register lane, then written back once. Adding into the gradient in
// memory row after row instead made every add wait for the store before it: chapter 3's bias
// gradients took 5–10× longer that way.
INLINE void add_column_blocks(const float *restrict upstream, size_t rows, size_t stride, float scale,
                              float *restrict gradient, const int blocks) {
    float sums[64];
    for (int j = 0; j < 16 * blocks; j++) sums[j] = gradient[j];
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = upstream + r * stride;
        for (int j = 0; j < 16 * blocks; j++) sums[j] += scale * row[j];
    }
    for (int j = 0; j < 16 * blocks; j++) gradient[j] = sums[j];
}

// gradient[j] += scale · upstream[r·stride + j] over the rows r < rows in order, for each column
// j < columns: four blocks of 16 columns at a time (four independent chains of adds), then what
// is left of 16-column blocks, then single columns, each in one register.
INLINE void add_column_sums(const float *restrict upstream, size_t rows, size_t stride, size_t columns, float scale,
                            float *restrict gradient) {
    size_t j = 0;
    for (; j + 64 <= columns; j += 64) add_column_blocks(upstream + j, rows, stride, scale, gradient + j, 4);
    switch ((columns - j) / 16) {
    case 3: add_column_blocks(upstream + j, rows, stride, scale, gradient + j, 3); j += 48; break;
    case 2: add_column_blocks(upstream + j, rows, stride, scale, gradient + j, 2); j += 32; break;
    case 1: add_column_blocks(upstream + j, rows, stride, scale, gradient + j, 1); j += 16; break;
    default: break;
    }
    for (; j < columns; j++) {
        float sum = gradient[j];
        for (size_t r = 0; r < rows; r++) sum += scale * upstream[r * stride + j];
        gradient[j] = sum;
    }
}

#endif
