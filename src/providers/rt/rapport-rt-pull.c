/* rapport-rt-pull.c
 *
 * pull_changes of RapportRtProvider.
 *
 * How pulling works (facts from a real RT 5.0.3: tests/integration/README.md).
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
 * Money records and approvals (tickets of queues Money and ___Approvals, see
 * rapport-rt-money.c) are never customer tickets: a ticket read that meets one hands its id
 * to the money reader, which puts the money action and its approval in the same page. With a
 * configured queue the searches above are limited to it, so money records then arrive only
 * through create_money_action, decide_approval and fetch_money_evidence.
 *
 * Records that do not read. A ticket whose own answer does not read (a required field
 * missing or of the wrong type, its history or bodies unparseable: INVALID_RESPONSE), one
 * transaction of its history that does not read, a user whose record does not read, and a
 * money record that does not read whole (rapport-rt-money.c) are set aside (RapportSyncPage's
 * set_aside) with the error's message; the rest of the page goes on, the cursor moves as
 * usual. A broken collection answer (the search or the transactions
 * page itself, or an item there without an id) still stops the pull: nothing tells what it
 * held. refetch_records reads set-aside records again: a ticket by id, a message through its
 * ticket (read again whole), a user by name, a money record by id through the money reader,
 * with the pull's own steps; there, a record the
 * server fails to answer (a 500 for that ticket alone) stays set aside with that error, since
 * the pull after the retry would otherwise stop at it every time.
 *
 * ETags are only trusted once the page that fetched them is stored: they are staged with the
 * page's next cursor and committed when the engine asks for the page after it with exactly
 * that cursor (the engine moves its cursor only after storing a page). A retry from an older
 * cursor drops them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"

#include "rapport-http.h"

#include <string.h>

#define MAX_SCAN_PAGES        1000

#define TICKET_FIELDS      "Subject,Status,Queue,Owner,Requestor,Created,LastUpdated,Resolved," \
                           "Priority,CustomFields"
#define TRANSACTION_FIELDS "Type,ObjectType,ObjectId"
#define TRANSACTION_SQL    "ObjectType = 'RT::Ticket' AND Type != 'EmailRecord' " \
                           "AND Type != 'CommentEmailRecord'"

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

  if (_rapport_rt_is_numeric_id (cursor))
    {
      *kind = CURSOR_INCREMENTAL;
      *after = g_ascii_strtoull (cursor, NULL, 10);
      return TRUE;
    }

  if (g_str_has_prefix (cursor, "full:"))
    {
      g_auto(GStrv) parts = g_strsplit (cursor + strlen ("full:"), ":", -1);

      if (g_strv_length (parts) == 2 && _rapport_rt_is_numeric_id (parts[0]) &&
          _rapport_rt_is_numeric_id (parts[1]))
        {
          *kind = CURSOR_FULL;
          *watermark = g_ascii_strtoull (parts[0], NULL, 10);
          *after = g_ascii_strtoull (parts[1], NULL, 10);
          return TRUE;
        }
    }

  {
    g_autofree char *quoted_cursor = rapport_http_quote (cursor, 80);

    g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                 "Invalid RT sync cursor “%s” (expected a transaction id or full:W:T)",
                 quoted_cursor);
  }
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
  GPtrArray       *money_ids;     /* (element-type utf8) money records and approvals */

  /* refetch_records: no cursor, no ETags staged, these users read too */
  gboolean         refetch;
  GPtrArray       *refetch_users; /* (element-type utf8) */
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
  g_clear_pointer (&job->current, _rapport_rt_ticket_job_free);
  g_clear_pointer (&job->emitted, g_hash_table_unref);
  g_clear_pointer (&job->staged_etags, g_hash_table_unref);
  g_clear_pointer (&job->users, _rapport_rt_user_batch_free);
  g_clear_pointer (&job->money_ids, g_ptr_array_unref);
  g_clear_pointer (&job->refetch_users, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PullJob, pull_job_free)

static void pull_search (GTask *task);
static void pull_transactions (GTask *task);
static void pull_money (GTask *task);
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

  if (job->refetch)
    {
      /* A retry moves no cursor, so its ETags have nothing to wait for: none is kept, and
       * the next conditional read of these tickets reads them whole. */
      job->page->resource = g_strdup ("rt");
      job->page->has_more = FALSE;
      g_task_return_pointer (task, g_steal_pointer (&job->page),
                             (GDestroyNotify) rapport_sync_page_free);
      return;
    }

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

/* Sets a ticket that could not be read aside with the reason (@error, freed): its ETag is
 * not kept, so that it is read whole again. */
static void
set_aside_ticket (PullJob    *job,
                  const char *ticket_id,
                  GError     *error)
{
  g_debug ("Setting RT ticket %s aside: %s", ticket_id, error->message);
  g_ptr_array_add (job->page->set_aside,
                   rapport_set_aside_new (RAPPORT_RECORD_TICKET, ticket_id, NULL, error->message));
  g_hash_table_remove (job->staged_etags, ticket_id);
  g_error_free (error);
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

  if (!_rapport_rt_user_batch_finish (self, result, &error))
    {
      pull_fail (task, error);
      return;
    }

  g_ptr_array_extend_and_steal (job->page->set_aside, g_steal_pointer (&job->users->set_aside));
  job->users->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);

  for (guint i = 0; i < job->jobs->len; i++)
    {
      TicketJob *ticket_job = job->jobs->pdata[i];
      g_autoptr(GPtrArray) messages = _rapport_rt_build_ticket_messages (self, ticket_job, &error);

      if (messages == NULL)
        {
          g_prefix_error (&error, "Reading RT ticket %s: ", ticket_job->effective_id);
          set_aside_ticket (job, ticket_job->effective_id, error);
          continue;
        }

      g_ptr_array_extend_and_steal (job->page->set_aside, g_steal_pointer (&ticket_job->set_aside));
      ticket_job->set_aside =
        g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);

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

          if (txn->creator == NULL ||
              _rapport_rt_user_kind (self, txn->creator) != USER_KIND_CUSTOMER)
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

  /* Users read again for themselves. */
  for (guint i = 0; job->refetch_users != NULL && i < job->refetch_users->len; i++)
    {
      const char *name = job->refetch_users->pdata[i];
      RapportCustomer *customer = g_hash_table_lookup (job->users->customers, name);

      if (customer != NULL && !g_hash_table_contains (customers_added, name))
        {
          g_hash_table_add (customers_added, (gpointer) name);
          g_ptr_array_add (job->page->customers, g_object_ref (customer));
        }
    }

  pull_money (task);
}

static void
on_page_money_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PullJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) approvals = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;
  GError *error = NULL;

  if (!_rapport_rt_money_read_finish (RAPPORT_RT_PROVIDER (source), result, &actions, &approvals,
                                      &set_aside, &error))
    {
      pull_fail (task, error);
      return;
    }

  g_ptr_array_extend_and_steal (job->page->money_actions, g_steal_pointer (&actions));
  g_ptr_array_extend_and_steal (job->page->approvals, g_steal_pointer (&approvals));
  g_ptr_array_extend_and_steal (job->page->set_aside, g_steal_pointer (&set_aside));
  pull_return (task);
}

/* The money records and approvals among the page's tickets. */
static void
pull_money (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);

  if (job->money_ids->len == 0)
    {
      pull_return (task);
      return;
    }

  _rapport_rt_money_read_async (self, job->money_ids,
                                job->refetch ? MONEY_READ_RETRY : MONEY_READ_SET_ASIDE,
                                g_task_get_cancellable (task),
                                on_page_money_cb, g_object_ref (task));
}

static void
pull_tickets_done (GTask *task)
{
  RapportRtProvider *self = g_task_get_source_object (task);
  PullJob *job = g_task_get_task_data (task);

  job->users = _rapport_rt_user_batch_new ();
  job->users->set_aside_failures = job->refetch;
  for (guint i = 0; i < job->jobs->len; i++)
    _rapport_rt_add_ticket_users (self, job->jobs->pdata[i], job->users, TRUE);
  for (guint i = 0; job->refetch_users != NULL && i < job->refetch_users->len; i++)
    _rapport_rt_user_batch_add (job->users, job->refetch_users->pdata[i]);

  _rapport_rt_user_batch_run (self, job->users, g_task_get_cancellable (task), on_page_users_cb,
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

  if (!_rapport_rt_ticket_job_finish (self, result, &error))
    {
      if (!ticket_job->record_error && !(job->refetch && _rapport_rt_server_answered (error)))
        {
          pull_fail (task, error);
          return;
        }

      /* This ticket alone does not read: set aside, the others go on. */
      set_aside_ticket (job, ticket_job->requested_id, error);
      job->index++;
      pull_next_ticket (g_steal_pointer (&task));
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

    case TICKET_MONEY:
      if (!g_ptr_array_find_with_equal_func (job->money_ids, ticket_job->effective_id,
                                             g_str_equal, NULL))
        g_ptr_array_add (job->money_ids, g_strdup (ticket_job->effective_id));
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
  job->current = _rapport_rt_ticket_job_new (ticket_id, job->known->pdata[job->index],
                                             job->kind == CURSOR_INCREMENTAL && !job->refetch);
  job->current->skip_ids = job->emitted;
  _rapport_rt_ticket_job_run (self, job->current, g_task_get_cancellable (task), on_pull_ticket_cb,
                              task);
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

  _rapport_rt_query_add (query, "query", TRANSACTION_SQL);
  _rapport_rt_query_add (query, "fields", TRANSACTION_FIELDS);
  _rapport_rt_query_add_paging (query, "DESC", self->page_size, 1);
  _rapport_rt_get (task, "transactions", query, NULL, on_watermark_cb);
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

      if (!_rapport_rt_is_numeric_id (id) || _rapport_rt_parse_uint64 (id) == 0)
        {
          pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                        RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                        "Reading an RT ticket search: item %u has no valid "
                                        "ticket id", i));
          return;
        }

      newest = MAX (newest, _rapport_rt_parse_uint64 (id));
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

  _rapport_rt_query_add (query, "query", sql);
  _rapport_rt_query_add (query, "fields", TICKET_FIELDS);
  _rapport_rt_query_add (query, "fields[Owner]", OWNER_FIELDS);
  _rapport_rt_query_add (query, "fields[Queue]", QUEUE_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", self->page_size, 1);
  _rapport_rt_get (task, "tickets", query, NULL, on_search_cb);
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

  _rapport_rt_query_add (query, "query", sql);
  _rapport_rt_query_add (query, "fields", TRANSACTION_FIELDS);
  _rapport_rt_query_add_paging (query, order, self->page_size, page);
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
        if (!_rapport_rt_is_numeric_id (job->ticket_ids->pdata[i]))
          {
            g_autofree char *quoted_id = rapport_http_quote (job->ticket_ids->pdata[i], 40);

            pull_fail (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                          RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                          "RT transaction names ticket “%s”, which is not a "
                                          "ticket id", quoted_id));
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
      _rapport_rt_get (task, "transactions", query, NULL, on_probe_cb);
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

  _rapport_rt_get (task, "transactions", query, NULL, on_transactions_cb);
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
pull_job_init (PullJob *job)
{
  job->scan_page = 1;
  job->page = rapport_sync_page_new ();
  job->ticket_ids = g_ptr_array_new_with_free_func (g_free);
  job->known = g_ptr_array_new_with_free_func (unref_json_or_null);
  job->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) _rapport_rt_ticket_job_free);
  job->emitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->staged_etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->money_ids = g_ptr_array_new_with_free_func (g_free);
}

void
_rapport_rt_provider_pull_changes_async (RapportProvider     *provider,
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
  g_task_set_source_tag (task, _rapport_rt_provider_pull_changes_async);

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
  pull_job_init (job);
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

RapportSyncPage *
_rapport_rt_provider_pull_changes_finish (RapportProvider  *provider,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* refetch_records                                                                       */

static void
add_unique (GPtrArray  *array,
            const char *id)
{
  if (!g_ptr_array_find_with_equal_func (array, id, g_str_equal, NULL))
    g_ptr_array_add (array, g_strdup (id));
}

void
_rapport_rt_provider_refetch_records_async (RapportProvider     *provider,
                                            GPtrArray           *records,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(PullJob) job = g_new0 (PullJob, 1);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rapport_rt_provider_refetch_records_async);

  if (self->pulling)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "An RT pull is already running on this provider");
      return;
    }

  pull_job_init (job);
  job->refetch = TRUE;
  job->refetch_users = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < records->len; i++)
    {
      const RapportSetAside *record = records->pdata[i];
      const char *ticket_id = NULL;

      switch (record->kind)
        {
        case RAPPORT_RECORD_TICKET:
          ticket_id = record->remote_id;
          break;
        case RAPPORT_RECORD_MESSAGE:
          ticket_id = record->parent_remote_id;
          break;
        case RAPPORT_RECORD_CUSTOMER:
          if (record->remote_id != NULL && record->remote_id[0] != '\0')
            {
              add_unique (job->refetch_users, record->remote_id);
              g_ptr_array_add (job->page->retried, rapport_set_aside_copy (record));
            }
          continue;
        case RAPPORT_RECORD_MONEY:
          /* Read again by the money reader (a money ticket, or an approval: then the money
           * ticket it is for). */
          if (record->remote_id != NULL && record->remote_id[0] != '\0')
            {
              add_unique (job->money_ids, record->remote_id);
              g_ptr_array_add (job->page->retried, rapport_set_aside_copy (record));
            }
          else
            {
              g_ptr_array_add (job->page->set_aside, rapport_set_aside_copy (record));
            }
          continue;
        default:
          break;
        }

      /* Nothing to ask for by: it stays as it was. */
      if (ticket_id == NULL || ticket_id[0] == '\0')
        {
          g_ptr_array_add (job->page->set_aside, rapport_set_aside_copy (record));
          continue;
        }

      if (!g_ptr_array_find_with_equal_func (job->ticket_ids, ticket_id, g_str_equal, NULL))
        {
          g_ptr_array_add (job->ticket_ids, g_strdup (ticket_id));
          g_ptr_array_add (job->known, NULL);
        }
      g_ptr_array_add (job->page->retried, rapport_set_aside_copy (record));
    }

  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify) pull_job_free);
  self->pulling = TRUE;
  pull_process_tickets (task);
}

RapportSyncPage *
_rapport_rt_provider_refetch_records_finish (RapportProvider  *provider,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
