/* pg_lib — libpq's functions the PostgreSQL backend calls, loaded on the
 * first PostgreSQL archive a process opens (core/dynlib.h). */
#include <libpq-fe.h>

#include "core/dynlib.h"

#define L vb_lib_pq
VB_DYNFN_VOID(L, PQclear, (PGresult *res), (res))
VB_DYNFN(L, char *, PQgetvalue, (const PGresult *res, int tup, int field), (res, tup, field))
VB_DYNFN(L, ExecStatusType, PQresultStatus, (const PGresult *res), (res))
VB_DYNFN(L, char *, PQresultErrorField, (const PGresult *res, int code), (res, code))
VB_DYNFN(L, int, PQntuples, (const PGresult *res), (res))
VB_DYNFN(L, int, PQsetSingleRowMode, (PGconn *conn), (conn))
VB_DYNFN(L, int, PQgetisnull, (const PGresult *res, int tup, int field), (res, tup, field))
VB_DYNFN(L, PGresult *, PQgetResult, (PGconn *conn), (conn))
VB_DYNFN(L, PGcancel *, PQgetCancel, (PGconn *conn), (conn))
VB_DYNFN(L, Oid, PQftype, (const PGresult *res, int field), (res, field))
VB_DYNFN_VOID(L, PQfreemem, (void *ptr), (ptr))
VB_DYNFN(L, PGresult *, PQexecParams,
         (PGconn *conn, const char *command, int n, const Oid *types, const char *const *values,
          const int *lengths, const int *formats, int result_format),
         (conn, command, n, types, values, lengths, formats, result_format))
VB_DYNFN(L, int, PQsendQueryParams,
         (PGconn *conn, const char *command, int n, const Oid *types, const char *const *values,
          const int *lengths, const int *formats, int result_format),
         (conn, command, n, types, values, lengths, formats, result_format))
VB_DYNFN(L, PGresult *, PQexecPrepared,
         (PGconn *conn, const char *name, int n, const char *const *values, const int *lengths, const int *formats,
          int result_format),
         (conn, name, n, values, lengths, formats, result_format))
VB_DYNFN(L, int, PQsendPrepare, (PGconn *conn, const char *name, const char *query, int n, const Oid *types),
         (conn, name, query, n, types))
VB_DYNFN(L, int, PQsendQueryPrepared,
         (PGconn *conn, const char *name, int n, const char *const *values, const int *lengths, const int *formats,
          int result_format),
         (conn, name, n, values, lengths, formats, result_format))
VB_DYNFN(L, int, PQenterPipelineMode, (PGconn *conn), (conn))
VB_DYNFN(L, int, PQexitPipelineMode, (PGconn *conn), (conn))
VB_DYNFN(L, int, PQpipelineSync, (PGconn *conn), (conn))
VB_DYNFN(L, int, PQcancel, (PGcancel *cancel, char *buf, int size), (cancel, buf, size))
VB_DYNFN(L, unsigned char *, PQunescapeBytea, (const unsigned char *text, size_t *len), (text, len))
VB_DYNFN(L, ConnStatusType, PQstatus, (const PGconn *conn), (conn))
VB_DYNFN(L, PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg),
         (conn, proc, arg))
VB_DYNFN(L, int, PQsetClientEncoding, (PGconn *conn, const char *encoding), (conn, encoding))
VB_DYNFN(L, char *, PQresultErrorMessage, (const PGresult *res), (res))
VB_DYNFN(L, int, PQgetlength, (const PGresult *res, int tup, int field), (res, tup, field))
VB_DYNFN_VOID(L, PQfreeCancel, (PGcancel *cancel), (cancel))
VB_DYNFN_VOID(L, PQfinish, (PGconn *conn), (conn))
VB_DYNFN(L, char *, PQerrorMessage, (const PGconn *conn), (conn))
VB_DYNFN(L, PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
VB_DYNFN(L, char *, PQcmdTuples, (PGresult *res), (res))
VB_DYNFN(L, PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
VB_DYNFN(L, char *, PQcmdStatus, (PGresult *res), (res))
VB_DYNFN(L, PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
VB_DYNFN(L, PGpipelineStatus, PQpipelineStatus, (const PGconn *conn), (conn))
VB_DYNFN(L, PGresult *, PQmakeEmptyPGresult, (PGconn *conn, ExecStatusType status), (conn, status))
