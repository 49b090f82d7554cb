/* rapport-rt-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider.h"

#include "rapport-account.h"
#include "rapport-http.h"
#include "rapport-rt-parser.h"

#include <string.h>

/* How pulling works (facts from a real RT 5.0.3: tests/integration/README.md).
 *
 * First sync (cursor NULL, then "full:W:T"):
 *   1. W = the newest visible ticket transaction id, read before any ticket (so changes made
 *      while the first sync runs are caught by the incremental pulls after it).
 *   2. Ticket search windows "id > T" ordered by id, page-size tickets each, with the fields
 *      the ticket parser needs; for each ticket its history and message bodies, and its
 *      requestors as customers. Ticket searches check rights in SQL and carry "total", so an
 *      empty window is the end (and total == count says so one request earlier).
 *   3. Then the cursor becomes "W" and the incremental pull catches up.
 *
 * Incremental (cursor "C" = the last transaction id seen):
 *   /transactions?query=ObjectType='RT::Ticket' AND Type != 'EmailRecord'
 *                       AND Type != 'CommentEmailRecord' AND id > C &orderby=id
 *   RT filters transaction rows by rights *after* the SQL LIMIT, and agents get no total and
 *   no next_page, so pages can be short or empty in the middle. Excluding the outgoing-mail
 *   records in SQL removes the main hidden rows (agents rarely have ShowOutgoingEmail), and
 *   ObjectType='RT::Ticket' makes RT check ShowTicket in SQL; what can still be hidden after
 *   the LIMIT are comments (without ShowTicketComments) and custom field changes (without
 *   SeeCustomField). The stop rule never trusts a short page:
 *   - page 1 of "id > C" has items → they are this pull's page; the cursor moves to the
 *     highest id in it and has_more stays TRUE (the next call asks "id > new C");
 *   - it is empty → probe the newest rows of the same query (order=DESC). Empty too → done:
 *     no visible row among the first and the last page-size rows after C; a visible row
 *     hidden between two runs of page-size hidden rows can only be delayed, never lost (it is
 *     picked up by the scan below as soon as anything visible follows it). The probe has
 *     items → visible rows exist after C, so scan pages 2, 3 … of the same query (the pages
 *     are stable: ids only grow and orderby=id) until one has items.
 *   Each changed ticket is read again with If-None-Match on its ETag (its newest visible
 *   transaction id): 304 means it is already in the store. A ticket id that answers with
 *   another ticket was merged into it; 404/403 (or a ticket now outside the configured queue)
 *   means it is gone for this user. Both become deletions.
 *
 * ETags are only trusted once the page that fetched them is stored: they are staged with the
 * page's next cursor and committed when the engine asks for the page after it with exactly
 * that cursor (the engine moves its cursor only after storing a page). A retry from an older
 * cursor drops them.
 *
 * A ticket's messages: its history (email records excluded in SQL, so the history's pages are
 * exact unless comments or custom fields are hidden) until the ETag's transaction is seen or a
 * page is empty; then its text parts without a file name (filtered in SQL, so no binary
 * Content) until a part of the newest message transaction is seen; if the pages end first,
 * the message transactions after the last part seen are read one by one. Never
 * If-Modified-Since (RT 5.0.3 answers it with 500), never follow next_page. */

#define API_SUFFIX            "/REST/2.0"
#define MAX_SCAN_PAGES        1000
#define MAX_COLLECTION_PAGES  1000

#define TICKET_FIELDS      "Subject,Status,Queue,Owner,Requestor,Created,LastUpdated,Resolved," \
                           "Priority,CustomFields"
#define OWNER_FIELDS       "Name,RealName"
#define QUEUE_FIELDS       "Name"
#define HISTORY_FIELDS     "Type,Creator,Created"
#define CREATOR_FIELDS     "Name,RealName"
#define ATTACHMENT_FIELDS  "TransactionId,ContentType,Filename,Content"
#define TRANSACTION_FIELDS "Type,ObjectType,ObjectId"
#define TRANSACTION_SQL    "ObjectType = 'RT::Ticket' AND Type != 'EmailRecord' " \
                           "AND Type != 'CommentEmailRecord'"

/* JSON searches on a record's own collections (RT's QueryByJSON). */
static const char history_query[] =
  "[{\"field\":\"Type\",\"operator\":\"!=\",\"value\":\"EmailRecord\","
  "\"entry_aggregator\":\"AND\"},"
  "{\"field\":\"Type\",\"operator\":\"!=\",\"value\":\"CommentEmailRecord\","
  "\"entry_aggregator\":\"AND\"}]";
static const char attachment_query[] =
  "[{\"field\":\"ContentType\",\"operator\":\"STARTSWITH\",\"value\":\"text/\"},"
  "{\"field\":\"Filename\",\"operator\":\"IS\",\"value\":\"NULL\"}]";

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
};

static void rapport_rt_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRtProvider, rapport_rt_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_rt_provider_iface_init))

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_QUEUE,
  PROP_SUPERVISORS_GROUP,
  PROP_PAGE_SIZE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------ */
/* Small helpers                                                                         */

static gboolean
is_numeric_id (const char *text)
{
  if (text == NULL || text[0] == '\0' || strlen (text) > 20)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static guint64
parse_uint64 (const char *text)
{
  return is_numeric_id (text) ? g_ascii_strtoull (text, NULL, 10) : 0;
}

/* A value quoted for TicketSQL/TransactionSQL: RT's parser takes backslash escapes. */
static char *
quote_sql (const char *value)
{
  GString *quoted = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');

  return g_string_free (quoted, FALSE);
}

static void
query_add (GString    *query,
           const char *key,
           const char *value)
{
  g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *v = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", k, v);
}

static void
query_add_uint (GString    *query,
                const char *key,
                guint64     value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  query_add (query, key, text);
}

/* The usual paging of a collection request, always ordered by id. */
static void
query_add_paging (GString    *query,
                  const char *order,
                  guint       per_page,
                  guint       page)
{
  query_add (query, "orderby", "id");
  query_add (query, "order", order);
  query_add_uint (query, "per_page", per_page);
  query_add_uint (query, "page", page);
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return strcmp (fa, fb) == 0;
}

/* ------------------------------------------------------------------------------------ */
/* Requests                                                                              */

typedef struct
{
  guint     status;
  char     *etag;  /* without quotes; NULL when absent */
  JsonNode *root;  /* NULL for 304 */
} RtResponse;

static void
rt_response_free (RtResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->etag);
  g_clear_pointer (&response->root, json_node_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtResponse, rt_response_free)

/* Called with the response or the error, both owned by the callee. */
typedef void (*RtResponseFunc) (GTask      *task,
                                RtResponse *response,
                                GError     *error);

typedef struct
{
  GTask          *task;
  SoupMessage    *msg;
  RtResponseFunc  func;
} RtCall;

static SoupMessage *
new_request (RapportRtProvider  *self,
             const char         *path,
             GString            *query,
             const char         *if_none_match,
             GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  text = g_strconcat (self->api_base, path,
                      query != NULL && query->len > 0 ? "?" : "",
                      query != NULL ? query->str : "", NULL);

  uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Could not build an RT request URL for “%s”: %s", path, local_error->message);
      return NULL;
    }

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (msg);

  authorization = g_strconcat ("token ", self->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  rapport_http_wipe_secret (&authorization);

  if (if_none_match != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", if_none_match);
      soup_message_headers_replace (headers, "If-None-Match", quoted);
    }

  return msg;
}

/* RT answers a failed login of a browser-like client with a redirect to its login page. */
static GError *
explain_redirect (SoupMessage *msg,
                  GError      *error)
{
  guint status = soup_message_get_status (msg);
  const char *location;

  if (!SOUP_STATUS_IS_REDIRECTION (status))
    return error;

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location != NULL && (strcmp (location, "/") == 0 || strstr (location, "/NoAuth/") != NULL))
    {
      GError *auth = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED,
                                  "RT sent its login page instead of an API answer: %s",
                                  error->message);
      g_error_free (error);
      return auth;
    }

  return error;
}

static char *
strip_etag (const char *etag)
{
  gsize len;

  if (etag == NULL)
    return NULL;

  if (g_str_has_prefix (etag, "W/"))
    etag += 2;
  len = strlen (etag);
  if (len >= 2 && etag[0] == '"' && etag[len - 1] == '"')
    return g_strndup (etag + 1, len - 2);
  return g_strdup (etag);
}

static void
on_rt_call_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RtCall *call = user_data;
  GError *error = NULL;
  RtResponse *response = NULL;
  JsonNode *root;

  root = rapport_http_send_json_finish (SOUP_SESSION (source), result, &error);
  if (root == NULL)
    {
      error = explain_redirect (call->msg, error);
    }
  else
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);

      response = g_new0 (RtResponse, 1);
      response->status = soup_message_get_status (call->msg);
      response->etag = strip_etag (soup_message_headers_get_one (headers, "ETag"));
      if (response->status == SOUP_STATUS_NOT_MODIFIED)
        json_node_unref (root);
      else
        response->root = root;
    }

  call->func (call->task, response, error);

  g_object_unref (call->task);
  g_object_unref (call->msg);
  g_free (call);
}

/* Sends @msg (consumed) for the operation @task; @func continues it. */
static void
rt_call (GTask          *task,
         SoupMessage    *msg,
         RtResponseFunc  func)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  RtCall *call = g_new0 (RtCall, 1);

  call->task = g_object_ref (task);
  call->msg = msg;
  call->func = func;

  rapport_http_send_json_async (self->session, msg, 0, g_task_get_cancellable (task),
                                on_rt_call_cb, call);
}

/* Builds and sends a GET; a failure to build finishes @func with the error. */
static void
rt_get (GTask          *task,
        const char     *path,
        GString        *query,
        const char     *if_none_match,
        RtResponseFunc  func)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  SoupMessage *msg = new_request (self, path, query, if_none_match, &error);

  if (msg == NULL)
    {
      func (task, NULL, error);
      return;
    }

  rt_call (task, msg, func);
}

/* ------------------------------------------------------------------------------------ */
/* One ticket: record, history, bodies                                                   */

typedef enum
{
  TICKET_FOUND,
  TICKET_UNCHANGED, /* 304: the store has it */
  TICKET_GONE,      /* 404, 403, or outside the queue */
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
} TicketJob;

static void
ticket_job_free (TicketJob *job)
{
  if (job == NULL)
    return;

  g_free (job->requested_id);
  g_clear_pointer (&job->known, json_node_unref);
  g_clear_object (&job->ticket);
  g_free (job->effective_id);
  g_strfreev (job->requestors);
  g_free (job->etag);
  g_clear_pointer (&job->transactions, g_ptr_array_unref);
  g_clear_pointer (&job->bodies, g_hash_table_unref);
  g_clear_pointer (&job->fallback, g_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TicketJob, ticket_job_free)

static TicketJob *
ticket_job_new (const char *ticket_id,
                JsonNode   *known,
                gboolean    conditional)
{
  TicketJob *job = g_new0 (TicketJob, 1);

  job->requested_id = g_strdup (ticket_id);
  job->known = known != NULL ? json_node_ref (known) : NULL;
  job->conditional = conditional;
  job->transactions = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_transaction_free);
  job->bodies = rapport_rt_bodies_new ();
  job->fallback = g_array_new (FALSE, FALSE, sizeof (guint64));
  return job;
}

static void ticket_job_history (GTask *task);
static void ticket_job_attachments (GTask *task);
static void ticket_job_fallback (GTask *task);

static void
ticket_job_return (GTask  *task,
                   GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
ticket_in_queue (RapportRtProvider *self,
                 RapportTicket     *ticket)
{
  const char *queue = rapport_ticket_get_queue (ticket);

  if (self->queue == NULL || queue == NULL)
    return TRUE;

  return names_equal (queue, self->queue);
}

/* Takes the parsed ticket; decides whether it is gone; then reads its messages. */
static void
ticket_job_accept (GTask    *task,
                   JsonNode *node)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->ticket = rapport_rt_parse_ticket (node, &job->requestors, &error);
  if (job->ticket == NULL || !rapport_rt_parse_channel (node, &job->channel, &error))
    {
      g_prefix_error (&error, "Reading RT ticket %s: ", job->requested_id);
      ticket_job_return (task, error);
      return;
    }

  job->effective_id = g_strdup (rapport_ticket_get_remote_id (job->ticket));

  if (!ticket_in_queue (self, job->ticket))
    {
      g_debug ("RT ticket %s is in queue “%s”, not “%s”: no longer synced",
               job->effective_id, rapport_ticket_get_queue (job->ticket), self->queue);
      job->outcome = TICKET_GONE;
      ticket_job_return (task, NULL);
      return;
    }

  job->outcome = TICKET_FOUND;

  /* A merged ticket answers with the ticket it was merged into; when that one was read in
   * this page, or is stored with this very ETag, its messages are in hand already. */
  if (strcmp (job->effective_id, job->requested_id) != 0 &&
      ((job->skip_ids != NULL && g_hash_table_contains (job->skip_ids, job->effective_id)) ||
       (job->conditional && job->etag != NULL &&
        g_strcmp0 (g_hash_table_lookup (self->etags, job->effective_id), job->etag) == 0)))
    {
      job->known_already = TRUE;
      ticket_job_return (task, NULL);
      return;
    }

  job->page = 1;
  ticket_job_history (task);
}

static void
on_ticket_cb (GTask      *task,
              RtResponse *response,
              GError     *error)
{
  g_autoptr(RtResponse) r = response;
  TicketJob *job = g_task_get_task_data (task);

  if (error != NULL)
    {
      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
          g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))
        {
          g_debug ("RT ticket %s is gone for this user: %s", job->requested_id, error->message);
          g_error_free (error);
          job->outcome = TICKET_GONE;
          ticket_job_return (task, NULL);
          return;
        }
      ticket_job_return (task, error);
      return;
    }

  if (r->status == SOUP_STATUS_NOT_MODIFIED)
    {
      job->outcome = TICKET_UNCHANGED;
      ticket_job_return (task, NULL);
      return;
    }

  job->etag = g_strdup (r->etag);
  job->etag_bound = parse_uint64 (r->etag);
  ticket_job_accept (task, r->root);
}

static void
ticket_job_start (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = NULL;
  const char *etag = NULL;

  if (job->known != NULL)
    {
      ticket_job_accept (task, job->known);
      return;
    }

  if (!is_numeric_id (job->requested_id))
    {
      ticket_job_return (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                            RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                            "RT named a ticket “%.40s”, which is not a ticket id",
                                            job->requested_id));
      return;
    }

  if (job->conditional)
    etag = g_hash_table_lookup (self->etags, job->requested_id);

  query_add (query, "fields[Owner]", OWNER_FIELDS);
  query_add (query, "fields[Queue]", QUEUE_FIELDS);
  path = g_strdup_printf ("ticket/%s", job->requested_id);
  rt_get (task, path, query, etag, on_ticket_cb);
}

static void
on_history_cb (GTask      *task,
               RtResponse *response,
               GError     *error)
{
  g_autoptr(RtResponse) r = response;
  TicketJob *job = g_task_get_task_data (task);
  JsonArray *items;
  guint n;

  if (error != NULL)
    {
      ticket_job_return (task, error);
      return;
    }

  items = rapport_rt_page_get_items (r->root, &error);
  if (items == NULL)
    {
      g_prefix_error (&error, "Reading the history of RT ticket %s: ", job->effective_id);
      ticket_job_return (task, error);
      return;
    }

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      RapportRtTransaction *txn = rapport_rt_parse_transaction (json_array_get_element (items, i),
                                                                &error);
      if (txn == NULL)
        {
          g_prefix_error (&error, "Reading the history of RT ticket %s: ", job->effective_id);
          ticket_job_return (task, error);
          return;
        }

      job->max_history_id = MAX (job->max_history_id, txn->id);
      if (rapport_rt_transaction_is_message (txn))
        {
          job->max_message_id = MAX (job->max_message_id, txn->id);
          g_ptr_array_add (job->transactions, txn);
        }
      else
        {
          rapport_rt_transaction_free (txn);
        }
    }

  /* Done at an empty page, or once the newest visible transaction (the ETag) is in. */
  if (n == 0 || (job->etag_bound > 0 && job->max_history_id >= job->etag_bound))
    {
      if (job->max_message_id == 0)
        {
          ticket_job_return (task, NULL);
          return;
        }
      job->page = 1;
      ticket_job_attachments (task);
      return;
    }

  if (++job->page > MAX_COLLECTION_PAGES)
    {
      ticket_job_return (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                            RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                            "The history of RT ticket %s has more than %u pages",
                                            job->effective_id, MAX_COLLECTION_PAGES));
      return;
    }

  ticket_job_history (task);
}

static void
ticket_job_history (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = g_strdup_printf ("ticket/%s/history", job->effective_id);

  query_add (query, "query", history_query);
  query_add (query, "fields", HISTORY_FIELDS);
  query_add (query, "fields[Creator]", CREATOR_FIELDS);
  query_add_paging (query, "ASC", self->page_size, job->page);
  rt_get (task, path, query, NULL, on_history_cb);
}

static void
on_attachments_cb (GTask      *task,
                   RtResponse *response,
                   GError     *error)
{
  g_autoptr(RtResponse) r = response;
  TicketJob *job = g_task_get_task_data (task);
  guint n;

  if (error != NULL)
    {
      ticket_job_return (task, error);
      return;
    }

  if (!rapport_rt_collect_bodies (r->root, job->bodies, &job->max_part_transaction, &n, &error))
    {
      g_prefix_error (&error, "Reading the messages of RT ticket %s: ", job->effective_id);
      ticket_job_return (task, error);
      return;
    }

  /* Attachment ids grow with transaction ids: a part of the newest message transaction
   * means every earlier message transaction's parts were on the pages read. */
  if (job->max_part_transaction >= job->max_message_id)
    {
      ticket_job_return (task, NULL);
      return;
    }

  if (n == 0)
    {
      for (guint i = 0; i < job->transactions->len; i++)
        {
          RapportRtTransaction *txn = job->transactions->pdata[i];

          if (txn->id > job->max_part_transaction &&
              !g_hash_table_contains (job->bodies, &txn->id))
            g_array_append_val (job->fallback, txn->id);
        }
      job->fallback_index = 0;
      job->fallback_page = 1;
      ticket_job_fallback (task);
      return;
    }

  if (++job->page > MAX_COLLECTION_PAGES)
    {
      ticket_job_return (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                            RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                            "The messages of RT ticket %s have more than %u pages",
                                            job->effective_id, MAX_COLLECTION_PAGES));
      return;
    }

  ticket_job_attachments (task);
}

static void
ticket_job_attachments (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = g_strdup_printf ("ticket/%s/attachments", job->effective_id);

  query_add (query, "query", attachment_query);
  query_add (query, "fields", ATTACHMENT_FIELDS);
  query_add_paging (query, "ASC", self->page_size, job->page);
  rt_get (task, path, query, NULL, on_attachments_cb);
}

static void
on_fallback_cb (GTask      *task,
                RtResponse *response,
                GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  guint64 ignored = 0;
  guint n;

  if (error != NULL)
    {
      ticket_job_return (task, error);
      return;
    }

  if (!rapport_rt_collect_bodies (r->root, job->bodies, &ignored, &n, &error))
    {
      g_prefix_error (&error, "Reading a message of RT ticket %s: ", job->effective_id);
      ticket_job_return (task, error);
      return;
    }

  /* Rights hide whole transactions, never some of their parts: a short page is the end. */
  if (n >= self->page_size && job->fallback_page < MAX_COLLECTION_PAGES)
    {
      job->fallback_page++;
    }
  else
    {
      job->fallback_index++;
      job->fallback_page = 1;
    }

  ticket_job_fallback (task);
}

static void
ticket_job_fallback (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  TicketJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = NULL;
  guint64 txn_id;

  if (job->fallback_index >= job->fallback->len)
    {
      ticket_job_return (task, NULL);
      return;
    }

  txn_id = g_array_index (job->fallback, guint64, job->fallback_index);
  path = g_strdup_printf ("transaction/%" G_GUINT64_FORMAT "/attachments", txn_id);
  query_add (query, "query", attachment_query);
  query_add (query, "fields", ATTACHMENT_FIELDS);
  query_add_paging (query, "ASC", self->page_size, job->fallback_page);
  rt_get (task, path, query, NULL, on_fallback_cb);
}

static void
ticket_job_run (RapportRtProvider   *self,
                TicketJob           *job,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ticket_job_run);
  g_task_set_task_data (task, job, NULL);
  ticket_job_start (task);
}

static gboolean
ticket_job_finish (RapportRtProvider  *self,
                   GAsyncResult       *result,
                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Users                                                                                 */

typedef struct
{
  GPtrArray  *names;     /* (element-type utf8) to read */
  guint       index;
  GHashTable *customers; /* name → RapportCustomer, for the users read */
} UserBatch;

static void
user_batch_free (UserBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->names, g_ptr_array_unref);
  g_clear_pointer (&batch->customers, g_hash_table_unref);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UserBatch, user_batch_free)

static UserBatch *
user_batch_new (void)
{
  UserBatch *batch = g_new0 (UserBatch, 1);

  batch->names = g_ptr_array_new_with_free_func (g_free);
  batch->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return batch;
}

static void
user_batch_add (UserBatch  *batch,
                const char *name)
{
  if (name == NULL || strcmp (name, RAPPORT_RT_SYSTEM_USER) == 0)
    return;
  if (g_ptr_array_find_with_equal_func (batch->names, name, g_str_equal, NULL))
    return;
  g_ptr_array_add (batch->names, g_strdup (name));
}

static void user_batch_next (GTask *task);

static void
on_user_cb (GTask      *task,
            RtResponse *response,
            GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  UserBatch *batch = g_task_get_task_data (task);
  const char *name = batch->names->pdata[batch->index];
  g_autoptr(RapportRtUser) user = NULL;
  g_autoptr(RapportCustomer) customer = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
          g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))
        {
          /* The user stays a placeholder customer named by its id, and its messages count
           * as the team's unless it is a requestor. */
          g_message ("RT user “%s” could not be read, its profile is left out: %s",
                     name, error->message);
          g_error_free (error);
          batch->index++;
          user_batch_next (task);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  user = rapport_rt_parse_user (r->root, &error);
  if (user != NULL)
    customer = rapport_rt_parse_customer (r->root, &error);
  if (customer == NULL)
    {
      g_prefix_error (&error, "Reading RT user “%s”: ", name);
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_replace (self->user_kinds, g_strdup (name),
                        GINT_TO_POINTER (user->privileged ? USER_KIND_AGENT : USER_KIND_CUSTOMER));
  g_hash_table_replace (batch->customers, g_strdup (name), g_steal_pointer (&customer));

  batch->index++;
  user_batch_next (task);
}

static void
user_batch_next (GTask *task)
{
  UserBatch *batch = g_task_get_task_data (task);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (batch->index >= batch->names->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  escaped = g_uri_escape_string (batch->names->pdata[batch->index], NULL, FALSE);
  path = g_strdup_printf ("user/%s", escaped);
  rt_get (task, path, NULL, NULL, on_user_cb);
}

static void
user_batch_run (RapportRtProvider   *self,
                UserBatch           *batch,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, user_batch_run);
  g_task_set_task_data (task, batch, NULL);
  user_batch_next (task);
}

static gboolean
user_batch_finish (RapportRtProvider  *self,
                   GAsyncResult       *result,
                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The users a ticket's messages need: its requestors (customers by definition, read for
 * their profiles when @with_requestors) and message authors not yet known. */
static void
add_ticket_users (RapportRtProvider *self,
                  TicketJob         *job,
                  UserBatch         *batch,
                  gboolean           with_requestors)
{
  for (guint i = 0; with_requestors && job->requestors != NULL && job->requestors[i] != NULL; i++)
    user_batch_add (batch, job->requestors[i]);

  for (guint i = 0; i < job->transactions->len; i++)
    {
      RapportRtTransaction *txn = job->transactions->pdata[i];

      if (txn->creator == NULL ||
          (job->requestors != NULL && g_strv_contains ((const char * const *) job->requestors,
                                                       txn->creator)) ||
          g_hash_table_contains (self->user_kinds, txn->creator))
        continue;
      user_batch_add (batch, txn->creator);
    }
}

static UserKind
user_kind (RapportRtProvider *self,
           const char        *name)
{
  return (UserKind) GPOINTER_TO_INT (g_hash_table_lookup (self->user_kinds, name));
}

static GPtrArray *
build_ticket_messages (RapportRtProvider  *self,
                       TicketJob          *job,
                       GError            **error)
{
  g_autoptr(GHashTable) customers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; job->requestors != NULL && job->requestors[i] != NULL; i++)
    g_hash_table_add (customers, job->requestors[i]);

  for (guint i = 0; i < job->transactions->len; i++)
    {
      RapportRtTransaction *txn = job->transactions->pdata[i];

      if (txn->creator != NULL && user_kind (self, txn->creator) == USER_KIND_CUSTOMER)
        g_hash_table_add (customers, txn->creator);
    }

  return rapport_rt_build_messages (job->transactions, job->bodies, job->effective_id,
                                    job->channel, customers, error);
}

/* ------------------------------------------------------------------------------------ */
/* pull_changes                                                                          */

typedef enum
{
  CURSOR_START,
  CURSOR_FULL,
  CURSOR_INCREMENTAL,
} CursorKind;

static gboolean
parse_cursor (const char  *cursor,
              CursorKind  *kind,
              guint64     *watermark,
              guint64     *after,
              GError     **error)
{
  *watermark = 0;
  *after = 0;

  if (cursor == NULL)
    {
      *kind = CURSOR_START;
      return TRUE;
    }

  if (is_numeric_id (cursor))
    {
      *kind = CURSOR_INCREMENTAL;
      *after = g_ascii_strtoull (cursor, NULL, 10);
      return TRUE;
    }

  if (g_str_has_prefix (cursor, "full:"))
    {
      g_auto(GStrv) parts = g_strsplit (cursor + strlen ("full:"), ":", -1);

      if (g_strv_length (parts) == 2 && is_numeric_id (parts[0]) && is_numeric_id (parts[1]))
        {
          *kind = CURSOR_FULL;
          *watermark = g_ascii_strtoull (parts[0], NULL, 10);
          *after = g_ascii_strtoull (parts[1], NULL, 10);
          return TRUE;
        }
    }

  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
               "Invalid RT sync cursor “%.80s” (expected a transaction id or full:W:T)", cursor);
  return FALSE;
}

typedef struct
{
  CursorKind       kind;
  char            *cursor;
  guint64          watermark;
  guint64          after;
  guint            scan_page;
  gboolean         probed;

  RapportSyncPage *page;
  GPtrArray       *ticket_ids;    /* (element-type utf8) */
  GPtrArray       *known;         /* (element-type JsonNode) (nullable) parallel to ticket_ids */
  guint            index;
  GPtrArray       *jobs;          /* (element-type TicketJob) tickets to emit */
  TicketJob       *current;
  GHashTable      *emitted;       /* effective ids in this page */
  GHashTable      *staged_etags;  /* ticket id → ETag, "" = forget */
  UserBatch       *users;
} PullJob;

static void
unref_json_or_null (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

static void
pull_job_free (PullJob *job)
{
  if (job == NULL)
    return;

  g_free (job->cursor);
  g_clear_pointer (&job->page, rapport_sync_page_free);
  g_clear_pointer (&job->ticket_ids, g_ptr_array_unref);
  g_clear_pointer (&job->known, g_ptr_array_unref);
  g_clear_pointer (&job->jobs, g_ptr_array_unref);
  g_clear_pointer (&job->current, ticket_job_free);
  g_clear_pointer (&job->emitted, g_hash_table_unref);
  g_clear_pointer (&job->staged_etags, g_hash_table_unref);
  g_clear_pointer (&job->users, user_batch_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PullJob, pull_job_free)

static void pull_search (GTask *task);
static void pull_transactions (GTask *task);
static void pull_next_ticket (GTask *task);

static void
pull_fail (GTask  *task,
           GError *error)
{
  RapportRtProvider *self = g_task_get_source_object (task);

  self->pulling = FALSE;
  g_task_return_error (task, error);
}

static void
pull_return (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);

  self->pulling = FALSE;

  /* Staged ETags count once the engine comes back with this page's cursor. */
  g_hash_table_remove_all (self->pending_etags);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, job->staged_etags);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_replace (self->pending_etags, g_strdup (key), g_strdup (value));
  }
  g_free (self->pending_cursor);
  self->pending_cursor = g_strdup (job->page->next_cursor);

  job->page->resource = g_strdup ("rt");
  g_task_return_pointer (task, g_steal_pointer (&job->page),
                         (GDestroyNotify) rapport_sync_page_free);
}

static void
add_deleted (PullJob    *job,
             const char *ticket_id)
{
  GPtrArray *deleted = job->page->deleted_ticket_ids;

  if (g_ptr_array_find_with_equal_func (deleted, ticket_id, g_str_equal, NULL))
    return;
  g_ptr_array_add (job->page->deleted_ticket_ids, g_strdup (ticket_id));
  g_hash_table_replace (job->staged_etags, g_strdup (ticket_id), g_strdup (""));
}

static void
on_page_users_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GHashTable) customers_added = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  if (!user_batch_finish (self, result, &error))
    {
      pull_fail (task, error);
      return;
    }

  for (guint i = 0; i < job->jobs->len; i++)
    {
      TicketJob *ticket_job = job->jobs->pdata[i];
      g_autoptr(GPtrArray) messages = build_ticket_messages (self, ticket_job, &error);

      if (messages == NULL)
        {
          g_prefix_error (&error, "Reading RT ticket %s: ", ticket_job->effective_id);
          pull_fail (task, error);
          return;
        }

      /* Customers: the requestors, and unprivileged authors. */
      for (guint j = 0; ticket_job->requestors != NULL && ticket_job->requestors[j] != NULL; j++)
        {
          const char *name = ticket_job->requestors[j];
          RapportCustomer *customer = g_hash_table_lookup (job->users->customers, name);

          if (customer != NULL && !g_hash_table_contains (customers_added, name))
            {
              g_hash_table_add (customers_added, (gpointer) name);
              g_ptr_array_add (job->page->customers, g_object_ref (customer));
            }
        }
      for (guint j = 0; j < ticket_job->transactions->len; j++)
        {
          RapportRtTransaction *txn = ticket_job->transactions->pdata[j];
          RapportCustomer *customer;

          if (txn->creator == NULL || user_kind (self, txn->creator) != USER_KIND_CUSTOMER)
            continue;
          customer = g_hash_table_lookup (job->users->customers, txn->creator);
          if (customer != NULL && !g_hash_table_contains (customers_added, txn->creator))
            {
              g_hash_table_add (customers_added, txn->creator);
              g_ptr_array_add (job->page->customers, g_object_ref (customer));
            }
        }

      g_ptr_array_add (job->page->tickets, g_object_ref (ticket_job->ticket));
      for (guint j = 0; j < messages->len; j++)
        g_ptr_array_add (job->page->messages, g_object_ref (messages->pdata[j]));
    }

  pull_return (task);
}

static void
pull_tickets_done (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);

  job->users = user_batch_new ();
  for (guint i = 0; i < job->jobs->len; i++)
    add_ticket_users (self, job->jobs->pdata[i], job->users, TRUE);

  user_batch_run (self, job->users, g_task_get_cancellable (task), on_page_users_cb,
                  g_object_ref (task));
}

static void
on_pull_ticket_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(TicketJob) ticket_job = g_steal_pointer (&job->current);
  GError *error = NULL;

  if (!ticket_job_finish (self, result, &error))
    {
      pull_fail (task, error);
      return;
    }

  switch (ticket_job->outcome)
    {
    case TICKET_GONE:
      add_deleted (job, ticket_job->requested_id);
      if (ticket_job->effective_id != NULL &&
          strcmp (ticket_job->effective_id, ticket_job->requested_id) != 0)
        add_deleted (job, ticket_job->effective_id);
      break;

    case TICKET_UNCHANGED:
      break;

    case TICKET_FOUND:
      if (strcmp (ticket_job->effective_id, ticket_job->requested_id) != 0)
        {
          g_debug ("RT ticket %s was merged into %s", ticket_job->requested_id,
                   ticket_job->effective_id);
          add_deleted (job, ticket_job->requested_id);
        }
      if (!ticket_job->known_already &&
          !g_hash_table_contains (job->emitted, ticket_job->effective_id))
        {
          g_hash_table_add (job->emitted, g_strdup (ticket_job->effective_id));
          if (ticket_job->etag != NULL)
            g_hash_table_replace (job->staged_etags, g_strdup (ticket_job->effective_id),
                                  g_strdup (ticket_job->etag));
          g_ptr_array_add (job->jobs, g_steal_pointer (&ticket_job));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  job->index++;
  pull_next_ticket (g_steal_pointer (&task));
}

static void
pull_next_ticket (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);
  const char *ticket_id;

  if (g_task_return_error_if_cancelled (task))
    {
      self->pulling = FALSE;
      g_object_unref (task);
      return;
    }

  /* A ticket already emitted in this page (through a merge) is not read twice. */
  while (job->index < job->ticket_ids->len &&
         g_hash_table_contains (job->emitted, job->ticket_ids->pdata[job->index]))
    job->index++;

  if (job->index >= job->ticket_ids->len)
    {
      pull_tickets_done (task);
      g_object_unref (task);
      return;
    }

  ticket_id = job->ticket_ids->pdata[job->index];
  job->current = ticket_job_new (ticket_id, job->known->pdata[job->index],
                                 job->kind == CURSOR_INCREMENTAL);
  job->current->skip_ids = job->emitted;
  ticket_job_run (self, job->current, g_task_get_cancellable (task), on_pull_ticket_cb, task);
}

static void
pull_process_tickets (GTask *task)
{
  PullJob *job = g_task_get_task_data (task);

  job->index = 0;
  pull_next_ticket (g_object_ref (task));
}

/* First sync: the starting watermark. */
static void
on_watermark_cb (GTask      *task,
                 RtResponse *response,
                 GError     *error)
{
  g_autoptr(RtResponse) r = response;
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  guint64 newest = 0;

  if (error != NULL)
    {
      pull_fail (task, error);
      return;
    }

  if (!rapport_rt_parse_transactions_page (r->root, FALSE, ignored, &newest, NULL, &error))
    {
      g_prefix_error (&error, "Reading the newest RT transaction: ");
      pull_fail (task, error);
      return;
    }

  job->kind = CURSOR_FULL;
  job->watermark = newest;
  job->after = 0;
  pull_search (task);
}

static void
pull_watermark (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  g_autoptr(GString) query = g_string_new (NULL);

  query_add (query, "query", TRANSACTION_SQL);
  query_add (query, "fields", TRANSACTION_FIELDS);
  query_add_paging (query, "DESC", self->page_size, 1);
  rt_get (task, "transactions", query, NULL, on_watermark_cb);
}

static void
on_search_cb (GTask      *task,
              RtResponse *response,
              GError     *error)
{
  g_autoptr(RtResponse) r = response;
  PullJob *job = g_task_get_task_data (task);
  g_auto(RapportRtPageInfo) info = { 0 };
  JsonArray *items;
  guint64 newest = job->after;
  guint n;

  if (error != NULL)
    {
      pull_fail (task, error);
      return;
    }

  if (!rapport_rt_parse_page_info (r->root, &info, &error) ||
      (items = rapport_rt_page_get_items (r->root, &error)) == NULL)
    {
      g_prefix_error (&error, "Reading an RT ticket search: ");
      pull_fail (task, error);
      return;
    }

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *id_node = object != NULL ? json_object_get_member (object, "id") : NULL;
      g_autofree char *id = NULL;

      if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node))
        {
          if (json_node_get_value_type (id_node) == G_TYPE_STRING)
            id = g_strdup (json_node_get_string (id_node));
          else if (json_node_get_value_type (id_node) == G_TYPE_INT64 &&
                   json_node_get_int (id_node) > 0)
            id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id_node));
        }

      if (!is_numeric_id (id) || parse_uint64 (id) == 0)
        {
          pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                        RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                        "Reading an RT ticket search: item %u has no valid "
                                        "ticket id", i));
          return;
        }

      newest = MAX (newest, parse_uint64 (id));
      g_ptr_array_add (job->ticket_ids, g_steal_pointer (&id));
      g_ptr_array_add (job->known, json_node_ref (item));
    }

  if (n > 0 && newest <= job->after)
    {
      pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                    "RT answered a search for tickets after %" G_GUINT64_FORMAT
                                    " with older tickets only", job->after));
      return;
    }

  job->page->has_more = TRUE;
  if (n == 0 || (info.has_total && info.total <= n))
    job->page->next_cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, job->watermark);
  else
    job->page->next_cursor = g_strdup_printf ("full:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                              job->watermark, newest);

  if (n == 0)
    {
      pull_return (task);
      return;
    }

  pull_process_tickets (task);
}

static void
pull_search (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *sql = NULL;

  if (self->queue != NULL)
    {
      g_autofree char *quoted = quote_sql (self->queue);
      sql = g_strdup_printf ("Queue = %s AND id > %" G_GUINT64_FORMAT, quoted, job->after);
    }
  else
    {
      sql = g_strdup_printf ("id > %" G_GUINT64_FORMAT, job->after);
    }

  query_add (query, "query", sql);
  query_add (query, "fields", TICKET_FIELDS);
  query_add (query, "fields[Owner]", OWNER_FIELDS);
  query_add (query, "fields[Queue]", QUEUE_FIELDS);
  query_add_paging (query, "ASC", self->page_size, 1);
  rt_get (task, "tickets", query, NULL, on_search_cb);
}

static GString *
transactions_query (RapportRtProvider *self,
                    guint64            after,
                    const char        *order,
                    guint              page)
{
  GString *query = g_string_new (NULL);
  g_autofree char *sql = NULL;

  if (self->queue != NULL)
    {
      g_autofree char *quoted = quote_sql (self->queue);

      /* A ticket moved out of the queue is seen through its Queue change. */
      sql = g_strdup_printf (TRANSACTION_SQL " AND id > %" G_GUINT64_FORMAT " AND "
                             "(TicketQueue = %s OR (Type = 'Set' AND Field = 'Queue'))",
                             after, quoted);
    }
  else
    {
      sql = g_strdup_printf (TRANSACTION_SQL " AND id > %" G_GUINT64_FORMAT, after);
    }

  query_add (query, "query", sql);
  query_add (query, "fields", TRANSACTION_FIELDS);
  query_add_paging (query, order, self->page_size, page);
  return query;
}

static void
on_probe_cb (GTask      *task,
             RtResponse *response,
             GError     *error)
{
  g_autoptr(RtResponse) r = response;
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  guint64 newest = 0;
  guint n;

  if (error != NULL)
    {
      pull_fail (task, error);
      return;
    }

  if (!rapport_rt_parse_transactions_page (r->root, FALSE, ignored, &newest, &n, &error))
    {
      g_prefix_error (&error, "Reading the newest RT transactions: ");
      pull_fail (task, error);
      return;
    }

  if (n == 0 || newest <= job->after)
    {
      /* Nothing visible after the cursor: this pull is complete. */
      job->page->next_cursor = g_strdup (job->cursor);
      job->page->has_more = FALSE;
      pull_return (task);
      return;
    }

  g_debug ("RT transactions after %" G_GUINT64_FORMAT " start with hidden rows; "
           "scanning on towards %" G_GUINT64_FORMAT, job->after, newest);
  job->probed = TRUE;
  job->scan_page = 2;
  pull_transactions (task);
}

static void
on_transactions_cb (GTask      *task,
                    RtResponse *response,
                    GError     *error)
{
  g_autoptr(RtResponse) r = response;
  PullJob *job = g_task_get_task_data (task);
  guint64 newest = job->after;
  guint n;

  if (error != NULL)
    {
      pull_fail (task, error);
      return;
    }

  if (!rapport_rt_parse_transactions_page (r->root, TRUE, job->ticket_ids, &newest, &n, &error))
    {
      g_prefix_error (&error, "Reading RT transactions after %" G_GUINT64_FORMAT ": ", job->after);
      pull_fail (task, error);
      return;
    }

  if (n > 0)
    {
      if (newest <= job->after)
        {
          pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                        RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                        "RT answered a search for transactions after %"
                                        G_GUINT64_FORMAT " with older ones only", job->after));
          return;
        }

      while (job->known->len < job->ticket_ids->len)
        g_ptr_array_add (job->known, NULL);
      for (guint i = 0; i < job->ticket_ids->len; i++)
        if (!is_numeric_id (job->ticket_ids->pdata[i]))
          {
            pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                          RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                          "RT transaction names ticket “%.40s”, which is not a "
                                          "ticket id", (const char *) job->ticket_ids->pdata[i]));
            return;
          }

      job->page->next_cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, newest);
      job->page->has_more = TRUE;
      pull_process_tickets (task);
      return;
    }

  if (!job->probed)
    {
      g_autoptr(GString) query = transactions_query (g_task_get_source_object (task), job->after,
                                                     "DESC", 1);
      rt_get (task, "transactions", query, NULL, on_probe_cb);
      return;
    }

  if (++job->scan_page > MAX_SCAN_PAGES)
    {
      pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                    "RT hides more than %u pages of transactions after %"
                                    G_GUINT64_FORMAT " although newer ones are visible",
                                    MAX_SCAN_PAGES, job->after));
      return;
    }

  pull_transactions (task);
}

static void
pull_transactions (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GString) query = transactions_query (self, job->after, "ASC", job->scan_page);

  rt_get (task, "transactions", query, NULL, on_transactions_cb);
}

/* The engine asks for the page after the one it stored with exactly that page's cursor. */
static void
settle_pending_etags (RapportRtProvider *self,
                      const char        *cursor)
{
  if (self->pending_cursor != NULL && g_strcmp0 (cursor, self->pending_cursor) == 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->pending_etags);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (((const char *) value)[0] == '\0')
            g_hash_table_remove (self->etags, key);
          else
            g_hash_table_replace (self->etags, g_strdup (key), g_strdup (value));
        }
    }

  g_hash_table_remove_all (self->pending_etags);
  g_clear_pointer (&self->pending_cursor, g_free);
}

static void
rapport_rt_provider_pull_changes_async (RapportProvider     *provider,
                                        const char          *cursor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(PullJob) job = g_new0 (PullJob, 1);
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_pull_changes_async);

  if (self->pulling)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "An RT pull is already running on this provider");
      return;
    }

  if (!parse_cursor (cursor, &job->kind, &job->watermark, &job->after, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  settle_pending_etags (self, cursor);

  job->cursor = g_strdup (cursor);
  job->scan_page = 1;
  job->page = rapport_sync_page_new ();
  job->ticket_ids = g_ptr_array_new_with_free_func (g_free);
  job->known = g_ptr_array_new_with_free_func (unref_json_or_null);
  job->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ticket_job_free);
  job->emitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->staged_etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify) pull_job_free);

  self->pulling = TRUE;

  switch (((PullJob *) g_task_get_task_data (task))->kind)
    {
    case CURSOR_START:
      pull_watermark (task);
      break;
    case CURSOR_FULL:
      pull_search (task);
      break;
    case CURSOR_INCREMENTAL:
      pull_transactions (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static RapportSyncPage *
rapport_rt_provider_pull_changes_finish (RapportProvider  *provider,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* fetch_ticket_history                                                                  */

typedef struct
{
  TicketJob *ticket;
  UserBatch *users;
} HistoryJob;

static void
history_job_free (HistoryJob *job)
{
  g_clear_pointer (&job->ticket, ticket_job_free);
  g_clear_pointer (&job->users, user_batch_free);
  g_free (job);
}

static void
on_history_users_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  HistoryJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *messages;

  if (!user_batch_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  messages = build_ticket_messages (self, job->ticket, &error);
  if (messages == NULL)
    {
      g_prefix_error (&error, "Reading RT ticket %s: ", job->ticket->effective_id);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, messages, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_history_ticket_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  HistoryJob *job = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!ticket_job_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->ticket->outcome != TICKET_FOUND)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                               "RT ticket %s does not exist, is not visible to this user or is "
                               "outside the synced queue", job->ticket->requested_id);
      return;
    }

  job->users = user_batch_new ();
  add_ticket_users (self, job->ticket, job->users, FALSE);
  cancellable = g_task_get_cancellable (task);
  user_batch_run (self, job->users, cancellable, on_history_users_cb, g_steal_pointer (&task));
}

static void
rapport_rt_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                                const char          *ticket_remote_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  HistoryJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_fetch_ticket_history_async);

  if (!is_numeric_id (ticket_remote_id))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%.40s” is not an RT ticket id", ticket_remote_id);
      return;
    }

  job = g_new0 (HistoryJob, 1);
  job->ticket = ticket_job_new (ticket_remote_id, NULL, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) history_job_free);

  ticket_job_run (self, job->ticket, cancellable, on_history_ticket_cb, g_steal_pointer (&task));
}

static GPtrArray *
rapport_rt_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                                 GAsyncResult     *result,
                                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* whoami                                                                                */

typedef struct
{
  char          *user_id;
  RapportRtUser *user;
  guint          group_index;
  gboolean       supervisor;
} WhoamiJob;

static void
whoami_job_free (WhoamiJob *job)
{
  g_free (job->user_id);
  g_clear_pointer (&job->user, rapport_rt_user_free);
  g_free (job);
}

static void whoami_next_group (GTask *task);

static void
whoami_return (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);
  g_autoptr(GUri) uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  RapportAccount *account;

  account = rapport_account_new (RAPPORT_RT_PROVIDER_KIND, self->base_url,
                                 uri != NULL && g_uri_get_host (uri) != NULL ?
                                 g_uri_get_host (uri) : self->base_url);
  rapport_account_set_user_remote_id (account, job->user->name);
  rapport_account_set_user_name (account, job->user->real_name != NULL ? job->user->real_name :
                                          job->user->name);
  rapport_account_set_role (account, job->supervisor ? "supervisor" : "agent");

  g_task_return_pointer (task, account, g_object_unref);
}

static void
on_group_cb (GTask      *task,
             RtResponse *response,
             GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);
  const char *group_id = job->user->memberships[job->group_index];
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) ||
          g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))
        {
          g_message ("RT group %s of user “%s” could not be read, so it cannot grant the "
                     "supervisor role: %s", group_id, job->user->name, error->message);
          g_error_free (error);
          job->group_index++;
          whoami_next_group (task);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  name = rapport_rt_parse_name (r->root, "group", &error);
  if (name == NULL)
    {
      g_prefix_error (&error, "Reading RT group %s: ", group_id);
      g_task_return_error (task, error);
      return;
    }

  if (names_equal (name, self->supervisors_group))
    {
      job->supervisor = TRUE;
      whoami_return (task);
      return;
    }

  job->group_index++;
  whoami_next_group (task);
}

static void
whoami_next_group (GTask *task)
{
  WhoamiJob *job = g_task_get_task_data (task);
  const char *group_id;
  g_autofree char *path = NULL;

  if (job->user->memberships == NULL || job->user->memberships[job->group_index] == NULL)
    {
      whoami_return (task);
      return;
    }

  group_id = job->user->memberships[job->group_index];
  if (!is_numeric_id (group_id))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "RT lists a membership in group “%.40s”, which is not a group id",
                               group_id);
      return;
    }

  path = g_strdup_printf ("group/%s", group_id);
  rt_get (task, path, NULL, NULL, on_group_cb);
}

static void
on_queue_cb (GTask      *task,
             RtResponse *response,
             GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      g_prefix_error (&error, "The RT queue “%s” cannot be synced: ", self->queue);
      g_task_return_error (task, error);
      return;
    }

  name = rapport_rt_parse_name (r->root, "queue", &error);
  if (name == NULL)
    {
      g_prefix_error (&error, "Reading RT queue “%s”: ", self->queue);
      g_task_return_error (task, error);
      return;
    }

  if (!names_equal (name, self->queue))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "The RT queue is set as “%s” but RT calls it “%s”; use the name",
                               self->queue, name);
      return;
    }

  whoami_next_group (task);
}

static void
on_whoami_user_cb (GTask      *task,
                   RtResponse *response,
                   GError     *error)
{
  g_autoptr(RtResponse) r = response;
  RapportRtProvider *self = g_task_get_source_object (task);
  WhoamiJob *job = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_prefix_error (&error, "Reading the RT user of the token (user %s): ", job->user_id);
      g_task_return_error (task, error);
      return;
    }

  job->user = rapport_rt_parse_user (r->root, &error);
  if (job->user == NULL)
    {
      g_prefix_error (&error, "Reading RT user %s: ", job->user_id);
      g_task_return_error (task, error);
      return;
    }

  if (job->user->id != NULL && strcmp (job->user->id, job->user_id) != 0)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                               "RT answered a request for user %s with user %s",
                               job->user_id, job->user->id);
      return;
    }

  if (self->queue != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->queue, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("queue/%s", escaped);

      rt_get (task, path, NULL, NULL, on_queue_cb);
      return;
    }

  whoami_next_group (task);
}

static void
rapport_rt_provider_whoami_async (RapportProvider     *provider,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  WhoamiJob *job;
  g_autofree char *path = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_whoami_async);

  job = g_new0 (WhoamiJob, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) whoami_job_free);

  job->user_id = rapport_rt_token_get_user_id (self->token, &error);
  if (job->user_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  path = g_strdup_printf ("user/%s", job->user_id);
  rt_get (task, path, NULL, NULL, on_whoami_user_cb);
}

static RapportAccount *
rapport_rt_provider_whoami_finish (RapportProvider  *provider,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
rapport_rt_provider_get_kind (RapportProvider *provider)
{
  return RAPPORT_RT_PROVIDER_KIND;
}

static RapportProviderCapabilities
rapport_rt_provider_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_RT_PROVIDER_CAPABILITIES;
}

/* ------------------------------------------------------------------------------------ */
/* Writes: post_message and update_ticket                                                */

/* Rapport's status → the RT status of the default lifecycle sent for it. RT has no
 * "pending" (waiting for the customer): it stays "open", the closest active status. CLOSED
 * becomes "rejected" (the parser reads both rejected and deleted as CLOSED; deleting is not
 * a status change). */
static const char *
rt_status_for (RapportTicketStatus status)
{
  switch (status)
    {
    case RAPPORT_TICKET_STATUS_NEW:
      return "new";
    case RAPPORT_TICKET_STATUS_OPEN:
    case RAPPORT_TICKET_STATUS_PENDING:
      return "open";
    case RAPPORT_TICKET_STATUS_ON_HOLD:
      return "stalled";
    case RAPPORT_TICKET_STATUS_SOLVED:
      return "resolved";
    case RAPPORT_TICKET_STATUS_CLOSED:
      return "rejected";
    default:
      return NULL;
    }
}

/* The status the ticket reads back with after rt_status_for (@status) was accepted. */
static RapportTicketStatus
expected_status (RapportTicketStatus status)
{
  return status == RAPPORT_TICKET_STATUS_PENDING ? RAPPORT_TICKET_STATUS_OPEN : status;
}

/* Rapport's priority → an RT number inside the band the parser maps back to it. */
static gint64
rt_priority_for (RapportTicketPriority priority)
{
  switch (priority)
    {
    case RAPPORT_TICKET_PRIORITY_LOW:
      return 10;
    case RAPPORT_TICKET_PRIORITY_NORMAL:
      return 50;
    case RAPPORT_TICKET_PRIORITY_HIGH:
      return 90;
    case RAPPORT_TICKET_PRIORITY_URGENT:
      return 120;
    default:
      return -1;
    }
}

/* Called with the finished message, its JSON answer (NULL on error) and the error, the
 * latter two owned by the callee. */
typedef void (*RtWriteFunc) (GTask       *task,
                             SoupMessage *msg,
                             JsonNode    *root,
                             GError      *error);

typedef struct
{
  GTask       *task;
  SoupMessage *msg;
  RtWriteFunc  func;
  gboolean     sent;     /* the whole request went out: the server may have acted on it */
  gboolean     creates;  /* POST: not idempotent */
} RtWrite;

static void
on_write_wrote_body (SoupMessage *msg,
                     gpointer     user_data)
{
  RtWrite *call = user_data;

  call->sent = TRUE;
}

/* Maps the error of a write to what the outbox needs to know: could the server have
 * carried it out? */
static GError *
write_error (RtWrite *call,
             GError  *error)
{
  guint status = soup_message_get_status (call->msg);
  RapportProviderError code;
  GError *mapped;

  if (error->domain != RAPPORT_PROVIDER_ERROR)
    return error;

  code = (RapportProviderError) error->code;

  if (SOUP_STATUS_IS_SUCCESSFUL (status) ||
      (status < 100 && call->sent && code == RAPPORT_PROVIDER_ERROR_NETWORK))
    {
      /* Accepted but the answer was lost or cut short, or the connection broke (or timed
       * out) after the request went out. */
      mapped = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                            "RT may or may not have carried out the change: %s",
                            error->message);
    }
  else if (status == SOUP_STATUS_SERVICE_UNAVAILABLE &&
           code != RAPPORT_PROVIDER_ERROR_RATE_LIMITED)
    {
      mapped = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED,
                            "%s", error->message);
    }
  else if (call->creates && status >= 500 && status != SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      mapped = g_error_new (RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                            "RT failed while handling the request and may have carried it "
                            "out: %s", error->message);
    }
  else
    {
      return error;
    }

  g_error_free (error);
  return mapped;
}

static void
on_rt_write_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RtWrite *call = user_data;
  GError *error = NULL;
  JsonNode *root;

  root = rapport_http_send_json_finish (SOUP_SESSION (source), result, &error);
  if (root == NULL)
    error = write_error (call, explain_redirect (call->msg, error));

  g_signal_handlers_disconnect_by_func (call->msg, on_write_wrote_body, call);
  call->func (call->task, call->msg, root, error);

  g_object_unref (call->task);
  g_object_unref (call->msg);
  g_free (call);
}

/* Sends @method @path with the JSON @body (always with Content-Type application/json: RT
 * answers 415 without it) for @task; @func continues it. */
static void
rt_write (GTask       *task,
          const char  *method,
          const char  *path,
          JsonNode    *body,
          RtWriteFunc  func)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  SoupMessage *msg;
  RtWrite *call;
  char *text;
  gsize length;

  msg = new_request (self, path, NULL, NULL, &error);
  if (msg == NULL)
    {
      func (task, NULL, NULL, error);
      return;
    }

  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);

  soup_message_set_method (msg, method);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  call = g_new0 (RtWrite, 1);
  call->task = g_object_ref (task);
  call->msg = msg;
  call->func = func;
  call->creates = strcmp (method, SOUP_METHOD_POST) == 0;
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_write_wrote_body), call);

  rapport_http_send_json_async (self->session, msg, 0, g_task_get_cancellable (task),
                                on_rt_write_cb, call);
}

/* RT's own words from the array of messages a write answers with. */
static char *
join_rt_messages (JsonNode *root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return g_strdup ("");

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, json_node_get_string (node));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* post_message ------------------------------------------------------------------------ */

typedef struct
{
  char      *ticket_id;
  char      *transaction_id;
  TicketJob *ticket;
} PostJob;

static void
post_job_free (PostJob *job)
{
  g_free (job->ticket_id);
  g_free (job->transaction_id);
  g_clear_pointer (&job->ticket, ticket_job_free);
  g_free (job);
}

/* The transaction id from a 201's Location ("/REST/2.0/transaction/1696", relative or
 * absolute). */
static char *
transaction_id_from_location (const char *location)
{
  const char *slash;
  g_autofree char *trimmed = NULL;
  gsize len;

  if (location == NULL)
    return NULL;

  trimmed = g_strdup (location);
  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  slash = strrchr (trimmed, '/');
  if (slash == NULL || !is_numeric_id (slash + 1) || parse_uint64 (slash + 1) == 0)
    return NULL;
  if (slash - trimmed < (gssize) strlen ("/transaction") ||
      strncmp (slash - strlen ("/transaction"), "/transaction", strlen ("/transaction")) != 0)
    return NULL;

  return g_strdup (slash + 1);
}

static void
on_post_read_back_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  PostJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;

  if (!ticket_job_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT recorded transaction %s on ticket %s, but reading it back "
                               "failed: %s", job->transaction_id, job->ticket_id,
                               error->message);
      g_error_free (error);
      return;
    }

  if (job->ticket->outcome == TICKET_FOUND)
    {
      messages = build_ticket_messages (self, job->ticket, &error);
      if (messages == NULL)
        {
          g_prefix_error (&error, "Reading back RT ticket %s: ", job->ticket_id);
          g_task_return_error (task, error);
          return;
        }

      for (guint i = 0; i < messages->len; i++)
        {
          RapportMessage *message = messages->pdata[i];

          if (g_strcmp0 (rapport_message_get_remote_id (message), job->transaction_id) == 0)
            {
              g_task_return_pointer (task, g_object_ref (message), g_object_unref);
              return;
            }
        }
    }

  g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                           "RT answered that it recorded transaction %s on ticket %s, but the "
                           "ticket's history has no such message", job->transaction_id,
                           job->ticket_id);
}

static void
on_post_cb (GTask       *task,
            SoupMessage *msg,
            JsonNode    *root,
            GError      *error)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PostJob *job = g_task_get_task_data (task);
  const char *location;

  g_clear_pointer (&root, json_node_unref);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  job->transaction_id = transaction_id_from_location (location);
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED || job->transaction_id == NULL)
    {
      /* RT took the request but did not say what it recorded. */
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT answered a message on ticket %s with HTTP %u and Location "
                               "“%.200s” instead of 201 and a transaction",
                               job->ticket_id, soup_message_get_status (msg),
                               location != NULL ? location : "");
      return;
    }

  job->ticket = ticket_job_new (job->ticket_id, NULL, FALSE);
  ticket_job_run (self, job->ticket, g_task_get_cancellable (task), on_post_read_back_cb,
                  g_object_ref (task));
}

static void
rapport_rt_provider_post_message_async (RapportProvider     *provider,
                                        const char          *ticket_remote_id,
                                        RapportVisibility    visibility,
                                        const char          *body,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trimmed = NULL;
  PostJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_post_message_async);

  if (!is_numeric_id (ticket_remote_id))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%.40s” is not an RT ticket id",
                               ticket_remote_id != NULL ? ticket_remote_id : "");
      return;
    }

  /* RT records an empty body as an empty reply. */
  if (body != NULL)
    trimmed = g_strstrip (g_strdup (body));
  if (trimmed == NULL || trimmed[0] == '\0')
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A message to RT ticket %s has no text", ticket_remote_id);
      return;
    }

  if (!g_utf8_validate (body, -1, NULL))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A message to RT ticket %s is not valid UTF-8", ticket_remote_id);
      return;
    }

  job = g_new0 (PostJob, 1);
  job->ticket_id = g_strdup (ticket_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) post_job_free);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Content");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "ContentType");
  json_builder_add_string_value (builder, "text/plain");
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);

  path = g_strdup_printf ("ticket/%s/%s", ticket_remote_id,
                          visibility == RAPPORT_VISIBILITY_INTERNAL ? "comment" : "correspond");
  rt_write (task, SOUP_METHOD_POST, path, request, on_post_cb);
}

static RapportMessage *
rapport_rt_provider_post_message_finish (RapportProvider  *provider,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* update_ticket ----------------------------------------------------------------------- */

typedef struct
{
  char                 *ticket_id;
  RapportTicketChanges *changes;
  char                 *said;    /* RT's messages to the PUT */
  TicketJob            *ticket;
} UpdateJob;

static void
update_job_free (UpdateJob *job)
{
  g_free (job->ticket_id);
  g_clear_pointer (&job->changes, rapport_ticket_changes_free);
  g_free (job->said);
  g_clear_pointer (&job->ticket, ticket_job_free);
  g_free (job);
}

static void
on_update_read_back_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (source);
  UpdateJob *job = g_task_get_task_data (task);
  const RapportTicketChanges *changes = job->changes;
  g_autoptr(GString) refused = g_string_new (NULL);
  RapportTicket *ticket;
  GError *error = NULL;

  if (!ticket_job_finish (self, result, &error))
    {
      g_prefix_error (&error, "Reading back RT ticket %s after changing it: ", job->ticket_id);
      g_task_return_error (task, error);
      return;
    }

  if (job->ticket->outcome != TICKET_FOUND)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
                               "RT ticket %s is no longer visible after changing it",
                               job->ticket_id);
      return;
    }

  ticket = job->ticket->ticket;

  if ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) != 0 &&
      rapport_ticket_get_status (ticket) != expected_status (changes->status))
    g_string_append_printf (refused, "status “%s” (the ticket is “%s”)",
                            rt_status_for (changes->status),
                            rapport_ticket_status_to_string (rapport_ticket_get_status (ticket)));

  if ((changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE) != 0)
    {
      const char *owner = rapport_ticket_get_assignee_remote_id (ticket);
      gboolean same = changes->assignee_remote_id == NULL ?
                      owner == NULL :
                      owner != NULL && names_equal (owner, changes->assignee_remote_id);

      if (!same)
        g_string_append_printf (refused, "%sowner “%s” (the owner is “%s”)",
                                refused->len > 0 ? ", " : "",
                                changes->assignee_remote_id != NULL ?
                                changes->assignee_remote_id : RAPPORT_RT_NOBODY,
                                owner != NULL ? owner : RAPPORT_RT_NOBODY);
    }

  if ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) != 0 &&
      rapport_ticket_get_priority (ticket) != changes->priority)
    g_string_append_printf (refused, "%spriority “%s”", refused->len > 0 ? ", " : "",
                            rapport_ticket_priority_to_string (changes->priority));

  if (refused->len > 0)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "RT did not accept the %s on ticket %s: %s", refused->str,
                               job->ticket_id, job->said != NULL ? job->said : "");
      return;
    }

  g_task_return_pointer (task, g_object_ref (ticket), g_object_unref);
}

static void
on_update_cb (GTask       *task,
              SoupMessage *msg,
              JsonNode    *root,
              GError      *error)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  UpdateJob *job = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->said = join_rt_messages (root);
  json_node_unref (root);

  job->ticket = ticket_job_new (job->ticket_id, NULL, FALSE);
  ticket_job_run (self, job->ticket, g_task_get_cancellable (task), on_update_read_back_cb,
                  g_object_ref (task));
}

static void
rapport_rt_provider_update_ticket_async (RapportProvider            *provider,
                                         const char                 *ticket_remote_id,
                                         const RapportTicketChanges *changes,
                                         GCancellable               *cancellable,
                                         GAsyncReadyCallback         callback,
                                         gpointer                    user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *path = NULL;
  UpdateJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_rt_provider_update_ticket_async);

  if (!is_numeric_id (ticket_remote_id))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%.40s” is not an RT ticket id",
                               ticket_remote_id != NULL ? ticket_remote_id : "");
      return;
    }

  if (changes == NULL || changes->fields == 0 ||
      ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) != 0 &&
       rt_status_for (changes->status) == NULL) ||
      ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) != 0 &&
       rt_priority_for (changes->priority) < 0) ||
      ((changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE) != 0 &&
       changes->assignee_remote_id != NULL &&
       (changes->assignee_remote_id[0] == '\0' ||
        !g_utf8_validate (changes->assignee_remote_id, -1, NULL))))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "The change to RT ticket %s names no field or an invalid value",
                               ticket_remote_id);
      return;
    }

  job = g_new0 (UpdateJob, 1);
  job->ticket_id = g_strdup (ticket_remote_id);
  job->changes = rapport_ticket_changes_copy (changes);
  g_task_set_task_data (task, job, (GDestroyNotify) update_job_free);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) != 0)
    {
      json_builder_set_member_name (builder, "Status");
      json_builder_add_string_value (builder, rt_status_for (changes->status));
    }
  if ((changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE) != 0)
    {
      /* Owners are user names; RT's "Nobody" is no owner. */
      json_builder_set_member_name (builder, "Owner");
      json_builder_add_string_value (builder, changes->assignee_remote_id != NULL ?
                                              changes->assignee_remote_id : RAPPORT_RT_NOBODY);
    }
  if ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) != 0)
    {
      json_builder_set_member_name (builder, "Priority");
      json_builder_add_int_value (builder, rt_priority_for (changes->priority));
    }
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);

  path = g_strdup_printf ("ticket/%s", ticket_remote_id);
  rt_write (task, SOUP_METHOD_PUT, path, request, on_update_cb);
}

static RapportTicket *
rapport_rt_provider_update_ticket_finish (RapportProvider  *provider,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Construction                                                                          */

/**
 * rapport_rt_token_get_user_id:
 *
 * Returns: (transfer full): the user id, or %NULL with @error set.
 */
char *
rapport_rt_token_get_user_id (const char  *token,
                              GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (token != NULL)
    parts = g_strsplit (token, "-", -1);

  if (parts == NULL || g_strv_length (parts) != 3 || strcmp (parts[0], "1") != 0 ||
      !is_numeric_id (parts[1]) || parse_uint64 (parts[1]) == 0 || parts[2][0] == '\0' ||
      strspn (parts[2], "0123456789abcdefABCDEF") != strlen (parts[2]))
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The token is not an RT 5 auth token (expected “1-<user id>-<hex>”)");
      for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
        rapport_http_wipe_secret (&parts[i]);
      return NULL;
    }

  {
    char *user_id = g_strdup (parts[1]);

    for (guint i = 0; parts[i] != NULL; i++)
      rapport_http_wipe_secret (&parts[i]);
    return user_id;
  }
}

static gboolean
token_is_sendable (const char *token)
{
  if (token == NULL || token[0] == '\0')
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7F)
      return FALSE;
  return TRUE;
}

/* Normalizes the web address and derives the REST2 root from it. */
static gboolean
parse_base_url (const char  *base_url,
                char       **web_out,
                char       **api_out,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) web = NULL;
  const char *scheme;
  gsize len;

  if (base_url == NULL || base_url[0] == '\0')
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address is empty");
      return FALSE;
    }

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "The RT address “%.200s” is not a valid URL: %s", base_url,
                   local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "The RT address must start with https:// or http://, not “%s”",
                   scheme != NULL ? scheme : "");
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address has no host name");
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT address must not contain a user name, password, query or "
                           "fragment");
      return FALSE;
    }

  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  if (g_str_has_suffix (path, API_SUFFIX))
    path[len - strlen (API_SUFFIX)] = '\0';

  web = g_uri_build (SOUP_HTTP_URI_FLAGS, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                     path, NULL, NULL);
  *web_out = g_uri_to_string (web);
  /* Scheme normalization turns an empty path into "/"; the address has none at its end. */
  len = strlen (*web_out);
  while (len > 0 && (*web_out)[len - 1] == '/')
    (*web_out)[--len] = '\0';
  *api_out = g_strconcat (*web_out, API_SUFFIX "/", NULL);
  return TRUE;
}

/**
 * rapport_rt_provider_new:
 *
 * Returns: (transfer full): a new provider, or %NULL with @error set.
 */
RapportProvider *
rapport_rt_provider_new (const char  *base_url,
                         const char  *token,
                         GError     **error)
{
  RapportRtProvider *self;
  g_autofree char *web = NULL;
  g_autofree char *api = NULL;

  if (!parse_base_url (base_url, &web, &api, error))
    return NULL;

  if (!token_is_sendable (token))
    {
      g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                           "The RT token is empty or contains spaces or control characters");
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_RT_PROVIDER, "base-url", web, NULL);
  self->api_base = g_steal_pointer (&api);
  self->token = g_strdup (token);

  return RAPPORT_PROVIDER (self);
}

const char *
rapport_rt_provider_get_base_url (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->base_url;
}

const char *
rapport_rt_provider_get_queue (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->queue;
}

void
rapport_rt_provider_set_queue (RapportRtProvider *self,
                               const char        *queue)
{
  g_autofree char *copy = NULL;

  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));

  if (queue != NULL)
    {
      copy = g_strstrip (g_strdup (queue));
      if (copy[0] == '\0')
        g_clear_pointer (&copy, g_free);
    }

  if (g_strcmp0 (copy, self->queue) == 0)
    return;

  g_free (self->queue);
  self->queue = g_steal_pointer (&copy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

const char *
rapport_rt_provider_get_supervisors_group (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->supervisors_group;
}

void
rapport_rt_provider_set_supervisors_group (RapportRtProvider *self,
                                           const char        *group)
{
  const char *value;

  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));

  value = group != NULL && group[0] != '\0' ? group : RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP;
  if (g_strcmp0 (value, self->supervisors_group) == 0)
    return;

  g_free (self->supervisors_group);
  self->supervisors_group = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPERVISORS_GROUP]);
}

guint
rapport_rt_provider_get_page_size (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), 0);

  return self->page_size;
}

void
rapport_rt_provider_set_page_size (RapportRtProvider *self,
                                   guint              page_size)
{
  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));
  g_return_if_fail (page_size >= 1 && page_size <= RAPPORT_RT_MAX_PAGE_SIZE);

  if (self->page_size == page_size)
    return;

  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

/**
 * rapport_rt_provider_get_session:
 *
 * Returns: (transfer none): the session the provider sends its requests with
 */
SoupSession *
rapport_rt_provider_get_session (RapportRtProvider *self)
{
  g_return_val_if_fail (RAPPORT_IS_RT_PROVIDER (self), NULL);

  return self->session;
}

void
rapport_rt_provider_set_session (RapportRtProvider *self,
                                 SoupSession       *session)
{
  g_return_if_fail (RAPPORT_IS_RT_PROVIDER (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  if (session == NULL)
    {
      g_autoptr(SoupSession) fresh = rapport_http_session_new (0);

      if (g_set_object (&self->session, fresh))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
rapport_rt_provider_dispose (GObject *object)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (rapport_rt_provider_parent_class)->dispose (object);
}

static void
rapport_rt_provider_finalize (GObject *object)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  rapport_http_wipe_secret (&self->token);
  g_free (self->base_url);
  g_free (self->api_base);
  g_free (self->queue);
  g_free (self->supervisors_group);
  g_free (self->pending_cursor);
  g_clear_pointer (&self->etags, g_hash_table_unref);
  g_clear_pointer (&self->pending_etags, g_hash_table_unref);
  g_clear_pointer (&self->user_kinds, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_rt_provider_parent_class)->finalize (object);
}

static void
rapport_rt_provider_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_QUEUE:
      g_value_set_string (value, self->queue);
      break;
    case PROP_SUPERVISORS_GROUP:
      g_value_set_string (value, self->supervisors_group);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_rt_provider_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_QUEUE:
      rapport_rt_provider_set_queue (self, g_value_get_string (value));
      break;
    case PROP_SUPERVISORS_GROUP:
      rapport_rt_provider_set_supervisors_group (self, g_value_get_string (value));
      break;
    case PROP_PAGE_SIZE:
      rapport_rt_provider_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_SESSION:
      rapport_rt_provider_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_rt_provider_class_init (RapportRtProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_rt_provider_dispose;
  object_class->finalize = rapport_rt_provider_finalize;
  object_class->get_property = rapport_rt_provider_get_property;
  object_class->set_property = rapport_rt_provider_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_string ("queue", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUPERVISORS_GROUP] =
    g_param_spec_string ("supervisors-group", NULL, NULL, RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, RAPPORT_RT_MAX_PAGE_SIZE,
                       RAPPORT_RT_MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_rt_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = rapport_rt_provider_get_kind;
  iface->get_capabilities = rapport_rt_provider_get_capabilities;
  iface->whoami_async = rapport_rt_provider_whoami_async;
  iface->whoami_finish = rapport_rt_provider_whoami_finish;
  iface->pull_changes_async = rapport_rt_provider_pull_changes_async;
  iface->pull_changes_finish = rapport_rt_provider_pull_changes_finish;
  iface->fetch_ticket_history_async = rapport_rt_provider_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = rapport_rt_provider_fetch_ticket_history_finish;
  iface->post_message_async = rapport_rt_provider_post_message_async;
  iface->post_message_finish = rapport_rt_provider_post_message_finish;
  iface->update_ticket_async = rapport_rt_provider_update_ticket_async;
  iface->update_ticket_finish = rapport_rt_provider_update_ticket_finish;
}

static void
rapport_rt_provider_init (RapportRtProvider *self)
{
  self->session = rapport_http_session_new (0);
  self->supervisors_group = g_strdup (RAPPORT_RT_DEFAULT_SUPERVISORS_GROUP);
  self->page_size = RAPPORT_RT_MAX_PAGE_SIZE;
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending_etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->user_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
