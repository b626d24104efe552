/* attribute — paragraphs with roles -> speakers and turns.
 * Labels are grouped into one speaker per person ("Ali Baraka", "Baraka",
 * "BARAKA"); titles in labels ("Vice President Joe Biden") and introducing
 * phrases ("Senior Hamas official Ali Baraka") give role and affiliation;
 * unlabelled paragraphs continue the current speaker, and quoted ones after
 * a heading continue the guest; labels and wrapping quote marks are cut
 * from paragraph spans. */
#include "attribute.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "core/wordlist.h"

/* The word lists (titles, role nouns and adjectives, the words that end a
 * role read backwards, hosts, the cues of a debate's moderator) are
 * data/speaker-titles.txt and the other files core/wordlist.h names. */

/* The word ending at e (exclusive) in s, starting after the last space. */
static vb_str last_word(vb_str s) {
  size_t i = s.len;
  while (i > 0 && s.ptr[i - 1] != ' ') i--;
  vb_str w = {s.ptr + i, s.len - i};
  return w;
}

static int str_eq_ci(vb_str a, vb_str b) {
  if (a.len != b.len) return 0;
  for (size_t i = 0; i < a.len; i++)
    if (vb_ascii_lower((unsigned char)a.ptr[i]) != vb_ascii_lower((unsigned char)b.ptr[i]))
      return 0;
  return 1;
}

static int str_eq(vb_str a, vb_str b) { return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0; }

static int one_word(vb_str s) { return memchr(s.ptr, ' ', s.len) == NULL; }

/* Is `small` the trailing words of `big` ("Ali Baraka" in "Senior … Ali Baraka")? */
static int word_suffix_ci(vb_str big, vb_str small) {
  if (small.len == 0 || small.len > big.len) return 0;
  vb_str tail = {big.ptr + big.len - small.len, small.len};
  if (!str_eq_ci(tail, small)) return 0;
  return small.len == big.len || big.ptr[big.len - small.len - 1] == ' ';
}

typedef struct cand {
  vb_str name, title; /* title: "Vice President" stripped from the label */
  uint32_t first;     /* body offset of first appearance */
  int host;
  int32_t index;      /* final speaker index */
  VB_VEC(vb_str) aliases;
} cand;

typedef struct att {
  vb_doc *doc;
  const char *s;
  vb_err *err;
  VB_VEC(cand) cands;
  int32_t *para_cand; /* candidate of each labelled paragraph, or -1 */
} att;

static int add_alias(att *A, cand *c, vb_str alias) {
  if (str_eq(alias, c->name)) return VB_OK;
  for (uint32_t i = 0; i < c->aliases.n; i++)
    if (str_eq(c->aliases.v[i], alias)) return VB_OK;
  vb_str *a = VB_VEC_PUSH(A->doc->arena, c->aliases);
  if (!a) return vb_err_set(A->err, VB_ENOMEM, A->doc->path, -1, "out of memory");
  *a = alias;
  return VB_OK;
}

/* "D. Valeyev" is "Dinar Valeyev": the same last word, the initial of the
 * first. */
static int initial_form(vb_str a, vb_str b) {
  if (one_word(a) || one_word(b)) return 0;
  vb_str la = last_word(a), lb = last_word(b);
  if (!str_eq_ci(la, lb)) return 0;
  const vb_str *ini = a.len >= 2 && a.ptr[1] == '.' ? &a : b.len >= 2 && b.ptr[1] == '.' ? &b : NULL;
  const vb_str *full = ini == &a ? &b : &a;
  return ini && vb_ascii_lower((unsigned char)ini->ptr[0]) == vb_ascii_lower((unsigned char)full->ptr[0]) &&
         ini->len - la.len <= 3;
}

/* The candidate a label names, created if new: one speaker per person,
 * whatever title or role the label gives ("President of Russia Vladimir
 * Putin", "Vladimir Putin", "Putin"). Returns its index, -1 on OOM, -2 at
 * the speaker limit. */
static int32_t resolve_label(att *A, vb_str label, vb_str name, vb_str title, int host,
                             uint32_t pos) {
  for (uint32_t i = 0; i < A->cands.n; i++) {
    cand *c = &A->cands.v[i];
    int match = str_eq_ci(name, c->name) || str_eq_ci(label, c->name);
    for (uint32_t k = 0; k < c->aliases.n && !match; k++)
      match = str_eq_ci(label, c->aliases.v[k]) || str_eq_ci(name, c->aliases.v[k]);
    if (!match && !c->host && !host && one_word(name) && !one_word(c->name))
      match = str_eq_ci(name, last_word(c->name));
    if (!match && !c->host && !host && initial_form(name, c->name)) {
      match = 1;
      if (name.len > c->name.len) { /* the full first name wins */
        vb_str old = c->name;
        c->name = name;
        if (add_alias(A, c, old)) return -1;
      }
    }
    if (!match && !c->host && !host && one_word(c->name) && !one_word(name) &&
        str_eq_ci(c->name, last_word(name))) {
      /* "Baraka" first, "Ali Baraka" later: the fuller name wins */
      vb_str old = c->name;
      c->name = name;
      if (add_alias(A, c, old)) return -1;
      match = 1;
    }
    if (match) {
      if (!str_eq(label, c->name) && add_alias(A, c, label)) return -1;
      if (!str_eq(name, c->name) && !str_eq(name, label) && add_alias(A, c, name)) return -1;
      if (pos < c->first) c->first = pos;
      if (!c->title.ptr && title.ptr) c->title = title;
      c->host |= host;
      return (int32_t)i;
    }
  }
  if (A->cands.n >= VB_MAX_SPEAKERS) return -2;
  cand *c = VB_VEC_PUSH(A->doc->arena, A->cands);
  if (!c) return -1;
  memset(c, 0, sizeof *c);
  c->name = name;
  c->title = title;
  c->first = pos;
  c->host = host;
  if (!str_eq(label, name) && add_alias(A, c, label)) return -1;
  return (int32_t)(A->cands.n - 1);
}

/* "Senior Hamas Official Ali Baraka" -> "Ali Baraka": the words after the
 * last role word. */
static vb_str name_after_role(vb_str label) {
  size_t start = label.len, we = label.len;
  while (we > 0) {
    size_t ws = we;
    while (ws > 0 && label.ptr[ws - 1] != ' ') ws--;
    const char *w = label.ptr + ws;
    size_t wl = we - ws;
    if (we != label.len &&
        (vb_wl_has(VB_WL_ROLE_NOUNS, w, wl) || vb_wl_has(VB_WL_ROLE_ADJECTIVES, w, wl) ||
         vb_wl_has(VB_WL_TITLES, w, wl)))
      break;
    start = ws;
    if (ws == 0) break;
    we = ws - 1;
  }
  vb_str name = {label.ptr + start, label.len - start};
  return name;
}

/* The title's "Senior Hamas Official Ali Baraka": whose name ends it? */
static int32_t resolve_title_label(att *A, vb_str label, uint32_t pos) {
  int32_t best = -1;
  size_t best_len = 0;
  for (uint32_t i = 0; i < A->cands.n; i++) {
    cand *c = &A->cands.v[i];
    if (c->host) continue;
    if (word_suffix_ci(label, c->name) && c->name.len > best_len) {
      best = (int32_t)i;
      best_len = c->name.len;
    } else if (!best_len && one_word(c->name) == 0 &&
               str_eq_ci(last_word(label), last_word(c->name))) {
      best = (int32_t)i;
    }
  }
  vb_str name = name_after_role(label);
  if (best >= 0) {
    cand *c = &A->cands.v[best];
    if (pos < c->first) c->first = pos;
    if (one_word(c->name) && !one_word(name) && str_eq_ci(last_word(name), c->name)) {
      /* "Haddad:" in the transcript, "Cleric Yusuf Haddad:" in the title */
      vb_str old = c->name;
      c->name = name;
      if (add_alias(A, c, old)) return -1;
    }
    return best;
  }
  /* "Radio Interview: Harbour Strike" names no one who speaks here */
  return -1;
}

/* Role and affiliation from "<role phrase> <Full Name>" in [b, e). */
static void role_before(att *A, cand *c, uint32_t b, uint32_t e) {
  const char *s = A->s;
  vb_str nm = c->name;
  uint32_t i = b;
  while (i + nm.len <= e) {
    const char *hit = NULL;
    for (uint32_t k = i; k + nm.len <= e; k++)
      if (s[k] == nm.ptr[0] && memcmp(s + k, nm.ptr, nm.len) == 0) {
        hit = s + k;
        break;
      }
    if (!hit) return;
    uint32_t pos = (uint32_t)(hit - s);
    i = pos + (uint32_t)nm.len;
    /* walk back over role words */
    uint32_t rb = pos, we = pos;
    int has_noun = 0;
    while (we > b && s[we - 1] == ' ') {
      uint32_t ws = we - 1;
      while (ws > b && s[ws - 1] != ' ' && s[ws - 1] != '\n') ws--;
      uint32_t wl = we - 1 - ws;
      if (wl == 0) break;
      const char *w = s + ws;
      char last = w[wl - 1];
      if (last == ',' || last == '.' || last == ';' || last == ':' || last == ')') break;
      int32_t cp;
      vb_utf8_next(s, e, ws, &cp);
      int noun = vb_wl_has(VB_WL_ROLE_NOUNS, w, wl);
      int adj = vb_wl_has(VB_WL_ROLE_ADJECTIVES, w, wl);
      if (!noun && !adj && !vb_cp_is_upper(cp)) break;
      if (!noun && !adj && !vb_wl_has(VB_WL_TITLES, w, wl) && vb_wl_has(VB_WL_ROLE_STOPS, w, wl))
        break;
      has_noun |= noun;
      rb = ws;
      we = ws;
    }
    if (!has_noun || rb == pos) continue;
    uint32_t re = pos;
    while (re > rb && s[re - 1] == ' ') re--;
    c->title.ptr = NULL; /* an introducing phrase beats a label's title */
    A->doc->speakers.v[c->index].role.ptr = s + rb;
    A->doc->speakers.v[c->index].role.len = re - rb;
    /* affiliation: first run of capitalised words that are not role words */
    uint32_t k = rb, ab = 0, ae = 0;
    while (k < re) {
      uint32_t ke = k;
      while (ke < re && s[ke] != ' ') ke++;
      int32_t cp;
      vb_utf8_next(s, re, k, &cp);
      int plain = vb_cp_is_upper(cp) && !vb_wl_has(VB_WL_ROLE_NOUNS, s + k, ke - k) &&
                  !vb_wl_has(VB_WL_ROLE_ADJECTIVES, s + k, ke - k) &&
                  !vb_wl_has(VB_WL_TITLES, s + k, ke - k);
      if (plain) {
        if (!ae) ab = k;
        ae = ke;
      } else if (ae) {
        break;
      }
      k = ke + 1;
    }
    if (ae) {
      A->doc->speakers.v[c->index].affiliation.ptr = s + ab;
      A->doc->speakers.v[c->index].affiliation.len = ae - ab;
    }
    vb_str role = A->doc->speakers.v[c->index].role;
    for (uint32_t x = 0; x < role.len;) {
      uint32_t xe = x;
      while (xe < role.len && role.ptr[xe] != ' ') xe++;
      if (vb_wl_has(VB_WL_HOSTS, role.ptr + x, xe - x)) A->doc->speakers.v[c->index].host = 1;
      x = xe + 1;
    }
    return;
  }
}

static int collect_speakers(att *A) {
  vb_doc *d = A->doc;
  A->para_cand = vb_arena_alloc(d->arena, (d->paras.n + 1) * sizeof *A->para_cand);
  if (!A->para_cand) return vb_err_set(A->err, VB_ENOMEM, d->path, -1, "out of memory");
  for (uint32_t i = 0; i < d->paras.n; i++) {
    vb_para *p = &d->paras.v[i];
    A->para_cand[i] = -1;
    if (p->role != VB_ROLE_TRANSCRIPT) continue;
    vb_str label = {0}, name = {0}, title = {0};
    int host = 0;
    if (p->voice.ptr) {
      label = name = p->voice;
      vb_label_parts parts;
      if (vb_label_parse(p->voice.ptr, 0, (uint32_t)p->voice.len, &parts)) {
        name.ptr = p->voice.ptr + parts.name_b;
        name.len = parts.name_e - parts.name_b;
        if (parts.role_e > parts.role_b) {
          title.ptr = p->voice.ptr + parts.role_b;
          title.len = parts.role_e - parts.role_b;
        }
        host = parts.host;
      }
    } else if (p->label_end > p->label_start) {
      label = vb_doc_slice(d, p->label_start, p->label_end);
      name = vb_doc_slice(d, p->label.name_b, p->label.name_e);
      if (p->label.role_e > p->label.role_b) title = vb_doc_slice(d, p->label.role_b, p->label.role_e);
      host = p->label.host;
    }
    if (!label.ptr) continue;
    int32_t c = resolve_label(A, label, name, title, host, p->start);
    if (c == -1) return vb_err_set(A->err, VB_ENOMEM, d->path, p->start, "out of memory");
    if (c == -2)
      return vb_err_set(A->err, VB_ELIMIT, d->path, p->start, "more than %u speakers",
                        VB_MAX_SPEAKERS);
    A->para_cand[i] = c;
  }
  return VB_OK;
}

/* How far into the body a proper-case spelling of a name is looked for. */
#define CASE_SEARCH_BYTES 65536u

static int has_lower(vb_str s) {
  for (size_t i = 0; i < s.len;) {
    int32_t cp;
    i += vb_utf8_next(s.ptr, s.len, i, &cp);
    if (vb_cp_is_lower(cp)) return 1;
  }
  return 0;
}

vb_str vb_attr_proper_case(const vb_doc *doc, vb_str name) {
  const vb_str body = doc->view.body;
  size_t lim = body.len < CASE_SEARCH_BYTES ? body.len : CASE_SEARCH_BYTES;
  if (has_lower(name) || name.len < 4 || name.len > VB_MAX_LABEL_BYTES) return name;
  char z[VB_MAX_LABEL_BYTES + 1];
  memcpy(z, name.ptr, name.len);
  z[name.len] = '\0';
  size_t from = 0;
  while (from < lim) {
    long at = vb_find_ci(body.ptr + from, lim - from, z);
    if (at < 0) break;
    vb_str cand_sp = {body.ptr + from + (size_t)at, name.len};
    from += (size_t)at + name.len;
    if (has_lower(cand_sp)) return cand_sp;
  }
  return name;
}

/* "KAI LINDQVIST:" labels, "Ambassador Kai Lindqvist spoke" in the text:
 * the name takes the text's spelling, the label stays as an alias. */
static int proper_case_names(att *A) {
  for (uint32_t k = 0; k < A->cands.n; k++) {
    cand *c = &A->cands.v[k];
    if (c->host) continue;
    vb_str proper = vb_attr_proper_case(A->doc, c->name);
    if (proper.ptr == c->name.ptr) continue;
    vb_str old = c->name;
    c->name = proper;
    if (add_alias(A, c, old)) return vb_err_set(A->err, VB_ENOMEM, A->doc->path, -1, "out of memory");
  }
  return VB_OK;
}

static int order_speakers(att *A, int32_t title_cand) {
  vb_doc *d = A->doc;
  uint32_t n = A->cands.n;
  /* selection by first appearance: n is small */
  for (uint32_t k = 0; k < n; k++) A->cands.v[k].index = -1;
  for (uint32_t rank = 0; rank < n; rank++) {
    int32_t best = -1;
    for (uint32_t k = 0; k < n; k++)
      if (A->cands.v[k].index < 0 && (best < 0 || A->cands.v[k].first < A->cands.v[best].first))
        best = (int32_t)k;
    cand *c = &A->cands.v[best];
    c->index = (int32_t)rank;
    vb_speaker *sp = VB_VEC_PUSH(d->arena, d->speakers);
    if (!sp) return vb_err_set(A->err, VB_ENOMEM, d->path, -1, "out of memory");
    memset(sp, 0, sizeof *sp);
    sp->name = c->name;
    sp->host = c->host;
    for (uint32_t a = 0; a < c->aliases.n; a++) {
      vb_alias *al = VB_VEC_PUSH(d->arena, d->aliases);
      if (!al) return vb_err_set(A->err, VB_ENOMEM, d->path, -1, "out of memory");
      al->speaker = (int32_t)rank;
      al->name = c->aliases.v[a];
    }
  }
  if (title_cand >= 0) d->title_speaker = A->cands.v[title_cand].index;
  return VB_OK;
}

/* Introducing phrases in the title, summary and clip line. */
static void find_roles(att *A) {
  vb_doc *d = A->doc;
  static const uint8_t order[] = {VB_ROLE_SUMMARY, VB_ROLE_CLIP, VB_ROLE_TITLE,
                                  VB_ROLE_TRANSCRIPT};
  for (uint32_t k = 0; k < A->cands.n; k++) {
    cand *c = &A->cands.v[k];
    vb_speaker *sp = &d->speakers.v[c->index];
    if (!one_word(c->name) && !c->host)
      for (size_t o = 0; o < sizeof order && !sp->role.ptr; o++)
        for (uint32_t i = 0; i < d->paras.n && !sp->role.ptr; i++)
          if (d->paras.v[i].role == order[o])
            role_before(A, c, d->paras.v[i].start, d->paras.v[i].end);
    if (!sp->role.ptr && c->title.ptr) sp->role = c->title;
  }
}

/* ---- turns ------------------------------------------------------------- */

typedef struct turn_state {
  int32_t speaker, turn, section, guest;
  int in_quote;
  int quoted;    /* the turn was opened by a label inside a quotation (quoted_label) */
  int32_t outer; /* who spoke before the quoted dialogue began */
} turn_state;

/* Is the paragraph's label inside a quotation: a dialogue quoted inside a
 * speech or an argument, each paragraph of it opening with a mark
 * ("\"Dr. Panofsky: 'Everywhere.", 1) or set apart in a <blockquote> (the
 * testimony a counsel reads, "Question: …" / "Answer: …", 2)? 0 if not. */
static int quoted_label(const char *s, const vb_para *p) {
  if (p->label_end <= p->label_start) return 0;
  if (p->bflags & VB_BLK_QUOTEBOX) return 2;
  if (p->label_start <= p->start) return 0;
  return vb_open_quote_at(s, p->label_start, p->start) != 0;
}

/* Does a paragraph without a label end the quoted dialogue before it? */
static int quote_ends(const char *s, const turn_state *st, const vb_para *p) {
  if (st->quoted == 2) return !(p->bflags & VB_BLK_QUOTEBOX);
  return st->quoted == 1 && !st->in_quote && !vb_open_quote_at(s, p->end, p->start);
}

static int count_dquotes(const char *s, uint32_t b, uint32_t e) {
  int n = 0;
  for (uint32_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"') n++;
    else if (c == 0xE2 && i + 2 < e && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
      n++;
  }
  return n;
}

static int start_turn(att *A, turn_state *st, int32_t speaker, const vb_para *p) {
  vb_doc *d = A->doc;
  if (d->turns.n >= VB_MAX_TURNS)
    return vb_err_set(A->err, VB_ELIMIT, d->path, p->start, "more than %u turns", VB_MAX_TURNS);
  vb_turn *t = VB_VEC_PUSH(d->arena, d->turns);
  uint32_t *p0 = t ? VB_VEC_PUSH(d->arena, d->turn_para0) : NULL;
  if (!t || !p0) return vb_err_set(A->err, VB_ENOMEM, d->path, p->start, "out of memory");
  memset(t, 0, sizeof *t);
  t->speaker = speaker;
  t->section = st->section;
  t->start = p->start;
  t->end = p->end;
  t->time = p->time;
  *p0 = d->paragraphs.n;
  st->turn = (int32_t)(d->turns.n - 1);
  st->speaker = speaker;
  if (speaker >= 0 && !d->speakers.v[speaker].host) st->guest = speaker;
  return VB_OK;
}

static int add_paragraph(att *A, turn_state *st, const vb_para *p) {
  vb_doc *d = A->doc;
  const char *s = A->s;
  uint32_t b = p->text_start, e = p->end;
  /* A quote opens here when the paragraph starts with a mark that is not
   * matched inside it; it closes on the paragraph whose last mark is left
   * unmatched: "a … b." / "c … d." / "e … f." closes only on the last. */
  size_t oq = vb_open_quote_at(s, e, b);
  size_t cq = vb_close_quote_before(s, e);
  if (oq && ((count_dquotes(s, b, e) & 1) || cq)) {
    b += (uint32_t)oq;
    st->in_quote = 1;
  }
  cq = vb_close_quote_before(s, e);
  if (cq && st->in_quote && e - cq >= b && (count_dquotes(s, b, e) & 1)) {
    e -= (uint32_t)cq;
    st->in_quote = 0;
  }
  while (e > b && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
  if (e <= b) return VB_OK; /* nothing but a label or quote marks */
  vb_paragraph *pp = VB_VEC_PUSH(d->arena, d->paragraphs);
  if (!pp) return vb_err_set(A->err, VB_ENOMEM, d->path, p->start, "out of memory");
  pp->start = b;
  pp->end = e;
  vb_turn *t = &d->turns.v[st->turn];
  t->nparagraphs++;
  t->end = e;
  if (p->time.start >= 0) {
    if (t->time.start < 0 || p->time.start < t->time.start) t->time.start = p->time.start;
    if (p->time.end > t->time.end) t->time.end = p->time.end;
  }
  return VB_OK;
}

/* A paragraph that is one bracketed note and nothing else ("[Whereupon, at
 * 4:30 p.m., the argument was recessed.]", "[Laughter]"): the reporter's
 * or the editor's words, not the speaker's. */
static int bracketed_note(const char *s, const vb_para *p) {
  uint32_t b = p->text_start, e = p->end;
  while (e > b && vb_is_ascii_space((unsigned char)s[e - 1])) e--;
  if (e - b < 3 || s[b] != '[' || s[e - 1] != ']') return 0;
  int depth = 0, letters = 0;
  for (uint32_t i = b; i < e; i++) {
    if (s[i] == '[') depth++;
    else if (s[i] == ']' && --depth == 0 && i + 1 < e) return 0; /* "[a] text [b]" */
    else if (((unsigned char)s[i] | 0x20) >= 'a' && ((unsigned char)s[i] | 0x20) <= 'z') letters = 1;
  }
  return letters;
}

static int build_turns(att *A, int32_t fallback_guest) {
  vb_doc *d = A->doc;
  const char *s = A->s;
  turn_state st = {-1, -1, -1, fallback_guest, 0, 0, -1};
  int after_heading = 0;
  int32_t resume = -1; /* the speaker a reporter's note interrupted */
  int after_note = 0;
  for (uint32_t i = 0; i < d->paras.n; i++) {
    const vb_para *p = &d->paras.v[i];
    if (p->role == VB_ROLE_HEADING) {
      st.section++;
      after_heading = 1;
      continue;
    }
    if (p->role != VB_ROLE_TRANSCRIPT) continue;
    int rc;
    int32_t c = A->para_cand[i];
    int qlabel = c >= 0 && quoted_label(s, p);
    if (qlabel && !st.quoted) st.outer = st.speaker;
    if (c < 0 && !p->change && !st.in_quote && bracketed_note(s, p)) {
      /* a note of its own, spoken by no one; the speech it interrupted
       * goes on after it */
      if (!after_note) resume = st.speaker;
      if ((rc = start_turn(A, &st, -1, p)) || (rc = add_paragraph(A, &st, p))) return rc;
      after_note = 1;
      after_heading = 0;
      continue;
    }
    if (c >= 0) {
      st.in_quote = 0;
      rc = start_turn(A, &st, A->cands.v[c].index, p);
    } else if (after_note && !p->change) {
      rc = start_turn(A, &st, resume, p);
    } else if (p->change) {
      st.in_quote = 0;
      rc = start_turn(A, &st, -1, p);
    } else if (quote_ends(s, &st, p)) {
      /* the quoted dialogue ended: a paragraph that does not open with a
       * quotation mark is the voice that quoted it, not its last speaker */
      st.in_quote = 0;
      st.quoted = 0;
      rc = start_turn(A, &st, st.outer, p);
    } else if (st.turn < 0 || after_heading) {
      int quoted = vb_open_quote_at(s, p->end, p->text_start) != 0;
      int32_t who = st.speaker;
      if ((who < 0 || d->speakers.v[who].host) && quoted && st.guest >= 0) who = st.guest;
      /* A heading inside a speech (a pull quote set between its paragraphs,
       * the motion a chair reads out under "Motion No. 6") does not end it:
       * a paragraph with no label of its own goes on with the turn before
       * the heading when it is the same speaker's. The heading stays a
       * section whose start falls inside the turn. */
      if (st.turn >= 0 && who >= 0 && who == st.speaker) rc = VB_OK;
      else rc = start_turn(A, &st, who, p);
    } else {
      rc = VB_OK;
    }
    if (rc) return rc;
    if (c >= 0 || p->change) st.quoted = qlabel;
    after_heading = 0;
    after_note = 0;
    if ((rc = add_paragraph(A, &st, p))) return rc;
  }
  /* drop turns that kept no paragraph (a label with nothing after it) */
  uint32_t w = 0;
  for (uint32_t t = 0; t < d->turns.n; t++) {
    if (d->turns.v[t].nparagraphs == 0) continue;
    d->turns.v[w] = d->turns.v[t];
    d->turn_para0.v[w] = d->turn_para0.v[t];
    w++;
  }
  d->turns.n = d->turn_para0.n = w;
  return VB_OK;
}

/* Does s[0..n) hold a cue of data/debate-host-cues.txt whose value is
 * kind, followed by a space and name when name.ptr is set? */
static int host_cue(const char *s, size_t n, const char *kind, vb_str name) {
  for (size_t i = 0; i < vb_wl_count(VB_WL_HOST_CUES); i++) {
    const char *says, *word = vb_wl_entry(VB_WL_HOST_CUES, i, &says);
    char cue[64];
    if (strcmp(says, kind) || snprintf(cue, sizeof cue, name.ptr ? "%s " : "%s", word) >= (int)sizeof cue) continue;
    long at = vb_find_ci(s, n, cue);
    size_t after = at < 0 ? 0 : (size_t)at + strlen(cue);
    if (at >= 0 && (!name.ptr || (after + name.len <= n && memcmp(s + after, name.ptr, name.len) == 0))) return 1;
  }
  return 0;
}

/* A debate has no "Moderator:" label, but its moderator opens it:
 * "Good evening … I'm Chris Wallace … I welcome you to the first …"
 * (the cues: data/debate-host-cues.txt). */
static void opening_host(vb_doc *d) {
  if (!d->turns.n || d->turns.v[0].speaker < 0) return;
  for (uint32_t i = 0; i < d->speakers.n; i++)
    if (d->speakers.v[i].host) return;
  const vb_turn *t = &d->turns.v[0];
  vb_speaker *sp = &d->speakers.v[t->speaker];
  const vb_paragraph *p = &d->paragraphs.v[d->turn_para0.v[0]];
  const char *s = d->view.body.ptr + p->start;
  size_t n = p->end - p->start;
  vb_str none = {0};
  if (host_cue(s, n, "greeting", none) && (host_cue(s, n, "introduction", sp->name) || host_cue(s, n, "role", none)))
    sp->host = 1;
}

/* A section quotes the first guest whose turn opens in it or goes on
 * across its heading. */
static void sections_quote_of(vb_doc *d) {
  for (uint32_t t = 0; t < d->turns.n; t++) {
    const vb_turn *tr = &d->turns.v[t];
    if (tr->speaker < 0 || d->speakers.v[tr->speaker].host) continue;
    for (uint32_t k = tr->section < 0 ? 0 : (uint32_t)tr->section; k < d->sections.n; k++) {
      vb_section *sec = &d->sections.v[k];
      if ((int32_t)k != tr->section && sec->start >= tr->end) break;
      if ((int32_t)k != tr->section && sec->start <= tr->start) continue;
      if (sec->quote_of < 0) sec->quote_of = tr->speaker;
    }
  }
}

int32_t vb_attr_find_speaker(const vb_doc *doc, const char *name, size_t len) {
  vb_str q = {name, len};
  /* a group (vb_speaker.group) is no one a name finds */
  for (uint32_t i = 0; i < doc->speakers.n; i++) {
    const vb_speaker *sp = &doc->speakers.v[i];
    if (!sp->group && str_eq_ci(q, sp->name)) return (int32_t)i;
  }
  for (uint32_t i = 0; i < doc->aliases.n; i++)
    if (str_eq_ci(q, doc->aliases.v[i].name)) return doc->aliases.v[i].speaker;
  for (uint32_t i = 0; i < doc->speakers.n; i++) {
    const vb_speaker *sp = &doc->speakers.v[i];
    if (sp->group) continue;
    if (!sp->host && !one_word(sp->name) && one_word(q) && str_eq_ci(q, last_word(sp->name)))
      return (int32_t)i;
    if (!sp->host && word_suffix_ci(q, sp->name)) return (int32_t)i;
  }
  return -1;
}

int vb_attribute(vb_doc *doc, vb_err *err) {
  att A;
  memset(&A, 0, sizeof A);
  A.doc = doc;
  A.s = doc->view.body.ptr;
  A.err = err;
  int rc = collect_speakers(&A);
  if (rc) return rc;
  int32_t title_cand = -1;
  for (uint32_t i = 0; i < doc->paras.n; i++) {
    const vb_para *p = &doc->paras.v[i];
    if (p->role != VB_ROLE_TITLE || p->label_end <= p->label_start) continue;
    title_cand = resolve_title_label(&A, vb_doc_slice(doc, p->label_start, p->label_end), p->start);
    if (title_cand < 0 && A.err->code) return A.err->code;
    if (title_cand >= 0) {
      doc->title_claim.start = p->text_start;
      doc->title_claim.end = p->end;
    }
    break;
  }
  if ((rc = proper_case_names(&A))) return rc;
  if ((rc = order_speakers(&A, title_cand))) return rc;
  find_roles(&A);
  if ((rc = build_turns(&A, doc->title_speaker))) return rc;
  opening_host(doc);
  sections_quote_of(doc);
  return VB_OK;
}
