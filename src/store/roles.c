/* roles — what an entity's page shows as a role: the phrase a document
 * gave it (a title before its name, the words before a speaker's name)
 * read as an analyst reads a role, or none. Lines broken inside it are
 * joined ("Secretary-\nGeneral"), forms of address around it dropped
 * ("His Excellency", "General Mr"), and a phrase that names no office or
 * occupation ("dear friend", "who spoke a few minutes ago", "The") is no
 * role. What is stored stays as the document gave it. */
#include <string.h>

#include "core/wordlist.h"
#include "store/store.h"

/* Words a role holds at most ("Chairman of the Permanent Interstate
 * Committee on Drought Control in the Sahel" is twelve); longer, it is a
 * clause. */
#define ROLE_WORDS 12

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* A word without the punctuation that ends a clause after it
 * ("Chairman,"; "Mr."'s period stays: the lists hold "mr."). */
static size_t word_core(const char *w, size_t n) {
  while (n > 0 && (w[n - 1] == ',' || w[n - 1] == ';' || w[n - 1] == ':')) n--;
  return n;
}

/* Is w[0..n) a word a role ends on? Its last hyphenated part counts too
 * ("Major-General", "Co-Prince"); a title that is also a role adjective
 * ("Foreign", "State") only through role-heads.txt. */
static int role_head(const char *w, size_t n) {
  for (int part = 0; part < 2 && n; part++) {
    if (vb_wl_has(VB_WL_ROLE_HEADS, w, n)) return 1;
    if ((vb_wl_has(VB_WL_TITLES, w, n) || vb_wl_has(VB_WL_ROLE_NOUNS, w, n)) &&
        !vb_wl_has(VB_WL_ROLE_ADJECTIVES, w, n))
      return 1;
    size_t h = n;
    while (h > 0 && w[h - 1] != '-') h--;
    if (!h || h == n) break;
    w += h;
    n -= h;
  }
  return 0;
}

int vs_role_clean(const char *s, size_t n, vb_arena *a, vb_str *out) {
  *out = (vb_str){0};
  if (!s || !n) return 0;
  /* one space between words; a word broken at a line's end joined */
  char *t = vb_arena_alloc(a, n + 1);
  if (!t) return -1;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!is_space(c)) {
      t[m++] = (char)c;
      continue;
    }
    size_t j = i;
    while (j < n && is_space((unsigned char)s[j])) j++;
    int broken = m >= 2 && t[m - 1] == '-' && is_letter((unsigned char)t[m - 2]) && j < n && is_letter((unsigned char)s[j]);
    if (!broken && m && j < n) t[m++] = ' ';
    i = j - 1;
  }
  t[m] = '\0';
  /* the words, forms of address dropped at both ends */
  size_t ws[ROLE_WORDS + 1], we[ROLE_WORDS + 1], nw = 0;
  for (size_t i = 0; i < m;) {
    size_t e = i;
    while (e < m && t[e] != ' ') e++;
    if (nw == ROLE_WORDS) return 0;
    ws[nw] = i;
    we[nw++] = e;
    i = e + 1;
  }
  size_t first = 0, last = nw;
  while (first < last && vb_wl_has(VB_WL_ADDRESS_FORMS, t + ws[first], word_core(t + ws[first], we[first] - ws[first])))
    first++;
  while (last > first && vb_wl_has(VB_WL_ADDRESS_FORMS, t + ws[last - 1], word_core(t + ws[last - 1], we[last - 1] - ws[last - 1])))
    last--;
  if (first == last) return 0;
  /* its head: the word before the first that ends a role read forwards
   * ("of", "in", "with") or after a comma ("Chairman, of …") */
  size_t head = first;
  for (size_t k = first; k < last; k++) {
    size_t len = we[k] - ws[k];
    if (vb_wl_has(VB_WL_ROLE_STOPS, t + ws[k], len)) break;
    head = k;
    if (t[ws[k] + len - 1] == ',') break;
  }
  if (head == first && vb_wl_has(VB_WL_ROLE_STOPS, t + ws[first], we[first] - ws[first])) return 0;
  if (!role_head(t + ws[head], word_core(t + ws[head], we[head] - ws[head]))) return 0;
  size_t end = word_core(t + ws[last - 1], we[last - 1] - ws[last - 1]) + ws[last - 1];
  t[end] = '\0';
  *out = (vb_str){t + ws[first], end - ws[first]};
  return 1;
}
