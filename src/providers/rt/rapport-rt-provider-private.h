/* rapport-rt-provider-private.h
 *
 * What the files of RapportRtProvider share: the instance struct, the request plumbing
 * (rapport-rt-request.c), the reading of one ticket with its messages and users
 * (rapport-rt-ticket.c), and the RapportProvider methods that rapport-rt-provider.c puts in
 * the interface table: pull_changes (rapport-rt-pull.c), fetch_ticket_history
 * (rapport-rt-ticket.c), post_message and update_ticket (rapport-rt-write.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rapport-rt-parser.h"
#include "rapport-rt-provider.h"

G_BEGIN_DECLS

#define MAX_COLLECTION_PAGES  1000

/* Articles (rapport-rt-articles.c): at most this many pages of 100 are read. */
#define RAPPORT_RT_ARTICLES_MAX_PAGES  50u
/* After a fetch found no article this user may read, asked again after this long. */
#define RAPPORT_RT_ARTICLES_RECHECK_S  3600

#define OWNER_FIELDS       "Name,RealName"
#define QUEUE_FIELDS       "Name"

/* What the provider learned about a user name: whether their messages are inbound. */
typedef enum
{
  USER_KIND_UNKNOWN = 0,
  USER_KIND_AGENT = 1,
  USER_KIND_CUSTOMER = 2,
} UserKind;

struct _RapportRtProvider
{
  GObject parent_instance;

  /* owned */
  SoupSession *session;
  char        *base_url;
  char        *api_base;          /* "…/REST/2.0/" */
  char        *token;             /* secret: never logged, wiped in finalize */
  char        *queue;
  char        *supervisors_group;
  GHashTable  *etags;             /* ticket id → ETag the store has (committed) */
  GHashTable  *pending_etags;     /* ticket id → ETag, "" = forget; waits for pending_cursor */
  char        *pending_cursor;
  GHashTable  *user_kinds;        /* user name → UserKind */

  guint        page_size;
  gboolean     pulling;
  gint64       articles_missing_since; /* monotonic µs; 0: articles may be there */
};

/* ------------------------------------------------------------------------------------ */
/* Small helpers (rapport-rt-request.c)                                                  */

gboolean     _rapport_rt_is_numeric_id      (const char         *text);
guint64      _rapport_rt_parse_uint64       (const char         *text);
void         _rapport_rt_query_add          (GString            *query,
                                             const char         *key,
                                             const char         *value);
/* The usual paging of a collection request, always ordered by id. */
void         _rapport_rt_query_add_paging   (GString            *query,
                                             const char         *order,
                                             guint               per_page,
                                             guint               page);
gboolean     _rapport_rt_names_equal        (const char         *a,
                                             const char         *b);

/* ------------------------------------------------------------------------------------ */
/* Requests (rapport-rt-request.c)                                                       */

typedef struct
{
  guint     status;
  char     *etag;  /* without quotes; NULL when absent */
  JsonNode *root;  /* NULL for 304, and when the body did not read */
} RtResponse;

void         _rapport_rt_response_free      (RtResponse         *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtResponse, _rapport_rt_response_free)

/* Called with the response or the error, both owned by the callee; with an error, the
 * response (root NULL) is there when the server answered with a status, so that a success
 * whose body does not read can be told from a failure of the server. */
typedef void (*RtResponseFunc) (GTask      *task,
                                RtResponse *response,
                                GError     *error);

/* A GET of @path?@query with the token, and If-None-Match when @if_none_match is set. */
SoupMessage *_rapport_rt_new_request        (RapportRtProvider  *self,
                                             const char         *path,
                                             GString            *query,
                                             const char         *if_none_match,
                                             GError            **error);
/* RT answers a failed login of a browser-like client with a redirect to its login page. */
GError      *_rapport_rt_explain_redirect   (SoupMessage        *msg,
                                             GError             *error);
/* Builds and sends a GET; a failure to build finishes @func with the error. */
void         _rapport_rt_get                (GTask              *task,
                                             const char         *path,
                                             GString            *query,
                                             const char         *if_none_match,
                                             RtResponseFunc      func);

/* ------------------------------------------------------------------------------------ */
/* Writes (rapport-rt-write.c)                                                           */

/* Called with the finished message, its JSON answer (NULL on error) and the error, the
 * latter two owned by the callee. */
typedef void (*RtWriteFunc) (GTask       *task,
                             SoupMessage *msg,
                             JsonNode    *root,
                             GError      *error);

/* Sends @method @path with the JSON @body, with If-Match when @if_match is set; failures are
 * mapped to what the outbox needs to know (OUTCOME_UNKNOWN when RT may have acted). */
void         _rapport_rt_write              (GTask              *task,
                                             const char         *method,
                                             const char         *path,
                                             JsonNode           *body,
                                             const char         *if_match,
                                             RtWriteFunc         func);
/* RT's own words from the array of messages a write answers with. */
char        *_rapport_rt_join_messages      (JsonNode           *root);
/* The transaction id of a 201's Location ("/REST/2.0/transaction/1696"), or NULL. */
char        *_rapport_rt_transaction_id_from_location (const char *location);

/* ------------------------------------------------------------------------------------ */
/* One ticket: record, history, bodies; users (rapport-rt-ticket.c)                      */

typedef enum
{
  TICKET_FOUND,
  TICKET_UNCHANGED, /* 304: the store has it */
  TICKET_GONE,      /* 404, 403, or outside the queue */
  TICKET_MONEY,     /* a money record or an approval (queue Money or ___Approvals) */
} TicketOutcome;

typedef struct
{
  /* input */
  char           *requested_id;
  JsonNode       *known;          /* a search item: no GET needed */
  gboolean        conditional;    /* send If-None-Match with the committed ETag */
  GHashTable     *skip_ids;       /* (nullable) (unowned) tickets whose messages are in hand */

  /* output */
  TicketOutcome   outcome;
  gboolean        record_error;   /* the error says that this ticket's answers do not read
                                   * (set it aside), not that the server or network failed */
  gboolean        known_already;  /* merged into a ticket already read: no messages read */
  RapportTicket  *ticket;
  char           *effective_id;   /* differs from requested_id after a merge */
  GStrv           requestors;
  RapportChannel  channel;
  char           *etag;
  GPtrArray      *transactions;   /* (element-type RapportRtTransaction) messages only */
  GHashTable     *bodies;

  /* progress */
  guint64         etag_bound;
  guint           page;
  guint64         max_history_id;
  guint64         max_message_id;
  guint64         max_part_transaction;
  GArray         *fallback;       /* (element-type guint64) */
  guint           fallback_index;
  guint           fallback_page;

  /* (element-type RapportSetAside) history items that could not be read: the ticket is
   * read without them */
  GPtrArray      *set_aside;
} TicketJob;

TicketJob   *_rapport_rt_ticket_job_new     (const char         *ticket_id,
                                             JsonNode           *known,
                                             gboolean            conditional);
void         _rapport_rt_ticket_job_free    (TicketJob          *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TicketJob, _rapport_rt_ticket_job_free)

/* Reads the ticket of @job (owned by the caller) and, when found, its messages. */
void         _rapport_rt_ticket_job_run     (RapportRtProvider  *self,
                                             TicketJob          *job,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean     _rapport_rt_ticket_job_finish  (RapportRtProvider  *self,
                                             GAsyncResult       *result,
                                             GError            **error);

typedef struct
{
  GPtrArray  *names;     /* (element-type utf8) to read */
  guint       index;
  GHashTable *customers; /* name → RapportCustomer, for the users read */
  GPtrArray  *set_aside; /* (element-type RapportSetAside) users that could not be read */
  gboolean    set_aside_failures; /* also users the server failed to answer */
} UserBatch;

UserBatch   *_rapport_rt_user_batch_new     (void);
void         _rapport_rt_user_batch_free    (UserBatch          *batch);
/* Adds @name to the users @batch reads (once; never RT_System). */
void         _rapport_rt_user_batch_add     (UserBatch          *batch,
                                             const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UserBatch, _rapport_rt_user_batch_free)

/* Reads the users of @batch (owned by the caller), learning whether each is an agent. */
void         _rapport_rt_user_batch_run     (RapportRtProvider  *self,
                                             UserBatch          *batch,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean     _rapport_rt_user_batch_finish  (RapportRtProvider  *self,
                                             GAsyncResult       *result,
                                             GError            **error);

/* The users a ticket's messages need: its requestors (customers by definition, read for
 * their profiles when @with_requestors) and message authors not yet known. */
void         _rapport_rt_add_ticket_users   (RapportRtProvider  *self,
                                             TicketJob          *job,
                                             UserBatch          *batch,
                                             gboolean            with_requestors);
UserKind     _rapport_rt_user_kind          (RapportRtProvider  *self,
                                             const char         *name);
GPtrArray   *_rapport_rt_build_ticket_messages (RapportRtProvider  *self,
                                                TicketJob          *job,
                                                GError            **error);

/* Whether the server answered the request that failed with @error (a status it should not
 * have sent, or a body that does not read), as opposed to the network failing, the token
 * being refused, a rate limit or a cancellation. */
gboolean     _rapport_rt_server_answered    (const GError       *error);
/* Whether a request that failed with @error (and @response, nullable) was answered with
 * success but a body that does not read: the record is bad, not the server or network. */
gboolean     _rapport_rt_answer_unreadable  (const RtResponse   *response,
                                             const GError       *error);

/* ------------------------------------------------------------------------------------ */
/* RapportProvider methods                                                               */

void _rapport_rt_provider_pull_changes_async (RapportProvider     *provider,
                                              const char          *cursor,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
RapportSyncPage *_rapport_rt_provider_pull_changes_finish (RapportProvider  *provider,
                                                           GAsyncResult     *result,
                                                           GError          **error);

/* refetch_records (rapport-rt-pull.c): tickets by id, messages through their ticket, users
 * by name, read as a pull reads them. */
void _rapport_rt_provider_refetch_records_async (RapportProvider     *provider,
                                                 GPtrArray           *records,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RapportSyncPage *_rapport_rt_provider_refetch_records_finish (RapportProvider  *provider,
                                                              GAsyncResult     *result,
                                                              GError          **error);

void _rapport_rt_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                                      const char          *ticket_remote_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray *_rapport_rt_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                                             GAsyncResult     *result,
                                                             GError          **error);

void _rapport_rt_provider_post_message_async (RapportProvider     *provider,
                                              const char          *ticket_remote_id,
                                              RapportVisibility    visibility,
                                              const char          *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
RapportMessage *_rapport_rt_provider_post_message_finish (RapportProvider  *provider,
                                                          GAsyncResult     *result,
                                                          GError          **error);

void _rapport_rt_provider_update_ticket_async (RapportProvider            *provider,
                                               const char                 *ticket_remote_id,
                                               const RapportTicketChanges *changes,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data);
RapportTicket *_rapport_rt_provider_update_ticket_finish (RapportProvider  *provider,
                                                          GAsyncResult     *result,
                                                          GError          **error);

/* ------------------------------------------------------------------------------------ */
/* Money actions and approvals (rapport-rt-money.c)                                      */

/* What the money reader does with a record that does not read. */
typedef enum
{
  MONEY_READ_STRICT,    /* the read fails */
  MONEY_READ_SET_ASIDE, /* it is set aside (a record whose answers came with success but do not
                         * read); a failing server or network fails the read */
  MONEY_READ_RETRY,     /* set aside too when the server fails to answer for it alone */
} MoneyReadMode;

/* Reads the money records @ids (money tickets, or approvals: then the money ticket they are
 * for) with their approvals and decision facts. Ids that are not money records are skipped.
 * A money record is read whole or not at all: when it, its history, its texts, its newest
 * approval or that approval's history or texts do not read, neither its action nor its
 * approval is returned; with @mode SET_ASIDE or RETRY it is set aside (RAPPORT_RECORD_MONEY,
 * the id asked for) and the others are read on. */
void       _rapport_rt_money_read_async  (RapportRtProvider   *self,
                                          GPtrArray           *ids,
                                          MoneyReadMode        mode,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* (transfer full) actions, approvals and (@set_aside, nullable in STRICT mode only) the
 * records set aside (element-type RapportSetAside). */
gboolean   _rapport_rt_money_read_finish (RapportRtProvider   *self,
                                          GAsyncResult        *result,
                                          GPtrArray          **actions,
                                          GPtrArray          **approvals,
                                          GPtrArray          **set_aside,
                                          GError             **error);

void _rapport_rt_provider_create_money_action_async (RapportProvider     *provider,
                                                     const char          *ticket_remote_id,
                                                     RapportMoneyKind     kind,
                                                     const RapportMoney  *amount,
                                                     const char          *reason,
                                                     const char          *order_reference,
                                                     const char          *customer_key,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
RapportMoneyAction *_rapport_rt_provider_create_money_action_finish (RapportProvider  *provider,
                                                                     GAsyncResult     *result,
                                                                     GError          **error);
void _rapport_rt_provider_decide_approval_async (RapportProvider     *provider,
                                                 const char          *approval_remote_id,
                                                 RapportDecision      decision,
                                                 const char          *note,
                                                 const char          *etag,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RapportApproval *_rapport_rt_provider_decide_approval_finish (RapportProvider  *provider,
                                                              GAsyncResult     *result,
                                                              GError          **error);
void _rapport_rt_provider_fetch_authority_async (RapportProvider     *provider,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RapportAuthority *_rapport_rt_provider_fetch_authority_finish (RapportProvider  *provider,
                                                               GAsyncResult     *result,
                                                               GError          **error);
void _rapport_rt_provider_fetch_money_evidence_async (RapportProvider     *provider,
                                                      const char          *ticket_remote_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
RapportMoneyEvidence *_rapport_rt_provider_fetch_money_evidence_finish (RapportProvider  *provider,
                                                                        GAsyncResult     *result,
                                                                        GError          **error);

/* ------------------------------------------------------------------------------------ */
/* Articles (rapport-rt-articles.c)                                                       */

/* CANNED_RESPONSES | KNOWLEDGE_BASE, unless the last fetch found none for this user less than
 * RAPPORT_RT_ARTICLES_RECHECK_S ago. */
RapportProviderCapabilities
             _rapport_rt_provider_article_capabilities        (RapportRtProvider   *self);
void         _rapport_rt_provider_fetch_canned_content_async  (RapportProvider     *provider,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray   *_rapport_rt_provider_fetch_canned_content_finish (RapportProvider     *provider,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void         _rapport_rt_provider_link_article_async          (RapportProvider     *provider,
                                                               const char          *ticket_remote_id,
                                                               const char          *article_remote_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean     _rapport_rt_provider_link_article_finish         (RapportProvider     *provider,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
