/* rapport-conversation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conversation"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-conversation.h"

#include "rapport-message-row.h"
#include "rapport-ui-util.h"

#define RELOAD_DELAY_MS 150

struct _RapportConversation
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkScrolledWindow *scroller;
  GtkLabel          *subject_label;
  GtkLabel          *status_label;
  GtkImage          *channel_icon;
  GtkLabel          *channel_label;
  GtkLabel          *meta_label;
  GtkListBox        *message_list;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage     *error_page;

  /* owned */
  RapportStore      *store;
  RapportTicket     *ticket;
  GPtrArray         *messages;     /* (element-type RapportMessage) shown now */
  GCancellable      *cancellable;
  char              *status_class;
  gulong             changed_id;
  guint              reload_id;    /* coalesces the store's "changed" bursts */
  gulong             ticket_notify_id;

  guint              generation;
  gboolean           loading;
  gboolean           scroll_to_end;
};

G_DEFINE_FINAL_TYPE (RapportConversation, rapport_conversation, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TICKET,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RapportConversation *self;
  guint                generation;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
set_loading (RapportConversation *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
sync_header (RapportConversation *self)
{
  RapportTicket *ticket = self->ticket;
  RapportTicketStatus status;
  RapportChannel channel;
  g_autofree char *meta = NULL;
  const char *subject;
  const char *assignee;
  const char *remote_id;

  if (ticket == NULL || !rapport_ticket_get_loaded (ticket))
    return;

  subject = rapport_ticket_get_subject (ticket);
  if (subject == NULL || *subject == '\0')
    subject = _("(No subject)");
  status = rapport_ticket_get_status (ticket);
  channel = rapport_ticket_get_channel (ticket);
  assignee = rapport_ticket_get_assignee_name (ticket);
  if (assignee == NULL || *assignee == '\0')
    assignee = rapport_ticket_get_assignee_remote_id (ticket);
  remote_id = rapport_ticket_get_remote_id (ticket);

  gtk_label_set_text (self->subject_label, subject);
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (rapport_ui_status_css_class (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), self->status_class);
  gtk_image_set_from_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));
  gtk_label_set_text (self->channel_label, rapport_ui_channel_label (channel));

  if (assignee != NULL && *assignee != '\0')
    /* Translators: below a ticket's subject: "#1005 · Assigned to Sam Rivera" */
    meta = g_strdup_printf (_("#%s · Assigned to %s"), remote_id ? remote_id : "", assignee);
  else
    /* Translators: below a ticket's subject: "#1005 · Unassigned" */
    meta = g_strdup_printf (_("#%s · Unassigned"), remote_id ? remote_id : "");
  gtk_label_set_text (self->meta_label, meta);
}

static gboolean
same_messages (GPtrArray *a,
               GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportMessage *ma = g_ptr_array_index (a, i);
      RapportMessage *mb = g_ptr_array_index (b, i);

      if (rapport_message_get_id (ma) != rapport_message_get_id (mb) ||
          g_strcmp0 (rapport_message_get_body (ma), rapport_message_get_body (mb)) != 0)
        return FALSE;
    }

  return TRUE;
}

static GtkWidget *
create_system_burst_row (GPtrArray *messages,
                         guint      first,
                         guint      n)
{
  GtkWidget *row;
  GtkWidget *expander;
  GtkWidget *box;
  g_autofree char *title = NULL;

  /* Translators: a collapsed run of system events (outgoing mail records, field changes) */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u system event", "%u system events", n), n);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (box, 6);
  for (guint i = first; i < first + n; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *when = rapport_ui_format_message_time (rapport_message_get_created_at (message),
                                                              rapport_ui_now ());
      g_autofree char *line = NULL;
      GtkWidget *label;

      /* Translators: one system event: time, text */
      line = g_strdup_printf (_("%s — %s"), when, rapport_message_get_body (message) ?: "");
      label = gtk_label_new (NULL);
      gtk_label_set_text (GTK_LABEL (label), line);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  expander = gtk_expander_new (NULL);
  gtk_expander_set_label (GTK_EXPANDER (expander), title);
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  gtk_widget_add_css_class (expander, "dim-label");
  gtk_widget_add_css_class (expander, "caption");

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), expander);
  gtk_widget_add_css_class (row, "message");
  gtk_widget_add_css_class (row, "system");
  rapport_ui_set_accessible_label (row, title);

  return row;
}

static void
show_messages (RapportConversation *self,
               GPtrArray           *messages)
{
  GtkWidget *child;
  guint i = 0;

  if (same_messages (self->messages, messages))
    return;

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->messages = g_ptr_array_ref (messages);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->message_list))) != NULL)
    gtk_list_box_remove (self->message_list, child);

  while (i < messages->len)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      guint run = 0;

      while (i + run < messages->len &&
             rapport_message_get_author_kind (g_ptr_array_index (messages, i + run)) == RAPPORT_AUTHOR_SYSTEM)
        run++;

      if (run > 1)
        {
          gtk_list_box_append (self->message_list, create_system_burst_row (messages, i, run));
          i += run;
          continue;
        }

      gtk_list_box_append (self->message_list, rapport_message_row_new (message));
      i++;
    }
}

static void
on_messages_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  RapportConversation *self = data->self;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = rapport_store_list_messages_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (error != NULL)
    {
      g_autofree char *description = rapport_ui_error_to_markup (error);

      g_warning ("Could not load the messages of ticket %" G_GINT64_FORMAT ": %s",
                 self->ticket ? rapport_ticket_get_id (self->ticket) : 0, error->message);
      /* Made on first use: not part of the window at startup. */
      if (self->error_page == NULL)
        self->error_page = rapport_ui_stack_add_status_page (self->stack, "error",
                                                             "dialog-error-symbolic",
                                                             _("Could Not Load the Conversation"),
                                                             FALSE);
      adw_status_page_set_description (self->error_page, description);
      rapport_ui_stack_show_page (self->stack, "error");
      set_loading (self, FALSE);
      return;
    }

  sync_header (self);
  show_messages (self, messages);
  rapport_ui_stack_show_page (self->stack, "conversation");
  set_loading (self, FALSE);
}

static void
start_load (RapportConversation *self,
            gboolean             quietly)
{
  LoadData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (self->store == NULL || self->ticket == NULL)
    {
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "none");
      set_loading (self, FALSE);
      return;
    }

  if (!quietly)
    {
      gtk_spinner_start (self->spinner);
      rapport_ui_stack_show_page (self->stack, "loading");
    }

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  rapport_store_list_messages_async (self->store, rapport_ticket_get_id (self->ticket),
                                     self->cancellable, on_messages_loaded_cb, data);
}

static gboolean
reload_cb (gpointer user_data)
{
  RapportConversation *self = user_data;

  self->reload_id = 0;

  if (self->ticket != NULL)
    start_load (self, self->messages != NULL);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (RapportConversation *self,
                     guint64              account_id,
                     RapportStore        *store)
{
  g_assert (RAPPORT_IS_CONVERSATION (self));

  /* A sync applies page after page: refresh once things calm down, not after each page. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
on_ticket_notify_cb (RapportConversation *self,
                     GParamSpec          *pspec,
                     RapportTicket       *ticket)
{
  g_assert (RAPPORT_IS_CONVERSATION (self));

  sync_header (self);
}

static void
on_vadjustment_upper_cb (RapportConversation *self,
                         GParamSpec          *pspec,
                         GtkAdjustment       *adjustment)
{
  if (!self->scroll_to_end)
    return;

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static gboolean
on_scroll_cb (RapportConversation      *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  /* The reader took over: stop following the newest message. */
  self->scroll_to_end = FALSE;

  return FALSE;
}

static void
rapport_conversation_dispose (GObject *object)
{
  RapportConversation *self = (RapportConversation *)object;

  self->generation++;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  if (self->ticket != NULL)
    g_clear_signal_handler (&self->ticket_notify_id, self->ticket);
  g_clear_object (&self->ticket);
  g_clear_pointer (&self->messages, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CONVERSATION);
  self->error_page = NULL;

  G_OBJECT_CLASS (rapport_conversation_parent_class)->dispose (object);
}

static void
rapport_conversation_finalize (GObject *object)
{
  RapportConversation *self = (RapportConversation *)object;

  g_free (self->status_class);

  G_OBJECT_CLASS (rapport_conversation_parent_class)->finalize (object);
}

static void
rapport_conversation_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RapportConversation *self = RAPPORT_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_conversation_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RapportConversation *self = RAPPORT_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      rapport_conversation_set_store (self, g_value_get_object (value));
      break;

    case PROP_TICKET:
      rapport_conversation_set_ticket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_conversation_class_init (RapportConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_conversation_dispose;
  object_class->finalize = rapport_conversation_finalize;
  object_class->get_property = rapport_conversation_get_property;
  object_class->set_property = rapport_conversation_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         RAPPORT_TYPE_TICKET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-conversation.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, subject_label);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, channel_label);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, message_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversation");
}

static void
rapport_conversation_init (RapportConversation *self)
{
  GtkEventController *scroll;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_stack_show_page (self->stack, "none");

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "notify::upper",
                           G_CALLBACK (on_vadjustment_upper_cb), self,
                           G_CONNECT_SWAPPED);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (on_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);
}

GtkWidget *
rapport_conversation_new (void)
{
  return g_object_new (RAPPORT_TYPE_CONVERSATION, NULL);
}

RapportStore *
rapport_conversation_get_store (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->store;
}

void
rapport_conversation_set_store (RapportConversation *self,
                                RapportStore        *store)
{
  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));
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

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  start_load (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

RapportTicket *
rapport_conversation_get_ticket (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->ticket;
}

void
rapport_conversation_set_ticket (RapportConversation *self,
                                 RapportTicket       *ticket)
{
  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));
  g_return_if_fail (!ticket || RAPPORT_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  if (self->ticket != NULL)
    g_clear_signal_handler (&self->ticket_notify_id, self->ticket);

  g_set_object (&self->ticket, ticket);

  if (ticket != NULL)
    self->ticket_notify_id = g_signal_connect_object (ticket, "notify",
                                                      G_CALLBACK (on_ticket_notify_cb), self,
                                                      G_CONNECT_SWAPPED);

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->scroll_to_end = TRUE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  sync_header (self);
  /* Moving from ticket to ticket keeps the old page until the new messages are there (a few
   * milliseconds), instead of flashing a spinner. */
  start_load (self, g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "conversation") == 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

gboolean
rapport_conversation_get_loading (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), FALSE);

  return self->loading;
}
