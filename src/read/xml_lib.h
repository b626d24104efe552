/* xml_lib — libxml2 loaded on first use: see xml_lib.c. */
#ifndef VB_XML_LIB_H
#define VB_XML_LIB_H

/* libxml2's xmlFree, for what its functions returned. */
void vb_xml_free(void *p);
/* Included after libxml2's headers: their xmlFree is a variable of the
 * library, which is not linked in; calls to it go through vb_xml_free. */
#undef xmlFree
#define xmlFree vb_xml_free

#endif
