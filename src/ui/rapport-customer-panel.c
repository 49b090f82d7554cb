/* rapport-customer-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-customer-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-customer-panel.h"

#include "rapport-clock.h"
#include "rapport-customer-text.h"
#include "rapport-history-row.h"
#include "rapport-trace.h"
#include "rapport-identity-row.h"
#include "rapport-money-summary-view.h"
#include "rapport-ui-util.h"

struct _RapportCustomerPanel
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *organization_label;
  GtkLabel             *counts_label;
  GtkLabel             *last_contact_label;
  GtkListBox           *identities_list;
  GtkListBox           *history_list;
  GtkLabel             *history_count_label;
  RapportMoneySummaryView *money_summary;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage        *error_page;

  /* owned */
  RapportTicketSession *session;
  RapportCustomer      *customer;   /* shown now */
  GPtrArray            *history;    /* (element-type RapportHistoryEntry) shown now */

  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (RapportCustomerPanel, rapport_customer_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_identities (RapportCustomerPanel *self,
                 RapportCustomer      *customer)
{
  GListModel *identities = rapport_customer_get_identities (customer);
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->identities_list))) != NULL)
    gtk_list_box_remove (self->identities_list, child);

  n = identities ? g_list_model_get_n_items (identities) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      gtk_list_box_append (self->identities_list, rapport_identity_row_new (identity));
    }

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->identities_list)), n > 0);
}

static void
mark_current_rows (RapportCustomerPanel *self)
{
  gint64 current_ticket_id = rapport_customer_panel_get_current_ticket_id (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      RapportHistoryEntry *entry;

      if (!RAPPORT_IS_HISTORY_ROW (child))
        continue;

      entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (child));
      rapport_history_row_set_current (RAPPORT_HISTORY_ROW (child),
                                       current_ticket_id != 0 &&
                                       rapport_history_entry_get_ticket_id (entry) == current_ticket_id);
    }
}

static void
show_history (RapportCustomerPanel *self,
              GPtrArray            *history)
{
  g_autofree char *count = NULL;
  GtkWidget *child;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction", "%u interactions",
                                        history->len),
                           history->len);
  gtk_label_set_text (self->history_count_label, count);

  /* The session replaces its history only when it changed. */
  if (self->history == history)
    return;

  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = g_ptr_array_ref (history);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  for (guint i = 0; i < history->len; i++)
    gtk_list_box_append (self->history_list,
                         rapport_history_row_new (g_ptr_array_index (history, i)));

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->history_list)), history->len > 0);
  mark_current_rows (self);
}

static void
update_last_contact (RapportCustomerPanel *self,
                     RapportCustomer      *customer)
{
  g_autofree char *last_contact = rapport_customer_text_last_contact (customer, rapport_ui_now ());

  gtk_label_set_text (self->last_contact_label, last_contact);
}

static void
on_clock_ticked_cb (RapportCustomerPanel *self)
{
  if (self->customer != NULL)
    update_last_contact (self, self->customer);
}

static void
show_customer (RapportCustomerPanel *self,
               RapportCustomer      *customer)
{
  g_autofree char *counts = rapport_customer_text_counts (customer);
  const char *name = rapport_customer_text_name (customer);
  const char *organization = rapport_customer_get_organization (customer);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->organization_label, organization ? organization : "");
  gtk_widget_set_visible (GTK_WIDGET (self->organization_label),
                          organization != NULL && *organization != '\0');

  gtk_label_set_text (self->counts_label, counts);

  update_last_contact (self, customer);

  show_identities (self, customer);

  {
    /* Translators: accessible label of the customer panel: "Customer: Chloé Silva" */
    g_autofree char *accessible = g_strdup_printf (_("Customer: %s"), name);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible,
                                    -1);
  }
}

static void
show_error (RapportCustomerPanel *self,
            const GError         *error)
{
  g_autofree char *description = rapport_ui_error_to_markup (error);

  /* Made on first use: not part of the window at startup. */
  if (self->error_page == NULL)
    self->error_page = rapport_ui_stack_add_status_page (self->stack, "error",
                                                         "dialog-error-symbolic",
                                                         _("Could Not Load the Customer"), TRUE);
  adw_status_page_set_description (self->error_page, description);
  gtk_spinner_stop (self->spinner);
  rapport_ui_stack_show_page (self->stack, "error");
}

/* Shows what the session holds: its customer once loaded, the previous one meanwhile when it
 * is the same person (another of their tickets), else a spinner. */
static void
sync_page (RapportCustomerPanel *self)
{
  RapportTicketSession *session = self->session;
  RapportCustomer *customer = session ? rapport_ticket_session_get_customer (session) : NULL;
  GPtrArray *history = session ? rapport_ticket_session_get_history (session) : NULL;
  const GError *error = session ? rapport_ticket_session_get_customer_error (session) : NULL;
  gint64 customer_id;

  if (session == NULL)
    {
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "empty");
      return;
    }

  if (error != NULL)
    {
      show_error (self, error);
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  if (customer != NULL && history != NULL)
    {
      gboolean changed = customer != self->customer;

      if (changed)
        {
          g_set_object (&self->customer, customer);
          show_customer (self, customer);
        }
      show_history (self, history);
      mark_current_rows (self);
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "customer");
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  if (!rapport_ticket_session_get_loading (session))
    {
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "empty");
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  customer_id = rapport_ticket_session_get_customer_id (session);
  if (self->customer != NULL && rapport_customer_get_id (self->customer) == customer_id &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "customer") == 0)
    return;

  gtk_spinner_start (self->spinner);
  rapport_ui_stack_show_page (self->stack, "loading");
}

static void
sync_loading (RapportCustomerPanel *self)
{
  gboolean loading = self->session != NULL && rapport_ticket_session_get_loading (self->session);

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The refunds and credits of the customer, where the account records them. */
static void
sync_money_summary (RapportCustomerPanel *self)
{
  const RapportMoneySummary *summary = NULL;

  if (self->session != NULL)
    summary = rapport_ticket_session_get_money_summary (self->session);
  rapport_money_summary_view_set_summary (self->money_summary, summary);
}

static void
on_money_summary_changed_cb (RapportCustomerPanel *self)
{
  sync_money_summary (self);
}

static void
on_session_changed_cb (RapportCustomerPanel *self)
{
  sync_page (self);
  sync_loading (self);
}

static void
rapport_customer_panel_dispose (GObject *object)
{
  RapportCustomerPanel *self = (RapportCustomerPanel *)object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CUSTOMER_PANEL);
  self->error_page = NULL;

  G_OBJECT_CLASS (rapport_customer_panel_parent_class)->dispose (object);
}

static void
rapport_customer_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_customer_panel_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_panel_class_init (RapportCustomerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_customer_panel_dispose;
  object_class->get_property = rapport_customer_panel_get_property;
  object_class->set_property = rapport_customer_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         RAPPORT_TYPE_CUSTOMER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-customer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, organization_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, last_contact_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, identities_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_count_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, money_summary);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_REGION);
}

static void
rapport_customer_panel_init (RapportCustomerPanel *self)
{
  g_type_ensure (RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_stack_show_page (self->stack, "empty");
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_customer_panel_new (void)
{
  return g_object_new (RAPPORT_TYPE_CUSTOMER_PANEL, NULL);
}

RapportTicketSession *
rapport_customer_panel_get_session (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->session;
}

void
rapport_customer_panel_set_session (RapportCustomerPanel *self,
                                    RapportTicketSession *session)
{
  static const char * const followed[] = {
    "notify::customer", "notify::history", "notify::customer-error", "notify::loading",
  };

  g_return_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  g_set_object (&self->session, session);

  if (session != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
      g_signal_connect_object (session, followed[i], G_CALLBACK (on_session_changed_cb), self,
                               G_CONNECT_SWAPPED);
  if (session != NULL)
    g_signal_connect_object (session, "notify::money-summary",
                             G_CALLBACK (on_money_summary_changed_cb), self, G_CONNECT_SWAPPED);

  /* Another customer: the previous one is not shown meanwhile. */
  if (self->customer != NULL &&
      (session == NULL ||
       rapport_customer_get_id (self->customer) !=
       rapport_ticket_session_get_customer_id (session)))
    {
      g_clear_object (&self->customer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
    }

  mark_current_rows (self);
  sync_page (self);
  sync_loading (self);
  sync_money_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gint64
rapport_customer_panel_get_customer_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->session != NULL ? rapport_ticket_session_get_customer_id (self->session) : 0;
}

gint64
rapport_customer_panel_get_current_ticket_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->session != NULL ? rapport_ticket_session_get_ticket_id (self->session) : 0;
}

gboolean
rapport_customer_panel_get_loading (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), FALSE);

  return self->loading;
}

RapportCustomer *
rapport_customer_panel_get_customer (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->customer;
}
