/* detect — format from content first, the extension only as a tie-breaker. */
#include "detect.h"

#include <string.h>
#include <strings.h>

/* How far into the body the sniffers look. */
#define SNIFF_BYTES 4096u

static int has_prefix_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && strncasecmp(s, p, k) == 0;
}

static const char *memmem_ci(const char *h, size_t hn, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= hn; i++)
    if (strncasecmp(h + i, needle, k) == 0) return h + i;
  return NULL;
}

/* "00:00:01,000 --> 00:00:04,000" or "1.5 --> 2.0" style timing line. */
static int is_timing_line(const char *s, size_t n) {
  const char *arrow = NULL;
  for (size_t i = 0; i + 3 <= n && s[i] != '\n'; i++)
    if (memcmp(s + i, "-->", 3) == 0) {
      arrow = s + i;
      break;
    }
  if (!arrow || arrow == s) return 0;
  return s[0] >= '0' && s[0] <= '9';
}

static const char *ext_of(const char *path) {
  if (!path) return "";
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  return dot && (!slash || dot > slash) ? dot + 1 : "";
}

vb_format vb_detect(const char *body, size_t len, const char *path) {
  size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
  size_t i = 0;
  while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n')) i++;
  const char *s = body + i;
  size_t m = n - i;
  if (has_prefix_ci(s, m, "WEBVTT")) return VB_FMT_VTT;
  if (m && s[0] == '<' &&
      (has_prefix_ci(s, m, "<!doctype html") || memmem_ci(s, m, "<html") ||
       memmem_ci(s, m, "<body") || memmem_ci(s, m, "<p>") || memmem_ci(s, m, "<div") ||
       memmem_ci(s, m, "<head")))
    return VB_FMT_HTML;
  if (m && s[0] == '{') return VB_FMT_JSONL;
  /* SRT: a cue number line followed by a timing line, or a timing line. */
  if (is_timing_line(s, m)) return VB_FMT_SRT;
  size_t j = 0;
  while (j < m && s[j] >= '0' && s[j] <= '9') j++;
  if (j > 0 && j < m && s[j] == '\n' && is_timing_line(s + j + 1, m - j - 1)) return VB_FMT_SRT;
  const char *ext = ext_of(path);
  if (strcasecmp(ext, "srt") == 0) return VB_FMT_SRT;
  if (strcasecmp(ext, "vtt") == 0) return VB_FMT_VTT;
  if (strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0) return VB_FMT_HTML;
  if (strcasecmp(ext, "jsonl") == 0) return VB_FMT_JSONL;
  return VB_FMT_TEXT;
}
