/* rapport-rt-write.c
 *
 * The writes of RapportRtProvider: post_message and update_ticket, each read back from RT,
 * and the mapping of their failures to what the outbox needs to know (could RT have
 * carried the write out?).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-provider"

#include "config.h"

#include "rapport-rt-provider-private.h"

#include "rapport-http.h"

#include <string.h>

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
    error = write_error (call, _rapport_rt_explain_redirect (call->msg, error));

  g_signal_handlers_disconnect_by_func (call->msg, on_write_wrote_body, call);
  call->func (call->task, call->msg, root, error);

  g_object_unref (call->task);
  g_object_unref (call->msg);
  g_free (call);
}

/* Sends @method @path with the JSON @body (always with Content-Type application/json: RT
 * answers 415 without it) for @task, with If-Match when @if_match is set; @func continues
 * it. */
void
_rapport_rt_write (GTask       *task,
                   const char  *method,
                   const char  *path,
                   JsonNode    *body,
                   const char  *if_match,
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

  msg = _rapport_rt_new_request (self, path, NULL, NULL, &error);
  if (msg == NULL)
    {
      func (task, NULL, NULL, error);
      return;
    }

  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);

  soup_message_set_method (msg, method);
  if (if_match != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", if_match);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", quoted);
    }
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
char *
_rapport_rt_join_messages (JsonNode *root)
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
  g_clear_pointer (&job->ticket, _rapport_rt_ticket_job_free);
  g_free (job);
}

/* The transaction id from a 201's Location ("/REST/2.0/transaction/1696", relative or
 * absolute). */
char *
_rapport_rt_transaction_id_from_location (const char *location)
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
  if (slash == NULL || !_rapport_rt_is_numeric_id (slash + 1) ||
      _rapport_rt_parse_uint64 (slash + 1) == 0)
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

  if (!_rapport_rt_ticket_job_finish (self, result, &error))
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
      messages = _rapport_rt_build_ticket_messages (self, job->ticket, &error);
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
  job->transaction_id = _rapport_rt_transaction_id_from_location (location);
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED || job->transaction_id == NULL)
    {
      g_autofree char *quoted_location = rapport_http_quote (location, 200);

      /* RT took the request but did not say what it recorded. */
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "RT answered a message on ticket %s with HTTP %u and Location "
                               "“%s” instead of 201 and a transaction",
                               job->ticket_id, soup_message_get_status (msg), quoted_location);
      return;
    }

  job->ticket = _rapport_rt_ticket_job_new (job->ticket_id, NULL, FALSE);
  _rapport_rt_ticket_job_run (self, job->ticket, g_task_get_cancellable (task),
                              on_post_read_back_cb, g_object_ref (task));
}

void
_rapport_rt_provider_post_message_async (RapportProvider     *provider,
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
  g_task_set_source_tag (task, _rapport_rt_provider_post_message_async);

  if (!_rapport_rt_is_numeric_id (ticket_remote_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%s” is not an RT ticket id", quoted_id);
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
  _rapport_rt_write (task, SOUP_METHOD_POST, path, request, NULL, on_post_cb);
}

RapportMessage *
_rapport_rt_provider_post_message_finish (RapportProvider  *provider,
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
  g_clear_pointer (&job->ticket, _rapport_rt_ticket_job_free);
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

  if (!_rapport_rt_ticket_job_finish (self, result, &error))
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
                      owner != NULL && _rapport_rt_names_equal (owner, changes->assignee_remote_id);

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

  job->said = _rapport_rt_join_messages (root);
  json_node_unref (root);

  job->ticket = _rapport_rt_ticket_job_new (job->ticket_id, NULL, FALSE);
  _rapport_rt_ticket_job_run (self, job->ticket, g_task_get_cancellable (task),
                              on_update_read_back_cb, g_object_ref (task));
}

void
_rapport_rt_provider_update_ticket_async (RapportProvider            *provider,
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
  g_task_set_source_tag (task, _rapport_rt_provider_update_ticket_async);

  if (!_rapport_rt_is_numeric_id (ticket_remote_id))
    {
      g_autofree char *quoted_id = rapport_http_quote (ticket_remote_id, 40);

      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "“%s” is not an RT ticket id", quoted_id);
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
  _rapport_rt_write (task, SOUP_METHOD_PUT, path, request, NULL, on_update_cb);
}

RapportTicket *
_rapport_rt_provider_update_ticket_finish (RapportProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
