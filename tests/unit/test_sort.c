/* core/sort.h: VB_SORT_DEFINE orders what qsort orders, on the inputs a
 * quicksort goes wrong on (sorted, reversed, all equal, few values, an
 * organ pipe, sizes around its insertion-sort cut) and on random ones;
 * its heapsort past the depth limit too, its comparisons counted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "testutil.h"

typedef struct item {
  int64_t key, other;
} item;

static size_t compared;
#define ITEM_LESS(a, b) (compared++, (a)->key != (b)->key ? (a)->key < (b)->key : (a)->other < (b)->other)
VB_SORT_DEFINE(sort_items, item, ITEM_LESS)

static int item_cmp(const void *x, const void *y) {
  const item *a = x, *b = y;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return (a->other > b->other) - (a->other < b->other);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { /* xorshift64: the same inputs every run */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* fills v[0, n) by shape */
static void fill(item *v, size_t n, int shape) {
  for (size_t i = 0; i < n; i++) {
    int64_t k;
    switch (shape) {
      case 0: k = (int64_t)i; break;                               /* sorted */
      case 1: k = (int64_t)(n - i); break;                         /* reversed */
      case 2: k = 7; break;                                        /* all equal */
      case 3: k = (int64_t)(next() % 3); break;                    /* few values */
      case 4: k = (int64_t)(i < n / 2 ? i : n - i); break;         /* organ pipe */
      case 5: k = (int64_t)(next() >> 1) - INT64_MAX / 2; break;   /* random, negative too */
      default: k = (int64_t)(i % 2 ? i : n + i); break;            /* interleaved */
    }
    v[i] = (item){k, (int64_t)(next() % 4)};
  }
}

static void orders_as_qsort(void **state) {
  (void)state;
  static const size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 18, 33, 100, 1000, 4099};
  for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
    for (int shape = 0; shape < 7; shape++) {
      size_t n = sizes[si];
      item *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
      assert_non_null(a);
      assert_non_null(b);
      fill(a, n, shape);
      memcpy(b, a, n * sizeof *a);
      sort_items(a, n);
      qsort(b, n, sizeof *b, item_cmp);
      for (size_t i = 0; i < n; i++)
        if (a[i].key != b[i].key || a[i].other != b[i].other)
          fail_msg("size %zu, shape %d: item %zu differs from qsort's", n, shape, i);
      free(a);
      free(b);
    }
}

/* Past the depth limit the rest goes to heapsort, which keeps the sort
 * O(n log n) on an input that makes every pivot a bad one: from depth 0
 * it orders every shape as qsort does, in at most 2 n log2 n + n
 * comparisons. */
static void heapsort_past_the_limit(void **state) {
  (void)state;
  size_t n = 4099;
  item *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  assert_non_null(a);
  assert_non_null(b);
  for (int shape = 0; shape < 7; shape++) {
    fill(a, n, shape);
    memcpy(b, a, n * sizeof *a);
    compared = 0;
    sort_items_rec(a, n, 0);
    qsort(b, n, sizeof *b, item_cmp);
    for (size_t i = 0; i < n; i++)
      if (a[i].key != b[i].key || a[i].other != b[i].other) fail_msg("shape %d: item %zu differs from qsort's", shape, i);
    if (compared > 2 * n * 12 + n) fail_msg("shape %d: %zu comparisons for %zu items", shape, compared, n);
  }
  free(a);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(orders_as_qsort),
      cmocka_unit_test(heapsort_past_the_limit),
  };
  return cmocka_run_group_tests_name("sort", tests, NULL, NULL);
}
