/* date — an English date at the start of a text, as YYYY-MM-DD. */
#ifndef VB_DATE_H
#define VB_DATE_H

#include <stddef.h>

/* Parses "October 8, 2023", "Oct. 8, 2023", "8 October 2023" or
 * "2023-10-08" at s[0..n). Returns the bytes consumed (0 if none) and
 * writes YYYY-MM-DD and a NUL into iso. */
size_t vb_parse_date(const char *s, size_t n, char iso[11]);

/* A day of the calendar as far as it is known: m and d are 0 when not
 * ("1992" of a UN speech, "2017-12"). */
typedef struct vb_ymd {
  int y, m, d;
} vb_ymd;

/* The same forms as vb_parse_date and the parts of them said alone: "March
 * 2005" (d 0), "September 11", "4 September" (y 0). Returns the bytes
 * consumed, 0 when none. */
size_t vb_parse_date_part(const char *s, size_t n, vb_ymd *t);
/* A month's full name, capitalised, at s[0..n) ("December", not "Dec."
 * nor "december"): its number 1-12 and its length in *used, or 0. */
int vb_month_name_at(const char *s, size_t n, size_t *used);
/* A document's date, "YYYY", "YYYY-MM" or "YYYY-MM-DD" (anything after it
 * ignored): 1, or 0 when s holds none (t is then all 0). */
int vb_ymd_read(const char *s, size_t n, vb_ymd *t);
/* The day `days` after day t (t.d set). */
vb_ymd vb_ymd_add_days(vb_ymd t, int days);
/* The month `months` after t's (t.m set; d kept 0). */
vb_ymd vb_ymd_add_months(vb_ymd t, int months);
/* Day d of month m in the year that puts it nearest `on` (a day said
 * without its year: "on September 11"); on's year when on has no month,
 * y 0 when on has no year. */
vb_ymd vb_ymd_nearest(vb_ymd on, int m, int d);
/* 1 (Monday) to 7 (Sunday) of day t. */
int vb_ymd_weekday(vb_ymd t);
/* ISO 8601 text at t's precision ("2017", "2017-12", "2017-12-14"); "" when
 * the year is unknown or outside 1000-2999. */
void vb_ymd_iso(vb_ymd t, char out[11]);
/* The ISO week of day t: "2017-W50". */
void vb_ymd_week(vb_ymd t, char out[11]);

/* What a date's value (vb_date.value: vb_ymd_iso's, vb_ymd_week's or a time
 * "HH:MM") tells: readers ask this, never the value's length. */
typedef enum vb_precision {
  VB_PREC_NONE = 0, /* no value ("several years ago" of an undated page) */
  VB_PREC_YEAR,     /* "2016" */
  VB_PREC_MONTH,    /* "2016-03" */
  VB_PREC_WEEK,     /* "2016-W11" */
  VB_PREC_DAY,      /* "2016-03-16" */
  VB_PREC_TIME      /* "09:30" */
} vb_precision;
vb_precision vb_value_precision(const char *value);

#endif
