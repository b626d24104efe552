/* lexicon — see lexicon.h. Loading reads iso-codes' JSON with jansson and
 * its gettext catalogues (.mo) directly; names become word sequences in a
 * trie whose failure links make it an Aho–Corasick automaton over words. */
#include "lexicon.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <dirent.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "extract.h"

/* A gettext catalogue is a few hundred kB; refuse anything far larger. */
#define MAX_MO_BYTES (8u << 20)
#define MAX_ISO_JSON_BYTES (16u << 20)
/* Distinct words in all names: ids fit 24 bits, classes take the rest. */
#define VB_MAX_WORDS ((1u << 24) - 1)
/* A name longer than this many words is a sentence, not a name. */
#define MAX_NAME_WORDS 12

static const char *const type_names[VB_NETYPES] = {"PERSON", "ORG", "PLACE", "GROUP"};

const char *vb_etype_name(vb_etype t) {
  return (unsigned)t < VB_NETYPES ? type_names[t] : "?";
}

int vb_etype_parse(const char *s, size_t n) {
  for (int t = 0; t < VB_NETYPES; t++)
    if (vb_eq_ci(s, n, type_names[t])) return t;
  if (vb_eq_ci(s, n, "ORGANISATION") || vb_eq_ci(s, n, "ORGANIZATION")) return VB_ENT_ORG;
  return -1;
}

/* ---- the trie and automaton ---------------------------------------- */

static uint32_t new_state(vb_lexicon *lx) {
  uint32_t id = lx->out.n;
  uint32_t *o = VB_VEC_PUSH(lx->arena, lx->out);
  uint32_t *c = VB_VEC_PUSH(lx->arena, lx->child);
  uint32_t *s = VB_VEC_PUSH(lx->arena, lx->sibling);
  if (!o || !c || !s) return VB_MAP_NONE;
  *o = *c = *s = VB_MAP_NONE;
  return id;
}

uint32_t vb_lexicon_word(const vb_lexicon *lx, const char *key, size_t n) {
  uint32_t w = vb_map_get(&lx->words, key, n);
  return w == VB_MAP_NONE ? 0 : w;
}

uint32_t vb_lexicon_step(const vb_lexicon *lx, uint32_t state, uint32_t wid) {
  if (!wid) return 0;
  for (;;) {
    uint32_t nx = vb_imap_get(&lx->edges, (uint64_t)state << 32 | wid);
    if (nx != VB_MAP_NONE) return nx;
    if (state == 0) return 0;
    state = lx->fail.v[state];
  }
}

unsigned vb_lexicon_class(const vb_lexicon *lx, const char *light, size_t n) {
  uint32_t c = vb_map_get(&lx->classes, light, n);
  return c == VB_MAP_NONE ? 0 : c;
}

static int oom(vb_err *err, const char *where) {
  return vb_err_set(err, VB_ENOMEM, where, -1, "out of memory building the lexicon");
}

/* Splits a name into pattern words the way the matcher splits text:
 * articles before another word dropped, a possessive "s" dropped, a
 * leading "the" dropped. Fills light (joined) and word ids (created). */
static int pattern_words(vb_lexicon *lx, const char *s, size_t n, uint32_t *wids, size_t *nw,
                         vb_buf *light, unsigned *acronym, unsigned *capitals, int title) {
  size_t i = 0, ws, we, k = 0;
  int letters = 0, lower = 0, upper = 0, inner_any = 0;
  unsigned inner_caps = 0;
  *capitals = 0;
  while (vb_word_next(s, n, i, &ws, &we)) {
    i = we;
    int first = 1, cap = 0, inner = 0;
    for (size_t j = ws; j < we; first = 0) {
      int32_t cp;
      j += vb_utf8_next(s, we, j, &cp);
      if (vb_cp_is_letter(cp)) letters++;
      if (vb_cp_is_lower(cp)) lower++;
      if (vb_cp_is_upper(cp)) {
        upper++;
        if (first) cap = 1;
        else inner = inner_any = 1;
      }
    }
    vb_word_form f;
    if (vb_word_forms(s + ws, we - ws, &f)) return 1;
    if (ws > 0 && s[ws - 1] == '\'' && f.llen == 1 && f.light[0] == 's') continue;
    size_t a, b;
    int more = vb_word_next(s, n, we, &a, &b) != 0;
    if (more && vb_word_is_article(f.light, f.llen, we < n && s[we] == '-')) continue;
    if (more && k == 0 && f.llen == 3 && memcmp(f.light, "the", 3) == 0) continue;
    if (k == MAX_NAME_WORDS) return 1;
    if (cap) *capitals |= 1u << k;
    if (inner) inner_caps |= 1u << k;
    int found = 0;
    if (lx->words.n >= VB_MAX_WORDS) return 1; /* ids share 32 bits with classes */
    uint32_t id = vb_map_put(&lx->words, f.key, f.klen, (uint32_t)lx->words.n + 1, &found);
    if (id == VB_MAP_NONE) return -1;
    /* a word the name writes in lowercase (or a title, any case) is
     * looked up by its light form in lowercase text */
    if ((!cap || title) && vb_map_set(&lx->lower, f.light, f.llen, id)) return -1;
    if ((!cap || title) && k == 0 && f.llen) {
      unsigned bit = vb_sig(f.light, f.llen);
      lx->start_sig[bit >> 6] |= 1ull << (bit & 63);
    }
    wids[k++] = id;
    if (light->len) vb_buf_addc(light, ' ');
    vb_buf_add(light, f.light, f.llen);
  }
  *nw = k;
  /* Arabic has no case: only letters written in capitals make an acronym;
   * in a name of other words, only its words with capitals inside are
   * ("AIDS" of the Global Fund to Fight AIDS, Tuberculosis and Malaria) */
  *acronym = (letters >= 2 && lower == 0 && upper > 0) ? (1u << k) - 1 : inner_caps;
  /* capitals only in a word left out of the pattern ("UN" of "UN-Women",
   * read as an article): every word in capitals, or "Women" alone would
   * match */
  if (!*acronym && inner_any) *acronym = (1u << k) - 1;
  return light->failed ? -1 : 0;
}

/* iso-codes writes some names inverted: "Iran, Islamic Republic of". The
 * part before the comma is the name people say, unless two countries
 * share it ("Korea, Republic of" and "Korea, Democratic People's …"). */
static size_t before_comma(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ',') return i;
    if (i + 1 < n && (unsigned char)s[i] == 0xd8 && (unsigned char)s[i + 1] == 0x8c) return i; /* ، */
  }
  return n;
}

/* Does the comma at s[comma] begin a series the name goes on to close with
 * " and " ("Educational, Scientific and Cultural"), every comma followed
 * by a space and a capital, and none of the inverted forms ("Korea,
 * Republic of")? */
static int series(const char *s, size_t n, size_t comma) {
  int and_after = 0;
  for (size_t i = comma; i < n; i++) {
    if (s[i] == ',' && (i + 2 >= n || s[i + 1] != ' ' || !vb_is_ascii_upper((unsigned char)s[i + 2]))) return 0;
    if (i + 5 <= n && memcmp(s + i, " and ", 5) == 0) and_after = 1;
  }
  return and_after;
}

/* Adds one surface form of an entry (or a title when entry is NONE). */
static int add_name(vb_lexicon *lx, uint32_t entry, const char *s, size_t n, unsigned flags,
                    vb_err *err) {
  /* "Iran, Islamic Republic of" is never said so; a series of words
   * before "and" is ("Global Fund to Fight AIDS, Tuberculosis and
   * Malaria") */
  size_t comma = before_comma(s, n);
  if (comma < n) {
    if (!series(s, n, comma)) return 0;
    flags |= VB_PAT_SERIES;
  }
  uint32_t wids[MAX_NAME_WORDS];
  size_t nw = 0;
  unsigned acronym = 0, capitals = 0;
  vb_buf light;
  vb_buf_init(&light, 4096);
  int rc = pattern_words(lx, s, n, wids, &nw, &light, &acronym, &capitals,
                         (flags & VB_PAT_TITLE) != 0);
  if (rc < 0) {
    vb_buf_free(&light);
    return oom(err, "lexicon");
  }
  if (rc > 0 || nw == 0 || (nw == 1 && light.len < 2)) {
    vb_buf_free(&light);
    return 0; /* not matchable: too long, or one letter */
  }
  if (acronym && !(flags & VB_PAT_TITLE)) flags |= VB_PAT_ACRONYM;
  for (size_t i = 1; i + 2 < n; i++)
    if (s[i] == 's' && s[i + 1] == ' ' && (s[i - 1] == '\'' || (i >= 3 && memcmp(s + i - 3, "\xe2\x80\x99", 3) == 0)))
      flags |= VB_PAT_POSSESSIVE;
  /* a translation that already names another entry, in English or in an
   * earlier catalogue, is a mistake or ambiguous (one catalogue calls
   * Malaysia "Mexico"; Italian calls the US Miscellaneous Pacific Islands
   * "USA, …"): left out */
  if ((flags & VB_PAT_EXACT) && entry != VB_MAP_NONE) {
    vb_buf lk;
    vb_buf_init(&lk, 4096);
    vb_buf_adds(&lk, vb_etype_name(lx->entries.v[entry].type));
    vb_buf_addc(&lk, '|');
    vb_buf_add(&lk, light.ptr, light.len);
    uint32_t o = lk.failed ? VB_MAP_NONE : vb_map_get(&lx->names, lk.ptr, lk.len);
    vb_buf_free(&lk);
    if (o != VB_MAP_NONE && o != entry) {
      vb_buf_free(&light);
      return 0;
    }
  }
  uint32_t st = 0;
  for (size_t i = 0; i < nw; i++) {
    uint64_t edge = (uint64_t)st << 32 | wids[i];
    uint32_t nx = vb_imap_get(&lx->edges, edge);
    if (nx == VB_MAP_NONE) {
      nx = new_state(lx);
      if (nx == VB_MAP_NONE || vb_imap_set(&lx->edges, edge, nx)) {
        vb_buf_free(&light);
        return oom(err, "lexicon");
      }
      lx->sibling.v[nx] = lx->child.v[st];
      lx->child.v[st] = nx;
    }
    st = nx;
  }
  for (uint32_t p = lx->out.v[st]; p != VB_MAP_NONE; p = lx->patterns.v[p].next) {
    vb_lex_pattern *q = &lx->patterns.v[p];
    if (q->entry == entry && (q->flags & VB_PAT_TITLE) == (flags & VB_PAT_TITLE) &&
        strcmp(q->light, light.ptr) == 0) {
      /* the same name twice; a word one spelling writes in lowercase
       * need not be capitalised ("Doctors without Borders" beside
       * "Doctors Without Borders") */
      q->capitals &= capitals;
      q->acronyms &= (uint16_t)acronym;
      vb_buf_free(&light);
      return 0;
    }
  }
  vb_lex_pattern *pat = VB_VEC_PUSH(lx->arena, lx->patterns);
  char *l = pat ? vb_arena_strndup(lx->arena, light.ptr, light.len) : NULL;
  vb_buf_free(&light);
  if (!l) return oom(err, "lexicon");
  pat->entry = entry;
  pat->light = l;
  pat->nwords = (uint16_t)nw;
  pat->capitals = (uint16_t)capitals;
  pat->acronyms = (uint16_t)acronym;
  pat->flags = (uint8_t)flags;
  pat->next = lx->out.v[st];
  lx->out.v[st] = lx->patterns.n - 1;
  if (entry == VB_MAP_NONE) return 0;
  /* the exact spelling finds the entry too ("TYPE|light words") */
  vb_buf lk;
  vb_buf_init(&lk, 4096);
  vb_buf_adds(&lk, vb_etype_name(lx->entries.v[entry].type));
  vb_buf_addc(&lk, '|');
  vb_buf_adds(&lk, l);
  int bad = lk.failed || vb_map_put(&lx->names, lk.ptr, lk.len, entry, NULL) == VB_MAP_NONE;
  vb_buf_free(&lk);
  if (bad) return oom(err, "lexicon");
  /* identity: the name's key finds the entry (the first entry wins) */
  vb_buf key;
  vb_buf_init(&key, 4096);
  const char *tn = vb_etype_name(lx->entries.v[entry].type);
  vb_buf_adds(&key, tn);
  vb_buf_addc(&key, ':');
  size_t off = key.len;
  if (vb_entity_key(s, n, &key) ||
      vb_map_put(&lx->names, key.ptr, key.len, entry, NULL) == VB_MAP_NONE ||
      vb_map_put(&lx->names, key.ptr + off, key.len - off, entry, NULL) == VB_MAP_NONE) {
    vb_buf_free(&key);
    return oom(err, "lexicon");
  }
  vb_buf_free(&key);
  return 0;
}

int vb_lexicon_own_key(vb_buf *key, const char *name, size_t n) {
  vb_buf_addc(key, '/');
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)name[i];
    if (vb_is_ascii_alpha(ch) || ch >= 0x80) vb_buf_addc(key, (char)(vb_is_ascii_upper(ch) ? ch + 32 : ch));
  }
  return key->failed ? -1 : 0;
}

static uint32_t new_entry(vb_lexicon *lx, vb_etype type, const char *name, size_t n) {
  vb_lex_entry *e = VB_VEC_PUSH(lx->arena, lx->entries);
  if (!e) return VB_MAP_NONE;
  e->type = type;
  e->name = vb_arena_strndup(lx->arena, name, n);
  vb_buf key;
  vb_buf_init(&key, 4096);
  vb_buf_adds(&key, vb_etype_name(type));
  vb_buf_addc(&key, ':');
  /* a key another entry holds already (Colombo's is Colombia's) is made
   * this entry's own when the lexicon is compiled (unique_keys) */
  int rc = vb_entity_key(name, n, &key);
  e->ckey = rc ? NULL : vb_arena_strndup(lx->arena, key.ptr, key.len);
  vb_buf_free(&key);
  if (!e->name || !e->ckey) return VB_MAP_NONE;
  return lx->entries.n - 1;
}

static void set_name(vb_lexicon *lx, uint32_t entry, const char *name, size_t n) {
  vb_lex_entry *e = &lx->entries.v[entry];
  char *nm = vb_arena_strndup(lx->arena, name, n);
  vb_buf key;
  vb_buf_init(&key, 4096);
  vb_buf_adds(&key, vb_etype_name(e->type));
  vb_buf_addc(&key, ':');
  char *ck = NULL;
  if (!vb_entity_key(name, n, &key)) ck = vb_arena_strndup(lx->arena, key.ptr, key.len);
  vb_buf_free(&key);
  if (nm && ck) {
    e->name = nm;
    e->ckey = ck;
  }
}

/* ---- iso-codes ------------------------------------------------------- */

static const char *env_or(const char *var, const char *dflt) {
  const char *v = getenv(var);
  return v && *v ? v : dflt;
}

static int read_small(const char *path, size_t max, char **out, size_t *len, vb_err *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return vb_err_set(err, VB_EIO, path, -1, "%s", strerror(errno));
  vb_buf b;
  vb_buf_init(&b, max);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (vb_buf_add(&b, chunk, k)) break;
  int bad = ferror(f);
  fclose(f);
  if (b.failed || bad) {
    vb_buf_free(&b);
    return vb_err_set(err, bad ? VB_EIO : VB_ELIMIT, path, -1,
                      bad ? "read error" : "larger than %zu bytes", max);
  }
  *len = b.len;
  *out = vb_buf_detach(&b);
  if (!*out) return oom(err, path);
  return 0;
}

static int shared_prefix(const vb_lexicon *lx, const char *en, size_t n) {
  size_t k = before_comma(en, n);
  uint32_t c = vb_map_get(&lx->english, en, k);
  return k < n && c == VB_MAP_NONE - 1;
}

static int add_english(vb_lexicon *lx, uint32_t entry, const char *s, vb_err *err) {
  if (!s) return 0;
  if (vb_map_put(&lx->english, s, strlen(s), entry, NULL) == VB_MAP_NONE) return oom(err, "iso");
  size_t n = strlen(s), k = before_comma(s, n);
  if (k < n) {
    /* count claims on the short form: VB_MAP_NONE - 1 marks it shared */
    int found = 0;
    uint32_t had = vb_map_put(&lx->english, s, k, entry, &found);
    if (had == VB_MAP_NONE) return oom(err, "iso");
    if (found && had != entry && vb_map_set(&lx->english, s, k, VB_MAP_NONE - 1)) return oom(err, "iso");
  }
  return add_name(lx, entry, s, n, 0, err);
}

/* The short forms, once every country has claimed its own. */
static int add_short_names(vb_lexicon *lx, vb_err *err) {
  for (uint32_t e = 0; e < lx->iso_names.n; e++) {
    const char *nm = lx->iso_names.v[e];
    if (!nm) continue;
    size_t n = strlen(nm), k = before_comma(nm, n);
    if (k == n || shared_prefix(lx, nm, n)) continue;
    /* "Viet-Nam, Democratic Republic of" (a former country) does not take
     * "Viet Nam" from the country of that name */
    uint32_t had = vb_lexicon_find(lx, VB_ENT_PLACE, nm, k);
    if (had != VB_MAP_NONE && had != e) continue;
    int rc = add_name(lx, e, nm, k, 0, err);
    if (rc) return rc;
  }
  return 0;
}

/* One iso-codes list: "3166-1" (countries, by alpha_2) or "3166-3"
 * (former countries, by alpha_4: the Soviet Union, Yugoslavia). */
static int load_iso(vb_lexicon *lx, const char *list_name, const char *code_field, vb_err *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/json/iso_%s.json",
           env_or("VERBATIM_ISO_CODES", "/usr/share/iso-codes"), list_name);
  char *bytes = NULL;
  size_t len = 0;
  int rc = read_small(path, MAX_ISO_JSON_BYTES, &bytes, &len, err);
  if (rc) {
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    vb_err_set(err, rc, path, -1, "%s (countries come from Debian's iso-codes package)", why);
    return rc;
  }
  json_error_t je;
  json_t *root = json_loadb(bytes, len, 0, &je);
  free(bytes);
  json_t *list = root ? json_object_get(root, list_name) : NULL;
  if (!json_is_array(list)) {
    json_decref(root);
    return vb_err_set(err, VB_EFORMAT, path, root ? -1 : je.position,
                      root ? "no \"%s\" list" : "%s", root ? list_name : je.text);
  }
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) {
    const char *code = json_string_value(json_object_get(c, code_field));
    const char *name = json_string_value(json_object_get(c, "name"));
    const char *common = json_string_value(json_object_get(c, "common_name"));
    const char *official = json_string_value(json_object_get(c, "official_name"));
    if (!code || !name || !*code) continue;
    const char *display = common ? common : (!strchr(name, ',') ? name : official ? official : name);
    uint32_t e = new_entry(lx, VB_ENT_PLACE, display, strlen(display));
    if (e == VB_MAP_NONE) {
      json_decref(root);
      return oom(err, path);
    }
    const char *code3 = json_string_value(json_object_get(c, "alpha_3"));
    if (vb_map_set(&lx->codes, code, strlen(code), e) ||
        (code3 && *code3 && vb_map_set(&lx->codes3, code3, strlen(code3), e))) {
      json_decref(root);
      return oom(err, path);
    }
    const char **slot = VB_VEC_PUSH(lx->arena, lx->iso_names);
    while (slot && lx->iso_names.n < lx->entries.n) slot = VB_VEC_PUSH(lx->arena, lx->iso_names);
    if (!slot || !(*slot = vb_arena_strndup(lx->arena, name, strlen(name)))) {
      json_decref(root);
      return oom(err, path);
    }
    if ((rc = add_english(lx, e, name, err)) || (rc = add_english(lx, e, common, err)) ||
        (rc = add_english(lx, e, official, err))) {
      json_decref(root);
      return rc;
    }
  }
  json_decref(root);
  return add_short_names(lx, err);
}

static uint32_t mo_u32(const unsigned char *p, int swap) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return swap ? __builtin_bswap32(v) : v;
}

/* A one-word name whose folded form is an ordinary English word. */
static int ordinary_word(const vb_lexicon *lx, const char *s, size_t n) {
  size_t ws, we, a, b;
  if (!vb_word_next(s, n, 0, &ws, &we) || vb_word_next(s, n, we, &a, &b)) return 0;
  vb_word_form f;
  if (vb_word_light(s + ws, we - ws, &f)) return 0;
  char lower[VB_WORD_MAX];
  for (size_t i = 0; i < f.llen; i++) {
    unsigned char ch = (unsigned char)f.light[i];
    if (ch >= 0x80) return 0;
    lower[i] = (char)(vb_is_ascii_upper(ch) ? ch + 32 : ch);
  }
  return f.llen > 0 && vb_lexicon_common_word(lx, lower, f.llen);
}

/* A gettext catalogue: every msgid that is an English country name adds
 * its translation to that country. Malformed catalogues are skipped
 * whole: they come from outside. */
static int load_mo(vb_lexicon *lx, const char *path, vb_err *err) {
  char *bytes = NULL;
  size_t len = 0;
  vb_err e2 = {0};
  if (read_small(path, MAX_MO_BYTES, &bytes, &len, &e2)) return 0;
  const unsigned char *b = (const unsigned char *)bytes;
  int rc = 0;
  if (len < 28) goto done;
  uint32_t magic = mo_u32(b, 0);
  int swap;
  if (magic == 0x950412deu) swap = 0;
  else if (magic == 0xde120495u) swap = 1;
  else goto done;
  uint32_t count = mo_u32(b + 8, swap), oo = mo_u32(b + 12, swap), to = mo_u32(b + 16, swap);
  if (oo > len || to > len || count > (len - oo) / 8 || count > (len - to) / 8) goto done;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t ol = mo_u32(b + oo + 8 * i, swap), op = mo_u32(b + oo + 8 * i + 4, swap);
    uint32_t tl = mo_u32(b + to + 8 * i, swap), tp = mo_u32(b + to + 8 * i + 4, swap);
    if (op > len || ol > len - op || tp > len || tl > len - tp || !ol || !tl) continue;
    uint32_t e = vb_map_get(&lx->english, bytes + op, ol);
    if (e >= VB_MAP_NONE - 1) continue;
    /* plural forms and contexts never occur here; text must be UTF-8 */
    if (memchr(bytes + tp, '\0', tl)) continue;
    int32_t cp;
    size_t j = 0;
    while (j < tl) {
      j += vb_utf8_next(bytes + tp, tl, j, &cp);
      if (cp == 0xFFFD) break;
    }
    if (j < tl || cp == 0xFFFD) continue;
    /* "إيران، الجمهورية …" -> "إيران", as for the English name */
    size_t k = before_comma(bytes + tp, tl);
    if (k < tl && shared_prefix(lx, bytes + op, ol)) continue;
    /* "Mỹ" (Vietnamese for the United States) and "Ísland" (Icelandic for
     * Iceland) fold to "My" and "Island": a translation that reads as an
     * ordinary English word is left out */
    if (ordinary_word(lx, bytes + tp, k)) continue;
    if ((rc = add_name(lx, e, bytes + tp, k, VB_PAT_EXACT, err))) break;
  }
done:
  free(bytes);
  return rc;
}

static int load_translations(vb_lexicon *lx, vb_err *err) {
  const char *dir = env_or("VERBATIM_LOCALE_DIR", "/usr/share/locale");
  DIR *d = opendir(dir);
  if (!d) return 0; /* English names alone still work */
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = oom(err, dir);
        break;
      }
      names = nn;
    }
    if (!(names[n] = strdup(de->d_name))) {
      rc = oom(err, dir);
      break;
    }
    n++;
  }
  closedir(d);
  /* a fixed order, so the first entry to claim a key is always the same */
  for (size_t i = 0; i + 1 < n && !rc; i++)
    for (size_t j = i + 1; j < n; j++)
      if (strcmp(names[j], names[i]) < 0) {
        char *t = names[i];
        names[i] = names[j];
        names[j] = t;
      }
  for (size_t i = 0; i < n && !rc; i++) {
    char path[4096];
    static const char *const domains[] = {"iso_3166-1", "iso_3166-3"};
    for (size_t k = 0; k < 2 && !rc; k++)
      if (snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, names[i], domains[k]) <
          (int)sizeof path)
        rc = load_mo(lx, path, err);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

/* ---- data/ lists ------------------------------------------------------ */

static int load_entities(vb_lexicon *lx, const vb_data_file *f, vb_err *err) {
  const char *s = f->text;
  char where[64];
  snprintf(where, sizeof where, "data/%s.txt", f->name);
  for (long line = 1; *s; line++) {
    const char *eol = strchr(s, '\n');
    size_t n = eol ? (size_t)(eol - s) : strlen(s);
    const char *next = eol ? eol + 1 : s + n;
    if (n == 0 || s[0] == '#') {
      s = next;
      continue;
    }
    const char *t1 = memchr(s, '\t', n);
    if (!t1) return vb_err_set(err, VB_EFORMAT, where, -1, "line %ld: expected TYPE<TAB>NAME", line);
    int type = vb_etype_parse(s, (size_t)(t1 - s));
    if (type < 0) return vb_err_set(err, VB_EFORMAT, where, -1, "line %ld: unknown type", line);
    const char *nm = t1 + 1, *end = s + n;
    const char *t2 = memchr(nm, '\t', (size_t)(end - nm));
    const char *nme = t2 ? t2 : end;
    const char *eq = memchr(nm, '=', (size_t)(nme - nm));
    uint32_t e;
    if (eq) {
      /* "Russia=RU": the iso-codes country, displayed as "Russia";
       * "Soviet Union=SUHH": a former one */
      e = vb_map_get(&lx->codes, eq + 1, (size_t)(nme - eq - 1));
      if (e == VB_MAP_NONE)
        return vb_err_set(err, VB_EFORMAT, where, -1, "line %ld: unknown country code", line);
      if (eq > nm) {
        set_name(lx, e, nm, (size_t)(eq - nm));
        int rc = add_name(lx, e, nm, (size_t)(eq - nm), 0, err);
        if (rc) return rc;
      }
    } else {
      if (nme == nm) return vb_err_set(err, VB_EFORMAT, where, -1, "line %ld: empty name", line);
      /* the same canonical name on two lines is one entry; a name that is
       * only another entry's alias ("EEU" and "EU") is not, nor one that
       * only shares its key (Colombo is not Colombia, Accra not Acre) */
      e = vb_lexicon_find(lx, type, nm, (size_t)(nme - nm));
      if (e != VB_MAP_NONE && (strlen(lx->entries.v[e].name) != (size_t)(nme - nm) ||
                               memcmp(lx->entries.v[e].name, nm, (size_t)(nme - nm)) != 0))
        e = VB_MAP_NONE;
      if (e == VB_MAP_NONE) {
        e = new_entry(lx, (vb_etype)type, nm, (size_t)(nme - nm));
        if (e == VB_MAP_NONE) return oom(err, where);
      }
      int rc = add_name(lx, e, nm, (size_t)(nme - nm), 0, err);
      if (rc) return rc;
    }
    for (const char *a = t2 ? t2 + 1 : end; a < end;) {
      const char *bar = memchr(a, '|', (size_t)(end - a));
      const char *ae = bar ? bar : end;
      if (ae > a) {
        int rc = add_name(lx, e, a, (size_t)(ae - a), 0, err);
        if (rc) return rc;
      }
      a = ae + 1;
    }
    s = next;
  }
  return 0;
}

static int load_titles(vb_lexicon *lx, const vb_data_file *f, vb_err *err) {
  for (const char *s = f->text; *s;) {
    const char *eol = strchr(s, '\n');
    size_t n = eol ? (size_t)(eol - s) : strlen(s);
    if (n && s[0] != '#') {
      int rc = add_name(lx, VB_MAP_NONE, s, n, VB_PAT_TITLE, err);
      if (rc) return rc;
    }
    s = eol ? eol + 1 : s + n;
  }
  return 0;
}

/* The rejection map holds each rejected name's key (REJECT_WHOLE) and every
 * ending of it (REJECT_END), so that vb_lexicon_rejected can turn a name
 * away by its last word's key alone, before it builds the whole key. */
enum { REJECT_WHOLE = 1, REJECT_END = 2 };

static int reject_name(vb_lexicon *lx, const char *s, size_t n) {
  vb_buf key;
  vb_buf_init(&key, 256);
  int rc = vb_entity_key(s, n, &key);
  for (size_t i = 0; !rc && i < key.len; i++) {
    uint32_t v = vb_map_get(&lx->rejects, key.ptr + i, key.len - i);
    v = (v == VB_MAP_NONE ? 0 : v) | REJECT_END | (i == 0 ? REJECT_WHOLE : 0);
    if (vb_map_set(&lx->rejects, key.ptr + i, key.len - i, v)) rc = VB_ENOMEM;
  }
  if (!rc && !key.len && vb_map_set(&lx->rejects, "", 0, REJECT_WHOLE)) rc = VB_ENOMEM;
  vb_buf_free(&key);
  return rc;
}

/* data/generic-bodies.txt: names that name no one body ("the Armed
 * Forces", "the Board of Directors"), rejected as an analyst's rejection is. */
static int load_generic_bodies(vb_lexicon *lx, const vb_data_file *f, vb_err *err) {
  for (const char *s = f->text; *s;) {
    const char *eol = strchr(s, '\n');
    size_t n = eol ? (size_t)(eol - s) : strlen(s);
    if (n && s[0] != '#' && reject_name(lx, s, n)) return oom(err, "data/generic-bodies.txt");
    s = eol ? eol + 1 : s + n;
  }
  return 0;
}

static int load_words(vb_lexicon *lx, const vb_data_file *f, vb_err *err) {
  static const struct {
    const char *name;
    unsigned bit;
  } classes[] = {{"stop", VB_W_STOP},         {"suffix", VB_W_SUFFIX}, {"particle", VB_W_PARTICLE},
                 {"speech", VB_W_SPEECH},     {"generic", VB_W_GENERIC},
                 {"place", VB_W_PLACE},       {"event", VB_W_EVENT},
                 {"connect", VB_W_CONNECT},   {"locative", VB_W_LOCATIVE},
                 {"bare", VB_W_BARE},         {"placenoun", VB_W_PLACE_NOUN},
                 {"orgnoun", VB_W_ORG_NOUN},  {"placestart", VB_W_PLACE_START},
                 {"language", VB_W_LANGUAGE}, {"statebody", VB_W_STATE_BODY},
                 {"numbered", VB_W_NUMBERED}, {"noname", VB_W_NO_NAME},
                 {"compass", VB_W_COMPASS},   {"polity", VB_W_POLITY},
                 {"eventat", VB_W_EVENT_AT},  {"held", VB_W_HELD},
                 {"firmrole", VB_W_FIRM_ROLE}, {"firmform", VB_W_FIRM_FORM},
                 {"officer", VB_W_OFFICER},   {"media", VB_W_MEDIA},
                 {"bodyof", VB_W_BODY_OF},    {"deal", VB_W_DEAL},
                 {"firmnoun", VB_W_FIRM_NOUN}, {"product", VB_W_PRODUCT},
                 {"press", VB_W_PRESS}};
  long line = 1;
  for (const char *s = f->text; *s; line++) {
    const char *eol = strchr(s, '\n');
    size_t n = eol ? (size_t)(eol - s) : strlen(s);
    if (n && s[0] != '#') {
      const char *tab = memchr(s, '\t', n);
      unsigned bit = 0;
      for (size_t k = 0; tab && k < sizeof classes / sizeof *classes; k++)
        if (vb_eq_ci(s, (size_t)(tab - s), classes[k].name)) bit = classes[k].bit;
      vb_word_form w;
      if (!bit || vb_word_forms(tab + 1, (size_t)(s + n - tab - 1), &w))
        return vb_err_set(err, VB_EFORMAT, "data/words.txt", -1,
                          "line %ld: expected CLASS<TAB>WORD", line);
      uint32_t old = vb_map_get(&lx->classes, w.light, w.llen);
      if (vb_map_set(&lx->classes, w.light, w.llen, (old == VB_MAP_NONE ? 0 : old) | bit))
        return oom(err, "data/words.txt");
    }
    s = eol ? eol + 1 : s + n;
  }
  return 0;
}

/* English words (Debian's wamerican): a spelling variant that is an
 * ordinary (lowercase) one is that word, not a name — "Crime" is not
 * Crimea, "Tramp" not Trump; a word the list writes only in lowercase
 * ("colonial", never "Colonial") begins no person's name. Without the
 * list, variants are not matched at all. */
static int load_dictionary(vb_lexicon *lx, vb_err *err) {
  const char *path = env_or("VERBATIM_DICT", "/usr/share/dict/american-english");
  char *bytes = NULL;
  size_t len = 0;
  vb_err e2 = {0};
  if (read_small(path, 16u << 20, &bytes, &len, &e2)) return 0;
  int rc = 0;
  for (size_t i = 0; i < len && !rc;) {
    const char *nl = memchr(bytes + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - bytes) : len;
    unsigned char c0 = (unsigned char)bytes[i];
    if (e > i && e - i < VB_WORD_MAX && (vb_is_ascii_lower(c0) || vb_is_ascii_upper(c0)) &&
        !memchr(bytes + i, '\'', e - i)) {
      char w[VB_WORD_MAX];
      for (size_t j = i; j < e; j++) {
        unsigned char ch = (unsigned char)bytes[j];
        w[j - i] = (char)(vb_is_ascii_upper(ch) ? ch + 32 : ch);
      }
      uint32_t had = vb_map_get(&lx->dictionary, w, e - i);
      uint32_t v = (had == VB_MAP_NONE ? 0 : had) | (vb_is_ascii_lower(c0) ? 1u : 2u);
      if (vb_map_set(&lx->dictionary, w, e - i, v)) rc = oom(err, path);
    }
    i = e + 1;
  }
  free(bytes);
  lx->variants = !rc && lx->dictionary.n > 0;
  return rc;
}

int vb_lexicon_common_word(const vb_lexicon *lx, const char *light, size_t n) {
  uint32_t v = vb_map_get(&lx->dictionary, light, n);
  return v != VB_MAP_NONE && (v & 1u);
}

int vb_lexicon_only_common(const vb_lexicon *lx, const char *light, size_t n) {
  return vb_map_get(&lx->dictionary, light, n) == 1u;
}

int vb_lexicon_only_proper(const vb_lexicon *lx, const char *light, size_t n) {
  return vb_map_get(&lx->dictionary, light, n) == 2u;
}

int vb_lexicon_name_word(const vb_lexicon *lx, const char *light, size_t n) {
  uint32_t v = vb_map_get(&lx->dictionary, light, n);
  return v != VB_MAP_NONE && (v & 2u);
}

unsigned vb_lexicon_edits(const char *a, size_t an, const char *b, size_t bn) {
  unsigned row[VB_WORD_MAX + 1];
  if (an > VB_WORD_MAX || bn > VB_WORD_MAX) return UINT32_MAX;
  for (size_t j = 0; j <= bn; j++) row[j] = (unsigned)j;
  for (size_t i = 1; i <= an; i++) {
    unsigned diag = row[0];
    row[0] = (unsigned)i;
    for (size_t j = 1; j <= bn; j++) {
      unsigned up = row[j];
      unsigned best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[bn];
}

/* ---- public ----------------------------------------------------------- */

uint32_t vb_lexicon_find(const vb_lexicon *lx, int type, const char *name, size_t n) {
  vb_buf key;
  vb_buf_init(&key, 4096);
  if (type >= 0) {
    vb_buf_adds(&key, vb_etype_name((vb_etype)type));
    vb_buf_addc(&key, ':');
  }
  uint32_t e = VB_MAP_NONE;
  if (!vb_entity_key(name, n, &key)) e = vb_map_get(&lx->names, key.ptr, key.len);
  vb_buf_free(&key);
  return e;
}

/* "TYPE|light words" of a name as text writes it (no possessive, no
 * article, no leading "the") into k; *lenient is cleared when a word is
 * short or an ordinary English word. Returns the number of words. */
static size_t spelled_key(const vb_lexicon *lx, vb_etype type, const char *name, size_t n, vb_buf *k,
                          int *lenient) {
  vb_buf_adds(k, vb_etype_name(type));
  vb_buf_addc(k, '|');
  size_t i = 0, ws, we, words = 0;
  while (vb_word_next(name, n, i, &ws, &we)) {
    i = we;
    vb_word_form f;
    if (vb_word_forms(name + ws, we - ws, &f)) continue;
    size_t a, b;
    int more = vb_word_next(name, n, we, &a, &b) != 0;
    if (ws > 0 && name[ws - 1] == '\'' && f.llen == 1 && f.light[0] == 's') continue;
    if (more && vb_word_is_article(f.light, f.llen, we < n && name[we] == '-')) continue;
    if (more && words == 0 && f.llen == 3 && memcmp(f.light, "the", 3) == 0) continue;
    if (words++) vb_buf_addc(k, ' ');
    vb_buf_add(k, f.light, f.llen);
    if (f.llen < 5 || (lx && vb_lexicon_common_word(lx, f.light, f.llen))) *lenient = 0;
  }
  return words;
}

/* The next word of light words s[*i..n) that is longer than an initial
 * (Alice N. Moreau is Alice Moreau); its length, 0 at the end. */
static size_t next_word(const char *s, size_t n, size_t *i, size_t *at) {
  while (*i < n) {
    const char *sp = memchr(s + *i, ' ', n - *i);
    size_t e = sp ? (size_t)(sp - s) : n, a = *i;
    *i = e + 1;
    if (e - a > 1) {
      *at = a;
      return e - a;
    }
  }
  return 0;
}

/* Whether two spellings ("a b", light words) are close word by word: each
 * word at most a quarter of its letters apart (Hezbollah, Hizbullah), as
 * the automaton's variants are — not Molise for Malaysia. Initials do not
 * count. */
static int close_words(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0, pa, pb;
  for (;;) {
    size_t la = next_word(a, an, &i, &pa), lb = next_word(b, bn, &j, &pb);
    if (!la || !lb) return !la && !lb;
    unsigned allowed = la / 4 ? (unsigned)(la / 4) : 1;
    if (vb_lexicon_edits(a + pa, la, b + pb, lb) > allowed) return 0;
  }
}

uint32_t vb_lexicon_find_spelled(const vb_lexicon *lx, vb_etype type, const char *name, size_t n) {
  vb_buf k;
  vb_buf_init(&k, 4096);
  int lenient = lx->variants;
  spelled_key(lx, type, name, n, &k, &lenient);
  uint32_t e = k.failed ? VB_MAP_NONE : vb_map_get(&lx->names, k.ptr, k.len);
  if (e == VB_MAP_NONE && lenient && !k.failed) {
    /* a transliteration of a long name: "Hezbollah" for Hizbullah, when
     * the two are close in spelling, not only in skeleton */
    e = vb_lexicon_find(lx, (int)type, name, n);
    if (e == VB_MAP_NONE || lx->entries.v[e].type != type ||
        !vb_lexicon_close(lx, name, n, lx->entries.v[e].name, strlen(lx->entries.v[e].name)))
      e = VB_MAP_NONE;
  }
  vb_buf_free(&k);
  return e;
}

int vb_lexicon_close(const vb_lexicon *lx, const char *a, size_t an, const char *b, size_t bn) {
  vb_buf x, y;
  vb_buf_init(&x, 4096);
  vb_buf_init(&y, 4096);
  int ignore = 0;
  spelled_key(lx, VB_ENT_PLACE, a, an, &x, &ignore);
  spelled_key(lx, VB_ENT_PLACE, b, bn, &y, &ignore);
  size_t off = strlen(vb_etype_name(VB_ENT_PLACE)) + 1;
  int ok = !x.failed && !y.failed && close_words(x.ptr + off, x.len - off, y.ptr + off, y.len - off);
  vb_buf_free(&x);
  vb_buf_free(&y);
  return ok;
}

int vb_lexicon_rejected(const vb_lexicon *lx, const char *name, size_t n) {
  if (!lx->rejects.n) return 0;
  /* A name's key ends with its last word's key (an ASCII word that no
   * apostrophe joins keeps its own key there, as vb_entity_key makes it):
   * when that ends no rejected key, the name is not one, and most names
   * are turned away here without the whole key being built. */
  size_t i = 0, ws, we, lws = 0, lwe = 0;
  while (vb_word_next(name, n, i, &ws, &we)) lws = ws, i = lwe = we;
  int plain = lwe > lws && (lws == 0 || (name[lws - 1] != '\'' && (unsigned char)name[lws - 1] < 0x80));
  for (size_t j = lws; plain && j < lwe; j++) plain = (unsigned char)name[j] < 0x80;
  vb_word_form f;
  if (plain && !vb_word_forms(name + lws, lwe - lws, &f) && f.klen) {
    uint32_t v = vb_map_get(&lx->rejects, f.key, f.klen);
    if (v == VB_MAP_NONE || !(v & REJECT_END)) return 0;
  }
  vb_buf key;
  vb_buf_init(&key, 256);
  uint32_t v = vb_entity_key(name, n, &key) ? VB_MAP_NONE : vb_map_get(&lx->rejects, key.ptr, key.len);
  vb_buf_free(&key);
  return v != VB_MAP_NONE && (v & REJECT_WHOLE);
}

/* How many lexicons this process made, and the seconds it took (for a
 * server's /metrics: a lexicon made inside a request is seconds of it). */
static pthread_mutex_t made_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long made_n;
static double made_seconds;

static double clock_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

unsigned long long vb_lexicons_made(double *seconds) {
  pthread_mutex_lock(&made_mu);
  unsigned long long n = made_n;
  if (seconds) *seconds = made_seconds;
  pthread_mutex_unlock(&made_mu);
  return n;
}

static int lexicon_load(vb_lexicon **out, vb_err *err);

/* The image scripts/mklexicon.c made of the built-in lexicon at build time
 * (build/gen/lexicon.c; empty where the build had no iso-codes). */
extern const unsigned char vb_lexicon_image[] __attribute__((visibility("hidden")));
extern const unsigned char vb_lexicon_image_end[] __attribute__((visibility("hidden")));

static size_t image_len(void) { return (size_t)((uintptr_t)vb_lexicon_image_end - (uintptr_t)vb_lexicon_image); }

/* The image serves unless the lists are asked for from elsewhere. */
static int use_image(void) {
  static const char *const vars[] = {"VERBATIM_ISO_CODES", "VERBATIM_LOCALE_DIR", "VERBATIM_DICT"};
  for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return 0;
  }
  return vb_lexicon_has_image();
}

int vb_lexicon_has_image(void) { return image_len() > 0; }

int vb_lexicon_build(vb_lexicon **out, vb_err *err) { return lexicon_load(out, err); }

int vb_lexicon_new(vb_lexicon **out, vb_err *err) {
  double t0 = clock_now();
  int rc = use_image() ? vb_lexicon_from_image(vb_lexicon_image, image_len(),
                                               1, out, err)
                       : lexicon_load(out, err);
  if (!rc) (*out)->stamp = -1; /* its maker says what it holds */
  pthread_mutex_lock(&made_mu);
  made_n++;
  made_seconds += clock_now() - t0;
  pthread_mutex_unlock(&made_mu);
  return rc;
}

/* Every entry its own identity: two entries whose names share a key
 * (Ghana and Guinea, Quito and Quetta, Colombia and Colombo; an entry
 * renamed by data/places.txt after it was made; an analyst's entity
 * beside a listed one, "Sedin" beside Sudan) would be one entity in a
 * document and in the archive. The later entry's key is made its own by
 * its name. The one place keys are made unique: run when the lexicon is
 * compiled, after the lists and the corrections. */
static int unique_keys(vb_lexicon *lx) {
  vb_map seen;
  vb_map_init(&seen);
  int rc = 0;
  vb_buf key;
  vb_buf_init(&key, 4096);
  for (uint32_t i = 0; i < lx->entries.n && !rc; i++) {
    vb_lex_entry *e = &lx->entries.v[i];
    int found = 0;
    if (vb_map_put(&seen, e->ckey, strlen(e->ckey), i, &found) == VB_MAP_NONE) rc = -1;
    if (rc || !found) continue;
    key.len = 0;
    vb_buf_adds(&key, e->ckey);
    char *k = vb_lexicon_own_key(&key, e->name, strlen(e->name)) ? NULL
                                                                  : vb_arena_strndup(lx->arena, key.ptr, key.len);
    if (!k || vb_map_put(&seen, k, strlen(k), i, NULL) == VB_MAP_NONE) rc = -1;
    else e->ckey = k;
  }
  vb_buf_free(&key);
  vb_map_free(&seen);
  return rc;
}

static int lexicon_load(vb_lexicon **out, vb_err *err) {
  *out = NULL;
  vb_lexicon *lx = calloc(1, sizeof *lx);
  if (!lx || !(lx->arena = vb_arena_new(0))) {
    free(lx);
    return oom(err, "lexicon");
  }
  vb_map_init(&lx->words);
  vb_map_init(&lx->codes);
  vb_map_init(&lx->lower);
  vb_map_init(&lx->names);
  vb_map_init(&lx->rejects);
  vb_map_init(&lx->classes);
  vb_map_init(&lx->codes3);
  vb_map_init(&lx->english);
  vb_map_init(&lx->dictionary);
  vb_imap_init(&lx->edges);
  int rc = new_state(lx) == VB_MAP_NONE ? oom(err, "lexicon") : 0;
  if (!rc) rc = load_iso(lx, "3166-1", "alpha_2", err);
  if (!rc) rc = load_iso(lx, "3166-3", "alpha_4", err);
  /* data/places.txt first: it names the countries the others may use */
  for (int pass = 0; pass < 2 && !rc; pass++)
    for (size_t i = 0; i < vb_data_nfiles && !rc; i++) {
      const vb_data_file *f = &vb_data_files[i];
      int places = strcmp(f->name, "places") == 0;
      if (pass == 0 && !places) continue;
      if (pass == 1 && places) continue;
      if (strcmp(f->name, "titles") == 0) rc = load_titles(lx, f, err);
      else if (strcmp(f->name, "words") == 0) rc = load_words(lx, f, err);
      else if (strcmp(f->name, "generic-bodies") == 0) rc = load_generic_bodies(lx, f, err);
      else if (places || strcmp(f->name, "organisations") == 0 || strcmp(f->name, "people") == 0)
        rc = load_entities(lx, f, err);
      /* the other data/ files are other stages' word lists (structure, quote) */
    }
  /* the dictionary first: translations that read as English words are left out */
  if (!rc) rc = load_dictionary(lx, err);
  if (!rc) rc = load_translations(lx, err);
  vb_map_free(&lx->english);
  if (rc) {
    vb_lexicon_free(lx);
    return rc;
  }
  *out = lx;
  return 0;
}

int vb_lexicon_alias(vb_lexicon *lx, vb_etype type, const char *name, const char *alias,
                     vb_err *err) {
  if (lx->compiled) return vb_err_set(err, VB_EUSAGE, "lexicon", -1, "lexicon already compiled");
  if ((unsigned)type >= VB_NETYPES) return vb_err_set(err, VB_EUSAGE, "lexicon", -1, "bad type");
  /* the entry spelled like the name (a transliteration: Hezbollah for
   * Hizbullah), not one that only shares its skeleton: an analyst's
   * "Sedin" is not the listed Sudan */
  uint32_t e = vb_lexicon_find_spelled(lx, type, name, strlen(name));
  if (e == VB_MAP_NONE) {
    e = new_entry(lx, type, name, strlen(name));
    if (e == VB_MAP_NONE) return oom(err, "lexicon");
    int rc = add_name(lx, e, name, strlen(name), 0, err);
    if (rc) return rc;
  }
  int rc = add_name(lx, e, alias, strlen(alias), 0, err);
  if (rc) return rc;
  /* an analyst's alias overrides what the lists said the name was */
  vb_buf key;
  vb_buf_init(&key, 4096);
  if (!vb_entity_key(alias, strlen(alias), &key)) vb_map_set(&lx->names, key.ptr, key.len, e);
  vb_buf_free(&key);
  return 0;
}

int vb_lexicon_reject(vb_lexicon *lx, const char *surface, vb_err *err) {
  return reject_name(lx, surface, strlen(surface)) ? oom(err, "lexicon") : 0;
}

/* Breadth-first over the trie: each state's failure link is the longest
 * proper suffix of its word sequence that is also in the trie; dict links
 * skip to the nearest such suffix that ends a name. */
typedef struct lower_fill {
  vb_lexicon *lx;
  int failed;
} lower_fill;

static void add_class_word(void *ctx, const char *key, size_t n, uint32_t cls) {
  lower_fill *f = ctx;
  if (!(cls & (VB_W_PARTICLE | VB_W_SPEECH | VB_W_CONNECT))) return;
  uint32_t old = vb_map_get(&f->lx->lower, key, n);
  if (vb_map_set(&f->lx->lower, key, n, (old == VB_MAP_NONE ? 0 : old) | (cls & 0xFF) << 24))
    f->failed = 1;
  /* "al-Sisi", "bin Salman": a particle may come first */
  if ((cls & VB_W_PARTICLE) && n) {
    unsigned b = vb_sig(key, n);
    f->lx->start_sig[b >> 6] |= 1ull << (b & 63);
  }
}

static void add_sig(void *ctx, const char *key, size_t n, uint32_t v) {
  (void)v;
  vb_lexicon *lx = ctx;
  if (!n) return;
  unsigned b = vb_sig(key, n);
  lx->lower_sig[b >> 6] |= 1ull << (b & 63);
}

int vb_lexicon_compile(vb_lexicon *lx, vb_err *err) {
  if (lx->compiled) return 0;
  if (unique_keys(lx)) return oom(err, "lexicon");
  /* the lowercase words that matter, with their classes, and their
   * signatures for the skip test */
  lower_fill lf = {lx, 0};
  vb_map_each(&lx->classes, add_class_word, &lf);
  if (lf.failed) return oom(err, "lexicon");
  memset(lx->lower_sig, 0, sizeof lx->lower_sig);
  vb_map_each(&lx->lower, add_sig, lx);
  uint32_t n = lx->out.n;
  lx->fail.n = lx->dict.n = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t *f = VB_VEC_PUSH(lx->arena, lx->fail), *d = VB_VEC_PUSH(lx->arena, lx->dict);
    if (!f || !d) return oom(err, "lexicon");
    *f = 0;
    *d = VB_MAP_NONE;
  }
  uint32_t *queue = malloc((size_t)n * sizeof *queue);
  uint32_t *word = malloc((size_t)n * sizeof *word);
  if (!queue || !word) {
    free(queue);
    free(word);
    return oom(err, "lexicon");
  }
  /* the word on each edge, read back from the edge table */
  for (size_t i = 0; i < lx->edges.cap; i++)
    if (lx->edges.keys[i] != UINT64_MAX) word[lx->edges.vals[i]] = (uint32_t)lx->edges.keys[i];
  size_t head = 0, tail = 0;
  for (uint32_t c = lx->child.v[0]; c != VB_MAP_NONE; c = lx->sibling.v[c]) queue[tail++] = c;
  while (head < tail) {
    uint32_t s = queue[head++];
    for (uint32_t c = lx->child.v[s]; c != VB_MAP_NONE; c = lx->sibling.v[c]) {
      uint32_t f = lx->fail.v[s];
      uint32_t nx;
      for (;;) {
        nx = vb_imap_get(&lx->edges, (uint64_t)f << 32 | word[c]);
        if (nx != VB_MAP_NONE || f == 0) break;
        f = lx->fail.v[f];
      }
      lx->fail.v[c] = nx != VB_MAP_NONE && nx != c ? nx : 0;
      uint32_t fc = lx->fail.v[c];
      lx->dict.v[c] = lx->out.v[fc] != VB_MAP_NONE ? fc : lx->dict.v[fc];
      queue[tail++] = c;
    }
  }
  free(queue);
  free(word);
  lx->compiled = 1;
  return 0;
}

void vb_lexicon_free(vb_lexicon *lx) {
  if (!lx) return;
  vb_map_free(&lx->words);
  vb_map_free(&lx->codes);
  vb_map_free(&lx->codes3);
  vb_map_free(&lx->lower);
  vb_map_free(&lx->names);
  vb_map_free(&lx->rejects);
  vb_map_free(&lx->classes);
  vb_map_free(&lx->english);
  vb_map_free(&lx->dictionary);
  vb_imap_free(&lx->edges);
  vb_arena_free(lx->arena);
  free(lx);
}

int vb_lexicon_key(const vb_lexicon *lx, int type, const char *name, char *out, size_t cap) {
  /* the entry spelled so (or a close transliteration), never one that
   * only shares the skeleton: "Raisi" is not Russia */
  uint32_t e = vb_lexicon_find(lx, type, name, strlen(name));
  if (e != VB_MAP_NONE) e = vb_lexicon_find_spelled(lx, lx->entries.v[e].type, name, strlen(name));
  if (e != VB_MAP_NONE && (type < 0 || lx->entries.v[e].type == (vb_etype)type)) {
    snprintf(out, cap, "%s", lx->entries.v[e].ckey);
    return 1;
  }
  vb_buf key;
  vb_buf_init(&key, cap ? cap - 1 : 0);
  if (type >= 0) {
    vb_buf_adds(&key, vb_etype_name((vb_etype)type));
    vb_buf_addc(&key, ':');
  }
  vb_entity_key(name, strlen(name), &key);
  snprintf(out, cap, "%s", key.ptr ? key.ptr : "");
  vb_buf_free(&key);
  return 0;
}

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static vb_lexicon *default_lx;
static vb_err default_err;

static void load_default(void) {
  vb_lexicon *lx = NULL;
  if (use_image()) {
    /* read in place, compiled already: nothing made */
    if (!vb_lexicon_from_image(vb_lexicon_image, image_len(), 0, &lx,
                               &default_err))
      default_lx = lx;
    return;
  }
  if (vb_lexicon_new(&lx, &default_err)) return;
  lx->stamp = 0;
  if (vb_lexicon_compile(lx, &default_err)) {
    vb_lexicon_free(lx);
    return;
  }
  default_lx = lx;
}

int vb_lexicon_default(const vb_lexicon **out, vb_err *err) {
  pthread_once(&default_once, load_default);
  *out = default_lx;
  if (!default_lx) {
    *err = default_err;
    return default_err.code ? default_err.code : VB_ENOMEM;
  }
  return 0;
}
