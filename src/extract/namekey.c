/* namekey — one key per name however it is cased, accented, spaced or
 * transliterated. Speakers use the plain key; entities use the
 * transliteration key, which also folds the alternations that English
 * renderings of Arabic, Persian and Russian names wander between. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/text.h"
#include "core/wordlist.h"
#include "extract.h"

int vb_name_key(const char *s, size_t n, vb_buf *out) {
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                        UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (k < 0) {
    /* invalid UTF-8 never reaches here (decode validated it); be safe */
    free(folded);
    return vb_buf_add(out, s, n) ? VB_ENOMEM : 0;
  }
  int space = 0, any = 0;
  for (utf8proc_ssize_t i = 0; i < k;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(folded + i, k - i, &cp);
    if (l <= 0) break;
    utf8proc_category_t c = utf8proc_category(cp);
    int word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
               (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
    if (word) {
      if (space && any) vb_buf_addc(out, ' ');
      vb_buf_add(out, (const char *)folded + i, (size_t)l);
      any = 1;
      space = 0;
    } else if (cp != '\'' && cp != 0x2019) {
      space = 1; /* "al-Sisi" -> "al sisi"; "O'Brien" -> "obrien" */
    }
    i += l;
  }
  free(folded);
  return out->failed ? VB_ENOMEM : 0;
}

static int word_cp(int32_t cp) {
  if (cp < 0x80) return vb_is_ascii_alpha((unsigned char)cp) || vb_is_ascii_digit((unsigned char)cp);
  /* a soft hyphen is where a line may break inside the word ("Netan­yahu") */
  if (cp == 0xAD) return 1;
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* ASCII letters and digits, by byte: most text never leaves this table. */
static int ascii_word(unsigned char c) {
  return (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10;
}

size_t vb_word_next(const char *s, size_t n, size_t i, size_t *ws, size_t *we) {
  int32_t cp;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (ascii_word(c)) break;
      i++;
      continue;
    }
    size_t l = vb_utf8_next(s, n, i, &cp);
    if (word_cp(cp)) break;
    i += l;
  }
  *ws = i;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (!ascii_word(c)) break;
      i++;
      continue;
    }
    size_t l = vb_utf8_next(s, n, i, &cp);
    if (!word_cp(cp)) break;
    i += l;
  }
  *we = i;
  return *we > *ws;
}

static inline int vowel(char c) {
  /* a e i o u as bits of one word */
  unsigned d = (unsigned)(unsigned char)c - 'a';
  return d < 26 && ((1u << 0 | 1u << 4 | 1u << 8 | 1u << 14 | 1u << 20) >> d & 1u);
}

/* The transliteration skeleton of one light-folded Latin word: q, g, gh
 * -> k; dh -> z; ph -> f; a run of vowels (y between a vowel and a
 * consonant counts) -> "a" except a first one; doubled letters once; a
 * final h after a vowel dropped. Hizbullah, Hezbollah, Hizballah -> "hazbala". Bytes that are
 * not ASCII letters pass through. Returns the key length (<= n). */
static size_t latin_key(const char *w, size_t n, char *out) {
  size_t o = 0;
  /* a word of vowels only is an acronym ("EU", "UAE"): kept as spelled */
  size_t v = 0;
  while (v < n && vowel(w[v])) v++;
  if (v == n) {
    memcpy(out, w, n);
    return n;
  }
  for (size_t i = 0; i < n; i++) {
    char c = w[i], nx = i + 1 < n ? w[i + 1] : 0, m;
    if ((c == 'g' && nx == 'h') || (c == 'd' && nx == 'h') || (c == 'p' && nx == 'h') ||
        (c == 'c' && nx == 'k')) {
      m = c == 'd' ? 'z' : c == 'p' ? 'f' : 'k';
      i++;
    } else if (c == 'q' || c == 'g') {
      m = 'k';
    } else if (i == 0 && vowel(c)) {
      /* a first vowel keeps its quality (Oman is not Amman), folding only
       * e/i and o/u (Ibrahim, Ebrahim; Osama, Usama) */
      m = c == 'e' ? 'i' : c == 'o' ? 'u' : c;
      while (i + 1 < n && vowel(w[i + 1])) i++;
    } else if (vowel(c) || (c == 'y' && i > 0 && !vowel(nx))) {
      m = 'a';
    } else {
      m = c;
    }
    if (o > 0 && out[o - 1] == m && (unsigned char)m < 0x80) continue;
    out[o++] = m;
  }
  if (o > 2 && out[o - 1] == 'h' && out[o - 2] == 'a') o--;
  return o;
}

int vb_word_forms(const char *s, size_t n, vb_word_form *f) {
  if (vb_word_light(s, n, f)) return -1;
  vb_word_key(f);
  return 0;
}

void vb_word_key(vb_word_form *f) {
  f->klen = (uint8_t)latin_key(f->light, f->llen, f->key);
  f->key[f->klen] = '\0';
}

int vb_word_light(const char *s, size_t n, vb_word_form *f) {
  f->llen = f->klen = 0;
  size_t i = 0;
  if (n < VB_WORD_MAX)
    for (; i < n && (unsigned char)s[i] < 0x80; i++)
      f->light[i] = (char)(s[i] | ((unsigned char)(s[i] - 'A') < 26 ? 0x20 : 0));
  if (i == n) {
    f->llen = (uint8_t)n;
  } else {
    char *folded = NULL;
    long k = vb_fold_text(s, n, &folded);
    if (k < 0 || k >= VB_WORD_MAX) {
      free(folded);
      return -1;
    }
    /* a soft hyphen is no letter of the word */
    long o = 0;
    for (long j = 0; j < k; j++) {
      if (j + 1 < k && (unsigned char)folded[j] == 0xC2 && (unsigned char)folded[j + 1] == 0xAD) {
        j++;
        continue;
      }
      f->light[o++] = folded[j];
    }
    free(folded);
    f->llen = (uint8_t)o;
  }
  f->light[f->llen] = '\0';
  return 0;
}

/* The Arabic article: "al"/"el"/"ul" before another word, or a sun-letter
 * assimilated form written with a hyphen (ash-Sham, ad-Din, an-Nahar). */
int vb_word_is_article(const char *light, size_t n, int hyphen_after) {
  if (n == 2 && (light[0] == 'a' || light[0] == 'e' || light[0] == 'u') && light[1] == 'l') return 1;
  if (!hyphen_after) return 0;
  return vb_wl_has(VB_WL_ARTICLE_FORMS, light, n);
}

/* Arabic script: the article "ال" joined to a word of three or more
 * letters more. Returns the bytes to skip. */
static size_t arabic_article(const char *light, size_t n) {
  static const char al[] = "\xd8\xa7\xd9\x84"; /* ا ل */
  if (n >= 4 + 6 && memcmp(light, al, 4) == 0) return 4;
  return 0;
}

int vb_entity_key(const char *s, size_t n, vb_buf *out) {
  size_t i = 0, ws, we, words = 0;
  size_t start = out->len;
  while (vb_word_next(s, n, i, &ws, &we)) {
    i = we;
    words++;
    vb_word_form f;
    if (vb_word_forms(s + ws, we - ws, &f)) continue;
    /* the apostrophe joins: "Hay'at" is one word, "Israel's" keeps no s */
    if (ws > 0 && (s[ws - 1] == '\'' || (ws >= 3 && memcmp(s + ws - 3, "\xe2\x80\x99", 3) == 0))) {
      if (f.llen == 1 && f.light[0] == 's') continue;
    }
    size_t nws, nwe;
    int more = vb_word_next(s, n, we, &nws, &nwe) != 0;
    if (more && vb_word_is_article(f.light, f.llen, we < n && s[we] == '-')) continue;
    /* a middle initial: "Alice N. Moreau" is Alice Moreau */
    if (more && words > 1 && f.llen == 1 && vb_is_ascii_alpha((unsigned char)f.light[0])) continue;
    size_t skip = arabic_article(f.light, f.llen);
    if (skip) {
      vb_buf_add(out, f.light + skip, f.llen - skip);
    } else {
      vb_buf_add(out, f.key, f.klen);
    }
  }
  if (out->failed) return VB_ENOMEM;
  if (out->len == start) return vb_buf_add(out, "", 0) ? VB_ENOMEM : 0;
  return 0;
}
