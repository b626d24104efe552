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

int vb_month_name_at(const char *s, size_t n, size_t *used) {
  size_t k;
  int m = n && vb_is_ascii_upper((unsigned char)s[0]) ? month_at(s, n, &k) : 0;
  if (!m) return 0;
  const char *abbrevs;
  if (strlen(vb_wl_entry(VB_WL_MONTHS, (size_t)m - 1, &abbrevs)) != k) return 0;
  *used = k;
  return m;
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

/* The second day of a range after a day at s[0..n): "–3", "-3", " to 3",
 * " and 3" (ordinals "3rd" too). Returns the bytes up to the end of its
 * number (0 when none) and its day in *d2. */
static size_t range_end(const char *s, size_t n, unsigned *d2) {
  size_t i = 0;
  if (i < n && s[i] == '-') i++;
  else if (vb_dash_at(s, n, i)) i += 3;
  else if (n > 4 && memcmp(s, " to ", 4) == 0) i += 4;
  else if (n > 5 && memcmp(s, " and ", 5) == 0) i += 5;
  else return 0;
  size_t dl = digits(s + i, n - i, 2, d2);
  if (!dl || *d2 < 1 || *d2 > 31) return 0;
  i += dl;
  if (i + 1 < n && (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't') &&
      vb_is_ascii_alpha((unsigned char)s[i + 1]))
    i += 2;
  if (i < n && vb_is_ascii_alpha((unsigned char)s[i])) return 0;
  return i;
}

/* The white space between a date's parts at s[0..n): a space, or a line
 * break where the text wraps ("October\n1991"); at most 4 bytes. */
static size_t blank(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && k < 4 && vb_is_ascii_space((unsigned char)s[k])) k++;
  return k;
}

size_t vb_parse_date_part(const char *s, size_t n, vb_ymd *t) {
  size_t i = 0, k;
  unsigned y, m, d;
  t->y = t->m = t->d = 0;
  /* 2023-10-08 */
  if ((k = digits(s, n, 4, &y)) == 4 && k + 6 <= n && s[4] == '-' &&
      digits(s + 5, n - 5, 2, &m) == 2 && s[7] == '-' && digits(s + 8, n - 8, 2, &d) == 2) {
    if (y < 1000 || m < 1 || m > 12 || d < 1 || (int)d > days_in(y, m)) return 0;
    *t = (vb_ymd){(int)y, (int)m, (int)d};
    return 10;
  }
  /* October 8, 2023; October 8; October 2023 */
  int mon = month_at(s, n, &k);
  if (mon) {
    i = k;
    i += blank(s + i, n - i);
    int named = vb_is_ascii_upper((unsigned char)s[0]); /* "may" is a verb */
    size_t yl = digits(s + i, n - i, 4, &y);
    if (yl == 4) { /* a month and its year */
      if (!named || y < 1000 || (i + 4 < n && vb_is_ascii_alpha((unsigned char)s[i + 4]))) return 0;
      *t = (vb_ymd){(int)y, mon, 0};
      return i + 4;
    }
    size_t dl = digits(s + i, n - i, 2, &d);
    if (!dl || d < 1 || (int)d > days_in(2000, (unsigned)mon)) return 0;
    i += dl;
    if (i + 1 < n && (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't') &&
        vb_is_ascii_alpha((unsigned char)s[i + 1]))
      i += 2; /* 8th, 1st */
    if (i < n && vb_is_ascii_alpha((unsigned char)s[i])) return 0;
    /* a range is its first day: "December 1–3, 2002", "June 21 and 22" */
    unsigned d2;
    size_t r = range_end(s + i, n - i, &d2);
    if (r && d2 > d && (int)d2 <= days_in(2000, (unsigned)mon)) i += r;
    size_t day_end = i;
    if (i < n && s[i] == ',') i++;
    i += blank(s + i, n - i);
    yl = digits(s + i, n - i, 4, &y);
    if (yl != 4 || y < 1000 || (int)d > days_in(y, (unsigned)mon)) {
      if (!named) return 0;
      *t = (vb_ymd){0, mon, (int)d};
      return day_end;
    }
    *t = (vb_ymd){(int)y, mon, (int)d};
    return i + 4;
  }
  /* 8 October 2023; 8 October; a range, its first day: "27 to 31 May" */
  size_t dl = digits(s, n, 2, &d);
  unsigned d2 = 0;
  size_t r = dl ? range_end(s + dl, n - dl, &d2) : 0;
  if (r && d2 > d) dl += r;
  else d2 = 0;
  size_t b = dl ? blank(s + dl, n - dl) : 0;
  if (b && d >= 1) {
    i = dl + b;
    mon = month_at(s + i, n - i, &k);
    if (!mon || (int)d > days_in(2000, (unsigned)mon) || (int)d2 > days_in(2000, (unsigned)mon)) return 0;
    i += k;
    size_t day_end = i;
    if (i < n && s[i] == ',') i++;
    i += blank(s + i, n - i);
    if (digits(s + i, n - i, 4, &y) != 4 || y < 1000 || (int)d > days_in(y, (unsigned)mon)) {
      if (!vb_is_ascii_upper((unsigned char)s[dl + b])) return 0;
      *t = (vb_ymd){0, mon, (int)d};
      return day_end;
    }
    *t = (vb_ymd){(int)y, mon, (int)d};
    return i + 4;
  }
  return 0;
}

size_t vb_parse_date(const char *s, size_t n, char iso[11]) {
  vb_ymd t;
  size_t k = vb_parse_date_part(s, n, &t);
  if (!k || !t.y || !t.m || !t.d) return 0;
  return put_iso((unsigned)t.y, (unsigned)t.m, (unsigned)t.d, iso, k);
}

int vb_ymd_read(const char *s, size_t n, vb_ymd *t) {
  unsigned y, m, d;
  *t = (vb_ymd){0, 0, 0};
  if (!s || digits(s, n, 4, &y) != 4 || y < 1000) return 0;
  t->y = (int)y;
  if (n >= 7 && s[4] == '-' && digits(s + 5, n - 5, 2, &m) == 2 && m >= 1 && m <= 12) {
    t->m = (int)m;
    if (n >= 10 && s[7] == '-' && digits(s + 8, n - 8, 2, &d) == 2 && d >= 1 && (int)d <= days_in(y, m))
      t->d = (int)d;
  }
  return 1;
}

/* Days from 1970-01-01 of a day of the proleptic Gregorian calendar, and
 * back (the civil-from-days arithmetic of eras of 400 years). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static vb_ymd civil_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  return (vb_ymd){(int)(yoe + era * 400) + (m <= 2), m, d};
}

vb_ymd vb_ymd_add_days(vb_ymd t, int days) {
  return civil_from_days(days_from_civil(t.y, t.m, t.d) + days);
}

vb_ymd vb_ymd_add_months(vb_ymd t, int months) {
  long k = (long)t.y * 12 + (t.m - 1) + months;
  return (vb_ymd){(int)(k / 12), (int)(k % 12) + 1, 0};
}

int vb_ymd_weekday(vb_ymd t) {
  long z = days_from_civil(t.y, t.m, t.d); /* 1970-01-01 was a Thursday */
  long w = (z % 7 + 7 + 3) % 7;           /* 0 Monday */
  return (int)w + 1;
}

vb_ymd vb_ymd_nearest(vb_ymd on, int m, int d) {
  vb_ymd best = {0, m, d};
  if (!on.y) return best;
  best.y = on.y;
  if (!on.m || m < 1 || m > 12) return best;
  long ref = days_from_civil(on.y, on.m, on.d ? on.d : 15), gap = -1;
  for (int y = on.y - 1; y <= on.y + 1; y++) {
    if (d > days_in((unsigned)y, (unsigned)m)) continue;
    long g = days_from_civil(y, m, d) - ref;
    if (g < 0) g = -g;
    if (gap < 0 || g < gap) gap = g, best.y = y;
  }
  return best;
}

void vb_ymd_iso(vb_ymd t, char out[11]) {
  out[0] = '\0';
  if (t.y < 1000 || t.y > 2999) return;
  if (t.m < 0 || t.m > 12 || t.d < 0 || t.d > 31) return;
  unsigned y = (unsigned)t.y, m = (unsigned)t.m, d = (unsigned)t.d;
  if (!m) snprintf(out, 11, "%04u", y % 10000);
  else if (!d) snprintf(out, 11, "%04u-%02u", y % 10000, m % 100);
  else snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
}

void vb_ymd_week(vb_ymd t, char out[11]) {
  /* the week's Thursday decides its year */
  vb_ymd th = vb_ymd_add_days(t, 4 - vb_ymd_weekday(t));
  long first = days_from_civil(th.y, 1, 1);
  int week = (int)((days_from_civil(th.y, th.m, th.d) - first) / 7) + 1;
  out[0] = '\0';
  if (th.y >= 1000 && th.y <= 2999 && week >= 1 && week <= 53)
    snprintf(out, 11, "%04u-W%02u", (unsigned)th.y % 10000, (unsigned)week % 100);
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

vb_precision vb_value_precision(const char *value) {
  size_t n = strlen(value);
  if (n == 5 && value[2] == ':') return VB_PREC_TIME;
  if (n == 4) return VB_PREC_YEAR;
  if (n == 7) return VB_PREC_MONTH;
  if (n == 8 && value[5] == 'W') return VB_PREC_WEEK;
  if (n == 10) return VB_PREC_DAY;
  return VB_PREC_NONE;
}
