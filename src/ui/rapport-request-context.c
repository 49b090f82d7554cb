/* rapport-request-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-request-context"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-request-context.h"

#include "rapport-clock.h"
#include "rapport-customer-text.h"
#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-money-summary-view.h"
#include "rapport-ui-util.h"

struct _RapportRequestContext
{
  GtkWidget                parent_instance;

  /* template widgets */
  GtkWidget               *box;
  GtkLabel                *error_label;
  GtkWidget               *customer_box;
  AdwAvatar               *avatar;
  GtkLabel                *name_label;
  GtkLabel                *details_label;
  GtkLabel                *last_contact_label;
  GtkWidget               *identities_box;
  GtkListBox              *identities_list;
  RapportMoneySummaryView *summary_view;
  GtkWidget               *previous_box;
  GtkListBox              *previous_list;
  GtkWidget               *history_box;
  GtkLabel                *history_count_label;
  GtkListBox              *history_list;
  GtkWidget               *more_history_button;

  /* owned */
  RapportMoneyAction      *request;
  RapportCustomer         *customer;     /* shown */
  RapportStore            *store;        /* read for the customer shown */
  GCancellable            *cancellable;
  GCancellable            *more_cancellable; /* the next page of history under way */
  RapportHistoryEntry     *oldest;       /* the last history row shown */
  RapportMoneyFormat       format;

  gint64                   customer_id;  /* whose context is shown or read, 0 = none */
  gboolean                 loading;
};

G_DEFINE_FINAL_TYPE (RapportRequestContext, rapport_request_context, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One read of a customer's context: the three queries, shown together once all are back. */
typedef struct
{
  RapportRequestContext *self;
  gint64                 customer_id;
  guint                  window_days;
  guint                  pending;
  RapportCustomer       *customer;
  GPtrArray             *history;   /* (element-type RapportHistoryEntry) its first page */
  gboolean               history_complete;
  guint                  history_total;
  GPtrArray             *actions;   /* (element-type RapportMoneyAction) */
  GError                *error;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->customer);
  g_clear_pointer (&load->history, g_ptr_array_unref);
  g_clear_pointer (&load->actions, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void
set_loading (RapportRequestContext *self,
             gboolean               loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* A row of plain text, padded as the identity and history rows are. */
static GtkWidget *
text_row_new (const char *text,
              const char *css_class)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_set_margin_end (label, 10);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  rapport_ui_set_accessible_label (row, text);

  return row;
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Nothing shown: no request, or the request of another customer. */
static void
clear (RapportRequestContext *self)
{
  g_clear_object (&self->customer);
  remove_rows (self->identities_list);
  remove_rows (self->previous_list);
  remove_rows (self->history_list);
  g_cancellable_cancel (self->more_cancellable);
  g_clear_object (&self->more_cancellable);
  g_clear_object (&self->oldest);
  rapport_money_summary_view_set_summary (self->summary_view, NULL);
  gtk_widget_set_visible (self->customer_box, FALSE);
  gtk_widget_set_visible (self->identities_box, FALSE);
  gtk_widget_set_visible (self->previous_box, FALSE);
  gtk_widget_set_visible (self->history_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* "Refund, $40.00, done, 3 Nov: Charged twice" */
static char *
describe_action (RapportRequestContext *self,
                 RapportMoneyAction    *action)
{
  g_autofree char *amount = rapport_money_format (rapport_money_action_get_amount (action),
                                                  &self->format);
  g_autofree char *date = rapport_ui_format_relative_time (rapport_money_action_get_created_at (action) /
                                                           G_USEC_PER_SEC,
                                                           rapport_ui_now ());
  const char *kind = rapport_money_action_get_kind (action) == RAPPORT_MONEY_KIND_REFUND
                       ? _("Refund") : _("Credit");
  const char *state;
  g_autofree char *reason = rapport_ui_bidi_safe (rapport_money_action_get_reason (action));

  switch (rapport_money_action_get_state (action))
    {
    case RAPPORT_ACTION_STATE_EXECUTED:
      state = _("done");
      break;
    case RAPPORT_ACTION_STATE_PENDING_APPROVAL:
      state = _("awaiting approval");
      break;
    case RAPPORT_ACTION_STATE_APPROVED:
      state = _("approved");
      break;
    case RAPPORT_ACTION_STATE_REJECTED:
      state = _("rejected");
      break;
    case RAPPORT_ACTION_STATE_CANCELLED:
    default:
      state = _("cancelled");
      break;
    }

  /* Translators: one previous money action: kind, amount, state, date, reason */
  return g_strdup_printf (_("%1$s, %2$s, %3$s, %4$s: %5$s"), kind, amount, state, date,
                          reason != NULL ? reason : "");
}

/* The request itself, or its copy in another account of the same workspace. */
static gboolean
is_the_request (RapportMoneyAction *request,
                RapportMoneyAction *action)
{
  if (rapport_money_action_get_id (action) == rapport_money_action_get_id (request))
    return TRUE;

  return rapport_money_action_get_remote_id (request) != NULL &&
         g_strcmp0 (rapport_money_action_get_remote_id (action),
                    rapport_money_action_get_remote_id (request)) == 0 &&
         g_strcmp0 (rapport_money_action_get_approval_remote_id (action),
                    rapport_money_action_get_approval_remote_id (request)) == 0;
}

static void
show_actions (RapportRequestContext *self,
              GPtrArray             *actions,
              guint                  window_days)
{
  g_autoptr(RapportMoneySummary) summary = NULL;
  guint n = 0;

  summary = rapport_money_summary_compute (self->customer_id, actions, window_days,
                                           g_get_real_time ());
  rapport_money_summary_view_set_summary (self->summary_view, summary);

  remove_rows (self->previous_list);
  for (guint i = 0; i < actions->len; i++)
    {
      RapportMoneyAction *action = g_ptr_array_index (actions, i);
      g_autofree char *text = NULL;
      GtkWidget *row;
      gint64 ticket_id;

      if (is_the_request (self->request, action))
        continue;

      text = describe_action (self, action);
      row = text_row_new (text, NULL);
      /* Its ticket opens like a history entry's. */
      ticket_id = rapport_money_action_get_ticket_id (action);
      if (ticket_id > 0)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", ticket_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), ticket_id > 0 ? "win.open-ticket"
                                                                         : NULL);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), ticket_id > 0);
      gtk_list_box_append (self->previous_list, row);
      n++;
    }

  if (n == 0)
    {
      GtkWidget *row = text_row_new (_("None before this one"), "dim-label");

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->previous_list, row);
    }
  gtk_widget_set_visible (self->previous_box, TRUE);
}

static void
update_last_contact (RapportRequestContext *self)
{
  g_autofree char *text = NULL;

  if (self->customer == NULL)
    return;

  text = rapport_customer_text_last_contact (self->customer, rapport_ui_now ());
  gtk_label_set_text (self->last_contact_label, text);
}

static void
show_customer (RapportRequestContext *self,
               RapportCustomer       *customer)
{
  g_autofree char *counts = rapport_customer_text_counts (customer);
  g_autofree char *details = NULL;
  g_autofree char *identities_label = NULL;
  g_autofree char *name = rapport_customer_text_name (customer);
  g_autofree char *organization = rapport_customer_text_organization (customer);
  GListModel *identities = rapport_customer_get_identities (customer);
  guint n = identities != NULL ? g_list_model_get_n_items (identities) : 0;

  g_set_object (&self->customer, customer);

  rapport_ui_set_avatar_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  if (organization != NULL)
    /* Translators: a customer's organization, then their ticket counts */
    details = g_strdup_printf (_("%1$s · %2$s"), organization, counts);
  gtk_label_set_text (self->details_label, details != NULL ? details : counts);
  update_last_contact (self);
  gtk_widget_set_visible (self->customer_box, TRUE);

  remove_rows (self->identities_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      gtk_list_box_append (self->identities_list, rapport_identity_row_new (identity));
    }
  /* Translators: accessible name of the list of a customer's email addresses, phones… */
  identities_label = g_strdup_printf (_("Identities of %s"), name);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->identities_list), identities_label);
  gtk_widget_set_visible (self->identities_box, n > 0);
}

/* The request's ticket, or the copy of it in another account of the workspace (the history
 * lists a helpdesk's ticket once). */
static gboolean
is_the_ticket (RapportRequestContext *self,
               RapportHistoryEntry   *entry)
{
  const char *remote_id = rapport_money_action_get_ticket_remote_id (self->request);

  if (rapport_history_entry_get_ticket_id (entry) == rapport_money_action_get_ticket_id (self->request))
    return TRUE;

  return remote_id != NULL &&
         g_strcmp0 (rapport_history_entry_get_ticket_remote_id (entry), remote_id) == 0;
}

/* Appends @page of the history; the button asks for the next one unless @complete. */
static void
append_history (RapportRequestContext *self,
                GPtrArray             *page,
                gboolean               complete)
{
  for (guint i = 0; i < page->len; i++)
    {
      RapportHistoryEntry *entry = g_ptr_array_index (page, i);
      GtkWidget *row = rapport_history_row_new_list_row (entry);

      rapport_history_row_set_current (RAPPORT_HISTORY_ROW (gtk_list_box_row_get_child (
                                         GTK_LIST_BOX_ROW (row))),
                                       is_the_ticket (self, entry));
      gtk_list_box_append (self->history_list, row);
    }
  if (page->len > 0)
    g_set_object (&self->oldest, g_ptr_array_index (page, page->len - 1));
  gtk_widget_set_visible (self->more_history_button, !complete);
}

/* The first page of the history: a long one is shown a page at a time. */
static void
show_history (RapportRequestContext *self,
              GPtrArray             *history,
              gboolean               complete,
              guint                  total)
{
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction", "%u interactions",
                                        total),
                           total);
  gtk_label_set_text (self->history_count_label, count);

  remove_rows (self->history_list);
  g_cancellable_cancel (self->more_cancellable);
  g_clear_object (&self->more_cancellable);
  g_clear_object (&self->oldest);
  append_history (self, history, complete);

  /* Translators: accessible name of the list of a customer's interactions on every channel */
  name = rapport_customer_text_name (self->customer);
  label = g_strdup_printf (_("History of %s"), name);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->history_list), label);
  gtk_widget_set_visible (self->history_box, history->len > 0);
}

static void
on_more_history_loaded_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(RapportRequestContext) self = user_data;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;

  page = rapport_store_customer_history_page_finish (RAPPORT_STORE (object), result, &complete,
                                                     NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->more_cancellable);
  gtk_widget_set_sensitive (self->more_history_button, TRUE);
  if (page == NULL)
    {
      g_autofree char *reason = rapport_ui_error_to_text (error);
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("Could not load more history: %s"), reason);

      g_warning ("Could not load more of the history of customer %" G_GINT64_FORMAT ": %s",
                 self->customer_id, error->message);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  append_history (self, page, complete);
}

static void
more_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RapportRequestContext *self = RAPPORT_REQUEST_CONTEXT (widget);

  if (self->more_cancellable != NULL || self->store == NULL || self->oldest == NULL)
    return;

  self->more_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->more_history_button, FALSE);
  rapport_store_customer_history_page_async (self->store, self->customer_id, self->oldest,
                                             RAPPORT_REQUEST_CONTEXT_HISTORY_PAGE,
                                             self->more_cancellable, on_more_history_loaded_cb,
                                             g_object_ref (self));
}

/* One of the reads is back; the first error (taken) is kept. */
static void
load_step_done (Load   *load,
                GError *error)
{
  RapportRequestContext *self = load->self;

  if (error != NULL && load->error == NULL)
    load->error = error;
  else
    g_clear_error (&error);

  if (--load->pending > 0)
    return;

  /* Read for a request no longer shown (cancelled, or another customer since). */
  if (g_error_matches (load->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->request == NULL || load->customer_id != self->customer_id)
    {
      load_free (load);
      return;
    }

  g_clear_object (&self->cancellable);

  if (load->error != NULL || load->customer == NULL)
    {
      g_autofree char *reason = NULL;
      g_autofree char *text = NULL;

      if (load->error == NULL)
        g_set_error (&load->error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                     "No customer %" G_GINT64_FORMAT, load->customer_id);
      g_warning ("Could not load the context of customer %" G_GINT64_FORMAT ": %s",
                 load->customer_id, load->error->message);
      clear (self);
      reason = rapport_ui_error_to_text (load->error);
      /* Translators: %s says why */
      text = g_strdup_printf (_("Could not load the customer: %s"), reason);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      show_customer (self, load->customer);
      show_actions (self, load->actions, load->window_days);
      show_history (self, load->history, load->history_complete, load->history_total);
    }

  set_loading (self, FALSE);
  load_free (load);
}

static void
on_customer_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->customer = rapport_store_load_customer_finish (RAPPORT_STORE (object), result, &error);
  load_step_done (load, error);
}

static void
on_history_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->history = rapport_store_customer_history_page_finish (RAPPORT_STORE (object), result,
                                                              &load->history_complete,
                                                              &load->history_total, &error);
  load_step_done (load, error);
}

static void
on_actions_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Load *load = user_data;
  GError *error = NULL;

  load->actions = rapport_store_list_customer_actions_finish (RAPPORT_STORE (object), result,
                                                              &error);
  load_step_done (load, error);
}

static void
on_clock_ticked_cb (RapportRequestContext *self)
{
  update_last_contact (self);
}

static void
rapport_request_context_dispose (GObject *object)
{
  RapportRequestContext *self = RAPPORT_REQUEST_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->more_cancellable);
  g_clear_object (&self->more_cancellable);
  g_clear_object (&self->request);
  g_clear_object (&self->customer);
  g_clear_object (&self->store);
  g_clear_object (&self->oldest);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_REQUEST_CONTEXT);

  G_OBJECT_CLASS (rapport_request_context_parent_class)->dispose (object);
}

static void
rapport_request_context_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RapportRequestContext *self = RAPPORT_REQUEST_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_request_context_class_init (RapportRequestContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_request_context_dispose;
  object_class->get_property = rapport_request_context_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-request-context.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, box);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, customer_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, details_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, last_contact_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, identities_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, identities_list);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, summary_view);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, previous_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, previous_list);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, history_box);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, history_count_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, history_list);
  gtk_widget_class_bind_template_child (widget_class, RapportRequestContext, more_history_button);
  gtk_widget_class_install_action (widget_class, "context.more-history", NULL,
                                   more_history_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "requestcontext");
}

static void
rapport_request_context_init (RapportRequestContext *self)
{
  g_type_ensure (RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_money_format_init_from_locale (&self->format);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->previous_list),
                                   _("Previous refunds and credits"));
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_request_context_new (void)
{
  return g_object_new (RAPPORT_TYPE_REQUEST_CONTEXT, NULL);
}

void
rapport_request_context_set_request (RapportRequestContext *self,
                                     RapportStore          *store,
                                     RapportMoneyAction    *request,
                                     guint                  window_days)
{
  gint64 customer_id;
  Load *load;

  g_return_if_fail (RAPPORT_IS_REQUEST_CONTEXT (self));
  g_return_if_fail (!store || RAPPORT_IS_STORE (store));
  g_return_if_fail (!request || RAPPORT_IS_MONEY_ACTION (request));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->request, request);
  g_set_object (&self->store, store);

  customer_id = request != NULL && store != NULL ? rapport_money_action_get_customer_id (request)
                                                 : 0;
  if (customer_id <= 0)
    customer_id = 0;

  /* Another customer: none of the previous one's data stays meanwhile. */
  if (customer_id != self->customer_id)
    {
      clear (self);
      self->customer_id = customer_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
    }

  if (customer_id == 0)
    {
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  self->cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->customer_id = customer_id;
  load->window_days = window_days;
  load->pending = 3;
  rapport_store_load_customer_async (store, customer_id, self->cancellable,
                                     on_customer_loaded_cb, load);
  rapport_store_customer_history_page_async (store, customer_id, NULL,
                                             RAPPORT_REQUEST_CONTEXT_HISTORY_PAGE,
                                             self->cancellable, on_history_loaded_cb, load);
  rapport_store_list_customer_actions_async (store, customer_id, self->cancellable,
                                             on_actions_loaded_cb, load);
}

gboolean
rapport_request_context_get_loading (RapportRequestContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_REQUEST_CONTEXT (self), FALSE);

  return self->loading;
}

gint64
rapport_request_context_get_customer_id (RapportRequestContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_REQUEST_CONTEXT (self), 0);

  return self->customer_id;
}
