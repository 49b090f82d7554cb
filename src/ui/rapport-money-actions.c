/* rapport-money-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-money-actions.h"

#include "rapport-money-dialog.h"
#include "rapport-money-text.h"
#include "rapport-provider.h"
#include "rapport-store.h"
#include "rapport-ui-util.h"

struct _RapportMoneyActions
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkWidget            *box;
  GtkMenuButton        *menu_button;
  GtkMenuButton        *decision_button;
  GtkLabel             *decision_label;
  GtkLabel             *decision_details;

  /* owned */
  RapportTicketSession *session;
  RapportWorkspace     *workspace;
  RapportMoneyDialog   *dialog;      /* the one open now; a weak pointer */

  gboolean              available;
};

G_DEFINE_FINAL_TYPE (RapportMoneyActions, rapport_money_actions, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
compute_available (RapportMoneyActions *self)
{
  RapportTicket *ticket;
  RapportProvider *provider;

  if (self->session == NULL || self->workspace == NULL)
    return FALSE;

  ticket = rapport_ticket_session_get_ticket (self->session);
  if (ticket == NULL || !rapport_ticket_get_loaded (ticket) || rapport_ticket_get_id (ticket) <= 0)
    return FALSE;

  provider = rapport_workspace_get_provider (self->workspace);
  return provider != NULL &&
         (rapport_provider_get_capabilities (provider) & RAPPORT_PROVIDER_CAPABILITY_APPROVALS) != 0 &&
         rapport_workspace_get_can_write (self->workspace);
}

static void
sync_state (RapportMoneyActions *self)
{
  gboolean available = compute_available (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "money.refund", available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "money.credit", available);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), available);
  if (!available)
    gtk_menu_button_popdown (self->menu_button);

  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
}

/* ---------------------------------------------------------------------------------------------
 * The decisions
 * ------------------------------------------------------------------------------------------- */

static int
newest_decision_first (gconstpointer a,
                       gconstpointer b)
{
  gint64 at_a = rapport_money_action_get_decided_at (*(RapportMoneyAction * const *) a);
  gint64 at_b = rapport_money_action_get_decided_at (*(RapportMoneyAction * const *) b);

  return at_a < at_b ? 1 : at_a > at_b ? -1 : 0;
}

/* The word on the button for @action's decision, and its style class. */
static const char *
decision_word (RapportMoneyAction  *action,
               const char         **css_class)
{
  if (!rapport_money_action_get_decision_valid (action))
    {
      *css_class = "warning";
      /* Translators: on a ticket's button, for a supervisor's decision that failed the checks */
      return C_("money decision", "Not Valid");
    }
  if (rapport_money_action_get_state (action) == RAPPORT_ACTION_STATE_APPROVED)
    {
      *css_class = "success";
      /* Translators: on a ticket's button, for a refund or credit a supervisor approved */
      return C_("money decision", "Approved");
    }
  *css_class = "error";
  /* Translators: on a ticket's button, for a refund or credit a supervisor rejected */
  return C_("money decision", "Rejected");
}

/* The decided requests of the session's ticket, as the agent is told of them: a word for the
 * newest decision on the button ("Approved"), whose accessible name is its title ("Refund of
 * $80.00 approved"), and in its popover and tooltip each decision, newest first, with who
 * decided and their note ("Vic Supervisor: <note>"), or why it does not count. */
static void
sync_decisions (RapportMoneyActions *self)
{
  RapportTicket *ticket = self->session != NULL ?
                          rapport_ticket_session_get_ticket (self->session) : NULL;
  GPtrArray *actions = self->session != NULL ?
                       rapport_ticket_session_get_money_actions (self->session) : NULL;
  gint64 ticket_id = ticket != NULL ? rapport_ticket_get_id (ticket) : 0;
  g_autoptr(GPtrArray) decided = g_ptr_array_new ();
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  RapportMoneyFormat format;

  for (guint i = 0; actions != NULL && ticket_id > 0 && i < actions->len; i++)
    {
      RapportMoneyAction *action = g_ptr_array_index (actions, i);

      if (rapport_money_action_get_ticket_id (action) == ticket_id &&
          !rapport_money_action_get_pending_sync (action) &&
          rapport_money_action_get_decision (action) != RAPPORT_DECISION_NONE)
        g_ptr_array_add (decided, action);
    }

  g_ptr_array_sort (decided, newest_decision_first);
  rapport_money_format_init_from_locale (&format);
  for (guint i = 0; i < decided->len; i++)
    {
      RapportMoneyAction *action = g_ptr_array_index (decided, i);
      g_autofree char *line = rapport_money_text_decided_title (action, &format);
      g_autofree char *body = rapport_money_text_decided_body (action);

      if (details->len > 0)
        g_string_append (details, "\n\n");
      /* Translators: a decision in the ticket's list of decisions: its title, then who
       * decided and their note, on the next line */
      g_string_append_printf (details, _("%1$s\n%2$s"), line, body);
      if (title == NULL)
        title = g_steal_pointer (&line);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->decision_button), title != NULL);
  if (title == NULL)
    {
      gtk_menu_button_popdown (self->decision_button);
      return;
    }

  {
    static const char * const classes[] = { "success", "error", "warning" };
    const char *css_class = NULL;

    gtk_label_set_text (self->decision_label,
                        decision_word (g_ptr_array_index (decided, 0), &css_class));
    for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
      if (g_strcmp0 (classes[i], css_class) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->decision_label), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->decision_label), classes[i]);
  }
  gtk_label_set_text (self->decision_details, details->str);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->decision_button), title);
  /* The tooltip (and the accessible description) says it all, with the notes. */
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->decision_button), details->str);
}

/* ---------------------------------------------------------------------------------------------
 * The dialog
 * ------------------------------------------------------------------------------------------- */

static void
set_dialog_history (RapportMoneyDialog   *dialog,
                    RapportTicketSession *session)
{
  GPtrArray *customer_actions = rapport_ticket_session_get_money_actions (session);
  GPtrArray *agent_actions = rapport_ticket_session_get_agent_actions (session);
  g_autofree RapportPolicyEntry *customer_entries = NULL;
  g_autofree RapportPolicyEntry *agent_entries = NULL;
  RapportPolicyHistory customer_recent = { NULL, 0 };
  RapportPolicyHistory agent_recent = { NULL, 0 };

  if (customer_actions != NULL)
    {
      customer_entries = rapport_money_actions_to_policy_entries (customer_actions,
                                                                  &customer_recent.n_entries);
      customer_recent.entries = customer_entries;
    }
  if (agent_actions != NULL)
    {
      agent_entries = rapport_money_actions_to_policy_entries (agent_actions,
                                                               &agent_recent.n_entries);
      agent_recent.entries = agent_entries;
    }

  rapport_money_dialog_set_history (dialog, &customer_recent, &agent_recent);
}

/* What the dialog needs from the session, again whenever the session loads anew. */
static void
sync_dialog (RapportMoneyActions *self)
{
  const RapportAuthority *authority;

  if (self->dialog == NULL || self->session == NULL)
    return;

  authority = rapport_ticket_session_get_authority (self->session);
  if (authority != NULL)
    {
      if (authority->policy != NULL)
        rapport_money_dialog_set_policy (self->dialog, authority->policy);
      rapport_money_dialog_set_has_role (self->dialog, authority->has_role);
      if (authority->has_role)
        rapport_money_dialog_set_role (self->dialog, authority->role);
    }
  else
    rapport_money_dialog_set_has_role (self->dialog, FALSE);

  set_dialog_history (self->dialog, self->session);
  rapport_money_dialog_set_offline (self->dialog,
                                    self->workspace != NULL &&
                                    !rapport_workspace_get_online (self->workspace));
  rapport_money_dialog_set_unconfirmed (self->dialog, authority != NULL && authority->from_cache);
}

typedef struct
{
  RapportMoneyActions *self;
  RapportMoneyKind     kind;
  RapportMoney         amount;
  gboolean             needs_approval;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
on_money_requested_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;
  RapportMoneyFormat format;

  op = rapport_ticket_session_request_money_finish (RAPPORT_TICKET_SESSION (object), result,
                                                    &error);
  if (op == NULL)
    {
      rapport_ui_add_error_toast (GTK_WIDGET (request->self),
                                  request->kind == RAPPORT_MONEY_KIND_REFUND
                                    ? _("Could not queue the refund")
                                    : _("Could not queue the credit"),
                                  error);
      return;
    }

  rapport_money_format_init_from_locale (&format);
  amount = rapport_money_format (&request->amount, &format);
  if (request->needs_approval)
    /* Translators: a toast; %s is an amount, "$75.00" */
    text = g_strdup_printf (request->kind == RAPPORT_MONEY_KIND_REFUND
                              ? _("Approval of a %s refund requested")
                              : _("Approval of a %s credit requested"),
                            amount);
  else
    /* Translators: a toast; %s is an amount, "$20.00" */
    text = g_strdup_printf (request->kind == RAPPORT_MONEY_KIND_REFUND
                              ? _("Refund of %s queued")
                              : _("Credit of %s queued"),
                            amount);
  rapport_ui_add_text_toast (GTK_WIDGET (request->self), text);
}

static void
on_dialog_confirmed_cb (RapportMoneyActions *self,
                        RapportMoneyDialog  *dialog)
{
  g_autofree char *reason = rapport_money_dialog_dup_reason (dialog);
  g_autofree char *order_reference = rapport_money_dialog_dup_order_reference (dialog);
  Request *request;

  if (self->session == NULL)
    return;

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->kind = rapport_money_dialog_get_kind (dialog);
  request->needs_approval =
    rapport_money_dialog_get_verdict (dialog) == RAPPORT_VERDICT_NEEDS_APPROVAL;
  if (!rapport_money_dialog_get_amount (dialog, &request->amount))
    g_return_if_reached ();

  /* Never cancelled: the agent asked for it. */
  rapport_ticket_session_request_money_async (self->session, request->kind, &request->amount,
                                              reason,
                                              *order_reference != '\0' ? order_reference : NULL,
                                              NULL, on_money_requested_cb, request);
}

static void
open_dialog (RapportMoneyActions *self,
             RapportMoneyKind     kind)
{
  const RapportAuthority *authority;
  const char *currency = "USD";
  GtkRoot *root;

  if (!compute_available (self))
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  authority = rapport_ticket_session_get_authority (self->session);
  if (authority != NULL && authority->policy != NULL)
    currency = rapport_policy_get_currency (authority->policy);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->dialog = RAPPORT_MONEY_DIALOG (rapport_money_dialog_new (GTK_IS_WINDOW (root)
                                                                   ? GTK_WINDOW (root) : NULL,
                                                                 kind, currency));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self->dialog), TRUE);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "confirmed", G_CALLBACK (on_dialog_confirmed_cb), self,
                           G_CONNECT_SWAPPED);
  sync_dialog (self);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
refund_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (RAPPORT_MONEY_ACTIONS (widget), RAPPORT_MONEY_KIND_REFUND);
}

static void
credit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (RAPPORT_MONEY_ACTIONS (widget), RAPPORT_MONEY_KIND_CREDIT);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
on_changed_cb (RapportMoneyActions *self)
{
  sync_state (self);
  sync_decisions (self);
  sync_dialog (self);
}

static void
disconnect (RapportMoneyActions *self)
{
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (rapport_ticket_session_get_ticket (self->session), self);
    }
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
}

static void
rapport_money_actions_dispose (GObject *object)
{
  RapportMoneyActions *self = (RapportMoneyActions *)object;

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  disconnect (self);
  g_clear_object (&self->session);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_MONEY_ACTIONS);

  G_OBJECT_CLASS (rapport_money_actions_parent_class)->dispose (object);
}

static void
rapport_money_actions_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportMoneyActions *self = RAPPORT_MONEY_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_money_actions_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportMoneyActions *self = RAPPORT_MONEY_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_money_actions_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_money_actions_class_init (RapportMoneyActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_money_actions_dispose;
  object_class->get_property = rapport_money_actions_get_property;
  object_class->set_property = rapport_money_actions_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-money-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyActions, box);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyActions, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyActions, decision_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyActions, decision_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyActions, decision_details);

  gtk_widget_class_install_action (widget_class, "money.refund", NULL, refund_action);
  gtk_widget_class_install_action (widget_class, "money.credit", NULL, credit_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "moneyactions");
}

static void
rapport_money_actions_init (RapportMoneyActions *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_menu_button_fix_role (GTK_WIDGET (self->decision_button));
  rapport_ui_menu_button_fix_role (GTK_WIDGET (self->menu_button));

  /* Managed scope: the window runs these wherever the focus is. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_r,
                           GDK_CONTROL_MASK | GDK_SHIFT_MASK, "money.refund");
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_c,
                           GDK_CONTROL_MASK | GDK_SHIFT_MASK, "money.credit");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  sync_state (self);
}

GtkWidget *
rapport_money_actions_new (void)
{
  return g_object_new (RAPPORT_TYPE_MONEY_ACTIONS, NULL);
}

RapportTicketSession *
rapport_money_actions_get_session (RapportMoneyActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTIONS (self), NULL);

  return self->session;
}

void
rapport_money_actions_set_session (RapportMoneyActions  *self,
                                   RapportTicketSession *session)
{
  static const char * const session_followed[] = {
    "notify::authority", "notify::money-actions", "notify::agent-actions",
  };
  static const char * const ticket_followed[] = { "notify::loaded", "notify::id" };

  g_return_if_fail (RAPPORT_IS_MONEY_ACTIONS (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  disconnect (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_set_object (&self->workspace, rapport_ticket_session_get_workspace (session));
  else
    g_clear_object (&self->workspace);

  if (session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (session_followed); i++)
        g_signal_connect_object (session, session_followed[i], G_CALLBACK (on_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (ticket_followed); i++)
        g_signal_connect_object (rapport_ticket_session_get_ticket (session), ticket_followed[i],
                                 G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (self->workspace != NULL)
    {
      g_signal_connect_object (self->workspace, "notify::can-write", G_CALLBACK (on_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "notify::online", G_CALLBACK (on_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  /* A dialog belongs to the ticket it was opened for. */
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  sync_state (self);
  sync_decisions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
rapport_money_actions_get_available (RapportMoneyActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTIONS (self), FALSE);

  return self->available;
}

GtkWindow *
rapport_money_actions_get_dialog (RapportMoneyActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTIONS (self), NULL);

  return self->dialog != NULL ? GTK_WINDOW (self->dialog) : NULL;
}
