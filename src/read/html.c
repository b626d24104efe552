/* html — a saved page -> the article's blocks. libxml2's HTML parser
 * (recovering from broken markup) builds the tree; the container with the
 * most paragraph text, outside navigation, scripts, styles, forms and
 * share/related/comment widgets, is the article. Its headings and
 * paragraphs become blocks, one per paragraph of a new body made of their
 * text (whitespace collapsed, character references decoded), so layout and
 * attribution read a page exactly as they read the same text. Metadata
 * comes from <title>, <meta> (Open Graph, article:published_time,
 * description), <time datetime>, JSON-LD NewsArticle/VideoObject and
 * links to video pages or files (the clip). */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "core/date.h"
#include "read.h"
#include <pthread.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2's own nesting limit guards the parser; our walks stop here. */
#define MAX_DEPTH 256
/* Paragraphs shorter than this do not vote for their container. */
#define MIN_PARAGRAPH_BYTES 25

typedef struct page {
  vb_doc *doc;
  vb_err *err;
  vb_buf out;
  int first;
  vb_str title; /* og:title, else <title> */
} page;

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int heading_level(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *s = (const char *)n->name;
  return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && !s[2] ? s[1] - '0' : 0;
}

/* Whether a class attribute lists `word` as one of its names. */
static int class_has(const char *v, const char *word) {
  size_t wl = strlen(word);
  for (const char *p = v; *p;) {
    while (*p && vb_is_ascii_space((unsigned char)*p)) p++;
    const char *e = p;
    while (*e && !vb_is_ascii_space((unsigned char)*e)) e++;
    if ((size_t)(e - p) == wl && vb_find_ci(p, wl, word) == 0) return 1;
    p = e;
  }
  return 0;
}

/* What the page hides from its readers: a tooltip's text inside a name
 * ("Vladimir Yakunin<span class="tooltip hidden">Yakunin Vladimir</span>"). */
static int hidden(const xmlNode *n) {
  if (xmlHasProp(n, (const xmlChar *)"hidden")) return 1;
  int h = 0;
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"aria-hidden");
  if (v) h = strcmp((const char *)v, "true") == 0;
  xmlFree(v);
  v = h ? NULL : xmlGetProp(n, (const xmlChar *)"class");
  if (v) h = class_has((const char *)v, "hidden");
  xmlFree(v);
  return h;
}

/* Navigation, scripts, widgets: never part of an article. */
static int unlikely(const xmlNode *n) {
  static const char *const tags[] = {"script", "style",  "noscript", "nav",    "header",
                                     "footer", "aside",  "form",     "iframe", "svg",
                                     "button", "select", "template", "head",   "menu"};
  static const char *const marks[] = {"nav",     "menu",    "footer",     "share",   "social",
                                      "related", "comment", "sidebar",    "banner",  "cookie",
                                      "newsletter", "promo", "breadcrumb", "subscribe", "widget",
                                      "donate",  "advert",  "masthead",   "toolbar", "popup"};
  if (n->type != XML_ELEMENT_NODE) return n->type == XML_COMMENT_NODE;
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (name_is(n, tags[i])) return 1;
  if (hidden(n)) return 1;
  const char *attrs[] = {"class", "id", "role"};
  for (int a = 0; a < 3; a++) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
    if (!v) continue;
    int hit = 0;
    size_t vl = strlen((const char *)v);
    for (size_t i = 0; i < sizeof marks / sizeof *marks && !hit; i++)
      hit = vb_find_ci((const char *)v, vl, marks[i]) >= 0;
    xmlFree(v);
    if (hit) return 1;
  }
  return 0;
}

static void text_of(const xmlNode *n, vb_buf *b, int depth);

/* Appends one node's text with runs of whitespace collapsed; <br> is a
 * space. */
static void text_one(const xmlNode *c, vb_buf *b, int depth) {
  if (depth > MAX_DEPTH) return;
  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
    for (const char *t = (const char *)c->content; t && *t; t++) {
      unsigned char ch = (unsigned char)*t;
      if (!vb_is_ascii_space(ch)) vb_buf_addc(b, (char)ch);
      else if (b->len && b->ptr[b->len - 1] != ' ') vb_buf_addc(b, ' ');
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

static void score(const xmlNode *n, scorer *s, int depth) {
  if (depth > MAX_DEPTH) return;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    if (name_is(c, "p") || name_is(c, "pre") || name_is(c, "blockquote")) {
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

static int add_block(page *pg, const char *t, size_t n, int level) {
  while (n && t[0] == ' ') t++, n--;
  while (n && t[n - 1] == ' ') n--;
  if (!n) return VB_OK;
  vb_doc *d = pg->doc;

  if (d->blocks.n >= VB_MAX_BLOCKS)
    return vb_err_set(pg->err, VB_ELIMIT, d->path, -1, "more than %u blocks", VB_MAX_BLOCKS);
  if (pg->out.len) vb_buf_adds(&pg->out, "\n\n");
  vb_block *b = VB_VEC_PUSH(d->arena, d->blocks);
  if (!b) return vb_err_set(pg->err, VB_ENOMEM, d->path, -1, "out of memory");
  memset(b, 0, sizeof *b);
  b->start = (uint32_t)pg->out.len;
  vb_buf_add(&pg->out, t, n);
  b->end = (uint32_t)pg->out.len;
  b->time.start = b->time.end = -1;
  b->gap = pg->first ? 0 : 1;
  b->flags = VB_BLK_HARD | (level ? VB_BLK_HEADING : 0);
  b->level = (uint8_t)level;
  pg->first = 0;
  return VB_OK;
}

/* Blocks of the article in document order; a div's own loose text is a
 * paragraph of its own. */
static int emit(page *pg, const xmlNode *n, int depth) {
  if (depth > MAX_DEPTH)
    return vb_err_set(pg->err, VB_ELIMIT, pg->doc->path, -1, "markup nested deeper than %d",
                      MAX_DEPTH);
  vb_buf loose;
  vb_buf_init(&loose, 0);
  int rc = VB_OK;
  for (const xmlNode *c = n->children; c && !rc; c = c->next) {
    int level = heading_level(c);
    int element = c->type == XML_ELEMENT_NODE && !unlikely(c);
    int leaf_block = element && (level || (is_block(c) && !has_block_child(c)));
    int container = element && !leaf_block && !name_is(c, "br") &&
                    (has_block_child(c) || name_is(c, "div") || name_is(c, "section") ||
                     name_is(c, "article") || name_is(c, "main") || name_is(c, "ul") ||
                     name_is(c, "ol") || name_is(c, "table") || name_is(c, "tbody") ||
                     name_is(c, "tr"));
    if (!leaf_block && !container && !name_is(c, "br")) {
      text_one(c, &loose, depth); /* inline text between blocks */
      continue;
    }
    if (loose.len) { /* loose text before a block is a paragraph of its own */
      rc = add_block(pg, loose.ptr, loose.len, 0);
      loose.len = 0;
    }
    if (rc || name_is(c, "br")) continue;
    if (container) {
      rc = emit(pg, c, depth + 1);
      continue;
    }
    vb_buf b;
    vb_buf_init(&b, 0);
    text_of(c, &b, depth + 1);
    rc = add_block(pg, b.ptr ? b.ptr : "", b.len, level);
    vb_buf_free(&b);
  }
  if (!rc && loose.len) rc = add_block(pg, loose.ptr, loose.len, 0);
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
    if (name_is(c, "meta")) {
      xmlChar *key = xmlGetProp(c, (const xmlChar *)"property");
      if (!key) key = xmlGetProp(c, (const xmlChar *)"name");
      xmlChar *val = xmlGetProp(c, (const xmlChar *)"content");
      if (key && val) {
        const char *k = (const char *)key;
        if (!strcmp(k, "article:published_time") || !strcmp(k, "date") ||
            !strcmp(k, "og:article:published_time") || !strcmp(k, "DC.date"))
          set_date(d, &d->view.meta.published, (const char *)val);
        else if (!strcmp(k, "og:title"))
          pg->title = keep(d, val);
        else if ((!strcmp(k, "og:video") || !strcmp(k, "og:video:url")) && !d->view.meta.clip.ptr) {
          d->view.meta.clip = keep(d, val);
          d->view.meta.has_clip = 1;
        }
      }
      xmlFree(key);
      xmlFree(val);
    } else if (name_is(c, "title") && !pg->title.ptr) {
      vb_buf b;
      vb_buf_init(&b, 0);
      text_of(c, &b, 0);
      if (b.len) pg->title = keep(d, (const xmlChar *)b.ptr);
      vb_buf_free(&b);
    } else if (name_is(c, "time")) {
      xmlChar *dt = xmlGetProp(c, (const xmlChar *)"datetime");
      set_date(d, &d->view.meta.published, (const char *)dt);
      xmlFree(dt);
    } else if (name_is(c, "script")) {
      xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
      if (type && !strcmp((const char *)type, "application/ld+json") && c->children &&
          c->children->content)
        json_ld(d, (const char *)c->children->content);
      xmlFree(type);
    }
    metadata(pg, d, c->children, depth + 1);
  }
}

/* A link in the article to its clip: a video page or file. */
static void clip_links(vb_doc *d, const xmlNode *n, int depth) {
  static const char *const video[] = {"youtube.com/watch", "youtu.be/", "vimeo.com/", ".mp4",
                                      ".webm", "/video/", "/clip/", "/clips/"};
  if (depth > MAX_DEPTH) return;
  for (const xmlNode *c = n->children; c && !d->view.meta.clip.ptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || unlikely(c)) continue;
    if (name_is(c, "a") || name_is(c, "source") || name_is(c, "video") || name_is(c, "iframe")) {
      xmlChar *u = xmlGetProp(c, (const xmlChar *)(name_is(c, "a") ? "href" : "src"));
      size_t ul = u ? strlen((const char *)u) : 0;
      for (size_t i = 0; u && i < sizeof video / sizeof *video; i++)
        if (vb_find_ci((const char *)u, ul, video[i]) >= 0) {
          d->view.meta.clip = keep(d, u);
          d->view.meta.has_clip = 1;
          break;
        }
      xmlFree(u);
    }
    clip_links(d, c, depth + 1);
  }
}

int vb_read_html(vb_doc *doc, vb_err *err) {
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
  page pg = {doc, err, {0}, 1, {0}};
  vb_buf_init(&pg.out, 0);
  metadata(&pg, doc, root, 0);
  scorer s = {0};
  score(root, &s, 0);
  const xmlNode *article = NULL;
  size_t top = 0;
  for (size_t i = 0; i < s.n; i++)
    if (s.scores[i] > top) {
      top = s.scores[i];
      article = s.nodes[i];
    }
  free(s.nodes);
  free(s.scores);
  if (!article) { /* no paragraphs anywhere: the body as a whole */
    for (const xmlNode *c = root->children; c; c = c->next)
      if (name_is(c, "body")) article = c;
    if (!article) article = root;
  }
  if (!doc->view.meta.clip.ptr) clip_links(doc, article, 0);
  /* layout takes it when the article itself names no title */
  doc->page_title = pg.title;
  rc = emit(&pg, article, 0);
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
