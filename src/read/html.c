/* html — a saved page -> the article's blocks. libxml2's HTML parser
 * (recovering from broken markup) builds the tree. The article is the
 * element the page names as its body (schema.org itemprop="articleBody"),
 * else the container with the most paragraph text; never navigation,
 * scripts, forms, hidden elements, figures and captions, or the widgets
 * data/furniture-marks.txt names. Its headings and paragraphs become
 * blocks, one per paragraph of a new body made of their text (whitespace
 * collapsed, character references decoded), so layout and attribution read
 * a page exactly as they read the same text; a block remembers what the
 * markup said of it (a heading, the site's lead, a quotation box, a label
 * in bold). Metadata comes from <title>, <meta> (Open Graph,
 * article:published_time, description), <link rel=canonical>, <time
 * datetime>, JSON-LD NewsArticle/VideoObject and links to video pages or
 * files (the clip). */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "core/buf.h"
#include "core/dynlib.h"
#include "core/err.h"
#include "core/text.h"
#include "core/date.h"
#include "core/wordlist.h"
#include "read.h"
#include "read/xml_lib.h"
#include <pthread.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2's own nesting limit guards the parser; our walks stop here. */
#define MAX_DEPTH 256
/* Paragraphs shorter than this do not vote for their container. */
#define MIN_PARAGRAPH_BYTES 25
/* A div with no block inside holding this much text (not counting white
 * space) is set as a paragraph: the page may be paragraphs set as divs.
 * A sentence of fifteen words; a chapter's lines may be no longer. */
#define LONG_DIV_BYTES 80

typedef struct page {
  vb_doc *doc;
  vb_err *err;
  vb_buf out;
  int first;
  vb_str title;          /* og:title, else <title> */
  int title_from_og;
  vb_str site;           /* og:site_name */
  vb_str canonical, og_url;
  const xmlNode *lead;   /* the site's lead, emitted first */
  char meta_lang[3];     /* <meta http-equiv=content-language>, DC.language */
  char og_lang[3];       /* og:locale */
  const xmlNode *article;
  size_t article_len;    /* its text, white space collapsed (once a <pre> asks) */
} page;

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int heading_level(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *s = (const char *)n->name;
  return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && !s[2] ? s[1] - '0' : 0;
}

static int has_token(const char *v, const char *word);

static int attr_has(const xmlNode *n, const char *attr, const char *what) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) return 0;
  int hit = vb_find_ci((const char *)v, strlen((const char *)v), what) >= 0;
  vb_xml_free(v);
  return hit;
}

/* Not shown to a reader: the hidden attribute, aria-hidden, display:none,
 * a class named "hidden" (the stylesheets' display:none: a newspaper's
 * "story-content hidden" feedback prompt, shown only by a script). */
static int hidden(const xmlNode *n) {
  if (xmlHasProp(n, (const xmlChar *)"hidden")) return 1;
  if (attr_has(n, "aria-hidden", "true")) return 1;
  xmlChar *cl = xmlGetProp(n, (const xmlChar *)"class");
  int by_class = cl && has_token((const char *)cl, "hidden");
  vb_xml_free(cl);
  if (by_class) return 1;
  xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
  if (!st) return 0;
  char compact[256];
  size_t k = 0;
  for (const xmlChar *c = st; *c && k + 1 < sizeof compact; c++)
    if (!vb_is_ascii_space(*c)) compact[k++] = (char)*c;
  int hit = vb_find_ci(compact, k, "display:none") >= 0 || vb_find_ci(compact, k, "visibility:hidden") >= 0;
  vb_xml_free(st);
  return hit;
}

/* Navigation, scripts, widgets, figures, hidden text: never part of an
 * article. The answer is kept in the node (libxml2's _private), since the
 * walks below ask it of every node more than once: LIKELY_MARK, or
 * UNLIKELY_MARK (by its tag, hidden, the site's own mark, or left out
 * below), or MARKED_MARK (only its class, id or role say furniture). A
 * page whose marks left no article is looked at a second time (the
 * document's _private says so): then a marked element holding an article's
 * worth of text is read (MARKED_KEEP: "evolve-shared-history" is a
 * section, not a share button), a smaller one still left out. */
#define LIKELY_MARK ((void *)1)
#define UNLIKELY_MARK ((void *)2)
#define MARKED_MARK ((void *)3)
#define MARKED_KEEP ((void *)4)
#define MARKED_DROP ((void *)5)
#define SECOND_LOOK ((void *)1)
/* An article shorter than this asks for a second look (Readability's
 * charThreshold); a marked element this long is read then. */
#define SECOND_LOOK_BYTES 500
static void *unlikely_uncached(const xmlNode *n) {
  static const char *const tags[] = {"script", "style",  "noscript", "nav",      "header",
                                     "footer", "aside",  "form",     "iframe",   "svg",
                                     "button", "select", "template", "head",     "menu",
                                     "figure", "figcaption", "annotation"};
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (name_is(n, tags[i])) return UNLIKELY_MARK;
  if (hidden(n)) return UNLIKELY_MARK;
  const char *attrs[] = {"class", "id", "role"};
  void *answer = LIKELY_MARK;
  for (int a = 0; a < 3; a++) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
    if (!v) continue;
    int hit = vb_wl_marks(VB_WL_FURNITURE_MARKS, (const char *)v, strlen((const char *)v));
    vb_xml_free(v);
    if (hit == 2) return UNLIKELY_MARK;
    if (hit) answer = MARKED_MARK;
  }
  return answer;
}

static void *likeliness(const xmlNode *n) {
  xmlNode *m = (xmlNode *)n;
  if (!m->_private) m->_private = unlikely_uncached(n);
  return m->_private;
}

static size_t text_len(const xmlNode *n);
static int has_block_child(const xmlNode *n);

static int unlikely(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE) return n->type == XML_COMMENT_NODE;
  void *v = likeliness(n);
  if (v == LIKELY_MARK || v == UNLIKELY_MARK) return v == UNLIKELY_MARK;
  if (!n->doc || n->doc->_private != SECOND_LOOK) return 1; /* marked: out at first */
  if (v == MARKED_MARK) {
    xmlNode *m = (xmlNode *)n;
    m->_private = MARKED_DROP; /* while its own text is measured */
    m->_private = text_len(n) >= SECOND_LOOK_BYTES ? MARKED_KEEP : MARKED_DROP;
    v = m->_private;
  }
  return v != MARKED_KEEP;
}

/* Left out by its tag, hidden, or by the site's own mark; what class, id
 * and role say is set aside (the page naming an element its articleBody
 * outweighs them). */
static int unlikely_by_tag(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE) return n->type == XML_COMMENT_NODE;
  return likeliness(n) == UNLIKELY_MARK;
}

static void text_of(const xmlNode *n, vb_buf *b, int depth);

/* Appends one node's text with runs of whitespace collapsed; <br> is a
 * space. */
static void text_one(const xmlNode *c, vb_buf *b, int depth) {
  if (depth > MAX_DEPTH) return;
  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
    for (const char *t = (const char *)c->content; t && *t; t++) {
      unsigned char ch = (unsigned char)*t;
      int nbsp = ch == 0xC2 && (unsigned char)t[1] == 0xA0; /* &nbsp; spaces like a space */
      if (!vb_is_ascii_space(ch) && !nbsp) vb_buf_addc(b, (char)ch);
      else if (b->len && b->ptr[b->len - 1] != ' ') vb_buf_addc(b, ' ');
      if (nbsp) t++;
    }
  } else if (c->type == XML_ELEMENT_NODE && !unlikely(c)) {
    if (name_is(c, "br")) {
      if (b->len && b->ptr[b->len - 1] != ' ') vb_buf_addc(b, ' ');
    } else {
      text_of(c, b, depth + 1);
    }
  }
}

/* Appends the text of n's children. */
static void text_of(const xmlNode *n, vb_buf *b, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) text_one(c, b, depth);
}

static size_t text_len(const xmlNode *n) {
  vb_buf b;
  vb_buf_init(&b, 0);
  text_of(n, &b, 0);
  size_t len = b.len;
  vb_buf_free(&b);
  return len;
}

typedef struct best {
  const xmlNode *node;
  size_t score;
} best;

/* Each paragraph's text counts for its parent in full and its grandparent
 * in half; the best-scoring element is the article. */
typedef struct scorer {
  const xmlNode **nodes;
  size_t *scores;
  size_t n, cap;
  int divs; /* a div with no block inside votes as a paragraph does */
  int long_div; /* the look saw a div with no block inside and a paragraph's text */
} scorer;

static void credit(scorer *s, const xmlNode *node, size_t amount) {
  if (!node) return;
  for (size_t i = 0; i < s->n; i++)
    if (s->nodes[i] == node) {
      s->scores[i] += amount;
      return;
    }
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    const xmlNode **nn = realloc(s->nodes, cap * sizeof *nn);
    size_t *ns = nn ? realloc(s->scores, cap * sizeof *ns) : NULL;
    if (nn) s->nodes = nn;
    if (!ns) return;
    s->scores = ns;
    s->cap = cap;
  }
  s->nodes[s->n] = node;
  s->scores[s->n++] = amount;
}

/* Does n hold at least `want` bytes of text that are not white space?
 * Stops counting once it does. */
static int holds_text(const xmlNode *n, size_t want, int depth) {
  size_t got = 0;
  for (const xmlNode *c = n->children; c && got < want; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      for (const char *t = (const char *)c->content; t && *t && got < want; t++)
        got += !vb_is_ascii_space((unsigned char)*t);
    } else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH && !unlikely(c) &&
               holds_text(c, want - got, depth + 1)) {
      return 1;
    }
  }
  return got >= want;
}

static void score(const xmlNode *n, scorer *s, int depth) {
  if (depth > MAX_DEPTH) return;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    if (!s->divs && !s->long_div && name_is(c, "div") && !has_block_child(c) &&
        holds_text(c, LONG_DIV_BYTES, depth))
      s->long_div = 1;
    if (name_is(c, "p") || name_is(c, "pre") || name_is(c, "blockquote") ||
        (s->divs && name_is(c, "div") && !has_block_child(c))) {
      size_t len = text_len(c);
      if (len >= MIN_PARAGRAPH_BYTES) {
        credit(s, c->parent, len);
        if (c->parent) credit(s, c->parent->parent, len / 2);
      }
    }
    score(c, s, depth + 1);
  }
}

static int is_block(const xmlNode *n) {
  static const char *const tags[] = {"p",  "li", "blockquote", "pre", "dt", "dd",
                                     "figcaption", "td", "th", "address", "summary"};
  if (heading_level(n)) return 1;
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (name_is(n, tags[i])) return 1;
  return 0;
}

static int has_block_child(const xmlNode *n) {
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (is_block(c) || name_is(c, "div") || name_is(c, "section") ||
                                        name_is(c, "article") || name_is(c, "ul") ||
                                        name_is(c, "ol") || name_is(c, "table")))
      return 1;
  return 0;
}

/* Does an element hold no text but white space (an anchor's target, <a
 * name="para25"></a>, before a paragraph's label)? */
static int holds_no_text(const xmlNode *n, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      for (const xmlChar *t = c->content; t && *t; t++)
        if (!vb_is_ascii_space(*t)) return 0;
    } else if (c->type == XML_ELEMENT_NODE && (depth >= MAX_DEPTH || !holds_no_text(c, depth + 1))) {
      return 0;
    }
  }
  return 1;
}

/* The text of a leading run of bold (<b>, <strong>) children of a block,
 * whitespace collapsed as text_of does: where a label set in bold ends. */
static void leading_bold(const xmlNode *n, vb_buf *b, int depth) {
  for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      int blank = 1;
      for (const xmlChar *t = c->content; t && *t && blank; t++) {
        if (t[0] == 0xC2 && t[1] == 0xA0) t++; /* &nbsp; */
        else blank = vb_is_ascii_space(*t);
      }
      if (blank) {
        if (b->len && b->ptr[b->len - 1] != ' ') vb_buf_addc(b, ' ');
        continue;
      }
      return;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    if (unlikely(c)) continue;
    if (name_is(c, "b") || name_is(c, "strong")) {
      text_of(c, b, depth + 1);
      continue;
    }
    /* <span><b>Name</b></span>: look one wrapper down, only at the start */
    if (!b->len && (name_is(c, "span") || name_is(c, "a") || name_is(c, "font"))) {
      leading_bold(c, b, depth + 1);
      if (b->len || holds_no_text(c, depth + 1)) continue;
    }
    return;
  }
}

/* Length of the label a block's bold run marks: the run, then an optional
 * parenthesised note ("(retranslated)") and the colon, in the block's text
 * t[0..n); 0 when the bold run is no label. */
static size_t marked_label(const char *t, size_t n, const char *bold, size_t bn) {
  while (bn && bold[0] == ' ') bold++, bn--;
  while (bn && bold[bn - 1] == ' ') bn--;
  if (!bn || bn > n || memcmp(t, bold, bn) != 0) return 0;
  size_t i = bn;
  if (bold[bn - 1] == ':') return i;
  while (i < n && t[i] == ' ') i++;
  if (i < n && t[i] == '(') { /* "Name (retranslated):" */
    const char *close = memchr(t + i, ')', n - i < 80 ? n - i : 80);
    if (!close) return 0;
    i = (size_t)(close - t) + 1;
    while (i < n && t[i] == ' ') i++;
  }
  return i < n && t[i] == ':' ? i + 1 : 0;
}

/* Does the text t[0..n) end a sentence: ".", "?", "!" or "…", before any
 * closing quotes or brackets? */
static int ends_sentence(const char *t, size_t n) {
  while (n && t[n - 1] == ' ') n--;
  for (;;) {
    size_t q = vb_close_quote_before(t, n); /* " ” » */
    if (q) n -= q;
    else if (n && (t[n - 1] == '\'' || t[n - 1] == ')' || t[n - 1] == ']')) n--;
    else if (n >= 3 && (unsigned char)t[n - 3] == 0xE2 && (unsigned char)t[n - 2] == 0x80 &&
             (unsigned char)t[n - 1] == 0x99)
      n -= 3; /* ’ */
    else break;
  }
  if (n && (t[n - 1] == '.' || t[n - 1] == '?' || t[n - 1] == '!')) return 1;
  return n >= 3 && (unsigned char)t[n - 3] == 0xE2 && (unsigned char)t[n - 2] == 0x80 &&
         (unsigned char)t[n - 1] == 0xA6; /* … */
}

/* A second label set in bold inside a paragraph that opened with one,
 * after a sentence ("<b>Anna Roe:</b> You asked that. <b>Question:</b> No,
 * I did not."): the next speaker's turn begins there, as the markup sets
 * it. Fills at[] and len[] with the offsets and lengths of such labels in
 * the block's text t[0..n) (as text_of makes it), past the opening label
 * (first bytes); returns how many, at most max. */
#define MAX_INNER_LABELS 16
static int inner_labels(const xmlNode *c, const char *t, size_t n, size_t first, size_t *at,
                        size_t *len, int max, int depth) {
  /* most paragraphs hold no bold after their text begins: done at once */
  int text_seen = 0, bold_after = 0;
  for (const xmlNode *ch = c->children; ch && !bold_after; ch = ch->next) {
    if (ch->type == XML_TEXT_NODE) {
      for (const xmlChar *p = ch->content; p && *p && !text_seen; p++)
        text_seen = !vb_is_ascii_space(*p);
    } else {
      bold_after = text_seen && (name_is(ch, "b") || name_is(ch, "strong"));
    }
  }
  if (!bold_after) return 0;
  vb_buf acc, bold;
  vb_buf_init(&acc, 0);
  vb_buf_init(&bold, 0);
  int k = 0;
  for (const xmlNode *ch = c->children; ch && k < max; ch = ch->next) {
    size_t pos = acc.len;
    if (pos > first && pos < n && (name_is(ch, "b") || name_is(ch, "strong")) && !unlikely(ch) &&
        ends_sentence(t, pos)) {
      bold.len = 0;
      text_of(ch, &bold, depth + 1);
      size_t p = pos;
      while (p < n && t[p] == ' ') p++;
      size_t l = bold.len ? marked_label(t + p, n - p, bold.ptr, bold.len) : 0;
      size_t rest = p + l;
      while (rest < n && t[rest] == ' ') rest++;
      if (l && l <= VB_MAX_LABEL_BYTES && rest < n) {
        at[k] = p;
        len[k++] = l;
      }
    }
    text_one(ch, &acc, depth + 1);
  }
  vb_buf_free(&acc);
  vb_buf_free(&bold);
  return k;
}

/* A link a reader can follow (<a href>), not a named anchor (<a name>) nor
 * a script's handle (href="javascript:…", a page's own wrapper). */
static int is_link(const xmlNode *n) {
  if (!name_is(n, "a")) return 0;
  xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
  if (!href) return 0;
  const char *h = (const char *)href;
  while (vb_is_ascii_space((unsigned char)*h)) h++;
  int link = !vb_prefix_ci(h, strlen(h), "javascript:");
  vb_xml_free(href);
  return link;
}

static int in_link(const xmlNode *n) {
  for (int depth = 0; n && depth < MAX_DEPTH; n = n->parent, depth++)
    if (is_link(n)) return 1;
  return 0;
}

/* Counts the letters and digits of c's text that a link holds (linked: c
 * stands in one) and those it does not: what a block of teasers, a menu or
 * "Comments (5 posted)" is made of, and a sentence is not. */
typedef struct link_count {
  size_t in, out;
} link_count;

static void count_links(const xmlNode *c, int linked, link_count *lc, int depth) {
  if (depth > MAX_DEPTH) return;
  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
    const char *t = (const char *)c->content; /* libxml2's own string: NUL-terminated */
    size_t n = t ? strlen(t) : 0, k = 0;
    for (size_t i = 0; i < n;) {
      int32_t cp;
      i += vb_utf8_next(t, n, i, &cp);
      k += vb_cp_is_letter(cp) || vb_cp_is_digit(cp);
    }
    if (linked) lc->in += k;
    else lc->out += k;
  } else if (c->type == XML_ELEMENT_NODE && !unlikely(c)) {
    for (const xmlNode *k = c->children; k; k = k->next)
      count_links(k, linked || is_link(c), lc, depth + 1);
  }
}

static unsigned links_flag(const link_count *lc) {
  return lc->in && !lc->out ? VB_BLK_LINKS : 0;
}

/* A leaf block that is links alone: not a table's cell (a table's data
 * links its names: a country's capital, a film's title), and a list item
 * only in a list of links (one linked question in a list of them is text).
 * *list is whether every item of c's list is links alone: -1 until the
 * first item that needs it counts them, once a list (a menu of 20,000
 * links counted per item was 60 s of CPU for a 1 MB page). */
static unsigned block_links(const xmlNode *c, int linked, int depth, int *list) {
  if (name_is(c, "td") || name_is(c, "th")) return 0;
  link_count lc = {0, 0};
  count_links(c, linked, &lc, depth);
  if (!links_flag(&lc) || !name_is(c, "li") || !c->parent) return links_flag(&lc);
  if (*list < 0) {
    *list = 1;
    for (const xmlNode *k = c->parent->children; k && *list; k = k->next) {
      if (k == c || !name_is(k, "li") || unlikely(k)) continue;
      link_count other = {0, 0};
      count_links(k, linked, &other, depth);
      if (other.out) *list = 0;
    }
  }
  return *list ? VB_BLK_LINKS : 0;
}

/* One block of the new body: t[0,n) after sep, gap blank lines before it. */
static int add_span(page *pg, const char *t, size_t n, const char *sep, unsigned gap,
                    unsigned flags, vb_block **out) {
  vb_doc *d = pg->doc;
  if (d->blocks.n >= VB_MAX_BLOCKS)
    return vb_err_set(pg->err, VB_ELIMIT, d->path, -1, "more than %u blocks", VB_MAX_BLOCKS);
  if (pg->out.len) vb_buf_adds(&pg->out, sep);
  vb_block *b = VB_VEC_PUSH(d->arena, d->blocks);
  if (!b) return vb_err_set(pg->err, VB_ENOMEM, d->path, -1, "out of memory");
  memset(b, 0, sizeof *b);
  b->start = (uint32_t)pg->out.len;
  vb_buf_add(&pg->out, t, n);
  b->end = (uint32_t)pg->out.len;
  b->time.start = b->time.end = -1;
  b->gap = (uint16_t)(pg->first ? 0 : gap);
  b->flags = (uint16_t)flags;
  pg->first = 0;
  if (out) *out = b;
  return VB_OK;
}

static int add_block(page *pg, const char *t, size_t n, int level, unsigned flags,
                     size_t label) {
  while (n && t[0] == ' ') t++, n--;
  while (n && t[n - 1] == ' ') n--;
  if (!n) return VB_OK;
  vb_block *b;
  int rc = add_span(pg, t, n, "\n\n", 1, VB_BLK_HARD | (level ? VB_BLK_HEADING : 0) | flags, &b);
  if (rc) return rc;
  b->level = (uint8_t)level;
  b->marked_label = label <= n && label <= UINT16_MAX ? (uint16_t)label : 0;
  return VB_OK;
}

/* Appends a node's text as it stands, white space and line breaks kept
 * (<br> is a line break): the text of a <pre>. */
static void raw_text_of(const xmlNode *n, vb_buf *b, int depth) {
  for (const xmlNode *c = n->children; c && depth <= MAX_DEPTH; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) vb_buf_adds(b, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE && !unlikely(c)) {
      if (name_is(c, "br")) vb_buf_addc(b, '\n');
      else raw_text_of(c, b, depth + 1);
    }
  }
}

/* A <pre> that holds the page's text (half of the article's or more; a
 * code sample inside an article stays one block), set line by line as the
 * Congressional Record prints its pages in one ("  Mr. DORGAN. Mr.
 * President, ..." and its wrapped lines).
 * Each line is a block, as the text reader makes them, with the blank
 * lines before it; a line opens a paragraph (VB_BLK_INDENT) by its
 * indentation against the lines before: deeper than the line before, as
 * deep as a line that opened one, or shallower than the wrapped lines of
 * the passage it is in. So a letter printed in the Record, every line
 * indented (a paragraph's first 7 spaces, the rest 5), is paragraphs and
 * not a paragraph a line, and the speech after it (2 spaces) opens one. */
static int emit_pre(page *pg, const xmlNode *c, int depth, unsigned flags) {
  vb_buf raw;
  vb_buf_init(&raw, 0);
  raw_text_of(c, &raw, depth);
  const char *t = raw.ptr ? raw.ptr : "";
  size_t pos = 0;
  unsigned gap = 0;
  int first = 1, rc = VB_OK, prev_opens = 1, wrap_known = 0;
  size_t prev_indent = 0, wrap_indent = 0; /* the wrapped lines' indent here */
  while (pos < raw.len && !rc) {
    const char *nl = memchr(t + pos, '\n', raw.len - pos);
    size_t eol = nl ? (size_t)(nl - t) : raw.len, b = pos, e = eol;
    while (b < e && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r' || t[b] == '\f')) b++;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
    if (b == e) {
      gap++;
    } else {
      size_t indent = b - pos;
      /* shallower than the wrapped lines of the passage: out of it */
      int leaves = prev_opens ? wrap_known && indent < wrap_indent : indent < prev_indent;
      int opens = first || gap || indent > prev_indent || leaves ||
                  (prev_opens && indent == prev_indent && indent > 0);
      if (leaves) wrap_known = 0;
      if (!opens) wrap_known = 1, wrap_indent = indent;
      unsigned f = flags | (first ? VB_BLK_HARD : 0) | (opens && indent ? VB_BLK_INDENT : 0);
      rc = add_span(pg, t + b, e - b, first ? "\n\n" : "\n", first ? 1 : gap, f, NULL);
      first = 0;
      gap = 0;
      prev_opens = opens;
      prev_indent = indent;
    }
    pos = eol + 1;
  }
  vb_buf_free(&raw);
  return rc;
}

/* Blocks of the article in document order; a div's own loose text is a
 * paragraph of its own. `flags` is what the elements around say of every
 * block inside (a quotation box, the lead). */
static int emit(page *pg, const xmlNode *n, int depth, unsigned flags) {
  if (depth > MAX_DEPTH)
    return vb_err_set(pg->err, VB_ELIMIT, pg->doc->path, -1, "markup nested deeper than %d",
                      MAX_DEPTH);
  vb_buf loose;
  vb_buf_init(&loose, 0);
  int rc = VB_OK;
  int linked = in_link(n);
  int list_links = -1; /* n's items all links alone (block_links), once known */
  link_count loose_links = {0, 0};
  for (const xmlNode *c = n->children; c && !rc; c = c->next) {
    int level = heading_level(c);
    int element = c->type == XML_ELEMENT_NODE && !unlikely(c);
    if (element && c == pg->lead) continue; /* already emitted first */
    int leaf_block = element && (level || (is_block(c) && !has_block_child(c)));
    int container = element && !leaf_block && !name_is(c, "br") &&
                    (has_block_child(c) || name_is(c, "div") || name_is(c, "section") ||
                     name_is(c, "article") || name_is(c, "main") || name_is(c, "ul") ||
                     name_is(c, "ol") || name_is(c, "table") || name_is(c, "tbody") ||
                     name_is(c, "tr"));
    if (!leaf_block && !container && !name_is(c, "br")) {
      text_one(c, &loose, depth); /* inline text between blocks */
      count_links(c, linked, &loose_links, depth);
      continue;
    }
    if (loose.len) { /* loose text before a block is a paragraph of its own */
      rc = add_block(pg, loose.ptr, loose.len, 0, flags | links_flag(&loose_links), 0);
      loose.len = 0;
    }
    loose_links.in = loose_links.out = 0;
    if (rc || name_is(c, "br")) continue;
    unsigned inner = flags | (name_is(c, "blockquote") ? VB_BLK_QUOTEBOX : 0) |
                     (name_is(c, "td") || name_is(c, "th") ? VB_BLK_CELL : 0);
    if (container) {
      rc = emit(pg, c, depth + 1, inner);
      continue;
    }
    if (name_is(c, "pre") && !pg->article_len) pg->article_len = text_len(pg->article) + 1;
    if (name_is(c, "pre") && text_len(c) * 2 >= pg->article_len) {
      rc = emit_pre(pg, c, depth + 1, inner); /* the page is text set in a <pre> */
      continue;
    }
    vb_buf b, bold;
    vb_buf_init(&b, 0);
    vb_buf_init(&bold, 0);
    text_of(c, &b, depth + 1);
    if (!level) leading_bold(c, &bold, depth + 1);
    const char *t = b.ptr ? b.ptr : "";
    size_t lead_sp = 0;
    while (lead_sp < b.len && t[lead_sp] == ' ') lead_sp++;
    size_t label = bold.len ? marked_label(t + lead_sp, b.len - lead_sp, bold.ptr, bold.len) : 0;
    size_t bl = bold.len, tl = b.len - lead_sp;
    while (bl && bold.ptr[bl - 1] == ' ') bl--;
    while (tl && t[lead_sp + tl - 1] == ' ') tl--;
    unsigned all_bold = bl && bl == tl ? VB_BLK_BOLD : 0;
    unsigned links = level ? 0 : block_links(c, linked, depth, &list_links);
    size_t at[MAX_INNER_LABELS], len[MAX_INNER_LABELS];
    int k = label && !level ? inner_labels(c, t + lead_sp, b.len - lead_sp, label, at, len,
                                           MAX_INNER_LABELS, depth)
                            : 0;
    size_t from = lead_sp, from_label = label;
    for (int j = 0; j < k && !rc; j++) { /* each label after a sentence opens a block */
      rc = add_block(pg, t + from, lead_sp + at[j] - from, level, inner | links, from_label);
      from = lead_sp + at[j];
      from_label = len[j];
    }
    if (!rc)
      rc = add_block(pg, t + from, b.len - from, level, inner | (k ? 0 : all_bold) | links,
                     from_label);
    vb_buf_free(&b);
    vb_buf_free(&bold);
  }
  if (!rc && loose.len) rc = add_block(pg, loose.ptr, loose.len, 0, flags | links_flag(&loose_links), 0);
  vb_buf_free(&loose);
  return rc;
}

static vb_str keep(vb_doc *d, const xmlChar *s) {
  vb_str v = {0};
  if (!s) return v;
  size_t n = strlen((const char *)s);
  while (n && vb_is_ascii_space((unsigned char)s[n - 1])) n--;
  v.ptr = vb_arena_strndup(d->arena, (const char *)s, n);
  v.len = v.ptr ? n : 0;
  return v;
}

static void set_date(vb_doc *d, vb_str *field, const char *s) {
  char iso[11];
  if (!s || field->ptr) return;
  if (vb_parse_date(s, strlen(s), iso) || (strlen(s) >= 10 && vb_parse_date(s, 10, iso))) {
    char *p = vb_arena_strndup(d->arena, iso, 10);
    if (p) {
      field->ptr = p;
      field->len = 10;
    }
  }
}

/* The page's author, first declared wins: a name, not a profile's URL. */
#define MAX_AUTHOR_BYTES 80u
static void set_author(vb_doc *d, const char *v) {
  if (!v || d->page_author.ptr) return;
  while (*v && vb_is_ascii_space((unsigned char)*v)) v++;
  size_t n = strlen(v);
  while (n && vb_is_ascii_space((unsigned char)v[n - 1])) n--;
  if (n < 3 || n > MAX_AUTHOR_BYTES || vb_prefix_ci(v, n, "http")) return;
  d->page_author.ptr = vb_arena_strndup(d->arena, v, n);
  d->page_author.len = d->page_author.ptr ? n : 0;
}

/* An attribute of n holding word as one of its space-separated tokens. */
static int attr_token(const xmlNode *n, const char *attr, const char *word) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  int hit = v && has_token((const char *)v, word);
  vb_xml_free(v);
  return hit;
}

/* The first element under n (n itself included) whose itemprop is "name". */
static const xmlNode *item_name(const xmlNode *n, int depth) {
  if (depth > MAX_DEPTH || n->type != XML_ELEMENT_NODE) return NULL;
  if (attr_token(n, "itemprop", "name")) return n;
  for (const xmlNode *c = n->children; c; c = c->next) {
    const xmlNode *f = item_name(c, depth + 1);
    if (f) return f;
  }
  return NULL;
}

/* A byline in the page's markup naming its author: a link to the author
 * (rel=author; a link whose class names an author and which leads to an
 * /author/ page: "<a class=byauthor href=/author/aroe/>Ann Roe</a>"), or
 * schema.org's itemprop=author (its itemprop=name where it has one). A
 * commenter's link leads to their own site, not to an /author/ page. */
static void byline_author(vb_doc *d, const xmlNode *c) {
  const xmlNode *who = NULL;
  if (attr_token(c, "rel", "author")) who = c;
  else if (attr_token(c, "itemprop", "author")) {
    who = item_name(c, 0);
    if (!who) who = c;
  }
  else if (name_is(c, "a") && attr_has(c, "class", "author") && attr_has(c, "href", "/author/")) who = c;
  if (!who) return;
  vb_buf b;
  vb_buf_init(&b, 0);
  text_of(who, &b, 0);
  vb_buf_addc(&b, '\0');
  const char *v = b.failed ? NULL : b.ptr;
  if (v && vb_prefix_ci(v, strlen(v), "by ")) v += 3;
  set_author(d, v);
  vb_buf_free(&b);
}

static void json_ld(vb_doc *d, const char *text) {
  json_t *root = json_loads(text, JSON_DECODE_ANY, NULL);
  if (!root) return;
  json_t *items = json_is_array(root) ? root : NULL, *graph = json_object_get(root, "@graph");
  if (json_is_array(graph)) items = graph;
  size_t n = items ? json_array_size(items) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *o = items ? json_array_get(items, i) : root;
    const char *type = json_string_value(json_object_get(o, "@type"));
    if (!type) continue;
    if (strstr(type, "Article") || strstr(type, "VideoObject")) {
      json_t *au = json_object_get(o, "author");
      if (json_is_array(au)) au = json_array_get(au, 0);
      set_author(d, json_string_value(json_object_get(au, "name")));
      set_date(d, &d->view.meta.published, json_string_value(json_object_get(o, "datePublished")));
      set_date(d, &d->view.meta.published, json_string_value(json_object_get(o, "uploadDate")));
    }
    if (strstr(type, "VideoObject") && !d->view.meta.clip.ptr) {
      const char *u = json_string_value(json_object_get(o, "contentUrl"));
      if (!u) u = json_string_value(json_object_get(o, "embedUrl"));
      if (u) {
        d->view.meta.clip = keep(d, (const xmlChar *)u);
        d->view.meta.has_clip = 1;
      }
    }
  }
  json_decref(root);
}

/* <meta>, <time>, JSON-LD and clip links anywhere in the page. */
static void metadata(page *pg, vb_doc *d, const xmlNode *n, int depth) {
  if (depth > MAX_DEPTH) return;
  for (const xmlNode *c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    /* schema.org microdata: <meta itemprop="datePublished" content=…>,
     * <time itemprop=… content=…>, <abbr class=published itemprop=…
     * title=…> (a blog's post date) */
    if (attr_token(c, "itemprop", "datePublished")) {
      static const char *const attrs[] = {"content", "datetime", "title"};
      for (size_t a = 0; a < sizeof attrs / sizeof *attrs && !d->view.meta.published.ptr; a++) {
        xmlChar *v = xmlGetProp(c, (const xmlChar *)attrs[a]);
        set_date(d, &d->view.meta.published, (const char *)v);
        vb_xml_free(v);
      }
    }
    if (name_is(c, "meta")) {
      xmlChar *key = xmlGetProp(c, (const xmlChar *)"property");
      if (!key) key = xmlGetProp(c, (const xmlChar *)"name");
      if (!key) key = xmlGetProp(c, (const xmlChar *)"http-equiv");
      xmlChar *val = xmlGetProp(c, (const xmlChar *)"content");
      if (key && val) {
        const char *k = (const char *)key;
        size_t kl = strlen(k), vl = strlen((const char *)val);
        if (vb_eq_ci(k, kl, "content-language") || vb_eq_ci(k, kl, "dc.language") || vb_eq_ci(k, kl, "language")) {
          if (!pg->meta_lang[0]) vb_lang_code((const char *)val, vl, pg->meta_lang);
        } else if (!strcmp(k, "og:locale")) {
          if (!pg->og_lang[0]) vb_lang_code((const char *)val, vl, pg->og_lang);
        } else if (!strcmp(k, "article:published_time") || !strcmp(k, "date") ||
                   !strcmp(k, "og:article:published_time") || !strcmp(k, "DC.date") ||
                   /* Dublin Core's creation and issue dates (a legislature's
                    * Hansard: the sitting day, dc.date.created) */
                   vb_eq_ci(k, kl, "dc.date.created") || vb_eq_ci(k, kl, "dc.date.issued") ||
                   vb_eq_ci(k, kl, "dcterms.created") || vb_eq_ci(k, kl, "dcterms.issued"))
          set_date(d, &d->view.meta.published, (const char *)val);
        else if (!strcmp(k, "og:title")) {
          pg->title = keep(d, val);
          pg->title_from_og = 1;
        } else if (!strcmp(k, "og:site_name") && !pg->site.ptr)
          pg->site = keep(d, val);
        else if (!strcmp(k, "author") || !strcmp(k, "article:author"))
          set_author(d, (const char *)val);
        else if (!strcmp(k, "og:url") && !pg->og_url.ptr)
          pg->og_url = keep(d, val);
        else if ((!strcmp(k, "og:video") || !strcmp(k, "og:video:url")) && !d->view.meta.clip.ptr) {
          d->view.meta.clip = keep(d, val);
          d->view.meta.has_clip = 1;
        }
      }
      vb_xml_free(key);
      vb_xml_free(val);
    } else if (name_is(c, "link") && !pg->canonical.ptr && attr_has(c, "rel", "canonical")) {
      xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
      if (href) pg->canonical = keep(d, href);
      vb_xml_free(href);
    } else if (name_is(c, "title") && !pg->title.ptr) {
      vb_buf b;
      vb_buf_init(&b, 0);
      text_of(c, &b, 0);
      if (b.len) pg->title = keep(d, (const xmlChar *)b.ptr);
      vb_buf_free(&b);
    } else if (name_is(c, "time")) {
      xmlChar *dt = xmlGetProp(c, (const xmlChar *)"datetime");
      set_date(d, &d->view.meta.published, (const char *)dt);
      vb_xml_free(dt);
    } else if (!d->page_author.ptr && (name_is(c, "a") || xmlHasProp(c, (const xmlChar *)"itemprop"))) {
      byline_author(d, c);
    } else if (name_is(c, "script")) {
      xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
      if (type && !strcmp((const char *)type, "application/ld+json") && c->children &&
          c->children->content)
        json_ld(d, (const char *)c->children->content);
      vb_xml_free(type);
    }
    metadata(pg, d, c->children, depth + 1);
  }
}

/* A link in the article to its clip: a video page or file (data/clip-links.txt). */
static void clip_links(vb_doc *d, const xmlNode *n, int depth) {
  if (depth > MAX_DEPTH) return;
  for (const xmlNode *c = n->children; c && !d->view.meta.clip.ptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    if (name_is(c, "a") || name_is(c, "source") || name_is(c, "video") || name_is(c, "iframe")) {
      xmlChar *u = xmlGetProp(c, (const xmlChar *)(name_is(c, "a") ? "href" : "src"));
      if (u && vb_wl_inside(VB_WL_CLIP_LINKS, (const char *)u, strlen((const char *)u))) {
        d->view.meta.clip = keep(d, u);
        d->view.meta.has_clip = 1;
      }
      vb_xml_free(u);
    }
    clip_links(d, c, depth + 1);
  }
}

static size_t score_of(const scorer *s, const xmlNode *n) {
  for (size_t i = 0; i < s->n; i++)
    if (s->nodes[i] == n) return s->scores[i];
  return 0;
}

static int inside(const xmlNode *n, const xmlNode *anc) {
  for (int k = 0; n && k < MAX_DEPTH; n = n->parent, k++)
    if (n == anc) return 1;
  return 0;
}

/* Whether a and b share a class name ("story-body story-body-1" and
 * "story-body story-body-2" share "story-body"). */
static int same_class(const xmlNode *a, const xmlNode *b) {
  xmlChar *ca = xmlGetProp(a, (const xmlChar *)"class");
  xmlChar *cb = ca ? xmlGetProp(b, (const xmlChar *)"class") : NULL;
  int same = 0;
  for (const char *t = (const char *)ca; cb && t && *t && !same;) {
    while (vb_is_ascii_space((unsigned char)*t)) t++;
    const char *e = t;
    while (*e && !vb_is_ascii_space((unsigned char)*e)) e++;
    if (e > t) {
      char word[64];
      size_t wl = (size_t)(e - t);
      if (wl < sizeof word) {
        memcpy(word, t, wl);
        word[wl] = 0;
        same = has_token((const char *)cb, word);
      }
    }
    t = e;
  }
  vb_xml_free(ca);
  vb_xml_free(cb);
  return same;
}

/* An article cut into several containers (a section per part, figures
 * between): when two more containers scoring a fifth of the best lie
 * under one ancestor a few levels up, that ancestor is the article. One
 * is enough when it shares a class name with the best: the page's own
 * markup says they are parts of one thing (a newspaper's article body
 * cut in two around an advertisement, "story-body-1", "story-body-2"). */
static const xmlNode *common_ancestor(const xmlNode *best_node, const scorer *s, size_t top) {
  if (name_is(best_node, "article")) return best_node;
  const xmlNode *a = best_node->parent;
  for (int up = 0; a && up < 7; up++, a = a->parent) {
    if (a->type != XML_ELEMENT_NODE || name_is(a, "body") || name_is(a, "html")) break;
    int n = 0;
    for (size_t i = 0; i < s->n; i++)
      if (s->nodes[i] != best_node && s->scores[i] * 5 >= top && !inside(best_node, s->nodes[i]) &&
          inside(s->nodes[i], a))
        n += same_class(s->nodes[i], best_node) ? 2 : 1;
    if (n >= 2) return a;
    /* the page's own <article> holds all its parts: what lies beyond it
     * (heise's teasers in the column beside it) is another thing */
    if (name_is(a, "article")) break;
  }
  return best_node;
}

/* An article set as sections side by side (a heading and its paragraphs
 * each): the sections around the best one that hold text of their own
 * (a fifth of its score, or a paragraph of 80 bytes) belong to it too.
 * Returns the element to read: the best one, or its parent with the other
 * children marked to be left out. */
static const xmlNode *with_siblings(const xmlNode *top_node, const scorer *s, size_t top) {
  const xmlNode *parent = top_node->parent;
  if (!parent || parent->type != XML_ELEMENT_NODE || name_is(parent, "body") || name_is(parent, "html"))
    return top_node;
  int more = 0;
  for (const xmlNode *c = parent->children; c; c = c->next) {
    if (c == top_node || c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    size_t sc = score_of(s, c);
    int keep = sc * 5 >= top || (name_is(c, "p") && text_len(c) >= 80);
    if (keep) more = 1;
    else ((xmlNode *)c)->_private = UNLIKELY_MARK;
  }
  return more ? parent : top_node;
}

/* The child of <body> that is n or holds it; NULL when n is <body> or
 * <html> or lies outside <body>. */
static const xmlNode *body_part(const xmlNode *n) {
  for (int k = 0; n && n->parent && k < MAX_DEPTH; n = n->parent, k++)
    if (name_is(n->parent, "body")) return n;
  return NULL;
}

/* The highest score of a scored node inside n (n itself included). */
static size_t best_inside(const scorer *s, const xmlNode *n) {
  size_t m = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->scores[i] > m && inside(s->nodes[i], n)) m = s->scores[i];
  return m;
}

/* Whether a and b are set alike: the same tag, and a class name shared
 * or no class on either. */
static int set_alike(const xmlNode *a, const xmlNode *b) {
  if (a->type != XML_ELEMENT_NODE || b->type != XML_ELEMENT_NODE || strcmp((const char *)a->name,
                                                                           (const char *)b->name))
    return 0;
  int ca = xmlHasProp(a, (const xmlChar *)"class") != NULL;
  int cb = xmlHasProp(b, (const xmlChar *)"class") != NULL;
  return ca || cb ? ca && cb && same_class(a, b) : 1;
}

/* Do a and b carry ids that number them in one series ("page_63",
 * "page_64"): the same stem, then digits? */
static int numbered_alike(const xmlNode *a, const xmlNode *b) {
  xmlChar *ia = xmlGetProp(a, (const xmlChar *)"id"), *ib = ia ? xmlGetProp(b, (const xmlChar *)"id") : NULL;
  int same = 0;
  if (ia && ib) {
    const char *x = (const char *)ia, *y = (const char *)ib;
    size_t nx = strlen(x), ny = strlen(y), dx = nx, dy = ny;
    while (dx && vb_is_ascii_digit((unsigned char)x[dx - 1])) dx--;
    while (dy && vb_is_ascii_digit((unsigned char)y[dy - 1])) dy--;
    same = dx && dx < nx && dy < ny && dx == dy && !memcmp(x, y, dx);
  }
  vb_xml_free(ia);
  vb_xml_free(ib);
  return same;
}

/* Is c a part of the record beside `part`: set alike, and holding a
 * container that scores a fifth of the best, or numbered in one series
 * with it by their ids (a printed record's pages made HTML, "page_63",
 * "page_64": the last page, a roll call and the adjournment, is short)? */
static int part_alike(const xmlNode *c, const xmlNode *part, const scorer *s, size_t top) {
  if (c == part) return 1;
  if (!set_alike(c, part)) return 0;
  return best_inside(s, c) * 5 >= top || numbered_alike(c, part);
}

/* A record set as parts side by side directly under <body> (a hearing's
 * days, each its own <div>; a printed record's pages): every child of
 * <body> that part_alike says is one is read, in order, with the headings
 * and paragraphs between them. Choosing one would drop the other days
 * whole, without a word. Returns <body> with what is not read marked to
 * be left out, or NULL when the best one's part stands alone. */
static const xmlNode *body_parts(const xmlNode *top_node, const scorer *s, size_t top) {
  const xmlNode *part = body_part(top_node);
  if (!part) return NULL;
  const xmlNode *first = NULL, *last = NULL;
  int n = 0;
  for (const xmlNode *c = part->parent->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    if (part_alike(c, part, s, top)) {
      if (!first) first = c;
      last = c;
      n++;
    }
  }
  if (n < 2) return NULL;
  int between = 0;
  for (const xmlNode *c = part->parent->children; c; c = c->next) {
    if (c == first) between = 1;
    if (c->type == XML_ELEMENT_NODE && !unlikely(c)) {
      int is_part = part_alike(c, part, s, top);
      int keep = is_part || (between && (heading_level(c) || name_is(c, "p")));
      if (!keep) ((xmlNode *)c)->_private = UNLIKELY_MARK;
    }
    if (c == last) between = 0;
  }
  return part->parent;
}

/* A choice that leaves out a container scoring half the one read (a
 * second article, a day of a hearing set otherwise than the first) is
 * said in a warning naming it, so no text is lost without a word. */
static int warn_left_out(vb_doc *d, vb_err *err, const xmlNode *chosen, const scorer *s,
                         size_t top) {
  const xmlNode *worst = NULL;
  size_t most = 0;
  for (size_t i = 0; i < s->n; i++) {
    const xmlNode *c = s->nodes[i];
    if (s->scores[i] * 2 < top || s->scores[i] <= most || inside(c, chosen) || inside(chosen, c))
      continue;
    worst = c;
    most = s->scores[i];
  }
  size_t len = worst ? text_len(worst) : 0;
  if (len < SECOND_LOOK_BYTES) return VB_OK;
  char msg[256];
  xmlChar *id = xmlGetProp(worst, (const xmlChar *)"id");
  xmlChar *cl = id ? NULL : xmlGetProp(worst, (const xmlChar *)"class");
  snprintf(msg, sizeof msg,
           "left out %zu bytes of text in <%s%s%.60s%s> that looked like the article (another "
           "part of the page was read)",
           len, (const char *)worst->name, id ? " id=\"" : cl ? " class=\"" : "",
           id ? (const char *)id : cl ? (const char *)cl : "", id || cl ? "\"" : "");
  vb_xml_free(id);
  vb_xml_free(cl);
  const char **w = VB_VEC_PUSH(d->arena, d->warnings);
  if (!w || !(*w = vb_arena_strndup(d->arena, msg, strlen(msg))))
    return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  return VB_OK;
}

/* The lead's blocks, flagged as such; emit() then steps over it. */
static int emit_lead(page *pg) {
  const xmlNode *lead = pg->lead;
  pg->lead = NULL;
  int rc;
  if (is_block(lead) && !has_block_child(lead)) {
    vb_buf b;
    vb_buf_init(&b, 0);
    text_of(lead, &b, 1);
    rc = add_block(pg, b.ptr ? b.ptr : "", b.len, 0, VB_BLK_LEAD, 0);
    vb_buf_free(&b);
  } else {
    rc = emit(pg, lead, 1, VB_BLK_LEAD);
  }
  pg->lead = lead;
  return rc;
}

/* Is `word` one of the space-separated tokens of v? */
static int has_token(const char *v, const char *word) {
  size_t wl = strlen(word);
  for (const char *t = v; *t;) {
    while (vb_is_ascii_space((unsigned char)*t)) t++;
    const char *e = t;
    while (*e && !vb_is_ascii_space((unsigned char)*e)) e++;
    if ((size_t)(e - t) == wl && memcmp(t, word, wl) == 0) return 1;
    t = e;
  }
  return 0;
}

/* The first element (not a <meta>) whose itemprop names `prop` (itemprop
 * holds a list: "description articleBody"). The page naming it says more
 * than its class: a marked articleBody (an id "…share-btns…") is read, one
 * hidden or set aside by its tag is not. */
static const xmlNode *find_itemprop(const xmlNode *n, const char *prop, int depth) {
  for (const xmlNode *c = n; c && depth < MAX_DEPTH; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!name_is(c, "meta")) {
      xmlChar *v = xmlGetProp(c, (const xmlChar *)"itemprop");
      int hit = v && has_token((const char *)v, prop);
      vb_xml_free(v);
      if (hit) return unlikely_by_tag(c) ? NULL : c;
    }
    const xmlNode *in = find_itemprop(c->children, prop, depth + 1);
    if (in) return in;
  }
  return NULL;
}

static int absolute_url(vb_str u) {
  return u.ptr && (vb_prefix_ci(u.ptr, u.len, "http://") || vb_prefix_ci(u.ptr, u.len, "https://"));
}

/* "Meeting with … • President of Russia" -> "Meeting with …": a <title>
 * ends with the site's name after a separator; og:title does not. */
static vb_str without_site(vb_str t, vb_str site) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                     " \xE2\x80\xA2 ", " :: ", " \xC2\xB7 "};
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
    size_t sl = strlen(seps[i]);
    for (size_t k = t.len; k-- > sl;) {
      if (memcmp(t.ptr + k - sl + 1, seps[i], sl) != 0) continue;
      size_t cut = k - sl + 1;
      vb_str rest = {t.ptr + k + 1, t.len - k - 1};
      int is_site = site.ptr ? vb_find_ci(rest.ptr, rest.len, site.ptr) >= 0 || rest.len == 0
                             : rest.len <= 40 && cut >= rest.len;
      if (!is_site) break;
      vb_str out = {t.ptr, cut};
      return out;
    }
  }
  return t;
}

/* The container with the most paragraph text (scored as above) and the
 * ancestor holding the article's other parts; NULL when no paragraph
 * votes. Nothing is marked yet: with_siblings() does that for the look
 * that is taken. */
static const xmlNode *best_container(const xmlNode *root, scorer *s, size_t *top) {
  score(root, s, 0);
  const xmlNode *article = NULL;
  *top = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->scores[i] > *top) {
      *top = s->scores[i];
      article = s->nodes[i];
    }
  return article ? common_ancestor(article, s, *top) : NULL;
}

static void scorer_free(scorer *s) {
  free(s->nodes);
  free(s->scores);
}

/* Whether b is a or inside it. */
static int holds_node(const xmlNode *a, const xmlNode *b) {
  for (; b; b = b->parent)
    if (a == b) return 1;
  return 0;
}

/* The article of a page that does not name it: the best container of the
 * first look; when marks left it no article of SECOND_LOOK_BYTES (a <main
 * class="js-social-anchor">, a blog's "widget" around its posts, a post
 * "commented"), a second look, taken when it finds twice the text (as
 * Readability's retries do) and holds what the first look found: a short
 * article beside a long comment thread or related-stories box keeps its
 * first look (of Readability's test pages, every one the second look
 * helps had no article at first). With no paragraph anywhere, the body. */
static const xmlNode *choose_article(const xmlNode *root, htmlDocPtr html, vb_doc *d,
                                     vb_err *err, int *rc) {
  scorer first = {0}, second = {0};
  size_t top1 = 0, top2 = 0;
  const xmlNode *article = best_container(root, &first, &top1), *fallback = NULL;
  if (!article) { /* no paragraphs anywhere: the body as a whole */
    for (const xmlNode *c = root->children; c; c = c->next)
      if (name_is(c, "body")) fallback = c;
    if (!fallback) fallback = root;
  }
  size_t got = text_len(article ? article : fallback);
  const xmlNode *other = NULL;
  if (!article || got < SECOND_LOOK_BYTES) {
    html->_private = SECOND_LOOK;
    other = best_container(root, &second, &top2);
    if (!other || text_len(other) < 2 * got + MIN_PARAGRAPH_BYTES || (article && !holds_node(other, article))) {
      other = NULL;
      html->_private = NULL; /* the first look's article, read as it saw it */
    }
  }
  /* Paragraphs set as divs (a serial's chapter, an editor's output): a
   * look where a div with no block inside votes as a paragraph, as
   * Readability turns such divs into paragraphs, taken only when it finds
   * twice the text the paragraphs' look found: on most pages the divs
   * that vote are a site's timelines and teasers around the article, and
   * add less than that. (A chapter beside a long author's note: the note
   * is what the paragraphs found.) */
  const xmlNode *seen = other ? other : article;
  scorer divs = {.divs = 1};
  size_t top3 = 0;
  /* ...looked at only where the looks before saw a div that holds a
   * paragraph's text: on most pages none does, and the look costs a pass
   * over the whole tree */
  const xmlNode *by_divs =
      first.long_div || second.long_div ? best_container(root, &divs, &top3) : NULL;
  if (by_divs && seen && text_len(by_divs) < 2 * text_len(seen) + MIN_PARAGRAPH_BYTES)
    by_divs = NULL;
  if (by_divs && !seen && text_len(by_divs) < SECOND_LOOK_BYTES) by_divs = NULL;
  const xmlNode *taken = by_divs ? by_divs : other ? other : article;
  const scorer *s = by_divs ? &divs : other ? &second : &first;
  size_t top = by_divs ? top3 : other ? top2 : top1;
  const xmlNode *chosen = !taken ? fallback : body_parts(taken, s, top);
  if (taken && !chosen) chosen = with_siblings(taken, s, top);
  if (taken) *rc = warn_left_out(d, err, chosen, s, top);
  scorer_free(&first);
  scorer_free(&second);
  scorer_free(&divs);
  return chosen;
}

int vb_read_html(vb_doc *doc, vb_err *err) {
  int lrc = vb_dynlib_load(&vb_lib_xml2, err);
  if (lrc) return lrc;
  /* libxml2 sets up its global tables once, before any thread parses */
  pthread_once(&xml_once, xmlInitParser);
  htmlDocPtr html = htmlReadMemory(doc->view.body.ptr, (int)doc->view.body.len, doc->path, "UTF-8",
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                       HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (!html) return vb_err_set(err, VB_EPARSE, doc->path, 0, "not readable as HTML");
  xmlNode *root = xmlDocGetRootElement(html);
  int rc = VB_OK;
  if (!root) {
    xmlFreeDoc(html);
    return vb_err_set(err, VB_EPARSE, doc->path, 0, "an HTML page without elements");
  }
  page pg;
  memset(&pg, 0, sizeof pg);
  pg.doc = doc;
  pg.err = err;
  pg.first = 1;
  vb_buf_init(&pg.out, 0);
  metadata(&pg, doc, root, 0);
  /* the language the page declares, the surest first: a hint extract
   * checks against the text (a template's lang="en" on a French article) */
  const char *attrs[] = {"lang", "xml:lang"};
  for (size_t i = 0; i < 2 && !doc->page_lang[0] && name_is(root, "html"); i++) {
    xmlChar *l = xmlGetProp(root, (const xmlChar *)attrs[i]);
    if (l) vb_lang_code((const char *)l, strlen((const char *)l), doc->page_lang);
    vb_xml_free(l);
  }
  if (!doc->page_lang[0]) memcpy(doc->page_lang, pg.meta_lang[0] ? pg.meta_lang : pg.og_lang, 3);
  /* the page says where its text is: schema.org's articleBody */
  const xmlNode *article = find_itemprop(root, "articleBody", 0);
  if (!article) article = choose_article(root, html, doc, err, &rc);
  if (!doc->view.meta.clip.ptr) clip_links(doc, article, 0);
  /* layout takes it when the article itself names no title */
  doc->page_title = pg.title_from_og ? pg.title : without_site(pg.title, pg.site);
  if (absolute_url(pg.canonical)) doc->view.url = pg.canonical;
  else if (absolute_url(pg.og_url)) doc->view.url = pg.og_url;
  /* the site's lead (schema.org description) opens the body */
  pg.lead = find_itemprop(root, "description", 0);
  doc->lead_marked = pg.lead != NULL;
  if (!rc && pg.lead) rc = emit_lead(&pg);
  pg.article = article;
  if (!rc) rc = name_is(article, "pre") ? emit_pre(&pg, article, 0, 0) : emit(&pg, article, 0, 0);
  /* a page whose article holds only the site's furniture is a headline
   * (Kremlin news items of one sentence): kept as its title, not refused */
  if (!rc && doc->blocks.n == 0 && doc->page_title.ptr)
    rc = add_block(&pg, doc->page_title.ptr, doc->page_title.len, 1, 0, 0);
  if (!rc && doc->blocks.n == 0) rc = vb_err_set(err, VB_EEMPTY, doc->path, -1, "no text in the page");
  if (!rc && pg.out.failed) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
  if (!rc) {
    char *body = vb_arena_strndup(doc->arena, pg.out.ptr, pg.out.len);
    if (!body) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "out of memory");
    else {
      doc->view.body.ptr = body;
      doc->view.body.len = pg.out.len;
    }
  }
  vb_buf_free(&pg.out);
  xmlFreeDoc(html);
  return rc;
}
