/* rapport-rt-ticket.c
 *
 * Reading one ticket for RapportRtProvider: its record, its messages (history and bodies)
 * and the users they need; and fetch_ticket_history, which is that and nothing more.
 *
 * A ticket's messages: its history (email records excluded in SQL, so the history's pages are
 * exact unless comments or custom fields are hidden) until the ETag's transaction is seen or a
 * page is empty; then its text parts without a file name (filtered in SQL, so no binary
 * Content) until a part of the newest message transaction is seen; if the pages end first,
 * the message transactions after the last part seen are read one by one. Never
 * If-Modified-Since (RT 5.0.3 answers it with 500), never follow next_page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"
#include "rapport-json.h"
#include "rapport-rt-money-parser.h"

#include "rapport-http.h"

#include <string.h>

#define HISTORY_FIELDS     "Type,Creator,Created"
#define CREATOR_FIELDS     "Name,RealName"
#define ATTACHMENT_FIELDS  "TransactionId,ContentType,Filename,Content"

/* JSON searches on a record's own collections (RT's QueryByJSON). */
static const char history_query[] =
  "[{\"field\":\"Type\",\"operator\":\"!=\",\"value\":\"EmailRecord\","
  "\"entry_aggregator\":\"AND\"},"
  "{\"field\":\"Type\",\"operator\":\"!=\",\"value\":\"CommentEmailRecord\","
  "\"entry_aggregator\":\"AND\"}]";
static const char attachment_query[] =
  "[{\"field\":\"ContentType\",\"operator\":\"STARTSWITH\",\"value\":\"text/\"},"
  "{\"field\":\"Filename\",\"operator\":\"IS\",\"value\":\"NULL\"}]";

/* ------------------------------------------------------------------------------------ */
/* One ticket: record, history, bodies                                                   */

void
_rapport_rt_ticket_job_free (TicketJob *job)
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
  g_clear_pointer (&job->set_aside, g_ptr_array_unref);
  g_free (job);
}

TicketJob *
_rapport_rt_ticket_job_new (const char *ticket_id,
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
  job->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  return job;
}

gboolean
_rapport_rt_server_answered (const GError *error)
{
  return error->domain == RAPPORT_PROVIDER_ERROR &&
         !g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK) &&
         !g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED) &&
         !g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_RATE_LIMITED);
}

gboolean
_rapport_rt_answer_unreadable (const RtResponse *response,
                               const GError     *error)
{
  return response != NULL && SOUP_STATUS_IS_SUCCESSFUL (response->status) &&
         g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
}

/* The id of a history item that could not be read, or "" when it has none that reads. */
static char *
item_id (JsonNode *item)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
  JsonNode *id = object != NULL ? rapport_json_get_member (object, "id") : NULL;
  g_autofree char *text = id != NULL ? rapport_json_node_to_id (id) : NULL;

  return g_strdup (_rapport_rt_is_numeric_id (text) ? text : "");
}

/* A message transaction must say who wrote it and when (rapport_rt_build_messages ()). */
static gboolean
check_message_transaction (const RapportRtTransaction  *txn,
                           GError                     **error)
{
  if (txn->creator == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "RT transaction %" G_GUINT64_FORMAT " (%s) has no “Creator”",
                   txn->id, txn->type);
      return FALSE;
    }
  if (txn->created == 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                   "RT transaction %" G_GUINT64_FORMAT " (%s) has no “Created” date",
                   txn->id, txn->type);
      return FALSE;
    }

  return TRUE;
}

static void
ticket_job_return (GTask  *task,
                   GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The answer for this ticket does not read: it is set aside (record_error), not the pull
 * stopped. */
static void
ticket_job_set_aside (GTask  *task,
                      GError *error)
{
  TicketJob *job = g_task_get_task_data (task);

  job->record_error = TRUE;
  ticket_job_return (task, error);
}

/* A request failed: the ticket is set aside when the server answered it with success but a
 * body that does not read; a failing server or network stops the pull. */
static void
ticket_job_failed (GTask      *task,
                   RtResponse *response,
                   GError     *error)
{
  if (_rapport_rt_answer_unreadable (response, error))
    ticket_job_set_aside (task, error);
  else
    ticket_job_return (task, error);
}

static void ticket_job_history (GTask *task);
static void ticket_job_attachments (GTask *task);
static void ticket_job_fallback (GTask *task);

static gboolean
ticket_in_queue (RapportRtProvider *self,
                 RapportTicket     *ticket)
{
  const char *queue = rapport_ticket_get_queue (ticket);

  if (self->queue == NULL || queue == NULL)
    return TRUE;

  return _rapport_rt_names_equal (queue, self->queue);
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
      ticket_job_set_aside (task, error);
      return;
    }

  job->effective_id = g_strdup (rapport_ticket_get_remote_id (job->ticket));

  /* Money records and their approvals are read as such (rapport-rt-money.c), never as a
   * customer's ticket. */
  if (rapport_rt_money_is_money_queue (rapport_ticket_get_queue (job->ticket)))
    {
      job->outcome = TICKET_MONEY;
      ticket_job_return (task, NULL);
      return;
    }

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
      ticket_job_failed (task, r, error);
      return;
    }

  if (r->status == SOUP_STATUS_NOT_MODIFIED)
    {
      job->outcome = TICKET_UNCHANGED;
      ticket_job_return (task, NULL);
      return;
    }

  job->etag = g_strdup (r->etag);
  job->etag_bound = _rapport_rt_parse_uint64 (r->etag);
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

  if (!_rapport_rt_is_numeric_id (job->requested_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (job->requested_id, 40);

      ticket_job_set_aside (task, g_error_new (RAPPORT_PROVIDER_ERROR,
                                               RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                               "RT named a ticket “%s”, which is not a ticket id",
                                               quoted_id));
      return;
    }

  if (job->conditional)
    etag = g_hash_table_lookup (self->etags, job->requested_id);

  _rapport_rt_query_add (query, "fields[Owner]", OWNER_FIELDS);
  _rapport_rt_query_add (query, "fields[Queue]", QUEUE_FIELDS);
  path = g_strdup_printf ("ticket/%s", job->requested_id);
  _rapport_rt_get (task, path, query, etag, on_ticket_cb);
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
      ticket_job_failed (task, r, error);
      return;
    }

  items = rapport_rt_page_get_items (r->root, &error);
  if (items == NULL)
    {
      g_prefix_error (&error, "Reading the history of RT ticket %s: ", job->effective_id);
      ticket_job_set_aside (task, error);
      return;
    }

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      RapportRtTransaction *txn = rapport_rt_parse_transaction (item, &error);

      /* One transaction that does not read is set aside; the ticket is read without it. */
      if (txn == NULL)
        {
          g_autofree char *id = item_id (item);

          g_debug ("Setting a transaction of RT ticket %s aside: %s", job->effective_id,
                   error->message);
          g_ptr_array_add (job->set_aside,
                           rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, id, job->effective_id,
                                                  error->message));
          g_clear_error (&error);
          continue;
        }

      job->max_history_id = MAX (job->max_history_id, txn->id);
      if (rapport_rt_transaction_is_message (txn) && !check_message_transaction (txn, &error))
        {
          g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, txn->id);

          g_ptr_array_add (job->set_aside,
                           rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, id, job->effective_id,
                                                  error->message));
          g_clear_error (&error);
          rapport_rt_transaction_free (txn);
        }
      else if (rapport_rt_transaction_is_message (txn))
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
      ticket_job_set_aside (task, g_error_new (RAPPORT_PROVIDER_ERROR,
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

  _rapport_rt_query_add (query, "query", history_query);
  _rapport_rt_query_add (query, "fields", HISTORY_FIELDS);
  _rapport_rt_query_add (query, "fields[Creator]", CREATOR_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", self->page_size, job->page);
  _rapport_rt_get (task, path, query, NULL, on_history_cb);
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
      ticket_job_failed (task, r, error);
      return;
    }

  if (!rapport_rt_collect_bodies (r->root, job->bodies, &job->max_part_transaction, &n, &error))
    {
      g_prefix_error (&error, "Reading the messages of RT ticket %s: ", job->effective_id);
      ticket_job_set_aside (task, error);
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
      ticket_job_set_aside (task, g_error_new (RAPPORT_PROVIDER_ERROR,
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

  _rapport_rt_query_add (query, "query", attachment_query);
  _rapport_rt_query_add (query, "fields", ATTACHMENT_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", self->page_size, job->page);
  _rapport_rt_get (task, path, query, NULL, on_attachments_cb);
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
      ticket_job_failed (task, r, error);
      return;
    }

  if (!rapport_rt_collect_bodies (r->root, job->bodies, &ignored, &n, &error))
    {
      g_prefix_error (&error, "Reading a message of RT ticket %s: ", job->effective_id);
      ticket_job_set_aside (task, error);
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
  _rapport_rt_query_add (query, "query", attachment_query);
  _rapport_rt_query_add (query, "fields", ATTACHMENT_FIELDS);
  _rapport_rt_query_add_paging (query, "ASC", self->page_size, job->fallback_page);
  _rapport_rt_get (task, path, query, NULL, on_fallback_cb);
}

void
_rapport_rt_ticket_job_run (RapportRtProvider   *self,
                            TicketJob           *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _rapport_rt_ticket_job_run);
  g_task_set_task_data (task, job, NULL);
  ticket_job_start (task);
}

gboolean
_rapport_rt_ticket_job_finish (RapportRtProvider  *self,
                               GAsyncResult       *result,
                               GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Users                                                                                 */

void
_rapport_rt_user_batch_free (UserBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->names, g_ptr_array_unref);
  g_clear_pointer (&batch->customers, g_hash_table_unref);
  g_clear_pointer (&batch->set_aside, g_ptr_array_unref);
  g_free (batch);
}

UserBatch *
_rapport_rt_user_batch_new (void)
{
  UserBatch *batch = g_new0 (UserBatch, 1);

  batch->names = g_ptr_array_new_with_free_func (g_free);
  batch->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  batch->set_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
  return batch;
}

void
_rapport_rt_user_batch_add (UserBatch  *batch,
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

  if (error != NULL &&
      ((r != NULL && SOUP_STATUS_IS_SUCCESSFUL (r->status) &&
        g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE)) ||
       (batch->set_aside_failures && _rapport_rt_server_answered (error) &&
        !g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND) &&
        !g_error_matches (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))))
    {
      /* An answer that does not read (or, when asked, a failure of the server for this user
       * alone): set aside below, like a record that does not read. */
    }
  else if (error != NULL)
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

  if (error == NULL)
    user = rapport_rt_parse_user (r->root, &error);
  if (user != NULL)
    customer = rapport_rt_parse_customer (r->root, &error);
  if (customer == NULL)
    {
      /* Set aside: like a user that cannot be read, a placeholder named by its id. */
      g_prefix_error (&error, "Reading RT user “%s”: ", name);
      g_debug ("%s", error->message);
      g_ptr_array_add (batch->set_aside,
                       rapport_set_aside_new (RAPPORT_RECORD_CUSTOMER, name, NULL,
                                              error->message));
      g_error_free (error);
      batch->index++;
      user_batch_next (task);
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
  _rapport_rt_get (task, path, NULL, NULL, on_user_cb);
}

void
_rapport_rt_user_batch_run (RapportRtProvider   *self,
                            UserBatch           *batch,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _rapport_rt_user_batch_run);
  g_task_set_task_data (task, batch, NULL);
  user_batch_next (task);
}

gboolean
_rapport_rt_user_batch_finish (RapportRtProvider  *self,
                               GAsyncResult       *result,
                               GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The users a ticket's messages need: its requestors (customers by definition, read for
 * their profiles when @with_requestors) and message authors not yet known. */
void
_rapport_rt_add_ticket_users (RapportRtProvider *self,
                              TicketJob         *job,
                              UserBatch         *batch,
                              gboolean           with_requestors)
{
  for (guint i = 0; with_requestors && job->requestors != NULL && job->requestors[i] != NULL; i++)
    _rapport_rt_user_batch_add (batch, job->requestors[i]);

  for (guint i = 0; i < job->transactions->len; i++)
    {
      RapportRtTransaction *txn = job->transactions->pdata[i];

      if (txn->creator == NULL ||
          (job->requestors != NULL && g_strv_contains ((const char * const *) job->requestors,
                                                       txn->creator)) ||
          g_hash_table_contains (self->user_kinds, txn->creator))
        continue;
      _rapport_rt_user_batch_add (batch, txn->creator);
    }
}

UserKind
_rapport_rt_user_kind (RapportRtProvider *self,
                       const char        *name)
{
  return (UserKind) GPOINTER_TO_INT (g_hash_table_lookup (self->user_kinds, name));
}

GPtrArray *
_rapport_rt_build_ticket_messages (RapportRtProvider  *self,
                                   TicketJob          *job,
                                   GError            **error)
{
  g_autoptr(GHashTable) customers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; job->requestors != NULL && job->requestors[i] != NULL; i++)
    g_hash_table_add (customers, job->requestors[i]);

  for (guint i = 0; i < job->transactions->len; i++)
    {
      RapportRtTransaction *txn = job->transactions->pdata[i];

      if (txn->creator != NULL && _rapport_rt_user_kind (self, txn->creator) == USER_KIND_CUSTOMER)
        g_hash_table_add (customers, txn->creator);
    }

  return rapport_rt_build_messages (job->transactions, job->bodies, job->effective_id,
                                    job->channel, customers, error);
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
  g_clear_pointer (&job->ticket, _rapport_rt_ticket_job_free);
  g_clear_pointer (&job->users, _rapport_rt_user_batch_free);
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

  if (!_rapport_rt_user_batch_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  messages = _rapport_rt_build_ticket_messages (self, job->ticket, &error);
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

  if (!_rapport_rt_ticket_job_finish (self, result, &error))
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

  job->users = _rapport_rt_user_batch_new ();
  _rapport_rt_add_ticket_users (self, job->ticket, job->users, FALSE);
  cancellable = g_task_get_cancellable (task);
  _rapport_rt_user_batch_run (self, job->users, cancellable, on_history_users_cb,
                              g_steal_pointer (&task));
}

void
_rapport_rt_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                                 const char          *ticket_remote_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  RapportRtProvider *self = RAPPORT_RT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  HistoryJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rapport_rt_provider_fetch_ticket_history_async);

  if (!_rapport_rt_is_numeric_id (ticket_remote_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%s” is not an RT ticket id", quoted_id);
      return;
    }

  job = g_new0 (HistoryJob, 1);
  job->ticket = _rapport_rt_ticket_job_new (ticket_remote_id, NULL, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) history_job_free);

  _rapport_rt_ticket_job_run (self, job->ticket, cancellable, on_history_ticket_cb,
                              g_steal_pointer (&task));
}

GPtrArray *
_rapport_rt_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
