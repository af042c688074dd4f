// A band of a sparse matrix's rows as lists of its non-zeros (private to CKernels): the listing
// (sparse_listing.c) writes them, the sparse products (sparse_product.c) read them.
#ifndef LATENT_SPARSE_ROWS_H
#define LATENT_SPARSE_ROWS_H

#include <stddef.h>

// A band of S's rows as (index, value) lists: row r's `count[r]` entries start at `start[r]` in
// `index` and `value`, in index order. `next[r]` is where the adding has got to.
struct sparse_rows {
    size_t rows;
    int *start, *count, *next, *index;
    float *value;
};

// Room the lists need after their last entry: the AVX-512 listing stores whole blocks of 16.
#define LIST_SLACK 16

/// Lists rows first ..< first + s.rows of A (· × columns), one after the other: row r's non-zeros
/// (their column and value) in column order. Each row's list needs LIST_SLACK entries of room
/// after it.
void sparse_list_rows(const float *a, size_t first, size_t columns, struct sparse_rows s);

/// Lists columns first ..< first + s.rows of A (· × columns) — rows of Aᵀ — over A's rows
/// top ..< bottom, each column's entries (their row and value) in row order.
void sparse_list_columns(const float *a, size_t top, size_t bottom, size_t columns, size_t first, struct sparse_rows s);

#endif
