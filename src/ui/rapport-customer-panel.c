/* rapport-customer-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-customer-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-customer-panel.h"

#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-clock.h"
#include "rapport-ui-util.h"

#define RELOAD_DELAY_MS 150

struct _RapportCustomerPanel
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwAvatar       *avatar;
  GtkLabel        *name_label;
  GtkLabel        *organization_label;
  GtkLabel        *counts_label;
  GtkLabel        *last_contact_label;
  GtkListBox      *identities_list;
  GtkListBox      *history_list;
  GtkLabel        *history_count_label;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage   *error_page;

  /* owned */
  RapportStore    *store;
  RapportCustomer *customer;
  GPtrArray       *history;          /* (element-type RapportHistoryEntry) shown now */
  GCancellable    *cancellable;      /* the load in flight */
  RapportCustomer *pending_customer; /* results of the load in flight */
  GPtrArray       *pending_history;
  gulong           changed_id;
  guint            reload_id;        /* coalesces the store's "changed" bursts */

  gint64           customer_id;
  gint64           current_ticket_id;
  guint            pending;          /* outstanding store calls of the load in flight */
  guint            generation;       /* bumped by every load; stale results are dropped */
  gboolean         load_failed;
};

G_DEFINE_FINAL_TYPE (RapportCustomerPanel, rapport_customer_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  PROP_CURRENT_TICKET_ID,
  PROP_LOADING,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (RapportCustomerPanel *self,
                        gboolean              quietly);

static void
set_loading (RapportCustomerPanel *self,
             guint                 pending)
{
  gboolean was_loading = self->pending > 0;

  self->pending = pending;
  if (was_loading != (pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

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

static gboolean
same_history (GPtrArray *a,
              GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportHistoryEntry *ea = g_ptr_array_index (a, i);
      RapportHistoryEntry *eb = g_ptr_array_index (b, i);

      if (rapport_history_entry_get_message_id (ea) != rapport_history_entry_get_message_id (eb) ||
          rapport_history_entry_get_ticket_status (ea) != rapport_history_entry_get_ticket_status (eb) ||
          g_strcmp0 (rapport_history_entry_get_ticket_subject (ea),
                     rapport_history_entry_get_ticket_subject (eb)) != 0 ||
          g_strcmp0 (rapport_history_entry_get_summary (ea),
                     rapport_history_entry_get_summary (eb)) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
mark_current_rows (RapportCustomerPanel *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      RapportHistoryEntry *entry;

      if (!RAPPORT_IS_HISTORY_ROW (child))
        continue;

      entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (child));
      rapport_history_row_set_current (RAPPORT_HISTORY_ROW (child),
                                       self->current_ticket_id != 0 &&
                                       rapport_history_entry_get_ticket_id (entry) == self->current_ticket_id);
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

  if (same_history (self->history, history))
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
  g_autofree char *last_contact = NULL;
  gint64 last = rapport_customer_get_last_contact (customer);
  const char *last_subject = rapport_customer_get_last_contact_subject (customer);

  if (last <= 0)
    {
      last_contact = g_strdup (_("No contact yet"));
    }
  else
    {
      g_autofree char *ago = rapport_ui_format_duration_ago (last, rapport_ui_now ());

      if (last_subject != NULL && *last_subject != '\0')
        /* Translators: "Last contact 2 hours ago about Cancel my subscription" */
        last_contact = g_strdup_printf (_("Last contact %s ago about %s"), ago, last_subject);
      else
        /* Translators: "Last contact 2 hours ago" */
        last_contact = g_strdup_printf (_("Last contact %s ago"), ago);
    }
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
  g_autofree char *counts = NULL;
  const char *name = rapport_customer_get_display_name (customer);
  const char *organization = rapport_customer_get_organization (customer);
  guint n_tickets = rapport_customer_get_ticket_count (customer);
  guint n_open = rapport_customer_get_open_ticket_count (customer);

  if (name == NULL || *name == '\0')
    name = _("Unknown customer");

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->organization_label, organization ? organization : "");
  gtk_widget_set_visible (GTK_WIDGET (self->organization_label),
                          organization != NULL && *organization != '\0');

  {
    g_autofree char *tickets = NULL;
    g_autofree char *open = NULL;

    tickets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n_tickets),
                               n_tickets);
    open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_open), n_open);
    /* Translators: ticket counts of a customer, e.g. "5 tickets · 2 open" */
    counts = g_strdup_printf (_("%s · %s"), tickets, open);
  }
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
finish_load (RapportCustomerPanel *self)
{

  if (self->load_failed)
    {
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "error");
    }
  else if (self->pending_customer != NULL && self->pending_history != NULL)
    {
      g_set_object (&self->customer, self->pending_customer);
      show_customer (self, self->customer);
      show_history (self, self->pending_history);
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "customer");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
    }

  g_clear_object (&self->pending_customer);
  g_clear_pointer (&self->pending_history, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
}

/* One of the two store calls of a load finished: show the result once both did, and only
 * then say that loading is over. */
static void
load_step_done (RapportCustomerPanel *self)
{
  g_assert (self->pending > 0);

  if (self->pending > 1)
    {
      self->pending--;
      return;
    }

  self->pending = 0;
  finish_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_failed (RapportCustomerPanel *self,
             GError               *error)
{
  g_autofree char *description = rapport_ui_error_to_markup (error);

  g_warning ("Could not load customer %" G_GINT64_FORMAT ": %s", self->customer_id, error->message);
  /* Made on first use: not part of the window at startup. */
  if (self->error_page == NULL)
    self->error_page = rapport_ui_stack_add_status_page (self->stack, "error",
                                                         "dialog-error-symbolic",
                                                         _("Could Not Load the Customer"), TRUE);
  adw_status_page_set_description (self->error_page, description);
  self->load_failed = TRUE;
}

typedef struct
{
  RapportCustomerPanel *self;
  guint                 generation;
} LoadData;

static LoadData *
load_data_new (RapportCustomerPanel *self)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->generation = self->generation;

  return data;
}

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
on_customer_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  RapportCustomerPanel *self = data->self;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = rapport_store_load_customer_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  if (error != NULL)
    load_failed (self, error);
  else
    g_set_object (&self->pending_customer, customer);

  load_step_done (self);
}

static void
on_history_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  RapportCustomerPanel *self = data->self;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = rapport_store_customer_history_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  if (error != NULL)
    load_failed (self, error);
  else
    self->pending_history = g_steal_pointer (&history);

  load_step_done (self);
}

static void
start_load (RapportCustomerPanel *self,
            gboolean              quietly)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending_customer);
  g_clear_pointer (&self->pending_history, g_ptr_array_unref);
  self->load_failed = FALSE;
  self->generation++;

  if (self->store == NULL || self->customer_id == 0)
    {
      set_loading (self, 0);
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "empty");
      return;
    }

  if (!quietly)
    {
      gtk_spinner_start (self->spinner);
      rapport_ui_stack_show_page (self->stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, 2);
  rapport_store_load_customer_async (self->store, self->customer_id, self->cancellable,
                                     on_customer_loaded_cb, load_data_new (self));
  rapport_store_customer_history_async (self->store, self->customer_id, self->cancellable,
                                        on_history_loaded_cb, load_data_new (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  RapportCustomerPanel *self = user_data;

  self->reload_id = 0;

  /* Tickets or messages may have changed: refresh what is shown, without a spinner. */
  if (self->customer_id != 0)
    start_load (self, self->customer != NULL &&
                      rapport_customer_get_id (self->customer) == self->customer_id);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (RapportCustomerPanel *self,
                     guint64               account_id,
                     RapportStore         *store)
{
  g_assert (RAPPORT_IS_CUSTOMER_PANEL (self));

  /* A sync applies page after page: refresh once things calm down, not after each page. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
rapport_customer_panel_dispose (GObject *object)
{
  RapportCustomerPanel *self = (RapportCustomerPanel *)object;

  self->generation++;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->customer);
  g_clear_object (&self->pending_customer);
  g_clear_pointer (&self->pending_history, g_ptr_array_unref);
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
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CURRENT_TICKET_ID:
      g_value_set_int64 (value, self->current_ticket_id);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, rapport_customer_panel_get_loading (self));
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
    case PROP_STORE:
      rapport_customer_panel_set_store (self, g_value_get_object (value));
      break;

    case PROP_CUSTOMER_ID:
      rapport_customer_panel_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_CURRENT_TICKET_ID:
      rapport_customer_panel_set_current_ticket_id (self, g_value_get_int64 (value));
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

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CURRENT_TICKET_ID] =
    g_param_spec_int64 ("current-ticket-id", NULL, NULL,
                        0, G_MAXINT64, 0,
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_REGION);
}

static void
rapport_customer_panel_init (RapportCustomerPanel *self)
{
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

RapportStore *
rapport_customer_panel_get_store (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->store;
}

void
rapport_customer_panel_set_store (RapportCustomerPanel *self,
                                  RapportStore         *store)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (!store || RAPPORT_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);

  g_set_object (&self->store, store);

  if (store != NULL)
    self->changed_id = g_signal_connect_object (store, "changed",
                                                G_CALLBACK (on_store_changed_cb), self,
                                                G_CONNECT_SWAPPED);

  g_clear_object (&self->customer);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  start_load (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gint64
rapport_customer_panel_get_customer_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->customer_id;
}

void
rapport_customer_panel_set_customer_id (RapportCustomerPanel *self,
                                        gint64                customer_id)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (customer_id >= 0);

  if (self->customer_id == customer_id)
    return;

  self->customer_id = customer_id;
  start_load (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

gint64
rapport_customer_panel_get_current_ticket_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->current_ticket_id;
}

void
rapport_customer_panel_set_current_ticket_id (RapportCustomerPanel *self,
                                              gint64                ticket_id)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self));

  if (self->current_ticket_id == ticket_id)
    return;

  self->current_ticket_id = ticket_id;
  mark_current_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_TICKET_ID]);
}

gboolean
rapport_customer_panel_get_loading (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), FALSE);

  return self->pending > 0;
}

RapportCustomer *
rapport_customer_panel_get_customer (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->customer;
}
