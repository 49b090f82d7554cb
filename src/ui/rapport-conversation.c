/* rapport-conversation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conversation"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-conversation.h"
#include "rapport-conversation-private.h"

#include "rapport-composer.h"
#include "rapport-message-row.h"
#include "rapport-outbox-row.h"
#include "rapport-ui-util.h"

#define RELOAD_DELAY_MS 150

/* The collision dialog lists this many of the new messages, newest last. */
#define COLLISION_SHOWN 3
/* … each with at most this many lines and characters of its text. */
#define EXCERPT_LINES 2
#define EXCERPT_CHARS 160

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
  GtkWidget         *outbox_section;
  GtkListBox        *outbox_list;
  RapportComposer   *composer;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage     *error_page;
  /* borrowed: the open collision dialog (it owns itself) */
  GtkWindow         *collision_dialog;

  /* owned */
  RapportStore      *store;
  RapportWorkspace  *workspace;
  RapportPushEngine *push_engine;  /* the workspace's, to disconnect from */
  RapportTicket     *ticket;
  GPtrArray         *messages;     /* (element-type RapportMessage) shown now */
  GPtrArray         *ops;          /* (element-type RapportOutboxOp) of the ticket, shown now */
  GHashTable        *seen;         /* ids of the messages shown to the agent (gint64 *) */
  GCancellable      *cancellable;
  char              *status_class;
  gulong             changed_id;
  guint              reload_id;    /* coalesces the store's "changed" bursts */
  gulong             ticket_notify_id;
  gulong             online_id;
  gulong             op_changed_id;
  gint64             seen_ticket_id; /* the ticket @seen is about; 0 before its first load */

  guint              generation;
  gboolean           loading;
  gboolean           scroll_to_end;
};

G_DEFINE_FINAL_TYPE (RapportConversation, rapport_conversation, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_WORKSPACE,
  PROP_TICKET,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A load of the ticket's messages and outbox ops, side by side. */
typedef struct
{
  RapportConversation *self;
  guint                generation;
  guint                pending;   /* answers still to come */
  GPtrArray           *messages;
  GPtrArray           *ops;
  GError              *error;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_clear_pointer (&data->ops, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void start_load (RapportConversation *self,
                        gboolean             quietly);

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

      /* A reply that was sent keeps its id but takes the server's remote id, time and
       * author. */
      if (rapport_message_get_id (ma) != rapport_message_get_id (mb) ||
          g_strcmp0 (rapport_message_get_body (ma), rapport_message_get_body (mb)) != 0 ||
          g_strcmp0 (rapport_message_get_remote_id (ma), rapport_message_get_remote_id (mb)) != 0 ||
          rapport_message_get_created_at (ma) != rapport_message_get_created_at (mb) ||
          g_strcmp0 (rapport_message_get_author_name (ma), rapport_message_get_author_name (mb)) != 0)
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

static gboolean
is_online (RapportConversation *self)
{
  return self->workspace == NULL || rapport_workspace_get_online (self->workspace);
}

static const RapportOutboxOp *
find_op (GPtrArray *ops,
         gint64     op_id)
{
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->id == op_id)
        return op;
    }

  return NULL;
}

static const RapportOutboxOp *
find_op_for_message (GPtrArray *ops,
                     gint64     message_id)
{
  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (ops, i);

      if (op->kind != RAPPORT_OUTBOX_KIND_UPDATE && op->local_message_id == message_id)
        return op;
    }

  return NULL;
}

static gboolean
same_update_ops (GPtrArray *a,
                 GPtrArray *b)
{
  guint j = 0;

  /* Compares the update ops of @a (in order) with those of @b. */
  for (guint i = 0; a != NULL && i < a->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (a, i);
      const RapportOutboxOp *other = NULL;

      if (op->kind != RAPPORT_OUTBOX_KIND_UPDATE)
        continue;

      while (b != NULL && j < b->len &&
             ((const RapportOutboxOp *) g_ptr_array_index (b, j))->kind != RAPPORT_OUTBOX_KIND_UPDATE)
        j++;
      if (b == NULL || j >= b->len)
        return FALSE;
      other = g_ptr_array_index (b, j++);
      if (other->id != op->id || other->state != op->state ||
          other->not_before != op->not_before || other->error_code != op->error_code)
        return FALSE;
    }

  while (b != NULL && j < b->len)
    if (((const RapportOutboxOp *) g_ptr_array_index (b, j++))->kind == RAPPORT_OUTBOX_KIND_UPDATE)
      return FALSE;

  return TRUE;
}

/* The outbox state of the local messages, and the ticket's queued updates at the bottom. */
static void
show_ops (RapportConversation *self,
          GPtrArray           *ops)
{
  gboolean online = is_online (self);
  gboolean rebuild = !same_update_ops (self->ops, ops) || self->ops == NULL;
  guint n_updates = 0;
  GtkWidget *child;

  if (ops != self->ops)
    {
      g_clear_pointer (&self->ops, g_ptr_array_unref);
      self->ops = ops ? g_ptr_array_ref (ops) : NULL;
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->message_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      RapportMessageRow *row;
      RapportMessage *message;

      if (!RAPPORT_IS_MESSAGE_ROW (child))
        continue;

      row = RAPPORT_MESSAGE_ROW (child);
      message = rapport_message_row_get_message (row);
      rapport_message_row_set_online (row, online);
      rapport_message_row_set_outbox_op (row, find_op_for_message (self->ops,
                                                                   rapport_message_get_id (message)));
    }

  if (rebuild)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outbox_list))) != NULL)
        gtk_list_box_remove (self->outbox_list, child);
    }

  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (self->ops, i);
      const char *assignee_name = NULL;

      if (op->kind != RAPPORT_OUTBOX_KIND_UPDATE)
        continue;

      n_updates++;
      if (!rebuild)
        continue;

      /* The local change is applied already: the ticket's assignee is the new one. */
      if (op->changes != NULL && (op->changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE) &&
          self->ticket != NULL && rapport_ticket_get_loaded (self->ticket) &&
          g_strcmp0 (rapport_ticket_get_assignee_remote_id (self->ticket),
                     op->changes->assignee_remote_id) == 0)
        assignee_name = rapport_ticket_get_assignee_name (self->ticket);

      gtk_list_box_append (self->outbox_list, rapport_outbox_row_new (op, assignee_name));
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->outbox_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (RAPPORT_IS_OUTBOX_ROW (child))
      rapport_outbox_row_set_online (RAPPORT_OUTBOX_ROW (child), online);

  gtk_widget_set_visible (self->outbox_section, n_updates > 0);
}

/* What the agent has been shown of this ticket, for the collision check. */
static void
mark_seen (RapportConversation *self,
           GPtrArray           *messages)
{
  gint64 ticket_id = self->ticket != NULL ? rapport_ticket_get_id (self->ticket) : 0;

  if (self->seen_ticket_id != ticket_id)
    {
      g_hash_table_remove_all (self->seen);
      self->seen_ticket_id = ticket_id;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      gint64 id = rapport_message_get_id (g_ptr_array_index (messages, i));

      g_hash_table_add (self->seen, g_memdup2 (&id, sizeof id));
    }
}

static void
show_messages (RapportConversation *self,
               GPtrArray           *messages,
               GPtrArray           *ops)
{
  GtkWidget *child;
  guint i = 0;

  mark_seen (self, messages);

  if (same_messages (self->messages, messages))
    {
      show_ops (self, ops);
      return;
    }

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

  show_ops (self, ops);
}

static void
finish_load (LoadData *data)
{
  RapportConversation *self = data->self;
  GError *error = data->error;

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
  show_messages (self, data->messages, data->ops);
  rapport_ui_stack_show_page (self->stack, "conversation");
  set_loading (self, FALSE);
}

static void
on_messages_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->messages = rapport_store_list_messages_finish (RAPPORT_STORE (object), result, &error);
  if (error != NULL)
    g_propagate_error (&data->error, g_steal_pointer (&error));

  if (--data->pending == 0)
    {
      finish_load (data);
      load_data_free (data);
    }
}

static void
on_ops_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->ops = rapport_outbox_list_ops_finish (RAPPORT_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The messages still show; only their sending state is missing. */
    g_warning ("Could not load the outbox of ticket %" G_GINT64_FORMAT ": %s",
               data->self->ticket ? rapport_ticket_get_id (data->self->ticket) : 0,
               error->message);
  if (data->ops == NULL)
    data->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_outbox_op_free);

  if (--data->pending == 0)
    {
      finish_load (data);
      load_data_free (data);
    }
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
  data->pending = 2;

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  rapport_store_list_messages_async (self->store, rapport_ticket_get_id (self->ticket),
                                     self->cancellable, on_messages_loaded_cb, data);
  rapport_outbox_list_ops_async (self->store, rapport_ticket_get_id (self->ticket),
                                 self->cancellable, on_ops_loaded_cb, data);
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
schedule_reload (RapportConversation *self)
{
  /* A sync applies page after page: refresh once things calm down, not after each page. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
on_store_changed_cb (RapportConversation *self,
                     guint64              account_id,
                     RapportStore        *store)
{
  g_assert (RAPPORT_IS_CONVERSATION (self));

  /* Other accounts sync in the background: their pages do not touch this ticket. */
  if (self->workspace != NULL &&
      (gint64) account_id != rapport_workspace_get_account_id (self->workspace))
    return;

  schedule_reload (self);
}

static void
on_op_changed_cb (RapportConversation *self,
                  gint64               op_id,
                  RapportOutboxState   state,
                  RapportPushEngine   *engine)
{
  g_assert (RAPPORT_IS_CONVERSATION (self));

  schedule_reload (self);
}

static void
on_workspace_online_cb (RapportConversation *self,
                        GParamSpec          *pspec,
                        RapportWorkspace    *workspace)
{
  g_assert (RAPPORT_IS_CONVERSATION (self));

  /* "Sending…" or "Waiting to send (offline)". */
  if (self->ops != NULL)
    show_ops (self, self->ops);
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

/* ---------------------------------------------------------------------------------------------
 * Outbox actions of the rows: undo, retry, discard
 * ------------------------------------------------------------------------------------------- */

static RapportVisibility
op_visibility (const RapportOutboxOp *op)
{
  return op->kind == RAPPORT_OUTBOX_KIND_NOTE ? RAPPORT_VISIBILITY_INTERNAL
                                              : RAPPORT_VISIBILITY_PUBLIC;
}

static void
undo_op_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportConversation *self = RAPPORT_CONVERSATION (widget);
  const RapportOutboxOp *op = find_op (self->ops, g_variant_get_int64 (parameter));

  if (op == NULL)
    return;

  rapport_composer_undo (self->composer, op->id, op->account_id, op->ticket_id,
                         op_visibility (op));
}

static void
on_op_retried_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportConversation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_outbox_retry_finish (RAPPORT_STORE (source), result, &error))
    {
      g_warning ("Could not retry an outbox op: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not retry"), error);
    }
}

static void
retry_op_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RapportConversation *self = RAPPORT_CONVERSATION (widget);

  if (self->store == NULL)
    return;

  rapport_outbox_retry_async (self->store, g_variant_get_int64 (parameter), NULL,
                              on_op_retried_cb, g_object_ref (self));
}

typedef struct
{
  RapportConversation *self;
  RapportOutboxOp     *op;
} DiscardData;

static void
discard_data_free (DiscardData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->op, rapport_outbox_op_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscardData, discard_data_free)

static void
on_op_discarded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DiscardData) data = user_data;
  RapportConversation *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = rapport_outbox_discard_finish (RAPPORT_STORE (source), result, &error);
  if (error != NULL)
    {
      g_warning ("Could not discard outbox op %" G_GINT64_FORMAT ": %s",
                 data->op->id, error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not discard"), error);
      return;
    }

  /* A reply or note is not thrown away: its text goes back into the composer. */
  if (text != NULL && data->op->kind != RAPPORT_OUTBOX_KIND_UPDATE)
    {
      rapport_composer_restore_text (self->composer, data->op->account_id, data->op->ticket_id,
                                     op_visibility (data->op), text);
      rapport_ui_add_text_toast (GTK_WIDGET (self),
                                 data->op->kind == RAPPORT_OUTBOX_KIND_NOTE
                                 ? _("The note is back in the composer")
                                 : _("The reply is back in the composer"));
    }
  else
    {
      rapport_ui_add_text_toast (GTK_WIDGET (self), _("Change discarded"));
    }
}

static void
discard_op_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportConversation *self = RAPPORT_CONVERSATION (widget);
  const RapportOutboxOp *op = find_op (self->ops, g_variant_get_int64 (parameter));
  DiscardData *data;

  if (op == NULL || self->store == NULL)
    return;

  data = g_new0 (DiscardData, 1);
  data->self = g_object_ref (self);
  data->op = rapport_outbox_op_copy (op);
  rapport_outbox_discard_async (self->store, op->id, NULL, on_op_discarded_cb, data);
}

/* ---------------------------------------------------------------------------------------------
 * Collision check
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  GHashTable *seen;           /* what the agent had been shown when Send was pressed */
  GHashTable *own_messages;   /* local message ids of the ticket's ops */
  gint64      ticket_id;
  char       *user_remote_id;
  guint       timeout_id;
  gboolean    listed;         /* the store was read: the refresh is no longer awaited */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_pointer (&data->seen, g_hash_table_unref);
  g_clear_pointer (&data->own_messages, g_hash_table_unref);
  g_free (data->user_remote_id);
  g_free (data);
}

static GHashTable *
int64_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static char *
excerpt (const char *body)
{
  g_auto(GStrv) lines = g_strsplit (body ? body : "", "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_lines = 0;
  gboolean more = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (n_lines == EXCERPT_LINES)
        {
          more = TRUE;
          break;
        }
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
      n_lines++;
    }

  if (g_utf8_strlen (out->str, -1) > EXCERPT_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, EXCERPT_CHARS);

      g_string_truncate (out, cut - out->str);
      more = TRUE;
    }
  if (more)
    g_string_append (out, "…");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
on_collision_response_cb (AdwMessageDialog    *dialog,
                          const char          *response,
                          RapportConversation *self)
{
  g_autoptr(GTask) task = g_object_steal_data (G_OBJECT (dialog), "rapport-check-task");

  if (self->collision_dialog == GTK_WINDOW (dialog))
    self->collision_dialog = NULL;

  if (task != NULL)
    g_task_return_boolean (task, g_strcmp0 (response, "send") == 0);
}

static void
on_check_cancelled_cb (GCancellable *cancellable,
                       GtkWindow    *dialog)
{
  /* Closing answers with the close response, "cancel". */
  gtk_window_close (dialog);
}

static void
ask_about_collisions (RapportConversation *self,
                      GTask               *task,
                      GPtrArray           *unseen)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint first = unseen->len > COLLISION_SHOWN ? unseen->len - COLLISION_SHOWN : 0;
  GtkWidget *dialog;

  /* Plain text, never markup: author names and bodies come from the helpdesk. */
  if (first > 0)
    {
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u earlier new message and these:",
                                                 "%u earlier new messages and these:", first),
                              first);
      g_string_append (body, "\n\n");
    }

  for (guint i = first; i < unseen->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (unseen, i);
      const char *author = rapport_message_get_author_name (message);
      g_autofree char *when = rapport_ui_format_message_time (rapport_message_get_created_at (message),
                                                              rapport_ui_now ());
      g_autofree char *text = excerpt (rapport_message_get_body (message));

      if (author == NULL || *author == '\0')
        author = _("Unknown author");
      if (i > first)
        g_string_append (body, "\n\n");
      /* Translators: a new message in the collision dialog: author, time */
      g_string_append_printf (body, _("%s · %s"), author, when);
      if (rapport_message_get_visibility (message) == RAPPORT_VISIBILITY_INTERNAL)
        g_string_append_printf (body, " · %s", C_("message kind", "Internal note"));
      g_string_append_c (body, '\n');
      g_string_append (body, text);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("New messages since you opened this ticket"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  g_object_set_data_full (G_OBJECT (dialog), "rapport-check-task", g_object_ref (task),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_collision_response_cb), self, 0);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_check_cancelled_cb),
                             dialog, 0);

  self->collision_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_check_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportConversation *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) unseen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  messages = rapport_store_list_messages_finish (RAPPORT_STORE (source), result, &error);
  if (messages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      gint64 id = rapport_message_get_id (message);
      const char *author = rapport_message_get_author_remote_id (message);

      if (g_hash_table_contains (data->seen, &id) ||
          g_hash_table_contains (data->own_messages, &id) ||
          rapport_message_get_author_kind (message) == RAPPORT_AUTHOR_SYSTEM ||
          (data->user_remote_id != NULL && g_strcmp0 (author, data->user_remote_id) == 0))
        continue;

      g_ptr_array_add (unseen, g_object_ref (message));
    }

  if (unseen->len == 0 || self->ticket == NULL ||
      rapport_ticket_get_id (self->ticket) != data->ticket_id)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The dialog shows them to the agent: they count as seen from now on, whatever the answer.
   * They are shown in the conversation too. */
  if (self->seen_ticket_id == data->ticket_id)
    for (guint i = 0; i < unseen->len; i++)
      {
        gint64 id = rapport_message_get_id (g_ptr_array_index (unseen, i));

        g_hash_table_add (self->seen, g_memdup2 (&id, sizeof id));
      }
  start_load (self, TRUE);
  ask_about_collisions (self, task, unseen);
}

static void
list_for_check (GTask *task)
{
  RapportConversation *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);

  data->listed = TRUE;
  g_clear_handle_id (&data->timeout_id, g_source_remove);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->store == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  rapport_store_list_messages_async (self->store, data->ticket_id,
                                     g_task_get_cancellable (task),
                                     on_check_listed_cb, g_object_ref (task));
}

static void
on_check_refreshed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rapport_workspace_refresh_finish (RAPPORT_WORKSPACE (source), result, &error))
    /* Offline or the helpdesk failed: the cache is what there is to check against. */
    g_debug ("Refresh before sending failed: %s", error->message);

  if (!data->listed)
    list_for_check (task);
}

static gboolean
on_check_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_debug ("No answer to the refresh before sending after %u s: using the cache",
           RAPPORT_CONVERSATION_REFRESH_TIMEOUT_S);
  list_for_check (task);

  return G_SOURCE_REMOVE;
}

void
_rapport_conversation_check_collisions_async (RapportConversation *self,
                                              gint64               ticket_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;
  RapportAccount *account;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rapport_conversation_check_collisions_async);

  /* Nothing to compare with: no workspace, another ticket, or its messages not shown yet. */
  if (self->workspace == NULL || self->store == NULL || self->ticket == NULL ||
      rapport_ticket_get_id (self->ticket) != ticket_id || self->seen_ticket_id != ticket_id)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (CheckData, 1);
  data->ticket_id = ticket_id;
  data->seen = int64_set_new ();
  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (data->seen, g_memdup2 (key, sizeof (gint64)));
  data->own_messages = int64_set_new ();
  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      const RapportOutboxOp *op = g_ptr_array_index (self->ops, i);

      if (op->local_message_id != 0)
        g_hash_table_add (data->own_messages,
                          g_memdup2 (&op->local_message_id, sizeof op->local_message_id));
    }
  account = rapport_workspace_get_account (self->workspace);
  if (account != NULL)
    data->user_remote_id = g_strdup (rapport_account_get_user_remote_id (account));
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  if (!rapport_workspace_get_online (self->workspace))
    {
      list_for_check (task);
      return;
    }

  /* After the timeout the answer is simply no longer awaited: the pull goes on (it may be
   * the background sync's). */
  data->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                 RAPPORT_CONVERSATION_REFRESH_TIMEOUT_S,
                                                 on_check_timeout_cb, g_object_ref (task),
                                                 g_object_unref);
  rapport_workspace_refresh_async (self->workspace, g_task_get_cancellable (task),
                                   on_check_refreshed_cb, g_object_ref (task));
}

gboolean
_rapport_conversation_check_collisions_finish (RapportConversation  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
close_collision_dialog (RapportConversation *self)
{
  if (self->collision_dialog != NULL)
    gtk_window_close (self->collision_dialog);
}

static void
rapport_conversation_dispose (GObject *object)
{
  RapportConversation *self = (RapportConversation *)object;

  self->generation++;
  close_collision_dialog (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->online_id, self->workspace);
  g_clear_object (&self->workspace);
  if (self->push_engine != NULL)
    g_clear_signal_handler (&self->op_changed_id, self->push_engine);
  g_clear_object (&self->push_engine);
  if (self->ticket != NULL)
    g_clear_signal_handler (&self->ticket_notify_id, self->ticket);
  g_clear_object (&self->ticket);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);

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

    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
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

    case PROP_WORKSPACE:
      rapport_conversation_set_workspace (self, g_value_get_object (value));
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
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
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

  gtk_widget_class_install_action (widget_class, "conversation.undo-op", "x", undo_op_action);
  gtk_widget_class_install_action (widget_class, "conversation.retry-op", "x", retry_op_action);
  gtk_widget_class_install_action (widget_class, "conversation.discard-op", "x",
                                   discard_op_action);

  g_type_ensure (RAPPORT_TYPE_COMPOSER);

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
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, outbox_section);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, outbox_list);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, composer);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversation");
}

static void
rapport_conversation_init (RapportConversation *self)
{
  GtkEventController *scroll;
  GtkAdjustment *vadjustment;

  self->seen = int64_set_new ();

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

  /* Answering the collision dialog of the previous ticket is moot now. */
  if (self->ticket == NULL || ticket == NULL ||
      rapport_ticket_get_id (self->ticket) != rapport_ticket_get_id (ticket))
    close_collision_dialog (self);

  g_set_object (&self->ticket, ticket);

  if (ticket != NULL)
    self->ticket_notify_id = g_signal_connect_object (ticket, "notify",
                                                      G_CALLBACK (on_ticket_notify_cb), self,
                                                      G_CONNECT_SWAPPED);

  rapport_composer_set_ticket (self->composer, ticket);

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  show_ops (self, NULL);
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

RapportWorkspace *
rapport_conversation_get_workspace (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->workspace;
}

void
rapport_conversation_set_workspace (RapportConversation *self,
                                    RapportWorkspace    *workspace)
{
  RapportPushEngine *push_engine;

  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  close_collision_dialog (self);

  if (self->workspace != NULL)
    g_clear_signal_handler (&self->online_id, self->workspace);
  if (self->push_engine != NULL)
    g_clear_signal_handler (&self->op_changed_id, self->push_engine);
  g_clear_object (&self->push_engine);

  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    {
      self->online_id = g_signal_connect_object (workspace, "notify::online",
                                                 G_CALLBACK (on_workspace_online_cb), self,
                                                 G_CONNECT_SWAPPED);
      push_engine = rapport_workspace_get_push_engine (workspace);
      if (push_engine != NULL)
        {
          self->push_engine = g_object_ref (push_engine);
          self->op_changed_id = g_signal_connect_object (push_engine, "op-changed",
                                                         G_CALLBACK (on_op_changed_cb), self,
                                                         G_CONNECT_SWAPPED);
        }
      rapport_conversation_set_store (self, rapport_workspace_get_store (workspace));
    }

  rapport_composer_set_workspace (self->composer, workspace);
  gtk_widget_set_visible (GTK_WIDGET (self->composer), workspace != NULL);
  if (self->ops != NULL)
    show_ops (self, self->ops);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
