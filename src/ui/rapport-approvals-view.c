/* rapport-approvals-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approvals-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-approvals-view.h"

#include "rapport-money-text.h"
#include "rapport-outbox.h"
#include "rapport-request-context.h"
#include "rapport-store.h"
#include "rapport-ui-util.h"

#define ROW_ACTION_KEY "rapport-money-action"

struct _RapportApprovalsView
{
  GtkWidget                parent_instance;

  /* template widgets */
  GtkStack                *stack;
  GtkListBox              *request_list;
  GtkWidget               *detail_box;
  GtkLabel                *title_label;
  GtkLabel                *request_label;
  GtkLabel                *ticket_label;
  RapportRequestContext   *context;
  AdwEntryRow             *note_row;
  GtkLabel                *state_label;
  GtkButton               *approve_button;
  GtkButton               *reject_button;

  /* owned */
  RapportWorkspace        *workspace;
  GPtrArray               *requests;         /* (element-type RapportMoneyAction) */
  GCancellable            *load_cancellable;
  GHashTable              *queued;           /* gint64 ledger id → RapportDecision it queued */
  RapportMoneyFormat       format;

  gint64                   shown_id;         /* ledger id of the request shown */
  guint                    count;
  guint                    window_days;      /* the policy's customer window */
  gboolean                 reload_again;     /* the store changed during a load */
  gboolean                 refilling;        /* set_requests() replaces the rows */
};

G_DEFINE_FINAL_TYPE (RapportApprovalsView, rapport_approvals_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (RapportApprovalsView *self);

/* ---------------------------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------------------------- */

/* The customer's name, bidi-safe (transfer full). */
static char *
customer_name (RapportMoneyAction *action)
{
  char *name = rapport_ui_bidi_safe (rapport_money_action_get_customer_name (action));

  return name != NULL ? name : g_strdup (_("Unknown customer"));
}

/* "Approval queued" / "Rejection queued" when the supervisor's decision waits in the outbox
 * (which decision: the ledger's, else the one this view queued). */
static const char *
queued_text (RapportApprovalsView *self,
             RapportMoneyAction   *action)
{
  gint64 id = rapport_money_action_get_id (action);
  RapportDecision decision;

  if (!rapport_money_action_get_decision_pending (action))
    return NULL;

  decision = rapport_money_action_get_decision (action);
  if (decision == RAPPORT_DECISION_NONE)
    decision = GPOINTER_TO_INT (g_hash_table_lookup (self->queued, &id));

  if (decision == RAPPORT_DECISION_REJECT)
    return _("Rejection queued");
  if (decision == RAPPORT_DECISION_APPROVE)
    return _("Approval queued");
  return _("Decision queued");
}

/* ---------------------------------------------------------------------------------------------
 * The selected request
 * ------------------------------------------------------------------------------------------- */

static RapportMoneyAction *
get_selected (RapportApprovalsView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->request_list);

  return row != NULL ? g_object_get_data (G_OBJECT (row), ROW_ACTION_KEY) : NULL;
}

static void
sync_buttons (RapportApprovalsView *self)
{
  RapportMoneyAction *action = get_selected (self);
  const char *queued = action != NULL ? queued_text (self, action) : NULL;
  gboolean enabled = action != NULL && queued == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.approve", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.reject", enabled);
  /* Not insensitive: that would take the focus from under the supervisor's keyboard. */
  gtk_editable_set_editable (GTK_EDITABLE (self->note_row), enabled);

  if (queued != NULL && self->workspace != NULL && !rapport_workspace_get_online (self->workspace))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is "Approval queued" or "Rejection queued" */
      text = g_strdup_printf (_("%s: it is sent when Rapport is back online"), queued);
      gtk_label_set_text (self->state_label, text);
    }
  else
    gtk_label_set_text (self->state_label, queued != NULL ? queued : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), queued != NULL);
}

static void
show_selected (RapportApprovalsView *self)
{
  RapportMoneyAction *action = get_selected (self);
  g_autofree char *title = NULL;
  g_autofree char *request = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *order = NULL;
  g_autoptr(GString) ticket = NULL;

  rapport_request_context_set_request (self->context,
                                       self->workspace != NULL
                                         ? rapport_workspace_get_store (self->workspace) : NULL,
                                       action, self->window_days);
  gtk_widget_set_visible (self->detail_box, action != NULL);
  sync_buttons (self);
  if (action == NULL)
    {
      self->shown_id = 0;
      return;
    }

  amount = rapport_money_format (rapport_money_action_get_amount (action), &self->format);
  customer = customer_name (action);
  if (rapport_money_action_get_kind (action) == RAPPORT_MONEY_KIND_REFUND)
    /* Translators: %1$s an amount, %2$s a customer: "$75.00 refund for Chloé Silva" */
    title = g_strdup_printf (_("%1$s refund for %2$s"), amount, customer);
  else
    /* Translators: %1$s an amount, %2$s a customer: "$30.00 credit for Chloé Silva" */
    title = g_strdup_printf (_("%1$s credit for %2$s"), amount, customer);
  gtk_label_set_text (self->title_label, title);

  request = rapport_money_text_request (action, &self->format);
  gtk_label_set_text (self->request_label, request);

  ticket = g_string_new (NULL);
  /* The subject and the order reference come from the helpdesk: bidi-safe. */
  subject = rapport_ui_bidi_safe (rapport_money_action_get_ticket_subject (action));
  order = rapport_ui_bidi_safe (rapport_money_action_get_order_reference (action));
  if (subject != NULL)
    /* Translators: the customer's ticket of a request */
    g_string_append_printf (ticket, _("Ticket #%s: %s"),
                            rapport_money_action_get_ticket_remote_id (action) ?: "", subject);
  if (order != NULL)
    {
      if (ticket->len > 0)
        g_string_append (ticket, " · ");
      /* Translators: an order reference, "A-1009" */
      g_string_append_printf (ticket, _("Order %s"), order);
    }
  gtk_label_set_text (self->ticket_label, ticket->str);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_label), ticket->len > 0);

  /* The note is the request's: kept while the list reloads, not carried to another one. */
  if (rapport_money_action_get_id (action) != self->shown_id)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  self->shown_id = rapport_money_action_get_id (action);
}

/* ---------------------------------------------------------------------------------------------
 * The list
 * ------------------------------------------------------------------------------------------- */

static GtkWidget *
make_row (RapportApprovalsView *self,
          RapportMoneyAction   *action)
{
  g_autofree char *request = rapport_money_text_request (action, &self->format);
  g_autofree char *label = NULL;
  g_autofree char *customer = customer_name (action);
  g_autofree char *subject = rapport_ui_bidi_safe (rapport_money_action_get_ticket_subject (action));
  const char *queued = queued_text (self, action);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *name;
  GtkWidget *text;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  name = gtk_label_new (customer);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);

  text = gtk_label_new (request);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (text), 2);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), text);

  if (subject != NULL)
    {
      GtkWidget *ticket = gtk_label_new (subject);

      gtk_label_set_xalign (GTK_LABEL (ticket), 0);
      gtk_label_set_ellipsize (GTK_LABEL (ticket), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (ticket, "dim-label");
      gtk_box_append (GTK_BOX (box), ticket);
    }

  if (queued != NULL)
    {
      GtkWidget *state = gtk_label_new (queued);

      gtk_label_set_xalign (GTK_LABEL (state), 0);
      gtk_widget_add_css_class (state, "accent");
      gtk_box_append (GTK_BOX (box), state);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), ROW_ACTION_KEY, g_object_ref (action), g_object_unref);

  if (queued != NULL)
    /* Translators: a request's accessible label: "<customer>: <request>, <Approval queued>" */
    label = g_strdup_printf (_("%1$s: %2$s, %3$s"), customer, request, queued);
  else
    /* Translators: a request's accessible label: "<customer>: <request>" */
    label = g_strdup_printf (_("%1$s: %2$s"), customer, request);
  rapport_ui_set_accessible_label (row, label);

  return row;
}

static void
set_count (RapportApprovalsView *self,
           guint                 count)
{
  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

void
rapport_approvals_view_set_requests (RapportApprovalsView *self,
                                     GPtrArray            *requests)
{
  RapportMoneyAction *selected;
  gint64 selected_id = 0;
  guint count = 0;
  GtkWidget *child;

  g_return_if_fail (RAPPORT_IS_APPROVALS_VIEW (self));

  selected = get_selected (self);
  if (selected != NULL)
    selected_id = rapport_money_action_get_id (selected);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  if (requests != NULL)
    self->requests = g_ptr_array_ref (requests);

  /* The rows change under the selection: what it shows is decided once they are in. */
  self->refilling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->request_list))) != NULL)
    gtk_list_box_remove (self->request_list, child);

  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      RapportMoneyAction *action = g_ptr_array_index (requests, i);

      gtk_list_box_append (self->request_list, make_row (self, action));
      if (!rapport_money_action_get_decision_pending (action))
        count++;
    }

  rapport_ui_stack_show_page (self->stack, requests != NULL && requests->len > 0 ? "requests"
                                                                                 : "empty");
  set_count (self, count);

  if (selected_id == 0 || !rapport_approvals_view_select (self, selected_id))
    gtk_list_box_select_row (self->request_list, gtk_list_box_get_row_at_index (self->request_list, 0));
  self->refilling = FALSE;
  show_selected (self);
}

static void
on_requests_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RapportApprovalsView) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  requests = rapport_store_list_pending_approvals_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  if (requests == NULL)
    rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not load the approval requests"),
                                error);
  else
    rapport_approvals_view_set_requests (self, requests);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      load (self);
    }
}

static void
load (RapportApprovalsView *self)
{
  RapportStore *store;

  if (self->workspace == NULL)
    return;

  /* One load at a time; a change meanwhile loads once more after it. */
  if (self->load_cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }

  store = rapport_workspace_get_store (self->workspace);
  self->load_cancellable = g_cancellable_new ();
  rapport_store_list_pending_approvals_async (store,
                                              rapport_workspace_get_account_id (self->workspace),
                                              self->load_cancellable,
                                              on_requests_loaded_cb, g_object_ref (self));
}

static void
on_store_changed_cb (RapportStore         *store,
                     guint64               account_id,
                     RapportApprovalsView *self)
{
  if (self->workspace != NULL &&
      (gint64) account_id == rapport_workspace_get_account_id (self->workspace))
    load (self);
}

static void
on_request_list_row_selected_cb (RapportApprovalsView *self)
{
  /* The list empties as the view is disposed. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->request_list == NULL ||
      self->refilling)
    return;

  show_selected (self);
}

static void
on_request_list_row_activated_cb (RapportApprovalsView *self)
{
  if (gtk_editable_get_editable (GTK_EDITABLE (self->note_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}

/* ---------------------------------------------------------------------------------------------
 * Deciding
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportApprovalsView *self;
  RapportDecision       decision;
} Decision;

static void
on_decision_queued_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Decision *d = user_data;
  g_autoptr(RapportApprovalsView) self = d->self;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  RapportDecision decision = d->decision;
  gboolean offline;

  g_free (d);

  op = rapport_outbox_enqueue_decision_finish (RAPPORT_STORE (object), result, &error);
  if (op == NULL)
    {
      rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not queue the decision"), error);
      return;
    }

  offline = self->workspace != NULL && !rapport_workspace_get_online (self->workspace);
  if (decision == RAPPORT_DECISION_APPROVE)
    rapport_ui_add_text_toast (GTK_WIDGET (self),
                               offline ? _("Approval queued: it is sent when Rapport is back online")
                                       : _("Approval queued"));
  else
    rapport_ui_add_text_toast (GTK_WIDGET (self),
                               offline ? _("Rejection queued: it is sent when Rapport is back online")
                                       : _("Rejection queued"));
}

void
rapport_approvals_view_decide (RapportApprovalsView *self,
                               RapportDecision       decision)
{
  RapportMoneyAction *action;
  g_autofree char *note = NULL;
  Decision *d;

  g_return_if_fail (RAPPORT_IS_APPROVALS_VIEW (self));
  g_return_if_fail (decision == RAPPORT_DECISION_APPROVE || decision == RAPPORT_DECISION_REJECT);

  action = get_selected (self);
  if (action == NULL || rapport_money_action_get_decision_pending (action))
    return;

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, rapport_money_action_get_id (action),
                 (int) decision, note);

  if (self->workspace == NULL)
    return;

  g_hash_table_insert (self->queued,
                       g_memdup2 (&(gint64) { rapport_money_action_get_id (action) }, sizeof (gint64)),
                       GINT_TO_POINTER (decision));

  /* Never cancelled: the supervisor decided. The row says "queued" once the store has it. */
  d = g_new0 (Decision, 1);
  d->self = g_object_ref (self);
  d->decision = decision;
  rapport_outbox_enqueue_decision_async (rapport_workspace_get_store (self->workspace),
                                         rapport_workspace_get_account_id (self->workspace),
                                         rapport_money_action_get_id (action), decision,
                                         *note != '\0' ? note : NULL,
                                         NULL, on_decision_queued_cb, d);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rapport_approvals_view_decide (RAPPORT_APPROVALS_VIEW (widget), RAPPORT_DECISION_APPROVE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rapport_approvals_view_decide (RAPPORT_APPROVALS_VIEW (widget), RAPPORT_DECISION_REJECT);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
on_workspace_online_cb (RapportApprovalsView *self)
{
  sync_buttons (self);
}

static void
disconnect_workspace (RapportApprovalsView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->reload_again = FALSE;

  if (self->workspace != NULL)
    {
      g_signal_handlers_disconnect_by_data (rapport_workspace_get_store (self->workspace), self);
      g_signal_handlers_disconnect_by_data (self->workspace, self);
    }
}

static void
rapport_approvals_view_dispose (GObject *object)
{
  RapportApprovalsView *self = (RapportApprovalsView *)object;

  disconnect_workspace (self);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->queued, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_APPROVALS_VIEW);

  G_OBJECT_CLASS (rapport_approvals_view_parent_class)->dispose (object);
}

static void
rapport_approvals_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportApprovalsView *self = RAPPORT_APPROVALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approvals_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportApprovalsView *self = RAPPORT_APPROVALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      rapport_approvals_view_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approvals_view_class_init (RapportApprovalsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_approvals_view_dispose;
  object_class->get_property = rapport_approvals_view_get_property;
  object_class->set_property = rapport_approvals_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DECIDED] =
    g_signal_new ("decided",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-approvals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, request_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, request_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, context);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, note_row);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, state_label);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsView, reject_button);
  gtk_widget_class_bind_template_callback (widget_class, on_request_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_request_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "approvals.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "approvals.reject", NULL, reject_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "approvalsview");
}

static void
rapport_approvals_view_init (RapportApprovalsView *self)
{
  g_type_ensure (RAPPORT_TYPE_REQUEST_CONTEXT);
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (self));

  self->queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  rapport_money_format_init_from_locale (&self->format);
  self->window_days = 30;
  rapport_ui_set_accessible_label (GTK_WIDGET (self->note_row), _("Note for the agent"));
  rapport_ui_stack_show_page (self->stack, "empty");
  show_selected (self);
}

GtkWidget *
rapport_approvals_view_new (void)
{
  return g_object_new (RAPPORT_TYPE_APPROVALS_VIEW, NULL);
}

RapportWorkspace *
rapport_approvals_view_get_workspace (RapportApprovalsView *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVALS_VIEW (self), NULL);

  return self->workspace;
}

void
rapport_approvals_view_set_workspace (RapportApprovalsView *self,
                                      RapportWorkspace     *workspace)
{
  g_return_if_fail (RAPPORT_IS_APPROVALS_VIEW (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  disconnect_workspace (self);
  g_set_object (&self->workspace, workspace);
  rapport_approvals_view_set_requests (self, NULL);

  if (workspace != NULL)
    {
      g_signal_connect_object (rapport_workspace_get_store (workspace), "changed",
                               G_CALLBACK (on_store_changed_cb), self, 0);
      g_signal_connect_object (workspace, "notify::online", G_CALLBACK (on_workspace_online_cb),
                               self, G_CONNECT_SWAPPED);
      load (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

guint
rapport_approvals_view_get_count (RapportApprovalsView *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVALS_VIEW (self), 0);

  return self->count;
}

gboolean
rapport_approvals_view_select (RapportApprovalsView *self,
                               gint64                action_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (RAPPORT_IS_APPROVALS_VIEW (self), FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->request_list, i)) != NULL; i++)
    {
      RapportMoneyAction *action = g_object_get_data (G_OBJECT (row), ROW_ACTION_KEY);

      if (rapport_money_action_get_id (action) == action_id)
        {
          gtk_list_box_select_row (self->request_list, row);
          return TRUE;
        }
    }

  return FALSE;
}

void
rapport_approvals_view_set_window_days (RapportApprovalsView *self,
                                        guint                 window_days)
{
  g_return_if_fail (RAPPORT_IS_APPROVALS_VIEW (self));
  g_return_if_fail (window_days > 0);

  if (self->window_days == window_days)
    return;

  self->window_days = window_days;
  show_selected (self);
}
