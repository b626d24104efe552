/* filename — metadata from a file's name, by the conventions of
 * data/filenames.txt ("RUS_78_2023.txt": the Russian Federation's
 * delegation, session 78, 2023). Fills only what the text left empty; a
 * convention that gives a title says the text has none of its own. */
#include <string.h>

#include "core/data.h"
#include "core/err.h"
#include "core/text.h"
#include "layout.h"

#define MAX_FIELDS 8
#define MAX_VALUE 120

typedef struct capture {
  const char *iso3, *n, *year; /* into the file name */
  size_t iso3_len, n_len, year_len;
} capture;

/* Matches name[0..nl) against pattern[0..pl); fills the placeholders. */
static int match(const char *pat, size_t pl, const char *name, size_t nl, capture *c) {
  size_t i = 0, j = 0;
  while (i < pl) {
    if (pat[i] == '{') {
      const char *close = memchr(pat + i, '}', pl - i);
      if (!close) return 0;
      size_t kl = (size_t)(close - pat) - i - 1;
      const char *key = pat + i + 1;
      size_t start = j;
      if (kl == 4 && !memcmp(key, "iso3", 4)) {
        for (int k = 0; k < 3; k++, j++)
          if (j >= nl || !vb_is_ascii_upper((unsigned char)name[j])) return 0;
        c->iso3 = name + start;
        c->iso3_len = 3;
      } else if (kl == 4 && !memcmp(key, "year", 4)) {
        for (int k = 0; k < 4; k++, j++)
          if (j >= nl || !vb_is_ascii_digit((unsigned char)name[j])) return 0;
        c->year = name + start;
        c->year_len = 4;
      } else if (kl == 1 && key[0] == 'n') {
        while (j < nl && vb_is_ascii_digit((unsigned char)name[j]) && j - start < 9)
          j++;
        if (j == start) return 0;
        c->n = name + start;
        c->n_len = j - start;
      } else {
        return 0;
      }
      i = (size_t)(close - pat) + 1;
    } else {
      if (j >= nl || name[j] != pat[i]) return 0;
      i++;
      j++;
    }
  }
  return j == nl;
}

/* The value v[0..vl) with its placeholders filled, in the arena. */
static vb_str expand(vb_arena *a, const char *v, size_t vl, const capture *c) {
  char out[MAX_VALUE];
  size_t o = 0;
  for (size_t i = 0; i < vl && o < sizeof out;) {
    const char *put = NULL;
    size_t pl = 0, skip = 1;
    if (v[i] == '{') {
      if (vl - i >= 6 && !memcmp(v + i, "{iso3}", 6))
        put = c->iso3, pl = c->iso3_len, skip = 6;
      else if (vl - i >= 6 && !memcmp(v + i, "{year}", 6))
        put = c->year, pl = c->year_len, skip = 6;
      else if (vl - i >= 3 && !memcmp(v + i, "{n}", 3))
        put = c->n, pl = c->n_len, skip = 3;
    }
    if (put) {
      if (o + pl > sizeof out) break;
      memcpy(out + o, put, pl);
      o += pl;
    } else {
      out[o++] = v[i];
    }
    i += skip;
  }
  vb_str s = {vb_arena_strndup(a, out, o), o};
  if (!s.ptr) s.len = 0;
  return s;
}

static void set_field(vb_meta *m, const char *f, size_t fl, vb_str v) {
  vb_str *slot = NULL;
  if (fl == 7 && !memcmp(f, "country", 7))
    slot = &m->country;
  else if (fl == 6 && !memcmp(f, "series", 6))
    slot = &m->series;
  else if (fl == 6 && !memcmp(f, "number", 6))
    slot = &m->number;
  else if (fl == 9 && !memcmp(f, "published", 9))
    slot = &m->published;
  else if (fl == 9 && !memcmp(f, "publisher", 9))
    slot = &m->publisher;
  else if (fl == 8 && !memcmp(f, "language", 8))
    slot = &m->language;
  if (slot && !slot->ptr && v.ptr) *slot = v;
}

/* The line of data/filenames.txt whose pattern matches the file's name
 * (the first that does): its fields in [*fields, *end), or NULL. */
static const char *convention(const vb_doc *doc, capture *c, const char **end) {
  const char *path = doc->path ? doc->path : "";
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  size_t nl = strlen(name);
  const char *text = vb_data_text("filenames");
  for (const char *s = text; s && *s;) {
    const char *eol = strchr(s, '\n');
    size_t len = eol ? (size_t)(eol - s) : strlen(s);
    const char *tab = len && s[0] != '#' ? memchr(s, '\t', len) : NULL;
    memset(c, 0, sizeof *c);
    if (tab && match(s, (size_t)(tab - s), name, nl, c)) {
      *end = s + len;
      return tab + 1;
    }
    s = eol ? eol + 1 : s + len;
  }
  return NULL;
}

/* Calls fn for each FIELD=VALUE of the convention, its value expanded. */
static int each_field(vb_doc *doc, vb_err *err, int title_only) {
  capture c;
  const char *end, *f = convention(doc, &c, &end);
  for (; f && f < end;) {
    const char *fe = memchr(f, '\t', (size_t)(end - f));
    if (!fe) fe = end;
    const char *eq = memchr(f, '=', (size_t)(fe - f));
    size_t fl = eq ? (size_t)(eq - f) : 0;
    int is_title = fl == 5 && !memcmp(f, "title", 5);
    if (eq && is_title == title_only) {
      vb_str v = expand(doc->arena, eq + 1, (size_t)(fe - eq - 1), &c);
      if (!v.ptr) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
      if (is_title) doc->name_title = v;
      else if (fl == 7 && !memcmp(f, "speaker", 7)) doc->name_speaker = v;
      else if (fl == 12 && !memcmp(f, "speaker_role", 12)) doc->name_speaker_role = v;
      else set_field(&doc->view.meta, f, fl, v);
    }
    f = fe + 1;
  }
  return VB_OK;
}

int vb_layout_filename(vb_doc *doc, vb_err *err) { return each_field(doc, err, 0); }

int vb_layout_filename_title(vb_doc *doc, vb_err *err) { return each_field(doc, err, 1); }

/* t with "{country}" replaced by the country's name, in the arena; with no
 * country known, the placeholder and the comma after it dropped. */
static int fill_country(vb_doc *doc, vb_str t, vb_str *out, vb_err *err) {
  static const char key[] = "{country}";
  const size_t kl = sizeof key - 1;
  vb_str country = doc->view.meta.country;
  char buf[MAX_VALUE * 2];
  size_t o = 0;
  for (size_t i = 0; i < t.len && o < sizeof buf;) {
    if (t.len - i >= kl && !memcmp(t.ptr + i, key, kl)) {
      size_t n = country.len < sizeof buf - o ? country.len : sizeof buf - o;
      if (n) memcpy(buf + o, country.ptr, n);
      o += n;
      i += kl;
    } else {
      buf[o++] = t.ptr[i++];
    }
  }
  size_t b = 0;
  while (b < o && (buf[b] == ',' || buf[b] == ' ')) b++;
  char *v = vb_arena_strndup(doc->arena, buf + b, o - b);
  if (!v) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
  out->ptr = v;
  out->len = o - b;
  return VB_OK;
}

int vb_layout_title_country(vb_doc *doc, vb_err *err) {
  if (doc->view.title.ptr || !doc->name_title.ptr) return VB_OK;
  return fill_country(doc, doc->name_title, &doc->view.title, err);
}

int vb_layout_name_speaker(vb_doc *doc, vb_err *err) {
  if (!doc->name_speaker.ptr || doc->speakers.n >= VB_MAX_SPEAKERS) return VB_OK;
  uint32_t unnamed = 0;
  for (uint32_t t = 0; t < doc->turns.n; t++) unnamed += doc->turns.v[t].speaker < 0;
  if (!unnamed) return VB_OK;
  vb_str name, role = {0};
  int rc = fill_country(doc, doc->name_speaker, &name, err);
  if (!rc && doc->name_speaker_role.ptr) rc = fill_country(doc, doc->name_speaker_role, &role, err);
  if (rc) return rc;
  if (!name.len) return VB_OK; /* no country known to name */
  int32_t sp = -1;
  for (uint32_t i = 0; i < doc->speakers.n && sp < 0; i++)
    if (doc->speakers.v[i].name.len == name.len && !memcmp(doc->speakers.v[i].name.ptr, name.ptr, name.len))
      sp = (int32_t)i;
  if (sp < 0) {
    vb_speaker *s = VB_VEC_PUSH(doc->arena, doc->speakers);
    if (!s) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
    memset(s, 0, sizeof *s);
    s->name = name;
    s->role = role;
    sp = (int32_t)(doc->speakers.n - 1);
    /* a country's delegation is no person: the entity lists type the name */
    while (doc->speaker_org.n <= (uint32_t)sp) {
      uint8_t *f = VB_VEC_PUSH(doc->arena, doc->speaker_org);
      if (!f) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
      *f = VB_SPEAKER_PERSON;
    }
    doc->speaker_org.v[sp] = VB_SPEAKER_UNKNOWN;
  }
  for (uint32_t t = 0; t < doc->turns.n; t++)
    if (doc->turns.v[t].speaker < 0) doc->turns.v[t].speaker = sp;
  /* its own words; what it reports others said stays theirs ("As His
   * Holiness Pope Francis reminds us, …") */
  for (uint32_t i = 0; i < doc->statements.n; i++) {
    vb_statement *st = &doc->statements.v[i];
    if (st->speaker < 0 && st->turn >= 0 && st->kind == VB_KIND_DIRECT) st->speaker = sp;
  }
  return VB_OK;
}
