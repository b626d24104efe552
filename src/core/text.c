/* text — see text.h. Unicode categories come from utf8proc. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t vb_utf8_next(const char *s, size_t n, size_t i, int32_t *cp) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  utf8proc_int32_t v;
  size_t avail = n - i < 4 ? n - i : 4;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)avail, &v);
  if (k <= 0) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = v;
  return (size_t)k;
}

size_t vb_utf8_prev(const char *s, size_t i) {
  if (i == 0) return 0;
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
  return j;
}

int vb_cp_is_letter(int32_t cp) {
  if (cp < 0x80) return vb_is_ascii_alpha((unsigned char)cp);
  utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int vb_cp_is_upper(int32_t cp) {
  if (cp < 0x80) return vb_is_ascii_upper((unsigned char)cp);
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int vb_cp_is_lower(int32_t cp) {
  if (cp < 0x80) return vb_is_ascii_lower((unsigned char)cp);
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int vb_cp_is_digit(int32_t cp) {
  if (cp < 0x80) return vb_is_ascii_digit((unsigned char)cp);
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int32_t vb_cp_fold_script(int32_t cp) {
  switch (cp) {
  case 0x0671: return 0x0627; /* alef wasla -> alef */
  case 0x0629: return 0x0647; /* taa marbuta -> haa */
  case 0x0649: return 0x064A; /* alef maqsura -> yaa */
  case 0x06CC: return 0x064A; /* Persian yeh -> yaa */
  case 0x06A9: return 0x0643; /* Persian kaf -> kaf */
  case 0x0640: return -1;     /* tatweel */
  case 0x0131: return 'i';    /* dotless i: "ISTANBUL" and "İstanbul" alike */
  default: return cp;
  }
}

long vb_fold_text(const char *s, size_t n, char **out) {
  utf8proc_uint8_t *f = NULL;
  *out = NULL;
  utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &f,
                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE |
                                        UTF8PROC_COMPAT | UTF8PROC_STABLE);
  if (k < 0) {
    free(f);
    return k == UTF8PROC_ERROR_NOMEM ? -1 : -2;
  }
  /* script folding never lengthens a letter: rewrite in place */
  size_t o = 0;
  for (utf8proc_ssize_t i = 0; i < k;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(f + i, k - i, &cp);
    if (l <= 0) break;
    i += l;
    int32_t m = vb_cp_fold_script(cp);
    if (m >= 0) o += (size_t)utf8proc_encode_char(m, f + o);
  }
  f[o] = 0;
  *out = (char *)f;
  return (long)o;
}

int vb_eq_ci(const char *a, size_t an, const char *b) {
  size_t i = 0;
  for (; i < an; i++)
    if (!b[i] || vb_ascii_lower((unsigned char)a[i]) != vb_ascii_lower((unsigned char)b[i]))
      return 0;
  return b[i] == '\0';
}

int vb_lang_code(const char *tag, size_t n, char code[3]) {
  while (n && vb_is_ascii_space((unsigned char)tag[0])) tag++, n--;
  while (n && vb_is_ascii_space((unsigned char)tag[n - 1])) n--;
  code[0] = '\0';
  if (n < 2 || !vb_is_ascii_alpha((unsigned char)tag[0]) || !vb_is_ascii_alpha((unsigned char)tag[1]) ||
      (n > 2 && tag[2] != '-' && tag[2] != '_'))
    return 0;
  code[0] = (char)vb_ascii_lower((unsigned char)tag[0]);
  code[1] = (char)vb_ascii_lower((unsigned char)tag[1]);
  code[2] = '\0';
  return 1;
}

int vb_prefix_ci(const char *s, size_t n, const char *p) {
  size_t i = 0;
  for (; p[i]; i++)
    if (i >= n || vb_ascii_lower((unsigned char)s[i]) != vb_ascii_lower((unsigned char)p[i]))
      return 0;
  return 1;
}

long vb_find_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  if (k == 0) return 0;
  unsigned char f = vb_ascii_lower((unsigned char)p[0]);
  for (size_t i = 0; i + k <= n; i++)
    if (vb_ascii_lower((unsigned char)s[i]) == f && vb_prefix_ci(s + i, n - i, p)) return (long)i;
  return -1;
}

size_t vb_open_quote_at(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  unsigned char c = (unsigned char)s[i];
  if (c == '"') return 1;
  if (i + 2 < n && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x9C)
    return 3; /* “ */
  if (i + 1 < n && c == 0xC2 && (unsigned char)s[i + 1] == 0xAB) return 2; /* « */
  return 0;
}

size_t vb_close_quote_before(const char *s, size_t i) {
  if (i == 0) return 0;
  unsigned char c = (unsigned char)s[i - 1];
  if (c == '"') return 1;
  if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 && c == 0x9D)
    return 3; /* ” */
  if (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && c == 0xBB) return 2; /* » */
  return 0;
}

int vb_utf8_valid(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

size_t vb_space_len(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89))
    return 3;
  return 0;
}

int vb_stops_mid_sentence(const char *s, size_t b, size_t e) {
  if (e <= b) return 0;
  if (s[e - 1] == ',') return 1;
  int32_t cp;
  size_t i = vb_utf8_prev(s, e);
  if (i < b) return 0;
  vb_utf8_next(s, e, i, &cp);
  return vb_cp_is_lower(cp);
}

/* A list's item marker: a letter or a roman numeral of at most four
 * letters closed by ")" or "." ("a)", "b.", "iv)"), not a word ("day."). */
#define MAX_ITEM_MARKER 4u

int vb_goes_on_sentence(const char *s, size_t b, size_t e) {
  if (b >= e) return 0;
  size_t q = vb_open_quote_at(s, e, b); /* "…appealed to the nations\n“to calm …" */
  if (!q && (unsigned char)s[b] == 0xE2 && b + 2 < e && (unsigned char)s[b + 1] == 0x80 &&
      (unsigned char)s[b + 2] == 0x98)
    q = 3; /* ‘ */
  if (q) {
    b += q;
    while (b < e && s[b] == ' ') b++; /* "« problems" */
    if (b >= e) return 0;
  }
  int32_t cp;
  vb_utf8_next(s, e, b, &cp);
  if (!vb_cp_is_lower(cp)) return 0;
  size_t w = b;
  int roman = 1;
  while (w < e && vb_is_ascii_lower((unsigned char)s[w])) {
    roman = roman && (s[w] == 'i' || s[w] == 'v' || s[w] == 'x');
    w++;
  }
  int marker = w < e && (s[w] == ')' || s[w] == '.') && (w - b == 1 || (roman && w - b <= MAX_ITEM_MARKER));
  return !marker;
}
