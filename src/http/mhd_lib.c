/* mhd_lib — libmicrohttpd's functions the server calls, loaded when a
 * server starts (core/dynlib.h). The variadic ones pass on what this
 * code gives them: MHD_start_daemon its options (by MHD_start_daemon_va),
 * the two info calls nothing after the kind asked for. */
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "core/dynlib.h"

#define L vb_lib_mhd
VB_DYNFN(L, enum MHD_Result, MHD_add_response_header, (struct MHD_Response *r, const char *h, const char *v),
         (r, h, v))
VB_DYNFN(L, const char *, MHD_lookup_connection_value,
         (struct MHD_Connection *c, enum MHD_ValueKind kind, const char *key), (c, kind, key))
VB_DYNFN_VOID(L, MHD_destroy_response, (struct MHD_Response *r), (r))
VB_DYNFN(L, int, MHD_get_connection_values,
         (struct MHD_Connection *c, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls),
         (c, kind, it, cls))
VB_DYNFN_VOID(L, MHD_suspend_connection, (struct MHD_Connection *c), (c))
VB_DYNFN_VOID(L, MHD_resume_connection, (struct MHD_Connection *c), (c))
VB_DYNFN_VOID(L, MHD_stop_daemon, (struct MHD_Daemon *d), (d))
VB_DYNFN(L, enum MHD_Result, MHD_queue_response,
         (struct MHD_Connection *c, unsigned int status, struct MHD_Response *r), (c, status, r))
VB_DYNFN(L, size_t, MHD_http_unescape, (char *val), (val))
VB_DYNFN(L, struct MHD_Response *, MHD_create_response_from_callback,
         (uint64_t size, size_t block, MHD_ContentReaderCallback crc, void *cls, MHD_ContentReaderFreeCallback crfc),
         (size, block, crc, cls, crfc))
VB_DYNFN(L, struct MHD_Response *, MHD_create_response_from_buffer,
         (size_t size, void *buf, enum MHD_ResponseMemoryMode mode), (size, buf, mode))
VB_DYNFN(L, struct MHD_Daemon *, MHD_start_daemon_va,
         (unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
          MHD_AccessHandlerCallback dh, void *dh_cls, va_list ap),
         (flags, port, apc, apc_cls, dh, dh_cls, ap))

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...) {
  va_list ap;
  va_start(ap, dh_cls);
  struct MHD_Daemon *d = MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
  va_end(ap);
  return d;
}

const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *c,
                                                        enum MHD_ConnectionInfoType kind, ...) {
  static const union MHD_ConnectionInfo *(*fn)(struct MHD_Connection *, enum MHD_ConnectionInfoType, ...);
  const union MHD_ConnectionInfo *(*f)(struct MHD_Connection *, enum MHD_ConnectionInfoType, ...) =
      __atomic_load_n(&fn, __ATOMIC_ACQUIRE);
  if (!f) {
    f = (const union MHD_ConnectionInfo *(*)(struct MHD_Connection *, enum MHD_ConnectionInfoType, ...))
        vb_dynlib_sym(&L, "MHD_get_connection_info");
    __atomic_store_n(&fn, f, __ATOMIC_RELEASE);
  }
  return f(c, kind);
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType kind, ...) {
  static const union MHD_DaemonInfo *(*fn)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
  const union MHD_DaemonInfo *(*f)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...) =
      __atomic_load_n(&fn, __ATOMIC_ACQUIRE);
  if (!f) {
    f = (const union MHD_DaemonInfo *(*)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...))
        vb_dynlib_sym(&L, "MHD_get_daemon_info");
    __atomic_store_n(&fn, f, __ATOMIC_RELEASE);
  }
  return f(d, kind);
}
