/* testutil — what every unit test includes: cmocka and small helpers. */
#ifndef VB_TESTUTIL_H
#define VB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Path of the shared corpus, relative to the repository root (tests run
 * from there). */
#define SHARED_DIR "../shared"

#endif
