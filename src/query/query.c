/* query — a hand-written lexer and recursive-descent parser for the query
 * language. Precedence, tightest first: unary NOT/-, NEAR, OR, AND (so
 * `a b OR c` is a AND (b OR c)); juxtaposition is AND. Depth, size and node
 * counts are bounded, and every error names its byte column. */
#include "query.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"

typedef enum tok_kind {
  T_END,
  T_LPAREN,
  T_RPAREN,
  T_WORD,   /* bare term, maybe prefix* */
  T_PHRASE, /* "quoted" */
  T_MINUS,  /* '-' glued to what follows */
  T_AND,
  T_OR,
  T_NOT,
  T_NEAR,   /* NEAR or NEAR/k */
  T_FILTER, /* field:value or field:"value" */
  T_EXACT   /* =term or ="phrase" or exact:… */
} tok_kind;

typedef struct tok {
  tok_kind kind;
  uint32_t col;
  const char *text; /* value span */
  size_t len;
  vb_qfield field;
  int quoted; /* value was quoted */
  int prefix; /* a phrase whose last word is a prefix: "nuclear weap"* */
  int near;
} tok;

typedef struct parser {
  const char *q;
  size_t len, pos;
  vb_arena *a;
  vb_err *err;
  tok cur;
  int depth, nodes;
} parser;

static const char *const field_names[] = {"",        "speaker", "mentions", "type",
                                          "tag",     "series",  "channel",  "lang",
                                          "kind",    "after",   "before",   "date",
                                          "doc",     "host",    "first",    "repeated"};

const char *vb_qfield_name(vb_qfield f) {
  return (unsigned)f < sizeof field_names / sizeof *field_names ? field_names[f] : "";
}

static int perr(parser *p, uint32_t col, const char *fmt, const char *arg) {
  return vb_err_set(p->err, VB_EQUERY, "query", col, fmt, arg ? arg : "");
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Edit distance, bounded: only small words are compared. */
static int distance(const char *a, size_t an, const char *b, size_t bn) {
  if (an > 15 || bn > 15) return 99;
  int d[16][16];
  for (size_t i = 0; i <= an; i++) d[i][0] = (int)i;
  for (size_t j = 0; j <= bn; j++) d[0][j] = (int)j;
  for (size_t i = 1; i <= an; i++)
    for (size_t j = 1; j <= bn; j++) {
      int cost = vb_ascii_lower((unsigned char)a[i - 1]) != b[j - 1];
      int best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < best) best = d[i - 1][j - 1] + cost;
      d[i][j] = best;
    }
  return d[an][bn];
}

/* Reads a quoted value starting at the opening quote. */
static int lex_quoted(parser *p, tok *t) {
  size_t open = p->pos;
  const char *end = memchr(p->q + open + 1, '"', p->len - open - 1);
  if (!end) return perr(p, (uint32_t)open, "unclosed quote", NULL);
  t->text = p->q + open + 1;
  t->len = (size_t)(end - t->text);
  t->quoted = 1;
  p->pos = (size_t)(end - p->q) + 1;
  return VB_OK;
}

static int word_end_char(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

static int lex(parser *p) {
  tok *t = &p->cur;
  memset(t, 0, sizeof *t);
  while (p->pos < p->len && is_space(p->q[p->pos])) p->pos++;
  t->col = (uint32_t)p->pos;
  if (p->pos >= p->len) {
    t->kind = T_END;
    return VB_OK;
  }
  char c = p->q[p->pos];
  if (c == '(' || c == ')') {
    t->kind = c == '(' ? T_LPAREN : T_RPAREN;
    p->pos++;
    return VB_OK;
  }
  if (c == '"') {
    t->kind = T_PHRASE;
    int rc = lex_quoted(p, t);
    /* "nuclear weap"* and "nuclear weap*": the last word is a prefix */
    if (!rc && p->pos < p->len && p->q[p->pos] == '*') {
      t->prefix = 1;
      p->pos++;
    }
    while (!rc && t->len && (is_space(t->text[t->len - 1]) || (t->text[t->len - 1] == '*' && !t->prefix))) {
      if (t->text[t->len - 1] == '*') t->prefix = 1;
      t->len--;
    }
    return rc;
  }
  if (c == '-' || c == '=') {
    if (p->pos + 1 >= p->len || is_space(p->q[p->pos + 1]) || p->q[p->pos + 1] == ')')
      return perr(p, t->col, c == '-' ? "'-' needs a term right after it"
                                      : "'=' needs a term right after it",
                  NULL);
    if (c == '-') {
      t->kind = T_MINUS;
      p->pos++;
      return VB_OK;
    }
    p->pos++;
    t->kind = T_EXACT;
    if (p->q[p->pos] == '"') return lex_quoted(p, t);
    size_t b = p->pos;
    while (p->pos < p->len && !word_end_char(p->q[p->pos])) p->pos++;
    t->text = p->q + b;
    t->len = p->pos - b;
    return VB_OK;
  }
  size_t b = p->pos;
  while (p->pos < p->len && !word_end_char(p->q[p->pos])) p->pos++;
  size_t n = p->pos - b;
  const char *w = p->q + b;
  if (n == 3 && memcmp(w, "AND", 3) == 0) t->kind = T_AND;
  else if (n == 2 && memcmp(w, "OR", 2) == 0) t->kind = T_OR;
  else if (n == 3 && memcmp(w, "NOT", 3) == 0) t->kind = T_NOT;
  else if (n >= 4 && memcmp(w, "NEAR", 4) == 0 && (n == 4 || w[4] == '/')) {
    t->kind = T_NEAR;
    t->near = 10;
    if (n > 4) {
      int k = 0;
      size_t i = 5;
      for (; i < n && vb_is_ascii_digit((unsigned char)w[i]) && k <= 1000; i++) k = k * 10 + (w[i] - '0');
      if (i == 5 || i != n || k < 1 || k > 100)
        return perr(p, t->col, "NEAR/k wants a distance k from 1 to 100", NULL);
      t->near = k;
    }
  } else {
    const char *colon = memchr(w, ':', n);
    size_t fl = colon ? (size_t)(colon - w) : 0;
    int letters = fl > 0;
    for (size_t i = 0; i < fl; i++)
      if (!vb_is_ascii_alpha((unsigned char)w[i])) letters = 0;
    if (colon && letters) {
      vb_qfield f = VB_F_NONE;
      int exact = vb_eq_ci(w, fl, "exact");
      for (size_t k = 1; k < sizeof field_names / sizeof *field_names; k++)
        if (vb_eq_ci(w, fl, field_names[k])) f = (vb_qfield)k;
      if (f != VB_F_NONE || exact) {
        t->kind = exact ? T_EXACT : T_FILTER;
        t->field = f;
        if (colon + 1 == w + n) {
          if (p->pos < p->len && p->q[p->pos] == '"') return lex_quoted(p, t);
          char name[16];
          snprintf(name, sizeof name, "%.*s", (int)fl, w);
          return perr(p, t->col, "missing value after '%s:'", name);
        }
        t->text = colon + 1;
        t->len = n - fl - 1;
        return VB_OK;
      }
      for (size_t k = 1; k < sizeof field_names / sizeof *field_names; k++)
        if (distance(w, fl, field_names[k], strlen(field_names[k])) <= 2) {
          char msg[96];
          snprintf(msg, sizeof msg, "unknown filter '%.*s:' (did you mean %s:?)", (int)(fl > 20 ? 20 : fl), w,
                   field_names[k]);
          return perr(p, t->col, "%s", msg);
        }
      if (colon + 1 == w + n) n = fl; /* "Baraka:" searches Baraka */
    }
    t->kind = T_WORD;
    t->text = w;
    t->len = n;
  }
  return VB_OK;
}

static vb_qnode *node(parser *p, vb_qkind kind, uint32_t col) {
  if (++p->nodes > (int)VB_QUERY_MAX_NODES) {
    perr(p, p->cur.col, "query has more than %s parts", "1024"); /* where reading stopped */
    return NULL;
  }
  vb_qnode *n = vb_arena_calloc(p->a, sizeof *n);
  if (!n) {
    vb_err_set(p->err, VB_ENOMEM, "query", col, "out of memory");
    return NULL;
  }
  n->kind = kind;
  n->col = col;
  return n;
}

static int set_text(parser *p, vb_qnode *n, const char *s, size_t len) {
  char *c = vb_arena_strndup(p->a, s, len);
  if (!c) return vb_err_set(p->err, VB_ENOMEM, "query", n->col, "out of memory");
  n->text.ptr = c;
  n->text.len = len;
  return VB_OK;
}

static int add_kid(parser *p, vb_qnode *parent, vb_qnode *kid) {
  /* flatten (AND (AND a b) c) */
  if (kid->kind == parent->kind && (kid->kind == VB_Q_AND || kid->kind == VB_Q_OR)) {
    for (size_t i = 0; i < kid->nkids; i++)
      if (add_kid(p, parent, kid->kids[i])) return -1;
    return 0;
  }
  vb_qnode **k = vb_arena_grow(p->a, parent->kids, parent->nkids * sizeof *k,
                               (parent->nkids + 1) * sizeof *k);
  if (!k) return vb_err_set(p->err, VB_ENOMEM, "query", parent->col, "out of memory");
  k[parent->nkids++] = kid;
  parent->kids = k;
  return 0;
}

static void put_ymd(char out[11], const char *year, unsigned m, unsigned d) {
  memcpy(out, year, 4);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}

/* Dates: YYYY, YYYY-MM or YYYY-MM-DD -> inclusive [lo, hi]. */
static int date_range(const char *s, size_t n, char lo[11], char hi[11]) {
  unsigned y = 0, m = 0, d = 0;
  if (n != 4 && n != 7 && n != 10) return -1;
  for (size_t i = 0; i < n; i++) {
    int dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !vb_is_ascii_digit((unsigned char)s[i])) return -1;
  }
  y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
  if (n >= 7) m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
  if (n == 10) d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
  if (y < 1000 || (n >= 7 && (m < 1 || m > 12))) return -1;
  static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned last = m ? mdays[m - 1] : 31;
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) last = 29;
  if (n == 10 && (d < 1 || d > last)) return -1;
  unsigned m_lo = m ? m : 1, m_hi = m ? m : 12;
  unsigned d_lo = d ? d : 1, d_hi = d ? d : (m ? last : 31);
  put_ymd(lo, s, m_lo, d_lo);
  put_ymd(hi, s, m_hi, d_hi);
  return 0;
}

static int check_filter(parser *p, vb_qnode *n) {
  const char *v = n->text.ptr;
  size_t len = n->text.len;
  if (len == 0) return perr(p, n->col, "empty value after '%s:'", vb_qfield_name(n->field));
  switch (n->field) {
  case VB_F_AFTER:
  case VB_F_BEFORE:
  case VB_F_DATE:
    if (date_range(v, len, n->date_lo, n->date_hi))
      return perr(p, n->col, "%s: wants a date YYYY[-MM[-DD]]", vb_qfield_name(n->field));
    return VB_OK;
  case VB_F_KIND:
    if (vb_eq_ci(v, len, "reported")) { /* its name before prose attribution */
      n->text.ptr = "indirect";
      n->text.len = 8;
      return VB_OK;
    }
    if (vb_eq_ci(v, len, "direct") || vb_eq_ci(v, len, "indirect") || vb_eq_ci(v, len, "mixed") ||
        vb_eq_ci(v, len, "heading") || vb_eq_ci(v, len, "title"))
      return VB_OK;
    return perr(p, n->col, "kind: takes direct, indirect, mixed, heading or title%s", NULL);
  case VB_F_TYPE:
    if (vb_eq_ci(v, len, "person") || vb_eq_ci(v, len, "org") || vb_eq_ci(v, len, "place") ||
        vb_eq_ci(v, len, "group"))
      return VB_OK;
    return perr(p, n->col, "type: takes person, org, place or group%s", NULL);
  case VB_F_LANG:
    if (len == 2 && vb_is_ascii_alpha((unsigned char)v[0]) && vb_is_ascii_alpha((unsigned char)v[1]))
      return VB_OK;
    return perr(p, n->col, "lang: takes a two-letter language code like en%s", NULL);
  case VB_F_HOST:
    if (vb_eq_ci(v, len, "yes") || vb_eq_ci(v, len, "no")) return VB_OK;
    return perr(p, n->col, "host: takes yes or no%s", NULL);
  case VB_F_FIRST:
  case VB_F_REPEATED:
    if (vb_eq_ci(v, len, "true") || vb_eq_ci(v, len, "false") || vb_eq_ci(v, len, "yes") || vb_eq_ci(v, len, "no"))
      return VB_OK;
    return perr(p, n->col, "%s: takes true or false (yes or no)", vb_qfield_name(n->field));
  default: return VB_OK;
  }
}

static vb_qnode *parse_and(parser *p);

/* A word of stars only: the token's bytes are not NUL-terminated. */
static int all_stars(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] != '*') return 0;
  return 1;
}

static vb_qnode *parse_atom(parser *p) {
  tok t = p->cur;
  vb_qnode *n = NULL;
  switch (t.kind) {
  case T_LPAREN: {
    if (++p->depth > VB_QUERY_MAX_DEPTH) {
      perr(p, t.col, "query nests deeper than %s levels", "64");
      return NULL;
    }
    if (lex(p)) return NULL;
    if (p->cur.kind == T_RPAREN) {
      perr(p, t.col, "empty parentheses%s", NULL);
      return NULL;
    }
    n = parse_and(p);
    if (!n) return NULL;
    if (p->cur.kind != T_RPAREN) {
      perr(p, t.col, "'(' is never closed%s", NULL);
      return NULL;
    }
    p->depth--;
    return lex(p) ? NULL : n;
  }
  case T_RPAREN: perr(p, t.col, "')' without '('%s", NULL); return NULL;
  case T_END: perr(p, t.col, "a term is missing at the end%s", NULL); return NULL;
  case T_AND:
  case T_OR:
  case T_NEAR: perr(p, t.col, "%s needs a term on both sides", t.kind == T_AND ? "AND" : t.kind == T_OR ? "OR" : "NEAR"); return NULL;
  case T_WORD:
    if (all_stars(t.text, t.len)) {
      perr(p, t.col, "'*' ends a word or a phrase, with no space before it: weap*, \"nuclear weap\"*%s", NULL);
      return NULL;
    }
    if (t.len > 1 && t.text[t.len - 1] == '*') {
      n = node(p, VB_Q_PREFIX, t.col);
      if (n && set_text(p, n, t.text, t.len - 1)) return NULL;
    } else {
      n = node(p, VB_Q_TERM, t.col);
      if (n && set_text(p, n, t.text, t.len)) return NULL;
    }
    break;
  case T_PHRASE:
  case T_EXACT: {
    int words = 0;
    for (size_t i = 0; i < t.len; i++)
      if (!is_space(t.text[i]) && (i == 0 || is_space(t.text[i - 1]))) words++;
    if (!words) {
      perr(p, t.col, "empty phrase%s", NULL);
      return NULL;
    }
    /* a quoted single word is a term; a phrase ending in a prefix, a
     * prefix of several words (each backend reads it as a phrase) */
    n = node(p, t.prefix ? VB_Q_PREFIX : words > 1 ? VB_Q_PHRASE : VB_Q_TERM, t.col);
    if (n && set_text(p, n, t.text, t.len)) return NULL;
    if (n) n->exact = t.kind == T_EXACT;
    break;
  }
  case T_FILTER:
    n = node(p, VB_Q_FILTER, t.col);
    if (!n || set_text(p, n, t.text, t.len)) return NULL;
    n->field = t.field;
    if (check_filter(p, n)) return NULL;
    break;
  case T_MINUS:
  case T_NOT: break; /* handled by parse_unary */
  }
  if (!n) return NULL;
  return lex(p) ? NULL : n;
}

static vb_qnode *parse_unary(parser *p) {
  if (p->cur.kind == T_MINUS || p->cur.kind == T_NOT) {
    uint32_t col = p->cur.col;
    if (++p->depth > VB_QUERY_MAX_DEPTH) {
      perr(p, col, "query nests deeper than %s levels", "64");
      return NULL;
    }
    if (lex(p)) return NULL;
    vb_qnode *kid = parse_unary(p);
    p->depth--;
    if (!kid) return NULL;
    if (kid->kind == VB_Q_NOT) return kid->kids[0]; /* NOT NOT x */
    vb_qnode *n = node(p, VB_Q_NOT, col);
    if (!n || add_kid(p, n, kid)) return NULL;
    return n;
  }
  return parse_atom(p);
}

static vb_qnode *parse_near(parser *p) {
  vb_qnode *left = parse_unary(p);
  while (left && p->cur.kind == T_NEAR) {
    int k = p->cur.near;
    uint32_t col = p->cur.col;
    if (lex(p)) return NULL;
    vb_qnode *right = parse_unary(p);
    if (!right) return NULL;
    if (left->kind == VB_Q_NEAR && left->near == k) {
      if (add_kid(p, left, right)) return NULL;
      continue;
    }
    vb_qnode *n = node(p, VB_Q_NEAR, col);
    if (!n || add_kid(p, n, left) || add_kid(p, n, right)) return NULL;
    n->near = k;
    left = n;
  }
  return left;
}

/* Builds one n-ary node for a run of the same operator. */
static vb_qnode *join(parser *p, vb_qkind kind, vb_qnode *all, vb_qnode *left, vb_qnode *right) {
  if (!all) {
    all = node(p, kind, left->col);
    if (!all || add_kid(p, all, left)) return NULL;
  }
  return add_kid(p, all, right) ? NULL : all;
}

static vb_qnode *parse_or(parser *p) {
  vb_qnode *left = parse_near(p), *all = NULL;
  while (left && p->cur.kind == T_OR) {
    if (lex(p)) return NULL;
    vb_qnode *right = parse_near(p);
    if (!right || !(all = join(p, VB_Q_OR, all, left, right))) return NULL;
  }
  return all ? all : left;
}

static vb_qnode *parse_and(parser *p) {
  vb_qnode *left = parse_or(p), *all = NULL;
  while (left && p->cur.kind != T_END && p->cur.kind != T_RPAREN) {
    if (p->cur.kind == T_AND && lex(p)) return NULL;
    vb_qnode *right = parse_or(p);
    if (!right || !(all = join(p, VB_Q_AND, all, left, right))) return NULL;
  }
  return all ? all : left;
}

static int positive(const vb_qnode *n) {
  if (n->kind == VB_Q_NOT) return 0;
  if (n->kind == VB_Q_AND) {
    for (size_t i = 0; i < n->nkids; i++)
      if (positive(n->kids[i])) return 1;
    return 0;
  }
  return 1;
}

int vb_query_parse(const char *q, size_t len, vb_arena *a, vb_qnode **out, vb_err *err) {
  *out = NULL;
  if (len > VB_QUERY_MAX_BYTES)
    return vb_err_set(err, VB_EQUERY, "query", VB_QUERY_MAX_BYTES, "query longer than %u bytes",
                      VB_QUERY_MAX_BYTES);
  parser p = {q, len, 0, a, err, {0}, 0, 0};
  if (lex(&p)) return VB_EQUERY;
  if (p.cur.kind == T_END) return vb_err_set(err, VB_EQUERY, "query", 0, "empty query");
  vb_qnode *root = parse_and(&p);
  if (!root) return err->code ? err->code : VB_EQUERY;
  if (p.cur.kind == T_RPAREN) return perr(&p, p.cur.col, "')' without '('%s", NULL);
  if (!positive(root))
    return perr(&p, 0, "a query needs at least one positive term or filter%s", NULL);
  *out = root;
  return VB_OK;
}

static void quoted(vb_buf *b, vb_str s) {
  vb_buf_addc(b, '"');
  vb_buf_add(b, s.ptr, s.len);
  vb_buf_addc(b, '"');
}

int vb_query_format(const vb_qnode *n, vb_buf *out) {
  switch (n->kind) {
  case VB_Q_TERM:
    vb_buf_adds(out, n->exact ? "(TERM =" : "(TERM ");
    vb_buf_add(out, n->text.ptr, n->text.len);
    break;
  case VB_Q_PHRASE:
    vb_buf_adds(out, n->exact ? "(PHRASE =" : "(PHRASE ");
    quoted(out, n->text);
    break;
  case VB_Q_PREFIX:
    vb_buf_adds(out, "(PREFIX ");
    vb_buf_add(out, n->text.ptr, n->text.len);
    vb_buf_addc(out, '*');
    break;
  case VB_Q_FILTER:
    vb_buf_printf(out, "(FILTER %s ", vb_qfield_name(n->field));
    quoted(out, n->text);
    break;
  case VB_Q_NEAR: vb_buf_printf(out, "(NEAR/%d", n->near); break;
  case VB_Q_AND: vb_buf_adds(out, "(AND"); break;
  case VB_Q_OR: vb_buf_adds(out, "(OR"); break;
  case VB_Q_NOT: vb_buf_adds(out, "(NOT"); break;
  }
  for (size_t i = 0; i < n->nkids; i++) {
    vb_buf_addc(out, ' ');
    vb_query_format(n->kids[i], out);
  }
  vb_buf_addc(out, ')');
  return out->failed ? VB_ENOMEM : VB_OK;
}

int vb_query_is_text(const vb_qnode *n) {
  switch (n->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE:
  case VB_Q_PREFIX: return 1;
  case VB_Q_FILTER: return 0;
  default:
    for (size_t i = 0; i < n->nkids; i++)
      if (!vb_query_is_text(n->kids[i])) return 0;
    return 1;
  }
}

int vb_query_is_fulltext(const vb_qnode *n) {
  if (!vb_query_is_text(n)) return 0;
  switch (n->kind) {
  case VB_Q_NOT: return 0;
  case VB_Q_AND: {
    int pos = 0;
    for (size_t i = 0; i < n->nkids; i++) {
      const vb_qnode *k = n->kids[i];
      if (k->kind == VB_Q_NOT ? !vb_query_is_fulltext(k->kids[0]) : !vb_query_is_fulltext(k)) return 0;
      pos += k->kind != VB_Q_NOT;
    }
    return pos > 0;
  }
  case VB_Q_OR:
    for (size_t i = 0; i < n->nkids; i++)
      if (!vb_query_is_fulltext(n->kids[i])) return 0;
    return 1;
  default: return 1; /* a word, or NEAR: its compiler says what it joins */
  }
}

int vb_query_has_field(const vb_qnode *n, vb_qfield f) {
  if (n->kind == VB_Q_FILTER && n->field == f) return 1;
  for (size_t i = 0; i < n->nkids; i++)
    if (vb_query_has_field(n->kids[i], f)) return 1;
  return 0;
}
