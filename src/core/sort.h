/* sort — an in-place sort of an array of one type by an order the
 * compiler sees, for the hot paths where qsort's call per comparison and
 * its merge buffer cost more than the order itself (the ingest's entity
 * links, bench/RESULTS.md). Not stable: for orders where equal items are
 * interchangeable.
 *
 *   #define LESS(x, y) ((x)->a < (y)->a)
 *   VB_SORT_DEFINE(sort_things, thing, LESS)
 *
 * defines static void sort_things(thing *v, size_t n). Quicksort (median
 * of three), insertion sort below 16 items, heapsort past 2 log2 n levels:
 * O(n log n) whatever the input. */
#ifndef VB_SORT_H
#define VB_SORT_H

#include <stddef.h>

#define VB_SORT_DEFINE(name, type, less)                                                     \
  static void name##_sift(type *v, size_t root, size_t n) {                                  \
    for (size_t child; (child = 2 * root + 1) < n; root = child) {                           \
      if (child + 1 < n && less(&v[child], &v[child + 1])) child++;                          \
      if (!less(&v[root], &v[child])) return;                                                \
      type t_ = v[root];                                                                     \
      v[root] = v[child];                                                                    \
      v[child] = t_;                                                                         \
    }                                                                                        \
  }                                                                                          \
  static void name##_heap(type *v, size_t n) {                                               \
    for (size_t i = n / 2; i-- > 0;) name##_sift(v, i, n);                                   \
    for (size_t end = n; end-- > 1;) {                                                       \
      type t_ = v[0];                                                                        \
      v[0] = v[end];                                                                         \
      v[end] = t_;                                                                           \
      name##_sift(v, 0, end);                                                                \
    }                                                                                        \
  }                                                                                          \
  static void name##_rec(type *v, size_t n, int depth) {                                     \
    while (n > 16) {                                                                         \
      if (depth-- == 0) {                                                                    \
        name##_heap(v, n);                                                                   \
        return;                                                                              \
      }                                                                                      \
      type *lo = v, *mid = v + n / 2, *hi = v + n - 1, t_;                                   \
      if (less(mid, lo)) t_ = *mid, *mid = *lo, *lo = t_;                                    \
      if (less(hi, mid)) {                                                                   \
        t_ = *hi, *hi = *mid, *mid = t_;                                                     \
        if (less(mid, lo)) t_ = *mid, *mid = *lo, *lo = t_;                                  \
      }                                                                                      \
      type pivot = *mid;                                                                     \
      size_t i = 0, j = n - 1;                                                               \
      for (;;) { /* Hoare: v[0, j] <= pivot <= v[j + 1, n) */                                \
        while (less(&v[i], &pivot)) i++;                                                     \
        while (less(&pivot, &v[j])) j--;                                                     \
        if (i >= j) break;                                                                   \
        t_ = v[i], v[i] = v[j], v[j] = t_;                                                   \
        i++;                                                                                 \
        j--;                                                                                 \
      }                                                                                      \
      /* the smaller part by recursion, the larger by the loop: the stack                    \
       * stays within log2 n frames */                                                       \
      if (j + 1 < n - j - 1) {                                                               \
        name##_rec(v, j + 1, depth);                                                         \
        v += j + 1;                                                                          \
        n -= j + 1;                                                                          \
      } else {                                                                               \
        name##_rec(v + j + 1, n - j - 1, depth);                                             \
        n = j + 1;                                                                           \
      }                                                                                      \
    }                                                                                        \
    for (size_t i = 1; i < n; i++) {                                                         \
      type x_ = v[i];                                                                        \
      size_t k = i;                                                                          \
      for (; k > 0 && less(&x_, &v[k - 1]); k--) v[k] = v[k - 1];                            \
      v[k] = x_;                                                                             \
    }                                                                                        \
  }                                                                                          \
  static void name(type *v, size_t n) {                                                      \
    int depth = 0;                                                                           \
    for (size_t m = n; m > 1; m >>= 1) depth += 2;                                           \
    name##_rec(v, n, depth);                                                                 \
  }

#endif
