/* rapport-test-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-provider"

#include "config.h"

#include "rapport-test-provider.h"

#define ANSWER_DELAY_MS 5

struct _RapportTestProvider
{
  GObject     parent_instance;

  char       *user_remote_id;
  char       *user_name;
  GQueue      pages;     /* (element-type RapportSyncPage) */
  GQueue      faults;    /* RapportProviderError + 1 */
  GHashTable *history;   /* ticket remote id → GPtrArray of RapportMessage */
  GPtrArray  *posted;    /* bodies */
  guint       n_posts;
  guint       n_pulls;
  guint       next_id;
};

struct _RapportTestReadOnlyProvider
{
  GObject parent_instance;
};

static void rapport_test_provider_iface_init           (RapportProviderInterface *iface);
static void rapport_test_read_only_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportTestProvider, rapport_test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_test_provider_iface_init))

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportTestReadOnlyProvider, rapport_test_read_only_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      rapport_test_read_only_provider_iface_init))

/* An answer on its way back. */
typedef struct
{
  GTask          *task;
  gpointer        value;
  GDestroyNotify  value_free;
  GError         *error;
} Answer;

static gboolean
deliver_cb (gpointer user_data)
{
  Answer *answer = user_data;

  if (answer->error != NULL)
    g_task_return_error (answer->task, answer->error);
  else
    g_task_return_pointer (answer->task, answer->value, answer->value_free);

  g_object_unref (answer->task);
  g_free (answer);

  return G_SOURCE_REMOVE;
}

static void
answer_later (GTask          *task,
              gpointer        value,
              GDestroyNotify  value_free,
              GError         *error)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->task = task;
  answer->value = value;
  answer->value_free = value_free;
  answer->error = error;
  g_timeout_add (ANSWER_DELAY_MS, deliver_cb, answer);
}

static GError *
next_fault (RapportTestProvider *self)
{
  int code;

  if (g_queue_is_empty (&self->faults))
    return NULL;

  code = GPOINTER_TO_INT (g_queue_pop_head (&self->faults)) - 1;

  return g_error_new (RAPPORT_PROVIDER_ERROR, code, "Scripted fault %d", code);
}

static const char *
test_get_kind (RapportProvider *provider)
{
  return "test";
}

static RapportProviderCapabilities
test_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_WRITES | RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS;
}

static RapportProviderCapabilities
read_only_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS;
}

static void
test_pull_changes_async (RapportProvider     *provider,
                         const char          *cursor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  RapportTestProvider *self = RAPPORT_TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportSyncPage *page = g_queue_pop_head (&self->pages);

  self->n_pulls++;
  if (page == NULL)
    page = rapport_sync_page_new ();

  answer_later (task, page, (GDestroyNotify) rapport_sync_page_free, NULL);
}

static RapportSyncPage *
test_pull_changes_finish (RapportProvider  *provider,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
ticket_history (RapportTestProvider *self,
                const char          *ticket)
{
  GPtrArray *messages = g_hash_table_lookup (self->history, ticket);

  if (messages == NULL)
    {
      messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->history, g_strdup (ticket), messages);
    }

  return messages;
}

static void
test_post_message_async (RapportProvider     *provider,
                         const char          *ticket,
                         RapportVisibility    visibility,
                         const char          *body,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  RapportTestProvider *self = RAPPORT_TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *remote_id = NULL;
  RapportMessage *message;
  GError *error;

  self->n_posts++;
  error = next_fault (self);
  if (error != NULL)
    {
      answer_later (task, NULL, NULL, error);
      return;
    }

  remote_id = g_strdup_printf ("T-%u", self->next_id++);
  message = rapport_message_new ();
  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, self->user_name);
  rapport_message_set_author_remote_id (message, self->user_remote_id);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, g_get_real_time () / G_USEC_PER_SEC);
  g_ptr_array_add (ticket_history (self, ticket), g_object_ref (message));
  g_ptr_array_add (self->posted, g_strdup (body));

  answer_later (task, message, g_object_unref, NULL);
}

static RapportMessage *
test_post_message_finish (RapportProvider  *provider,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_fetch_ticket_history_async (RapportProvider     *provider,
                                 const char          *ticket,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RapportTestProvider *self = RAPPORT_TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *messages = ticket_history (self, ticket);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (messages, i)));

  answer_later (task, copy, (GDestroyNotify) g_ptr_array_unref, NULL);
}

static GPtrArray *
test_fetch_ticket_history_finish (RapportProvider  *provider,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_update_ticket_async (RapportProvider            *provider,
                          const char                 *remote_id,
                          const RapportTicketChanges *changes,
                          GCancellable               *cancellable,
                          GAsyncReadyCallback         callback,
                          gpointer                    user_data)
{
  RapportTestProvider *self = RAPPORT_TEST_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RapportTicket *ticket;
  GError *error;

  error = next_fault (self);
  if (error != NULL)
    {
      answer_later (task, NULL, NULL, error);
      return;
    }

  ticket = rapport_ticket_new ();
  rapport_ticket_set_remote_id (ticket, remote_id);
  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    rapport_ticket_set_status (ticket, changes->status);
  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    rapport_ticket_set_assignee_remote_id (ticket, changes->assignee_remote_id);
  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    rapport_ticket_set_priority (ticket, changes->priority);

  answer_later (task, ticket, g_object_unref, NULL);
}

static RapportTicket *
test_update_ticket_finish (RapportProvider  *provider,
                           GAsyncResult     *result,
                           GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rapport_test_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = test_get_kind;
  iface->get_capabilities = test_get_capabilities;
  iface->pull_changes_async = test_pull_changes_async;
  iface->pull_changes_finish = test_pull_changes_finish;
  iface->fetch_ticket_history_async = test_fetch_ticket_history_async;
  iface->fetch_ticket_history_finish = test_fetch_ticket_history_finish;
  iface->post_message_async = test_post_message_async;
  iface->post_message_finish = test_post_message_finish;
  iface->update_ticket_async = test_update_ticket_async;
  iface->update_ticket_finish = test_update_ticket_finish;
}

static void
rapport_test_provider_finalize (GObject *object)
{
  RapportTestProvider *self = RAPPORT_TEST_PROVIDER (object);

  g_free (self->user_remote_id);
  g_free (self->user_name);
  g_queue_clear_full (&self->pages, (GDestroyNotify) rapport_sync_page_free);
  g_queue_clear (&self->faults);
  g_hash_table_unref (self->history);
  g_ptr_array_unref (self->posted);

  G_OBJECT_CLASS (rapport_test_provider_parent_class)->finalize (object);
}

static void
rapport_test_provider_class_init (RapportTestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_test_provider_finalize;
}

static void
rapport_test_provider_init (RapportTestProvider *self)
{
  g_queue_init (&self->pages);
  g_queue_init (&self->faults);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->posted = g_ptr_array_new_with_free_func (g_free);
  self->next_id = 1;
}

RapportProvider *
rapport_test_provider_new (const char *user_remote_id,
                           const char *user_name)
{
  RapportTestProvider *self = g_object_new (RAPPORT_TYPE_TEST_PROVIDER, NULL);

  self->user_remote_id = g_strdup (user_remote_id);
  self->user_name = g_strdup (user_name);

  return RAPPORT_PROVIDER (self);
}

void
rapport_test_provider_push_page (RapportTestProvider *self,
                                 RapportSyncPage     *page)
{
  g_queue_push_tail (&self->pages, page);
}

void
rapport_test_provider_push_fault (RapportTestProvider  *self,
                                  RapportProviderError  code)
{
  g_queue_push_tail (&self->faults, GINT_TO_POINTER ((int) code + 1));
}

guint
rapport_test_provider_get_n_posts (RapportTestProvider *self)
{
  return self->n_posts;
}

guint
rapport_test_provider_get_n_pulls (RapportTestProvider *self)
{
  return self->n_pulls;
}

GPtrArray *
rapport_test_provider_get_posted (RapportTestProvider *self)
{
  return self->posted;
}

/* The read-only one: pulls (nothing), no write side. */

static void
read_only_pull_changes_async (RapportProvider     *provider,
                              const char          *cursor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  answer_later (task, rapport_sync_page_new (), (GDestroyNotify) rapport_sync_page_free, NULL);
}

static void
rapport_test_read_only_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = test_get_kind;
  iface->get_capabilities = read_only_get_capabilities;
  iface->pull_changes_async = read_only_pull_changes_async;
  iface->pull_changes_finish = test_pull_changes_finish;
}

static void
rapport_test_read_only_provider_class_init (RapportTestReadOnlyProviderClass *klass)
{
}

static void
rapport_test_read_only_provider_init (RapportTestReadOnlyProvider *self)
{
}

RapportProvider *
rapport_test_read_only_provider_new (void)
{
  return g_object_new (RAPPORT_TYPE_TEST_READ_ONLY_PROVIDER, NULL);
}
