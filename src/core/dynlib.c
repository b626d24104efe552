/* dynlib — see dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* The sonames the build found (Makefile: VB_SONAME_*), else Debian 12's. */
#ifndef VB_SONAME_PQ
#define VB_SONAME_PQ "libpq.so.5"
#endif
#ifndef VB_SONAME_CURL
#define VB_SONAME_CURL "libcurl.so.4"
#endif
#ifndef VB_SONAME_MHD
#define VB_SONAME_MHD "libmicrohttpd.so.12"
#endif
#ifndef VB_SONAME_XML2
#define VB_SONAME_XML2 "libxml2.so.2"
#endif
#ifndef VB_SONAME_CRYPTO
#define VB_SONAME_CRYPTO "libcrypto.so.3"
#endif

vb_dynlib vb_lib_pq = VB_DYNLIB_INIT(VB_SONAME_PQ, "libpq5");
vb_dynlib vb_lib_curl = VB_DYNLIB_INIT(VB_SONAME_CURL, "libcurl4");
vb_dynlib vb_lib_mhd = VB_DYNLIB_INIT(VB_SONAME_MHD, "libmicrohttpd12");
vb_dynlib vb_lib_xml2 = VB_DYNLIB_INIT(VB_SONAME_XML2, "libxml2");
vb_dynlib vb_lib_crypto = VB_DYNLIB_INIT(VB_SONAME_CRYPTO, "libssl3");

static void *load(vb_dynlib *lib) {
  pthread_mutex_lock(&lib->mu);
  if (!lib->handle && !lib->why[0]) {
    lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib->handle) {
      const char *e = dlerror();
      snprintf(lib->why, sizeof lib->why, "%s", e ? e : "cannot be loaded");
    }
  }
  void *h = lib->handle;
  pthread_mutex_unlock(&lib->mu);
  return h;
}

int vb_dynlib_load(vb_dynlib *lib, vb_err *err) {
  if (load(lib)) return 0;
  return vb_err_set(err, VB_EIO, lib->soname, -1, "%s (install Debian's %s package)", lib->why, lib->package);
}

void *vb_dynlib_sym(vb_dynlib *lib, const char *name) {
  void *h = load(lib);
  void *f = h ? dlsym(h, name) : NULL;
  if (!f) {
    fprintf(stderr, "verbatim: %s: %s\n", lib->soname, h ? "has no function the build used" : lib->why);
    fprintf(stderr, "verbatim: missing: %s\n", name);
    abort();
  }
  return f;
}
