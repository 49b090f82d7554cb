/* rapport-decision-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-decision-notifier"

#include "config.h"

#include "rapport-decision-notifier.h"

#include "rapport-money-text.h"
#include "rapport-store.h"

struct _RapportDecisionNotifier
{
  GObject           parent_instance;

  /* borrowed: the application outlives its workspaces' notifiers */
  GApplication     *application;

  /* owned */
  RapportWorkspace *workspace;
  GHashTable       *seen;        /* gint64 ledger id of a decided action → itself */
  GCancellable     *cancellable;

  gboolean          started;     /* the first read (the baseline) is done */
  gboolean          loading;
  gboolean          load_again;
};

G_DEFINE_FINAL_TYPE (RapportDecisionNotifier, rapport_decision_notifier, G_TYPE_OBJECT)

enum {
  SIGNAL_NOTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (RapportDecisionNotifier *self);

/* Decided as far as the agent is concerned: the helpdesk has a decision and Rapport checked it
 * (approved or rejected, or a decision that did not pass verification). */
static gboolean
is_decided (RapportMoneyAction *action)
{
  RapportActionState state = rapport_money_action_get_state (action);

  if (rapport_money_action_get_pending_sync (action) ||
      rapport_money_action_get_decision (action) == RAPPORT_DECISION_NONE)
    return FALSE;

  return state == RAPPORT_ACTION_STATE_APPROVED || state == RAPPORT_ACTION_STATE_REJECTED ||
         !rapport_money_action_get_decision_valid (action);
}

static void
notify_decision (RapportDecisionNotifier *self,
                 RapportMoneyAction      *action)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  const char *ticket = rapport_money_action_get_ticket_remote_id (action);
  RapportMoneyFormat format;

  rapport_money_format_init_from_locale (&format);
  title = rapport_money_text_decided_title (action, &format);
  body = rapport_money_text_decided_body (action);
  id = g_strdup_printf ("money-decision-%" G_GINT64_FORMAT, rapport_money_action_get_id (action));

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  /* A click opens the request's ticket, named by the helpdesk's id (a local id may be given
   * to another ticket before the click). */
  if (ticket != NULL)
    g_notification_set_default_action_and_target (notification, "app.open-ticket", "(xs)",
                                                   rapport_workspace_get_account_id (self->workspace),
                                                   ticket);
  g_application_send_notification (self->application, id, notification);

  g_signal_emit (self, signals[SIGNAL_NOTIFIED], 0, rapport_money_action_get_id (action), title,
                 body);
}

static void
on_actions_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RapportDecisionNotifier) self = user_data;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = rapport_store_list_agent_actions_finish (RAPPORT_STORE (object), result, &error);
  self->loading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (actions == NULL)
    g_warning ("Could not read the decisions on the agent's requests: %s", error->message);

  /* Oldest first, so notifications arrive in the order of the requests. */
  for (guint i = actions != NULL ? actions->len : 0; i > 0; i--)
    {
      RapportMoneyAction *action = g_ptr_array_index (actions, i - 1);
      gint64 id = rapport_money_action_get_id (action);

      if (!is_decided (action) || g_hash_table_contains (self->seen, &id))
        continue;

      g_hash_table_add (self->seen, g_memdup2 (&id, sizeof id));
      if (self->started)
        notify_decision (self, action);
    }
  self->started = actions != NULL || self->started;

  if (self->load_again)
    {
      self->load_again = FALSE;
      load (self);
    }
}

static void
load (RapportDecisionNotifier *self)
{
  RapportAccount *account = rapport_workspace_get_account (self->workspace);
  const char *me = rapport_account_get_user_remote_id (account);

  if (me == NULL || *me == '\0')
    return;

  if (self->loading)
    {
      self->load_again = TRUE;
      return;
    }

  self->loading = TRUE;
  rapport_store_list_agent_actions_async (rapport_workspace_get_store (self->workspace),
                                          rapport_workspace_get_account_id (self->workspace),
                                          me, 0, self->cancellable,
                                          on_actions_loaded_cb, g_object_ref (self));
}

static void
on_store_changed_cb (RapportStore            *store,
                     guint64                  account_id,
                     RapportDecisionNotifier *self)
{
  if ((gint64) account_id == rapport_workspace_get_account_id (self->workspace))
    load (self);
}

static void
rapport_decision_notifier_dispose (GObject *object)
{
  RapportDecisionNotifier *self = RAPPORT_DECISION_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (rapport_workspace_get_store (self->workspace), self);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (rapport_decision_notifier_parent_class)->dispose (object);
}

static void
rapport_decision_notifier_finalize (GObject *object)
{
  RapportDecisionNotifier *self = RAPPORT_DECISION_NOTIFIER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_decision_notifier_parent_class)->finalize (object);
}

static void
rapport_decision_notifier_class_init (RapportDecisionNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_decision_notifier_dispose;
  object_class->finalize = rapport_decision_notifier_finalize;

  signals[SIGNAL_NOTIFIED] =
    g_signal_new ("notified",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);
}

static void
rapport_decision_notifier_init (RapportDecisionNotifier *self)
{
  self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

RapportDecisionNotifier *
rapport_decision_notifier_new (GApplication     *application,
                               RapportWorkspace *workspace)
{
  RapportDecisionNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RAPPORT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (RAPPORT_TYPE_DECISION_NOTIFIER, NULL);
  self->application = application;
  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (rapport_workspace_get_store (workspace), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  load (self);

  return self;
}
