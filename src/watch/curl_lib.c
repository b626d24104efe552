/* curl_lib — libcurl's functions webhook delivery calls, loaded on the
 * first delivery (core/dynlib.h). curl_easy_setopt and curl_easy_getinfo
 * take one argument after the option, a long, a pointer or a curl_off_t:
 * each passed on as the 64-bit word it came as (x86-64, AArch64). */
#include <curl/curl.h>
#include <stdarg.h>

#include "core/dynlib.h"

#undef curl_easy_setopt
#undef curl_easy_getinfo

#define L vb_lib_curl
VB_DYNFN(L, CURL *, curl_easy_init, (void), ())
VB_DYNFN(L, CURLcode, curl_easy_perform, (CURL *c), (c))
VB_DYNFN_VOID(L, curl_easy_cleanup, (CURL *c), (c))
VB_DYNFN(L, const char *, curl_easy_strerror, (CURLcode code), (code))
VB_DYNFN(L, struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *s), (list, s))
VB_DYNFN_VOID(L, curl_slist_free_all, (struct curl_slist *list), (list))

_Static_assert(sizeof(void *) == sizeof(long) && sizeof(curl_off_t) == sizeof(long),
               "curl's option arguments are passed on as one 64-bit word");

CURLcode(curl_easy_setopt)(CURL *c, CURLoption option, ...) {
  static CURLcode (*fn)(CURL *, CURLoption, ...);
  CURLcode (*f)(CURL *, CURLoption, ...) = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);
  if (!f) {
    f = (CURLcode(*)(CURL *, CURLoption, ...))vb_dynlib_sym(&L, "curl_easy_setopt");
    __atomic_store_n(&fn, f, __ATOMIC_RELEASE);
  }
  va_list ap;
  va_start(ap, option);
  long arg = va_arg(ap, long);
  va_end(ap);
  return f(c, option, arg);
}

CURLcode(curl_easy_getinfo)(CURL *c, CURLINFO info, ...) {
  static CURLcode (*fn)(CURL *, CURLINFO, ...);
  CURLcode (*f)(CURL *, CURLINFO, ...) = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);
  if (!f) {
    f = (CURLcode(*)(CURL *, CURLINFO, ...))vb_dynlib_sym(&L, "curl_easy_getinfo");
    __atomic_store_n(&fn, f, __ATOMIC_RELEASE);
  }
  va_list ap;
  va_start(ap, info);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  return f(c, info, arg);
}
