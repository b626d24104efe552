/* dynlib — the libraries only some commands use (libpq, libcurl,
 * libmicrohttpd, libxml2, libcrypto) loaded on first use with dlopen
 * instead of by the dynamic loader at every start: binding their dozens
 * of dependencies was most of a one-shot search's instructions. The
 * wrappers (VB_DYNFN) keep the libraries' own names and prototypes, so
 * their callers are unchanged; each entry point checks its library with
 * vb_dynlib_load first, which says what is missing as an error. */
#ifndef VB_DYNLIB_H
#define VB_DYNLIB_H

#include <pthread.h>

#include "core/err.h"

typedef struct vb_dynlib {
  const char *soname, *package; /* "libpq.so.5"; the Debian package to install */
  pthread_mutex_t mu;
  void *handle;
  char why[256];
} vb_dynlib;
#define VB_DYNLIB_INIT(soname, package) {soname, package, PTHREAD_MUTEX_INITIALIZER, NULL, ""}

extern vb_dynlib vb_lib_pq, vb_lib_curl, vb_lib_mhd, vb_lib_xml2, vb_lib_crypto;

/* Loads lib once (later calls: 0 at once); an error naming the library
 * and its package when it cannot be loaded. */
int vb_dynlib_load(vb_dynlib *lib, vb_err *err);
/* A function of lib, loading it. A library or function missing here is a
 * broken installation past the entry point's check: it ends the process
 * with a message, as the dynamic loader would have at start. */
void *vb_dynlib_sym(vb_dynlib *lib, const char *name);

/* Defines `ret name params` calling lib's own, resolved on first call. */
#define VB_DYNFN(lib, ret, name, params, args)                                  \
  ret name params {                                                             \
    static ret(*fn_) params;                                                    \
    ret(*f_) params = __atomic_load_n(&fn_, __ATOMIC_ACQUIRE);                  \
    if (!f_) {                                                                  \
      f_ = (ret(*) params)vb_dynlib_sym(&(lib), #name);                         \
      __atomic_store_n(&fn_, f_, __ATOMIC_RELEASE);                             \
    }                                                                           \
    return f_ args;                                                             \
  }
#define VB_DYNFN_VOID(lib, name, params, args)                                  \
  void name params {                                                            \
    static void(*fn_) params;                                                   \
    void(*f_) params = __atomic_load_n(&fn_, __ATOMIC_ACQUIRE);                 \
    if (!f_) {                                                                  \
      f_ = (void(*) params)vb_dynlib_sym(&(lib), #name);                        \
      __atomic_store_n(&fn_, f_, __ATOMIC_RELEASE);                             \
    }                                                                           \
    f_ args;                                                                    \
  }

#endif
