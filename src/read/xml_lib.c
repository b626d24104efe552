/* xml_lib — libxml2's functions the HTML reader calls, loaded with the
 * first HTML document (core/dynlib.h). */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/dynlib.h"
#include "read/xml_lib.h"

#define L vb_lib_xml2
VB_DYNFN_VOID(L, xmlInitParser, (void), ())
VB_DYNFN(L, htmlDocPtr, htmlReadMemory, (const char *buf, int size, const char *url, const char *enc, int options),
         (buf, size, url, enc, options))
VB_DYNFN(L, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc))
VB_DYNFN(L, xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name), (node, name))
VB_DYNFN(L, xmlAttrPtr, xmlHasProp, (const xmlNode *node, const xmlChar *name), (node, name))
VB_DYNFN_VOID(L, xmlFreeDoc, (xmlDocPtr doc), (doc))

/* xmlFree is a variable of libxml2's (its allocator's free) */
void vb_xml_free(void *p) {
  static xmlFreeFunc *var;
  xmlFreeFunc *v = __atomic_load_n(&var, __ATOMIC_ACQUIRE);
  if (!v) {
    v = vb_dynlib_sym(&L, "xmlFree");
    __atomic_store_n(&var, v, __ATOMIC_RELEASE);
  }
  (*v)(p);
}
