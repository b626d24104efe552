/* detect — which reader a body needs: text, html, srt, vtt or jsonl,
 * from its content, with the file name's extension as a hint. */
#ifndef VB_DETECT_H
#define VB_DETECT_H

#include "verbatim.h"

vb_format vb_detect(const char *body, size_t len, const char *path);

#endif
