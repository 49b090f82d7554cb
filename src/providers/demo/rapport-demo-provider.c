/* rapport-demo-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-provider"

#include "config.h"

#include "rapport-demo-provider.h"

#include "rapport-demo.h"
#include "rapport-demo-content.h"
#include "rapport-demo-server.h"

#include <glib/gi18n-lib.h>

#include <string.h>

/* Messages per page. Each page is one store transaction, and bigger transactions are
 * cheaper per message: a transaction writes every database page it touched to the WAL once,
 * so the B-tree pages many rows share (interior nodes, indexes, ticket rows updated by many
 * messages) are written once per 10 000 messages instead of once per 2000; and FTS5 turns
 * each transaction's new terms into one segment, so fewer, larger segments mean fewer
 * merges while a large workspace is pulled.
 * Measured on the 100 000-customer demo workspace (about a million messages, 2-core VM), the
 * store alone applied ≈ 29 000 messages/s in pages of 2000 and ≈ 46 000 messages/s in pages
 * of 10 000. A page of 10 000 messages is about 940 customers and 2450 tickets, some 6 MB
 * of objects; the sync engine holds at most two pages (one applied, one fetched ahead). */
#define DEFAULT_PAGE_SIZE 10000u
#define BASE_URL_PREFIX   "demo:workspace?"
#define HEAVY_SHAPES_PARAM "shapes=heavy"  /* the benchmark's dataset (rapport-demo.h) */

/* The write side. The demo helpdesk has no server: its data is a pure function of the seed.
 * What the agent sends to it is kept by a RapportDemoServer (rapport-demo-server.h), so that
 * it answers like a server would:
 *   - post_message() records the reply or note (remote id "demo-local-<uuid>", author the
 *     signed-in agent, created now) and fetch_ticket_history() lists it after the generated
 *     messages, so the outbox can verify a send whose outcome it does not know;
 *   - update_ticket() applies the changes to the ticket as the server holds it (the generated
 *     one, then every earlier update) and returns that ticket whole, as the outbox stores
 *     every field of the answer;
 *   - money actions and decisions go to its ledger (rapport-demo-money.h).
 * pull_changes() never returns the replies, notes and updates: the demo cursor is a customer
 * index, and an account that has pulled to the end gets empty pages from then on, so a later
 * pull neither deletes nor duplicates what was posted (the store already has it from the
 * outbox). With a "state-dir" the server keeps all of it in its file, across restarts and for
 * every account of the workspace; without, in memory for the life of the provider. */
struct _RapportDemoProvider
{
  GObject parent_instance;

  guint32 seed;
  guint   n_customers;
  gint64  anchor_time;
  gboolean heavy_shapes;
  guint   page_size;
  char   *user_remote_id;
  char   *user_name;
  char   *state_dir;
  RapportDemoServer *server;
  guint   money_delivered; /* (atomic) the bank revision the last pull carried; 0: none */
};

static void rapport_demo_provider_iface_init (RapportProviderInterface *iface);

static RapportAccount *new_agent_account      (guint32  seed,
                                               guint    n_customers,
                                               gint64   anchor_time,
                                               gboolean heavy_shapes);
static RapportAccount *new_supervisor_account (guint32  seed,
                                               guint    n_customers,
                                               gint64   anchor_time,
                                               gboolean heavy_shapes);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportDemoProvider, rapport_demo_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_demo_provider_iface_init))

enum
{
  PROP_0,
  PROP_SEED,
  PROP_N_CUSTOMERS,
  PROP_ANCHOR_TIME,
  PROP_HEAVY_SHAPES,
  PROP_PAGE_SIZE,
  PROP_USER_REMOTE_ID,
  PROP_USER_NAME,
  PROP_STATE_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a worker thread needs: a copy of the parameters, so the thread never touches the
 * provider object. */
typedef struct
{
  guint32               seed;
  guint                 n_customers;
  gint64                anchor_time;
  gboolean              heavy_shapes;
  guint                 page_size;
  char                 *cursor;
  char                 *ticket_remote_id;
  char                 *user_remote_id;
  char                 *user_name;
  RapportDemoServer    *server;
  RapportVisibility     visibility;
  char                 *body;
  RapportTicketChanges *changes;
  guint                *money_delivered; /* the provider's (the task holds the provider) */
  /* money */
  gboolean              is_supervisor;
  RapportPolicy        *policy;
  RapportMoneyKind      kind;
  RapportMoney          amount;
  char                 *reason;
  char                 *order_reference;
  char                 *customer_key;
  char                 *approval_id;
  RapportDecision       decision;
  char                 *etag;
} Job;

static void
job_free (Job *job)
{
  g_free (job->cursor);
  g_free (job->ticket_remote_id);
  g_free (job->user_remote_id);
  g_free (job->user_name);
  g_clear_pointer (&job->server, _rapport_demo_server_unref);
  g_free (job->body);
  g_clear_pointer (&job->changes, rapport_ticket_changes_free);
  g_clear_pointer (&job->policy, rapport_policy_unref);
  g_free (job->reason);
  g_free (job->order_reference);
  g_free (job->customer_key);
  g_free (job->approval_id);
  g_free (job->etag);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (RapportDemoProvider *self)
{
  Job *job = g_new0 (Job, 1);

  job->seed = self->seed;
  job->n_customers = self->n_customers;
  job->anchor_time = self->anchor_time;
  job->heavy_shapes = self->heavy_shapes;
  job->page_size = self->page_size;
  job->user_remote_id = g_strdup (self->user_remote_id);
  job->user_name = g_strdup (self->user_name);
  job->server = _rapport_demo_server_ref (self->server);
  job->money_delivered = &self->money_delivered;
  return job;
}

/* Strict unsigned decimal: digits only, no sign, no spaces, no leading zeros (except "0"),
 * at most @max. */
static gboolean
parse_decimal (const char *text,
               gsize       len,
               guint64     max,
               guint64    *out)
{
  guint64 value = 0;

  if (len == 0 || len > 20)
    return FALSE;
  if (len > 1 && text[0] == '0')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      digit = (guint) (text[i] - '0');
      if (digit > max || value > (max - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  *out = value;
  return TRUE;
}

/* The cursor is the next customer index, in decimal; NULL means 0. */
static gboolean
parse_cursor (const char  *cursor,
              guint        n_customers,
              guint       *position,
              GError     **error)
{
  guint64 value = 0;

  if (cursor == NULL)
    {
      *position = 0;
      return TRUE;
    }

  if (!parse_decimal (cursor, strlen (cursor), n_customers, &value))
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Invalid demo cursor “%s” (expected a customer index from 0 to %u)",
                   cursor, n_customers);
      return FALSE;
    }

  *position = (guint) value;
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* pull_changes                                                                          */

static void
pull_changes_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportDemo) demo = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!parse_cursor (job->cursor, job->n_customers, &position, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  demo = rapport_demo_new (job->seed, job->n_customers, job->anchor_time);
  rapport_demo_set_heavy_shapes (demo, job->heavy_shapes);
  rapport_demo_seek (demo, position);
  page = rapport_demo_next_page (demo, job->page_size);

  if (page == NULL)
    {
      /* At the end: nothing new, keep the cursor where it is. */
      page = rapport_sync_page_new ();
      page->resource = g_strdup ("demo");
      page->next_cursor = g_strdup_printf ("%u", position);
      page->has_more = FALSE;
      page->total_hint = 0;
    }

  /* The last page carries the workspace's money (actions before their approvals) when it
   * changed since this provider's last pull carried it: the first sync, and after a request
   * or a decision by anyone in the workspace (an agent's and a supervisor's account share
   * it). Otherwise a pull at the end stays empty. */
  if (!page->has_more)
    {
      guint revision = _rapport_demo_server_get_money_revision (job->server);

      if ((guint) g_atomic_int_get (job->money_delivered) != revision)
        {
          _rapport_demo_server_list_money (job->server, NULL, page->money_actions,
                                           page->approvals);
          g_atomic_int_set (job->money_delivered, revision);
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) rapport_sync_page_free);
}

static void
rapport_demo_provider_pull_changes_async (RapportProvider     *provider,
                                          const char          *cursor,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_pull_changes_async);
  job = job_new (self);
  job->cursor = g_strdup (cursor);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, pull_changes_thread);
}

static RapportSyncPage *
rapport_demo_provider_pull_changes_finish (RapportProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_pull_changes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* fetch_ticket_history                                                                  */

/* Ticket remote ids encode the customer: the story customer's are "1001" … "1005"
 * (customer 0), all others "<customer index>-<ticket number>". */
static gboolean
customer_of_ticket (const char *remote_id,
                    guint       n_customers,
                    guint      *index)
{
  const char *dash = strchr (remote_id, '-');
  guint64 value;
  guint64 number;

  if (dash == NULL)
    {
      if (!parse_decimal (remote_id, strlen (remote_id), G_MAXUINT, &value))
        return FALSE;
      if (value < 1001 || value > 1005)
        return FALSE;
      *index = 0;
      return TRUE;
    }

  if (!parse_decimal (remote_id, dash - remote_id, G_MAXUINT, &value) ||
      !parse_decimal (dash + 1, strlen (dash + 1), G_MAXUINT, &number) ||
      number == 0 || value == 0 || value >= n_customers)
    return FALSE;

  *index = (guint) value;
  return TRUE;
}

/* Generates the data of the customer whose ticket @ticket_remote_id is (in a worker: this is
 * the expensive part). Returns the page, with *@ticket pointing into it; NOT_FOUND when the
 * workspace has no such ticket. */
static RapportSyncPage *
generate_ticket (Job            *job,
                 const char     *ticket_remote_id,
                 RapportTicket **ticket,
                 GError        **error)
{
  g_autoptr(RapportDemo) demo = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  guint index;

  if (!customer_of_ticket (ticket_remote_id, job->n_customers, &index))
    goto not_found;

  /* One customer's data: a page of at most one message is exactly that customer. */
  demo = rapport_demo_new (job->seed, job->n_customers, job->anchor_time);
  rapport_demo_set_heavy_shapes (demo, job->heavy_shapes);
  rapport_demo_seek (demo, index);
  page = rapport_demo_next_page (demo, 1);
  g_assert (page != NULL);

  for (guint i = 0; i < page->tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (g_ptr_array_index (page->tickets, i)),
                   ticket_remote_id) == 0)
      {
        *ticket = g_ptr_array_index (page->tickets, i);
        return g_steal_pointer (&page);
      }

not_found:
  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND,
               "The demo workspace has no ticket “%s”", ticket_remote_id);
  return NULL;
}

static RapportTicket *
copy_ticket (RapportTicket *ticket)
{
  RapportTicket *copy = rapport_ticket_new ();

  rapport_ticket_update_from (copy, ticket);
  return copy;
}

static void
fetch_ticket_history_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = NULL;
  if (g_task_return_error_if_cancelled (task))
    return;

  page = generate_ticket (job, job->ticket_remote_id, &ticket, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (page->messages, i);

      if (g_strcmp0 (rapport_message_get_ticket_remote_id (message),
                     job->ticket_remote_id) == 0)
        g_ptr_array_add (messages, g_object_ref (message));
    }

  /* Then what the agent posted, in the order it was posted. */
  _rapport_demo_server_list_posted (job->server, job->ticket_remote_id, messages);

  g_task_return_pointer (task, g_steal_pointer (&messages), (GDestroyNotify) g_ptr_array_unref);
}

static void
rapport_demo_provider_fetch_ticket_history_async (RapportProvider     *provider,
                                                  const char          *ticket_remote_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_fetch_ticket_history_async);
  job = job_new (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, fetch_ticket_history_thread);
}

static GPtrArray *
rapport_demo_provider_fetch_ticket_history_finish (RapportProvider  *provider,
                                                   GAsyncResult     *result,
                                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_fetch_ticket_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* post_message                                                                          */

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
post_message_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *remote_id = NULL;
  RapportTicket *ticket = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->visibility != RAPPORT_VISIBILITY_PUBLIC &&
      job->visibility != RAPPORT_VISIBILITY_INTERNAL)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "Unknown visibility %d", (int) job->visibility);
      return;
    }

  if (rapport_text_is_blank (job->body))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A reply or note on ticket “%s” has no text",
                               job->ticket_remote_id);
      return;
    }

  /* The ticket's channel, which no update changes: the generator's. */
  page = generate_ticket (job, job->ticket_remote_id, &ticket, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  uuid = g_uuid_string_random ();
  remote_id = g_strconcat ("demo-local-", uuid, NULL);

  message = rapport_message_new ();
  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, job->ticket_remote_id);
  rapport_message_set_channel (message, rapport_ticket_get_channel (ticket));
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, job->visibility);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, job->user_name);
  rapport_message_set_author_remote_id (message, job->user_remote_id);
  rapport_message_set_body (message, job->body);
  rapport_message_set_created_at (message, now_s ());

  if (!_rapport_demo_server_post (job->server, message, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&message), g_object_unref);
}

static void
rapport_demo_provider_post_message_async (RapportProvider     *provider,
                                          const char          *ticket_remote_id,
                                          RapportVisibility    visibility,
                                          const char          *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_post_message_async);
  job = job_new (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  job->visibility = visibility;
  job->body = g_strdup (body);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, post_message_thread);
}

static RapportMessage *
rapport_demo_provider_post_message_finish (RapportProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_post_message_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* update_ticket                                                                         */

/* Refuses what a helpdesk would refuse; sets *@assignee_name for an assignee change. */
static gboolean
check_changes (Job                         *job,
               const RapportTicketChanges  *changes,
               const char                 **assignee_name,
               GError                     **error)
{
  if ((changes->fields & RAPPORT_TICKET_FIELD_STATUS) &&
      rapport_ticket_status_to_string (changes->status) == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Unknown ticket status %d", (int) changes->status);
      return FALSE;
    }

  if ((changes->fields & RAPPORT_TICKET_FIELD_PRIORITY) &&
      rapport_ticket_priority_to_string (changes->priority) == NULL)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Unknown ticket priority %d", (int) changes->priority);
      return FALSE;
    }

  *assignee_name = NULL;
  if ((changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE) &&
      changes->assignee_remote_id != NULL && changes->assignee_remote_id[0] != '\0')
    {
      const char *assignee = changes->assignee_remote_id;

      if (g_strcmp0 (assignee, job->user_remote_id) == 0)
        *assignee_name = job->user_name;
      else
        *assignee_name = rapport_demo_get_agent_name (assignee);

      if (*assignee_name == NULL)
        {
          g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                       "The demo team has no agent “%s”", assignee);
          return FALSE;
        }
    }

  return TRUE;
}

static void
update_ticket_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportTicket) answer = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *generated = NULL;
  const char *assignee_name = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!check_changes (job, job->changes, &assignee_name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The generated ticket; the server puts its earlier updates and these over it. */
  page = generate_ticket (job, job->ticket_remote_id, &generated, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  answer = copy_ticket (generated);
  if (!_rapport_demo_server_update_ticket (job->server, answer, job->changes, assignee_name,
                                           now_s (), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&answer), g_object_unref);
}

static void
rapport_demo_provider_update_ticket_async (RapportProvider            *provider,
                                           const char                 *ticket_remote_id,
                                           const RapportTicketChanges *changes,
                                           GCancellable               *cancellable,
                                           GAsyncReadyCallback         callback,
                                           gpointer                    user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_update_ticket_async);
  job = job_new (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  job->changes = rapport_ticket_changes_copy (changes);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, update_ticket_thread);
}

static RapportTicket *
rapport_demo_provider_update_ticket_finish (RapportProvider  *provider,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_update_ticket_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Money                                                                                 */

static gboolean
is_supervisor (RapportDemoProvider *self)
{
  return g_strcmp0 (self->user_remote_id, RAPPORT_DEMO_SUPERVISOR_REMOTE_ID) == 0;
}

static void
create_money_action_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  Job *job = task_data;
  RapportMoneyAction *action;
  GError *error = NULL;

  action = _rapport_demo_server_create_money (job->server, job->policy, job->user_remote_id,
                                              job->user_name,
                                              job->is_supervisor ? RAPPORT_ROLE_SUPERVISOR :
                                                                   RAPPORT_ROLE_AGENT,
                                              job->ticket_remote_id, job->kind, &job->amount,
                                              job->reason, job->order_reference,
                                              job->customer_key, g_get_real_time (), &error);
  if (action == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, action, g_object_unref);
}

static void
rapport_demo_provider_create_money_action_async (RapportProvider     *provider,
                                                 const char          *ticket_remote_id,
                                                 RapportMoneyKind     kind,
                                                 const RapportMoney  *amount,
                                                 const char          *reason,
                                                 const char          *order_reference,
                                                 const char          *customer_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSettings) settings = NULL;
  Job *job;
  guint index;

  g_task_set_source_tag (task, rapport_demo_provider_create_money_action_async);

  if (ticket_remote_id == NULL ||
      !customer_of_ticket (ticket_remote_id, self->n_customers, &index) ||
      amount == NULL || amount->minor <= 0 || rapport_text_is_blank (reason) || rapport_text_is_blank (customer_key))
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A demo money action needs a ticket of the workspace, a positive "
                               "amount, a reason and a customer");
      return;
    }

  /* The demo judges as a server would, with the rule the settings hold. */
  settings = rapport_policy_settings_new ();
  job = job_new (self);
  job->policy = rapport_policy_settings_load (settings, NULL, NULL, NULL);
  job->is_supervisor = is_supervisor (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  job->kind = kind;
  job->amount = *amount;
  job->reason = g_strdup (reason);
  job->order_reference = g_strdup (order_reference);
  job->customer_key = g_strdup (customer_key);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, create_money_action_thread);
}

static RapportMoneyAction *
rapport_demo_provider_create_money_action_finish (RapportProvider  *provider,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
decide_approval_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Job *job = task_data;
  RapportApproval *approval;
  GError *error = NULL;

  approval = _rapport_demo_server_decide (job->server, job->user_remote_id, job->user_name,
                                          job->is_supervisor, job->approval_id, job->decision,
                                          job->body, job->etag, g_get_real_time (), &error);
  if (approval == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, approval, g_object_unref);
}

static void
rapport_demo_provider_decide_approval_async (RapportProvider     *provider,
                                             const char          *approval_remote_id,
                                             RapportDecision      decision,
                                             const char          *note,
                                             const char          *etag,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *job;

  g_task_set_source_tag (task, rapport_demo_provider_decide_approval_async);

  if (decision != RAPPORT_DECISION_APPROVE && decision != RAPPORT_DECISION_REJECT)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "A decision approves or rejects");
      return;
    }

  job = job_new (self);
  job->is_supervisor = is_supervisor (self);
  job->approval_id = g_strdup (approval_remote_id);
  job->decision = decision;
  job->body = g_strdup (note);
  job->etag = g_strdup (etag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, decide_approval_thread);
}

static RapportApproval *
rapport_demo_provider_decide_approval_finish (RapportProvider  *provider,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rapport_demo_provider_fetch_authority_async (RapportProvider     *provider,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportAuthority *authority = rapport_authority_new ();

  g_task_set_source_tag (task, rapport_demo_provider_fetch_authority_async);

  authority->has_role = TRUE;
  authority->role = is_supervisor (self) ? RAPPORT_ROLE_SUPERVISOR : RAPPORT_ROLE_AGENT;
  authority->may_decide = is_supervisor (self);
  /* No server: no policy of its own, and nothing it could enforce. */
  authority->policy = NULL;
  authority->enforced = FALSE;
  authority->source_detail = g_strdup ("the demo workspace keeps no policy of its own");
  g_task_return_pointer (task, authority, (GDestroyNotify) rapport_authority_free);
}

static RapportAuthority *
rapport_demo_provider_fetch_authority_finish (RapportProvider  *provider,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_money_evidence_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  Job *job = task_data;
  RapportMoneyEvidence *evidence = rapport_money_evidence_new ();

  _rapport_demo_server_list_money (job->server, job->ticket_remote_id, evidence->actions,
                                   evidence->approvals);
  g_task_return_pointer (task, evidence, (GDestroyNotify) rapport_money_evidence_free);
}

static void
rapport_demo_provider_fetch_money_evidence_async (RapportProvider     *provider,
                                                  const char          *ticket_remote_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *job;

  g_task_set_source_tag (task, rapport_demo_provider_fetch_money_evidence_async);

  if (ticket_remote_id == NULL)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                               "No ticket named");
      return;
    }

  job = job_new (self);
  job->ticket_remote_id = g_strdup (ticket_remote_id);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, fetch_money_evidence_thread);
}

static RapportMoneyEvidence *
rapport_demo_provider_fetch_money_evidence_finish (RapportProvider  *provider,
                                                   GAsyncResult     *result,
                                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* whoami                                                                                */

static void
rapport_demo_provider_whoami_async (RapportProvider     *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_demo_provider_whoami_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task,
                         is_supervisor (self) ?
                         new_supervisor_account (self->seed, self->n_customers,
                                                 self->anchor_time, self->heavy_shapes) :
                         new_agent_account (self->seed, self->n_customers, self->anchor_time,
                                            self->heavy_shapes),
                         g_object_unref);
}

static RapportAccount *
rapport_demo_provider_whoami_finish (RapportProvider  *provider,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rapport_demo_provider_whoami_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
rapport_demo_provider_get_kind (RapportProvider *provider)
{
  return RAPPORT_DEMO_PROVIDER_KIND;
}

static RapportProviderCapabilities
rapport_demo_provider_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_DEMO_PROVIDER_CAPABILITIES;
}

static void
rapport_demo_provider_link_article_async (RapportProvider     *provider,
                                          const char          *ticket_remote_id,
                                          const char          *article_remote_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (provider);

  _rapport_demo_link_article_async (provider, self->server, ticket_remote_id, article_remote_id,
                                    cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------------------ */
/* GObject                                                                               */

static void
rapport_demo_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    case PROP_N_CUSTOMERS:
      g_value_set_uint (value, self->n_customers);
      break;

    case PROP_ANCHOR_TIME:
      g_value_set_int64 (value, self->anchor_time);
      break;

    case PROP_HEAVY_SHAPES:
      g_value_set_boolean (value, self->heavy_shapes);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_USER_REMOTE_ID:
      g_value_set_string (value, self->user_remote_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_STATE_DIR:
      g_value_set_string (value, self->state_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_demo_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;

    case PROP_N_CUSTOMERS:
      self->n_customers = g_value_get_uint (value);
      break;

    case PROP_ANCHOR_TIME:
      self->anchor_time = g_value_get_int64 (value);
      break;

    case PROP_HEAVY_SHAPES:
      self->heavy_shapes = g_value_get_boolean (value);
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    case PROP_USER_REMOTE_ID:
      g_free (self->user_remote_id);
      self->user_remote_id = g_value_dup_string (value);
      if (self->user_remote_id == NULL)
        self->user_remote_id = g_strdup (RAPPORT_DEMO_AGENT_REMOTE_ID);
      break;

    case PROP_USER_NAME:
      g_free (self->user_name);
      self->user_name = g_value_dup_string (value);
      if (self->user_name == NULL)
        self->user_name = g_strdup (RAPPORT_DEMO_AGENT_NAME);
      break;

    case PROP_STATE_DIR:
      g_free (self->state_dir);
      self->state_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_demo_provider_finalize (GObject *object)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  g_clear_pointer (&self->user_remote_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->server, _rapport_demo_server_unref);

  G_OBJECT_CLASS (rapport_demo_provider_parent_class)->finalize (object);
}

static void
rapport_demo_provider_constructed (GObject *object)
{
  RapportDemoProvider *self = RAPPORT_DEMO_PROVIDER (object);

  G_OBJECT_CLASS (rapport_demo_provider_parent_class)->constructed (object);

  self->server = _rapport_demo_server_get (self->seed, self->n_customers, self->anchor_time,
                                           self->state_dir);
}

static void
rapport_demo_provider_class_init (RapportDemoProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rapport_demo_provider_constructed;
  object_class->finalize = rapport_demo_provider_finalize;
  object_class->get_property = rapport_demo_provider_get_property;
  object_class->set_property = rapport_demo_provider_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, RAPPORT_DEMO_DEFAULT_SEED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CUSTOMERS] =
    g_param_spec_uint ("n-customers", NULL, NULL,
                       1, G_MAXUINT, RAPPORT_DEMO_DEFAULT_CUSTOMERS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANCHOR_TIME] =
    g_param_spec_int64 ("anchor-time", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEAVY_SHAPES] =
    g_param_spec_boolean ("heavy-shapes", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_REMOTE_ID] =
    g_param_spec_string ("user-remote-id", NULL, NULL,
                         RAPPORT_DEMO_AGENT_REMOTE_ID,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         RAPPORT_DEMO_AGENT_NAME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_DIR] =
    g_param_spec_string ("state-dir", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_demo_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = rapport_demo_provider_get_kind;
  iface->get_capabilities = rapport_demo_provider_get_capabilities;
  iface->whoami_async = rapport_demo_provider_whoami_async;
  iface->whoami_finish = rapport_demo_provider_whoami_finish;
  iface->pull_changes_async = rapport_demo_provider_pull_changes_async;
  iface->pull_changes_finish = rapport_demo_provider_pull_changes_finish;
  iface->fetch_ticket_history_async = rapport_demo_provider_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = rapport_demo_provider_fetch_ticket_history_finish;
  iface->post_message_async = rapport_demo_provider_post_message_async;
  iface->post_message_finish = rapport_demo_provider_post_message_finish;
  iface->update_ticket_async = rapport_demo_provider_update_ticket_async;
  iface->update_ticket_finish = rapport_demo_provider_update_ticket_finish;
  iface->create_money_action_async = rapport_demo_provider_create_money_action_async;
  iface->create_money_action_finish = rapport_demo_provider_create_money_action_finish;
  iface->decide_approval_async = rapport_demo_provider_decide_approval_async;
  iface->decide_approval_finish = rapport_demo_provider_decide_approval_finish;
  iface->fetch_authority_async = rapport_demo_provider_fetch_authority_async;
  iface->fetch_authority_finish = rapport_demo_provider_fetch_authority_finish;
  iface->fetch_money_evidence_async = rapport_demo_provider_fetch_money_evidence_async;
  iface->fetch_money_evidence_finish = rapport_demo_provider_fetch_money_evidence_finish;
  iface->fetch_canned_content_async = _rapport_demo_fetch_canned_content_async;
  iface->fetch_canned_content_finish = _rapport_demo_fetch_canned_content_finish;
  iface->link_article_async = rapport_demo_provider_link_article_async;
  iface->link_article_finish = _rapport_demo_link_article_finish;
}

static void
rapport_demo_provider_init (RapportDemoProvider *self)
{
  self->seed = RAPPORT_DEMO_DEFAULT_SEED;
  self->n_customers = RAPPORT_DEMO_DEFAULT_CUSTOMERS;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->user_remote_id = g_strdup (RAPPORT_DEMO_AGENT_REMOTE_ID);
  self->user_name = g_strdup (RAPPORT_DEMO_AGENT_NAME);
}

/**
 * rapport_demo_provider_new:
 *
 * Returns: (transfer full): a provider serving the demo dataset for these parameters.
 */
RapportProvider *
rapport_demo_provider_new (guint32 seed,
                           guint   n_customers,
                           gint64  anchor_time)
{
  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  return g_object_new (RAPPORT_TYPE_DEMO_PROVIDER,
                       "seed", seed,
                       "n-customers", n_customers,
                       "anchor-time", anchor_time,
                       NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Accounts                                                                              */

static RapportAccount *
new_account_as (guint32     seed,
                guint       n_customers,
                gint64      anchor_time,
                gboolean    heavy_shapes,
                const char *display_name,
                const char *user_remote_id,
                const char *user_name,
                const char *role)
{
  g_autofree char *base_url = NULL;
  RapportAccount *account;

  base_url = g_strdup_printf (BASE_URL_PREFIX "seed=%u&customers=%u&anchor=%" G_GINT64_FORMAT
                              "%s", seed, n_customers, anchor_time,
                              heavy_shapes ? "&" HEAVY_SHAPES_PARAM : "");
  account = rapport_account_new (RAPPORT_DEMO_PROVIDER_KIND, base_url, display_name);
  rapport_account_set_user_remote_id (account, user_remote_id);
  rapport_account_set_user_name (account, user_name);
  rapport_account_set_role (account, role);

  return account;
}

static RapportAccount *
new_agent_account (guint32  seed,
                   guint    n_customers,
                   gint64   anchor_time,
                   gboolean heavy_shapes)
{
  /* Translators: the name of the demo account, as the account switcher shows it */
  return new_account_as (seed, n_customers, anchor_time, heavy_shapes, _("Demo workspace"),
                         RAPPORT_DEMO_AGENT_REMOTE_ID, RAPPORT_DEMO_AGENT_NAME, "agent");
}

static RapportAccount *
new_supervisor_account (guint32  seed,
                        guint    n_customers,
                        gint64   anchor_time,
                        gboolean heavy_shapes)
{
  /* Translators: the name of the demo account in which the user is the supervisor */
  return new_account_as (seed, n_customers, anchor_time, heavy_shapes,
                         _("Demo workspace — supervisor"), RAPPORT_DEMO_SUPERVISOR_REMOTE_ID,
                         RAPPORT_DEMO_SUPERVISOR_NAME, "supervisor");
}

/**
 * rapport_demo_provider_new_account:
 *
 * Returns: (transfer full): a demo account whose base URL records the dataset parameters.
 */
RapportAccount *
rapport_demo_provider_new_account (guint32 seed,
                                   guint   n_customers,
                                   gint64  anchor_time)
{
  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  return new_agent_account (seed, n_customers, anchor_time, FALSE);
}

/**
 * rapport_demo_provider_new_heavy_account:
 *
 * Benchmarks only: like rapport_demo_provider_new_account(), for a dataset that also has
 * the heavy shapes (rapport_demo_set_heavy_shapes()).
 *
 * Returns: (transfer full): a demo account whose base URL records the dataset parameters.
 */
RapportAccount *
rapport_demo_provider_new_heavy_account (guint32 seed,
                                         guint   n_customers,
                                         gint64  anchor_time)
{
  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  return new_agent_account (seed, n_customers, anchor_time, TRUE);
}

/**
 * rapport_demo_provider_new_supervisor_account:
 *
 * Returns: (transfer full): the same demo workspace as its supervisor.
 */
RapportAccount *
rapport_demo_provider_new_supervisor_account (guint32 seed,
                                              guint   n_customers,
                                              gint64  anchor_time)
{
  g_return_val_if_fail (n_customers > 0, NULL);
  g_return_val_if_fail (anchor_time >= 0, NULL);

  return new_supervisor_account (seed, n_customers, anchor_time, FALSE);
}

/* Parses "demo:workspace?seed=…&customers=…&anchor=…[&shapes=heavy]": each key exactly
 * once, in any order, nothing else, values strict decimals in range. */
static gboolean
parse_base_url (const char  *base_url,
                guint32     *seed,
                guint       *n_customers,
                gint64      *anchor_time,
                gboolean    *heavy_shapes,
                GError     **error)
{
  g_auto(GStrv) params = NULL;
  gboolean have_seed = FALSE, have_customers = FALSE, have_anchor = FALSE;
  guint n_params;

  *heavy_shapes = FALSE;
  if (base_url == NULL || !g_str_has_prefix (base_url, BASE_URL_PREFIX))
    goto invalid;

  params = g_strsplit (base_url + strlen (BASE_URL_PREFIX), "&", -1);
  n_params = g_strv_length (params);
  if (n_params != 3 && n_params != 4)
    goto invalid;

  for (guint i = 0; params[i] != NULL; i++)
    {
      const char *eq = strchr (params[i], '=');
      const char *value;
      gsize key_len;
      guint64 number;

      if (g_str_equal (params[i], HEAVY_SHAPES_PARAM) && !*heavy_shapes)
        {
          *heavy_shapes = TRUE;
          continue;
        }
      if (eq == NULL)
        goto invalid;
      key_len = eq - params[i];
      value = eq + 1;

      if (key_len == 4 && strncmp (params[i], "seed", 4) == 0 && !have_seed)
        {
          if (!parse_decimal (value, strlen (value), G_MAXUINT32, &number))
            goto invalid;
          *seed = (guint32) number;
          have_seed = TRUE;
        }
      else if (key_len == 9 && strncmp (params[i], "customers", 9) == 0 && !have_customers)
        {
          if (!parse_decimal (value, strlen (value), G_MAXUINT, &number) || number == 0)
            goto invalid;
          *n_customers = (guint) number;
          have_customers = TRUE;
        }
      else if (key_len == 6 && strncmp (params[i], "anchor", 6) == 0 && !have_anchor)
        {
          if (!parse_decimal (value, strlen (value), G_MAXINT64, &number))
            goto invalid;
          *anchor_time = (gint64) number;
          have_anchor = TRUE;
        }
      else
        goto invalid;
    }

  if (have_seed && have_customers && have_anchor && n_params == 3u + !!*heavy_shapes)
    return TRUE;

invalid:
  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
               "Invalid demo workspace address “%s” (expected "
               BASE_URL_PREFIX "seed=N&customers=N&anchor=N)",
               base_url != NULL ? base_url : "(none)");
  return FALSE;
}

/**
 * rapport_demo_provider_new_supervisor_account_for:
 * @account: an account of a demo workspace
 *
 * Returns: (transfer full): the supervisor's account of @account's workspace, or %NULL with
 *   RAPPORT_PROVIDER_ERROR_INVALID_INPUT if @account's base URL is not a demo workspace's.
 */
RapportAccount *
rapport_demo_provider_new_supervisor_account_for (RapportAccount  *account,
                                                  GError         **error)
{
  guint32 seed;
  guint n_customers;
  gint64 anchor_time;
  gboolean heavy_shapes;

  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_base_url (rapport_account_get_base_url (account), &seed, &n_customers,
                       &anchor_time, &heavy_shapes, error))
    return NULL;

  return new_supervisor_account (seed, n_customers, anchor_time, heavy_shapes);
}

/**
 * rapport_demo_provider_new_for_account:
 * @account: a demo account
 *
 * Returns: (transfer full) (nullable): the provider for @account, or %NULL with
 *   RAPPORT_PROVIDER_ERROR_INVALID_INPUT when the account is not a well-formed demo account.
 */
RapportProvider *
rapport_demo_provider_new_for_account (RapportAccount  *account,
                                       GError         **error)
{
  return rapport_demo_provider_new_for_account_in (account, NULL, error);
}

/**
 * rapport_demo_provider_new_for_account_in:
 * @account: a demo account
 * @state_dir: (nullable): where the demo server keeps its file; %NULL: in memory
 *
 * Returns: (transfer full) (nullable): the provider for @account, or %NULL with
 *   RAPPORT_PROVIDER_ERROR_INVALID_INPUT when the account is not a well-formed demo account.
 */
RapportProvider *
rapport_demo_provider_new_for_account_in (RapportAccount  *account,
                                          const char      *state_dir,
                                          GError         **error)
{
  const char *user_remote_id;
  const char *user_name;
  guint32 seed = 0;
  guint n_customers = 0;
  gint64 anchor_time = 0;
  gboolean heavy_shapes = FALSE;

  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (rapport_account_get_provider_kind (account), RAPPORT_DEMO_PROVIDER_KIND) != 0)
    {
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "Account of kind “%s” is not a demo account",
                   rapport_account_get_provider_kind (account));
      return NULL;
    }

  if (!parse_base_url (rapport_account_get_base_url (account), &seed, &n_customers,
                       &anchor_time, &heavy_shapes, error))
    return NULL;

  /* Who posts: the account's user (the demo agent unless the account says otherwise). */
  user_remote_id = rapport_account_get_user_remote_id (account);
  user_name = rapport_account_get_user_name (account);
  if (user_remote_id == NULL || user_remote_id[0] == '\0')
    user_remote_id = RAPPORT_DEMO_AGENT_REMOTE_ID;
  if (user_name == NULL || user_name[0] == '\0')
    user_name = rapport_demo_get_agent_name (user_remote_id);
  if (user_name == NULL)
    user_name = user_remote_id;

  return g_object_new (RAPPORT_TYPE_DEMO_PROVIDER,
                       "seed", seed,
                       "n-customers", n_customers,
                       "anchor-time", anchor_time,
                       "heavy-shapes", heavy_shapes,
                       "user-remote-id", user_remote_id,
                       "user-name", user_name,
                       "state-dir", state_dir,
                       NULL);
}
