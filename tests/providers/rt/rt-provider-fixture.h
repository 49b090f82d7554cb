/* rt-provider-fixture.h
 *
 * The fake Request Tracker the RapportRtProvider tests run against (see rt-provider-fixture.c),
 * and the helpers that run the provider on a private main context until it answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-rt-provider.h"
#include "rapport-test-server.h"

G_BEGIN_DECLS

#define CHLOE        "chloe.silva@northwind-bakery.example"
#define SOREN        "soren.agard@fjord-tools.example"
#define TOKEN_SAM    "1-31-0e0b319dc88049977c625545f19966ff"
#define TOKEN_RIO    "1-35-7f3a9c0d2b4e6f8091a2b3c4d5e6f708"
#define JSON_TYPE    "application/json; charset=\"utf-8\""
#define ERROR_TYPE   "application/json; charset=utf-8"

/* ------------------------------------------------------------------------------------ */
/* The fake RT                                                                           */

typedef enum
{
  OVERRIDE_RESPOND,  /* status, headers, body */
  OVERRIDE_STALL,    /* never answer */
  OVERRIDE_TRUNCATE, /* promise a body, send half, close */
  OVERRIDE_DROP,     /* read the request, close the connection without an answer */
} OverrideKind;

typedef struct
{
  char       *method;
  char       *path;          /* as sent (percent-encoded) */
  char       *raw_query;
  GHashTable *query;         /* decoded */
  char       *authorization;
  char       *user_agent;
  char       *if_none_match;
  char       *if_match;
  gboolean    if_modified_since;
  gboolean    cookie;
  char       *content_type;
  char       *body;          /* the request body, NUL-terminated */
} Request;

typedef struct
{
  RapportTestServer *server;
  GMutex             lock;

  /* under lock */
  GPtrArray         *requests;    /* (element-type Request) */
  GHashTable        *overrides;   /* path → Override */
  gboolean           hidden_rows; /* transactions: page over rows some of which are then
                                   * hidden */

  /* read-only after setup */
  JsonNode          *txns;        /* transactions.json */
  GHashTable        *fixtures;    /* file name → JsonNode */
} FakeRt;

char *fake_rt_url (FakeRt     *rt,
                   const char *scheme);
/* @path: "/REST/2.0/…", or "METHOD /REST/2.0/…" for one method only (tried first). With
 * @header_name "ETag", a request whose If-None-Match is @header_value gets 304. */
void fake_rt_override (FakeRt       *rt,
                       const char   *path,
                       OverrideKind  kind,
                       guint         status,
                       const char   *content_type,
                       const char   *body,
                       const char   *header_name,
                       const char   *header_value);
void fake_rt_clear (FakeRt *rt);
/* Copies of the requests so far (the server thread appends under the lock). */
GPtrArray *fake_rt_requests (FakeRt *rt);
/* The text of the fixture @name in tests/data/rt. */
char *fixture_body (const char *name);

/* ------------------------------------------------------------------------------------ */
/* Running the provider                                                                  */

typedef struct
{
  GMainContext *context;
  FakeRt       *rt;
} Fixture;

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);
void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);
RapportProvider *new_provider (Fixture    *f,
                               const char *token,
                               guint       page_size);
void on_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data);
GAsyncResult *wait_for (GAsyncResult **slot);
RapportSyncPage *pull (RapportProvider  *provider,
                       const char       *cursor,
                       GError          **error);
/* The fixture @name with @edit applied to its root object (or to item @item of its
 * "items"), as JSON text. */
char *edited_fixture (const char *name,
                      int         item,
                      void      (*edit) (JsonObject *object));
/* refetch_records of @records, waited for. */
RapportSyncPage *refetch (RapportProvider  *provider,
                          GPtrArray        *records,
                          GError          **error);
/* The record of @kind and @remote_id in @records (element-type RapportSetAside), or NULL. */
RapportSetAside *find_set_aside (GPtrArray         *records,
                                 RapportRecordKind  kind,
                                 const char        *remote_id);
RapportAccount *whoami (RapportProvider  *provider,
                        GError          **error);
GPtrArray *fetch_history (RapportProvider  *provider,
                          const char       *ticket_id,
                          GError          **error);
gboolean page_has_ticket (RapportSyncPage *page,
                          const char      *remote_id);
guint count_messages_of (GPtrArray  *messages,
                         const char *ticket_id);
/* What every request must look like. */
void assert_requests_well_formed (FakeRt     *rt,
                                  const char *token);
guint count_requests (FakeRt     *rt,
                      const char *path_suffix,
                      const char *key,
                      const char *value);
Request *last_request (FakeRt     *rt,
                       const char *path_suffix);

G_END_DECLS
