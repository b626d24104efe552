/* captions — SRT and WebVTT cues -> blocks with times. The document body
 * becomes the captions' own text: each cue's lines joined by spaces, cues
 * one per line, tags and timing lines left out. That keeps body[start:end]
 * the words of a statement even when a sentence runs across cues, while
 * every block keeps its cue's start and end time. The document id stays
 * the hash of the file as decoded. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "read.h"

/* A cue longer than this is not a caption. */
#define MAX_CUE_BYTES 65536u
/* Longest speaker name in a <v> span. */
#define MAX_VOICE_BYTES 128u

typedef struct cap {
  vb_doc *doc;
  vb_err *err;
  const char *s; /* the decoded file */
  size_t n, pos;
  vb_buf out;    /* the new body */
  int vtt;
  long long first_bad; /* offset of the first cue that could not be read */
  int cues;
} cap;

/* One line at pos: [*b, *e), pos moves past its newline. */
static int next_line(cap *c, size_t *b, size_t *e) {
  if (c->pos >= c->n) return 0;
  *b = c->pos;
  const char *nl = memchr(c->s + c->pos, '\n', c->n - c->pos);
  *e = nl ? (size_t)(nl - c->s) : c->n;
  c->pos = nl ? *e + 1 : c->n;
  while (*e > *b && (c->s[*e - 1] == ' ' || c->s[*e - 1] == '\t')) (*e)--;
  return 1;
}

static int blank(const cap *c, size_t b, size_t e) {
  for (size_t i = b; i < e; i++)
    if (c->s[i] != ' ' && c->s[i] != '\t') return 0;
  return 1;
}

/* "01:02:03,456", "02:03.456", "1.5" (seconds) -> seconds; -1 if not. */
static double timestamp(const char *s, size_t n, size_t *used) {
  size_t i = 0;
  double parts[3] = {0, 0, 0};
  int np = 0;
  for (;;) {
    size_t d0 = i;
    double v = 0;
    while (i < n && vb_is_ascii_digit((unsigned char)s[i]) && i - d0 < 9) v = v * 10 + (s[i++] - '0');
    if (i == d0 || np == 3) return -1;
    parts[np++] = v;
    if (i < n && s[i] == ':') {
      i++;
      continue;
    }
    break;
  }
  double t = np == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2]
             : np == 2 ? parts[0] * 60 + parts[1]
                       : parts[0];
  if (np > 1 && parts[np - 1] >= 60) return -1;
  if (i < n && (s[i] == ',' || s[i] == '.')) {
    i++;
    double scale = 0.1;
    size_t f0 = i;
    while (i < n && vb_is_ascii_digit((unsigned char)s[i]) && i - f0 < 9) {
      t += (s[i++] - '0') * scale;
      scale /= 10;
    }
    if (i == f0) return -1;
  }
  *used = i;
  return t;
}

/* "start --> end [settings]" */
static int timing(const char *s, size_t n, double *start, double *end) {
  size_t i = 0, k;
  while (i < n && s[i] == ' ') i++;
  *start = timestamp(s + i, n - i, &k);
  if (*start < 0) return -1;
  i += k;
  while (i < n && s[i] == ' ') i++;
  if (i + 3 > n || memcmp(s + i, "-->", 3) != 0) return -1;
  i += 3;
  while (i < n && s[i] == ' ') i++;
  *end = timestamp(s + i, n - i, &k);
  if (*end < 0) return -1;
  if (*end < *start) *end = *start; /* overlapping or reversed cues keep their start */
  return 0;
}

static int is_timing_line(const cap *c, size_t b, size_t e) {
  double x, y;
  for (size_t i = b; i + 3 <= e; i++)
    if (c->s[i] == '-' && c->s[i + 1] == '-' && c->s[i + 2] == '>') return timing(c->s + b, e - b, &x, &y) == 0;
  return 0;
}

/* Appends the text of one caption line: tags dropped, entities decoded.
 * A <v Name> span sets *voice (first one wins). */
static void add_text(cap *c, const char *s, size_t n, vb_str *voice) {
  size_t i = 0;
  while (i < n) {
    char ch = s[i];
    if (ch == '<') {
      const char *gt = memchr(s + i, '>', n - i);
      if (!gt) break; /* a broken tag: drop the rest of the line's markup */
      size_t tb = i + 1, te = (size_t)(gt - s);
      if (te > tb && s[tb] == 'v' && (te == tb + 1 || s[tb + 1] == ' ' || s[tb + 1] == '.') &&
          !voice->ptr) {
        size_t nb = tb + 1;
        while (nb < te && s[nb] != ' ') nb++; /* skip classes: <v.loud Name> */
        while (nb < te && s[nb] == ' ') nb++;
        if (te > nb && te - nb <= MAX_VOICE_BYTES) {
          char *name = vb_arena_strndup(c->doc->arena, s + nb, te - nb);
          if (name) {
            voice->ptr = name;
            voice->len = te - nb;
          }
        }
      }
      i = te + 1;
      continue;
    }
    if (ch == '&') {
      static const struct {
        const char *name, *text;
      } ent[] = {{"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""},
                 {"&apos;", "'"}, {"&nbsp;", " "}, {"&lrm;", ""},  {"&rlm;", ""}};
      size_t k;
      for (k = 0; k < sizeof ent / sizeof *ent; k++)
        if (vb_prefix_ci(s + i, n - i, ent[k].name)) {
          vb_buf_adds(&c->out, ent[k].text);
          i += strlen(ent[k].name);
          break;
        }
      if (k < sizeof ent / sizeof *ent) continue;
      if (i + 2 < n && s[i + 1] == '#') {
        size_t j = i + 2;
        int hex = j < n && (s[j] == 'x' || s[j] == 'X');
        j += (size_t)hex;
        int32_t cp = 0;
        size_t d0 = j;
        while (j < n && j - d0 < 7) {
          int dv = vb_is_ascii_digit((unsigned char)s[j]) ? s[j] - '0'
                   : hex && (s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'f' ? (s[j] | 0x20) - 'a' + 10
                                                                          : -1;
          if (dv < 0) break;
          cp = cp * (hex ? 16 : 10) + dv;
          j++;
        }
        if (j > d0 && j < n && s[j] == ';' && utf8proc_codepoint_valid(cp) && cp != 0) {
          utf8proc_uint8_t u[4];
          vb_buf_add(&c->out, (const char *)u, (size_t)utf8proc_encode_char(cp, u));
          i = j + 1;
          continue;
        }
      }
    }
    vb_buf_addc(&c->out, ch);
    i++;
  }
}

/* Ends the block that began at `from` in the new body. */
static int end_block(cap *c, size_t from, double start, double end, vb_str voice, int change) {
  size_t to = c->out.len;
  while (to > from && c->out.ptr[to - 1] == ' ') to--;
  size_t b = from;
  while (b < to && c->out.ptr[b] == ' ') b++;
  c->out.len = to;
  if (to == b) {
    c->out.len = from; /* nothing but markup */
    return VB_OK;
  }
  if (c->doc->blocks.n >= VB_MAX_BLOCKS)
    return vb_err_set(c->err, VB_ELIMIT, c->doc->path, -1, "more than %u caption lines",
                      VB_MAX_BLOCKS);
  vb_block *blk = VB_VEC_PUSH(c->doc->arena, c->doc->blocks);
  if (!blk) return vb_err_set(c->err, VB_ENOMEM, c->doc->path, -1, "out of memory");
  memset(blk, 0, sizeof *blk);
  blk->start = (uint32_t)b;
  blk->end = (uint32_t)to;
  blk->time.start = start;
  blk->time.end = end;
  blk->voice = voice;
  blk->flags = change ? VB_BLK_CHANGE : 0;
  vb_buf_addc(&c->out, '\n');
  return VB_OK;
}

/* One cue's text lines, up to a blank line (or the next timing line, for
 * files that leave out the blank). A line opening with ">>" starts a new
 * speaker's block within the cue. */
static int cue_text(cap *c, double start, double end) {
  size_t b, e, from = c->out.len;
  vb_str voice = {0};
  int change = 0, rc;
  while (c->pos < c->n) {
    size_t save = c->pos;
    if (!next_line(c, &b, &e) || blank(c, b, e)) break;
    if (is_timing_line(c, b, e)) {
      c->pos = save;
      break;
    }
    if (c->out.len - from > MAX_CUE_BYTES) continue;
    const char *t = c->s + b;
    size_t tl = e - b;
    if (tl >= 2 && t[0] == '>' && t[1] == '>') {
      if ((rc = end_block(c, from, start, end, voice, change))) return rc;
      from = c->out.len;
      voice.ptr = NULL;
      change = 1;
      t += 2;
      tl -= 2;
      while (tl && (*t == ' ' || *t == '>')) t++, tl--;
    } else if (c->out.len > from) {
      vb_buf_addc(&c->out, ' ');
    }
    add_text(c, t, tl, &voice);
  }
  return end_block(c, from, start, end, voice, change);
}

static int read_cues(vb_doc *doc, vb_err *err, int vtt) {
  cap c;
  memset(&c, 0, sizeof c);
  c.doc = doc;
  c.err = err;
  c.s = doc->view.body.ptr;
  c.n = doc->view.body.len;
  c.vtt = vtt;
  c.first_bad = -1;
  vb_buf_init(&c.out, 0);
  size_t b, e;
  if (vtt) { /* the WEBVTT line and its header block */
    while (next_line(&c, &b, &e) && !blank(&c, b, e)) {
    }
  }
  int rc = VB_OK;
  while (!rc && c.pos < c.n) {
    size_t at = c.pos;
    if (!next_line(&c, &b, &e) || blank(&c, b, e)) continue;
    const char *l = c.s + b;
    size_t ll = e - b;
    if (vtt && (vb_prefix_ci(l, ll, "NOTE") || vb_prefix_ci(l, ll, "STYLE") ||
                vb_prefix_ci(l, ll, "REGION"))) {
      while (next_line(&c, &b, &e) && !blank(&c, b, e)) {
      }
      continue;
    }
    if (!is_timing_line(&c, b, e)) { /* a cue number or identifier first */
      if (!next_line(&c, &b, &e) || !is_timing_line(&c, b, e)) {
        if (c.first_bad < 0) c.first_bad = (long long)at;
        while (c.pos < c.n && next_line(&c, &b, &e) && !blank(&c, b, e)) {
        }
        continue;
      }
    }
    double start, end;
    timing(c.s + b, e - b, &start, &end);
    rc = cue_text(&c, start, end);
    c.cues++;
  }
  if (!rc && c.out.failed) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
  if (!rc && doc->blocks.n == 0)
    rc = c.first_bad >= 0
             ? vb_err_set(err, VB_EPARSE, doc->path, c.first_bad,
                          "no readable %s cue (expected a timing line like 00:00:01,000 --> "
                          "00:00:02,000)",
                          vtt ? "WebVTT" : "SRT")
             : vb_err_set(err, VB_EEMPTY, doc->path, -1, "no captions in this %s file",
                          vtt ? "WebVTT" : "SRT");
  if (!rc) {
    char *body = vb_arena_strndup(doc->arena, c.out.ptr ? c.out.ptr : "", c.out.len);
    if (!body) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
    else {
      doc->view.body.ptr = body;
      doc->view.body.len = c.out.len;
    }
  }
  vb_buf_free(&c.out);
  return rc;
}

int vb_read_srt(vb_doc *doc, vb_err *err) { return read_cues(doc, err, 0); }

int vb_read_vtt(vb_doc *doc, vb_err *err) { return read_cues(doc, err, 1); }
