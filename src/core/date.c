/* date — English dates in running text ("October 8, 2023", "8 Oct.
 * 2023", "2023-10-08") to ISO; used by the readers, layout and extract. */
#include "date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "wordlist.h"
#include "verbatim.h"


/* A word of the month list (data/months.txt) at most this long. */
#define MONTH_WORD_MAX 10

/* Does the space-separated list `words` hold s[0..n) (ASCII case ignored)? */
static int among(const char *words, const char *s, size_t n) {
  for (const char *w = words; *w;) {
    const char *e = strchr(w, ' ');
    size_t wl = e ? (size_t)(e - w) : strlen(w);
    size_t i = 0;
    while (i < n && i < wl && vb_ascii_lower((unsigned char)s[i]) == vb_ascii_lower((unsigned char)w[i]))
      i++;
    if (wl == n && i == n) return 1;
    if (!e) break;
    w = e + 1;
  }
  return 0;
}

/* Month name or abbreviation ("Oct", "Oct.", "Sept.") at s; 1..12 or 0. */
static int month_at(const char *s, size_t n, size_t *used) {
  size_t k = 0;
  while (k < n && k < MONTH_WORD_MAX && vb_is_ascii_alpha((unsigned char)s[k])) k++;
  if (k < 3 || (k < n && vb_is_ascii_alpha((unsigned char)s[k]))) return 0;
  size_t nmonths = vb_wl_count(VB_WL_MONTHS);
  for (size_t m = 0; m < nmonths && m < 12; m++) {
    const char *abbrevs, *name = vb_wl_entry(VB_WL_MONTHS, m, &abbrevs);
    if (vb_eq_ci(s, k, name)) {
      *used = k;
      return (int)m + 1;
    }
    if (among(abbrevs, s, k)) {
      *used = k + (k < n && s[k] == '.');
      return (int)m + 1;
    }
  }
  return 0;
}

static size_t digits(const char *s, size_t n, size_t max, unsigned *val) {
  size_t k = 0;
  unsigned v = 0;
  while (k < n && k < max && vb_is_ascii_digit((unsigned char)s[k])) v = v * 10 + (unsigned)(s[k++] - '0');
  if (k < n && vb_is_ascii_digit((unsigned char)s[k])) return 0; /* too many digits */
  *val = v;
  return k;
}

static int days_in(unsigned y, unsigned m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

static size_t put_iso(unsigned y, unsigned m, unsigned d, char iso[11], size_t used) {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || (int)d > days_in(y, m)) return 0;
  char *p = iso;
  p[0] = (char)('0' + y / 1000);
  p[1] = (char)('0' + y / 100 % 10);
  p[2] = (char)('0' + y / 10 % 10);
  p[3] = (char)('0' + y % 10);
  p[4] = '-';
  p[5] = (char)('0' + m / 10);
  p[6] = (char)('0' + m % 10);
  p[7] = '-';
  p[8] = (char)('0' + d / 10);
  p[9] = (char)('0' + d % 10);
  p[10] = '\0';
  return used;
}

size_t vb_parse_date(const char *s, size_t n, char iso[11]) {
  size_t i = 0, k;
  unsigned y, m, d;
  /* 2023-10-08 */
  if ((k = digits(s, n, 4, &y)) == 4 && k + 6 <= n && s[4] == '-' &&
      digits(s + 5, n - 5, 2, &m) == 2 && s[7] == '-' && digits(s + 8, n - 8, 2, &d) == 2)
    return put_iso(y, m, d, iso, 10);
  /* October 8, 2023 */
  int mon = month_at(s, n, &k);
  if (mon) {
    i = k;
    if (i < n && s[i] == ' ') i++;
    size_t dl = digits(s + i, n - i, 2, &d);
    if (!dl) return 0;
    i += dl;
    if (i + 1 < n && (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't') &&
        vb_is_ascii_alpha((unsigned char)s[i + 1]))
      i += 2; /* 8th, 1st */
    if (i < n && s[i] == ',') i++;
    if (i < n && s[i] == ' ') i++;
    size_t yl = digits(s + i, n - i, 4, &y);
    if (yl != 4) return 0;
    return put_iso(y, (unsigned)mon, d, iso, i + 4);
  }
  /* 8 October 2023 */
  size_t dl = digits(s, n, 2, &d);
  if (dl && dl < n && s[dl] == ' ') {
    i = dl + 1;
    mon = month_at(s + i, n - i, &k);
    if (!mon) return 0;
    i += k;
    if (i < n && s[i] == ',') i++;
    if (i < n && s[i] == ' ') i++;
    if (digits(s + i, n - i, 4, &y) != 4) return 0;
    return put_iso(y, (unsigned)mon, d, iso, i + 4);
  }
  return 0;
}


/* In doubles to the end: a time from a document may be any number, and
 * converting one past INT_MAX (2^31 s, 596,523 hours) to int is undefined
 * behaviour ("at -596523:-14:-8"). */
const char *vb_clock_text(double seconds, char out[32]) {
  out[0] = '\0';
  if (!(seconds >= 0) || !isfinite(seconds)) return out;
  double s = floor(seconds);
  if (s >= 1e15) { /* past any clock: seconds, as a number */
    snprintf(out, 32, "%.6gs", s);
    return out;
  }
  double hours = floor(s / 3600), rest = s - hours * 3600;
  snprintf(out, 32, "%02.0f:%02d:%02d", hours, (int)(rest / 60), (int)fmod(rest, 60));
  return out;
}
