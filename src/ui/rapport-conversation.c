/* rapport-conversation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conversation"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rapport-conversation.h"

#include "rapport-composer.h"
#include "rapport-conversation-model.h"
#include "rapport-message-row.h"
#include "rapport-message-window.h"
#include "rapport-money-text.h"
#include "rapport-outbox-row.h"
#include "rapport-pane-layout.h"
#include "rapport-trace.h"
#include "rapport-ui-util.h"

struct _RapportConversation
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkScrolledWindow    *scroller;
  GtkLabel             *subject_label;
  GtkLabel             *status_label;
  GtkImage             *channel_icon;
  GtkLabel             *channel_label;
  GtkLabel             *meta_label;
  GtkLabel             *awaiting_label;
  GtkListView          *message_list;
  GtkWidget            *outbox_section;
  GtkListBox           *outbox_list;
  RapportComposer      *composer;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage        *error_page;

  /* owned */
  RapportTicketSession *session;
  RapportWorkspace     *workspace;     /* the session's, followed for "online" */
  GPtrArray            *messages;      /* (element-type RapportMessage) shown now */
  RapportConversationModel *items;     /* over @messages */
  GPtrArray            *ops;           /* (element-type RapportOutboxOp) of the ticket, shown now */
  GPtrArray            *rows;          /* (element-type RapportMessageRow) every row made, in
                                        * the list or spare (without a parent) */
  char                 *status_class;

  gboolean              loading;
  gboolean              scroll_to_end;  /* follow the newest message */
  gboolean              scrolling;      /* the view is being moved by the conversation */
  guint                 older_id;       /* checks whether to load the older page */
  gulong                follow_id;      /* keeps the newest message in view, after a frame */
  GdkFrameClock        *follow_clock;   /* of follow_id */
  double                last_value;     /* of the vertical adjustment, last seen */
  double                last_upper;
};

/* Older items are shown (and the older page read once all are) when the view is scrolled to
 * less than this many pages of its height from the top. */
#define OLDER_PAGE_MARGIN 1.0
/* The items a ticket opens with, and those shown more each time the view nears the top: a few
 * screens of messages, so opening or going up binds a few rows, never a whole page of 200. */
#define ROWS_STEP 24
/* Message rows kept out of the list for reuse. GTK 4.8's list view destroys the item widgets
 * of removed items (it reuses them only for the same item), so the rows of the last ticket
 * are spare once the next one is shown, and the next switch takes them instead of building
 * new rows from their template. */
#define SPARE_ROWS (2 * ROWS_STEP)
/* A body longer than this many bytes goes into a new row (see is_long ()). */
#define LONG_BODY_BYTES 1024

G_DEFINE_FINAL_TYPE (RapportConversation, rapport_conversation, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_awaiting (RapportConversation *self);

static void
sync_header (RapportConversation *self)
{
  RapportTicket *ticket = rapport_conversation_get_ticket (self);
  RapportTicketStatus status;
  RapportChannel channel;
  g_autofree char *meta = NULL;
  g_autofree char *safe_subject = NULL;
  g_autofree char *assignee = NULL;
  const char *subject;
  const char *remote_id;

  if (ticket == NULL || !rapport_ticket_get_loaded (ticket))
    return;

  /* The subject and the assignee's name come from the server: bidi-safe. */
  safe_subject = rapport_ui_bidi_safe (rapport_ticket_get_subject (ticket));
  subject = safe_subject != NULL ? safe_subject : _("(No subject)");
  status = rapport_ticket_get_status (ticket);
  channel = rapport_ticket_get_channel (ticket);
  assignee = rapport_ui_bidi_safe (rapport_ticket_get_assignee_name (ticket));
  if (assignee == NULL)
    assignee = rapport_ui_bidi_safe (rapport_ticket_get_assignee_remote_id (ticket));
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

  if (assignee != NULL)
    /* Translators: below a ticket's subject: "#1005 · Assigned to Sam Rivera" */
    meta = g_strdup_printf (_("#%s · Assigned to %s"), remote_id ? remote_id : "", assignee);
  else
    /* Translators: below a ticket's subject: "#1005 · Unassigned" */
    meta = g_strdup_printf (_("#%s · Unassigned"), remote_id ? remote_id : "");
  gtk_label_set_text (self->meta_label, meta);
  sync_awaiting (self);
}

/* "Awaiting approval: $75.00 refund requested by Sam Rivera — reason", one line per request of
 * this ticket that waits for a supervisor. */
static void
sync_awaiting (RapportConversation *self)
{
  RapportTicket *ticket = rapport_conversation_get_ticket (self);
  GPtrArray *actions = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  RapportMoneyFormat format;
  gint64 ticket_id;

  if (self->session != NULL)
    actions = rapport_ticket_session_get_money_actions (self->session);
  ticket_id = ticket != NULL ? rapport_ticket_get_id (ticket) : 0;

  rapport_money_format_init_from_locale (&format);
  for (guint i = 0; actions != NULL && ticket_id > 0 && i < actions->len; i++)
    {
      RapportMoneyAction *action = g_ptr_array_index (actions, i);
      g_autofree char *line = NULL;

      if (rapport_money_action_get_ticket_id (action) != ticket_id ||
          !rapport_money_text_is_awaiting (action))
        continue;

      line = rapport_money_text_awaiting (action, &format);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }

  gtk_label_set_text (self->awaiting_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->awaiting_label), text->len > 0);
}

/* The events of a run, made when the run is expanded: a long run costs nothing collapsed. */
static void
on_burst_expanded_cb (GtkExpander *expander,
                      GParamSpec  *pspec,
                      gpointer     user_data)
{
  RapportConversationItem *item = g_object_get_data (G_OBJECT (expander), "rapport-item");
  GtkWidget *box;

  if (!gtk_expander_get_expanded (expander) || gtk_expander_get_child (expander) != NULL ||
      item == NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (box, 6);
  for (guint i = 0; i < rapport_conversation_item_get_n_messages (item); i++)
    {
      RapportMessage *message = rapport_conversation_item_get_message (item, i);
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
  gtk_expander_set_child (expander, box);
}

/* A run of system events: one collapsed "N system events" line. */
static GtkWidget *
create_system_burst_row (RapportConversationItem *item)
{
  guint n = rapport_conversation_item_get_n_messages (item);
  GtkWidget *row;
  GtkWidget *expander;
  g_autofree char *title = NULL;

  /* Translators: a collapsed run of system events (outgoing mail records, field changes) */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u system event", "%u system events", n), n);

  expander = gtk_expander_new (NULL);
  gtk_expander_set_label (GTK_EXPANDER (expander), title);
  g_object_set_data_full (G_OBJECT (expander), "rapport-item", g_object_ref (item),
                          g_object_unref);
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_burst_expanded_cb), NULL);
  gtk_widget_add_css_class (expander, "dim-label");
  gtk_widget_add_css_class (expander, "caption");

  row = adw_bin_new ();
  adw_bin_set_child (ADW_BIN (row), expander);
  gtk_widget_add_css_class (row, "message");
  gtk_widget_add_css_class (row, "system");
  gtk_widget_add_css_class (row, "system-run");
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
  RapportTicket *ticket = rapport_conversation_get_ticket (self);
  gboolean online = is_online (self);
  gboolean rebuild = !same_update_ops (self->ops, ops) || self->ops == NULL;
  guint n_updates = 0;
  GtkWidget *child;

  if (ops != self->ops)
    {
      g_clear_pointer (&self->ops, g_ptr_array_unref);
      self->ops = ops ? g_ptr_array_ref (ops) : NULL;
    }

  /* Only the rows bound now: a row bound later gets its op when it is bound. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->message_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      RapportMessage *message;

      if (row == NULL || !RAPPORT_IS_MESSAGE_ROW (row))
        continue;

      message = rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row));
      rapport_message_row_set_online (RAPPORT_MESSAGE_ROW (row), online);
      rapport_message_row_set_outbox_op (RAPPORT_MESSAGE_ROW (row),
                                         find_op_for_message (self->ops,
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
          ticket != NULL && rapport_ticket_get_loaded (ticket) &&
          g_strcmp0 (rapport_ticket_get_assignee_remote_id (ticket),
                     op->changes->assignee_remote_id) == 0)
        assignee_name = rapport_ticket_get_assignee_name (ticket);

      gtk_list_box_append (self->outbox_list, rapport_outbox_row_new (op, assignee_name));
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->outbox_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (RAPPORT_IS_OUTBOX_ROW (child))
      rapport_outbox_row_set_online (RAPPORT_OUTBOX_ROW (child), online);

  gtk_widget_set_visible (self->outbox_section, n_updates > 0);
}

static void schedule_older_check (RapportConversation *self);
static void scroll_to_end        (RapportConversation *self,
                                  GtkAdjustment       *adjustment);

static void schedule_follow (RapportConversation *self);
static void trim_rows       (RapportConversation *self);

static void
show_messages (RapportConversation *self,
               GPtrArray           *messages,
               GPtrArray           *ops)
{
  gboolean first = self->messages == NULL;

  /* The session replaces its messages only when they changed. */
  if (self->messages == messages)
    {
      show_ops (self, ops);
      return;
    }

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->messages = g_ptr_array_ref (messages);

  /* Only the items that changed are replaced; an older page is inserted at the start, and the
   * view keeps the item it shows in place. */
  rapport_conversation_model_set_messages (self->items, messages);
  trim_rows (self);
  show_ops (self, ops);

  if (first)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

      self->scroll_to_end = TRUE;
      /* Not now: the list has not laid out these messages yet (they may be shown in the
       * iteration that chose the ticket), and a position it cannot place is ignored with a
       * warning. Once the next frame laid them out. */
      if (n > 0)
        schedule_follow (self);
    }
  schedule_older_check (self);
}

static void
show_error (RapportConversation *self,
            const GError        *error)
{
  g_autofree char *description = rapport_ui_error_to_markup (error);

  /* Made on first use: not part of the window at startup. */
  if (self->error_page == NULL)
    self->error_page = rapport_ui_stack_add_status_page (self->stack, "error",
                                                         "dialog-error-symbolic",
                                                         _("Could Not Load the Conversation"),
                                                         FALSE);
  adw_status_page_set_description (self->error_page, description);
  gtk_spinner_stop (self->spinner);
  rapport_ui_stack_show_page (self->stack, "error");
}

/* The ticket's header and messages are drawn, or left blank (laid out all the same, so the
 * composer below does not move). */
static void
set_ticket_drawn (RapportConversation *self,
                  gboolean             drawn)
{
  gtk_widget_set_child_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->subject_label),
                                                         ADW_TYPE_CLAMP), drawn);
  gtk_widget_set_child_visible (GTK_WIDGET (self->scroller), drawn);
}

/* The conversation page shows the session's ticket: its header may follow the ticket. Not
 * while the ticket is left blank, or another page is shown. */
static gboolean
showing_ticket (RapportConversation *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "conversation") == 0 &&
         gtk_widget_get_child_visible (GTK_WIDGET (self->scroller));
}

/* Shows what the session holds. The conversation page shows one ticket entirely, its header
 * and its messages, or none: until the session has both the ticket's row (a list item may be
 * a placeholder still) and its messages, the header and the messages are left blank (from
 * another ticket, and the composer stays in place), or the loading page stands in (first),
 * never the last ticket's header over this one's messages nor the reverse. */
static void
sync_page (RapportConversation *self)
{
  RapportTicket *ticket;
  GPtrArray *messages;
  const GError *error;

  if (self->session == NULL)
    {
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "none");
      return;
    }

  error = rapport_ticket_session_get_error (self->session);
  if (error != NULL)
    {
      show_error (self, error);
      rapport_trace_ready (RAPPORT_TRACE_PART_CONVERSATION);
      return;
    }

  messages = rapport_ticket_session_get_messages (self->session);
  ticket = rapport_ticket_session_get_ticket (self->session);
  if (messages == NULL || !rapport_ticket_get_loaded (ticket))
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "conversation") == 0)
        set_ticket_drawn (self, FALSE);
      else
        {
          gtk_spinner_start (self->spinner);
          rapport_ui_stack_show_page (self->stack, "loading");
        }
      return;
    }

  sync_header (self);
  show_messages (self, messages, rapport_ticket_session_get_ops (self->session));
  set_ticket_drawn (self, TRUE);
  gtk_spinner_stop (self->spinner);
  rapport_ui_stack_show_page (self->stack, "conversation");
  rapport_trace_ready (RAPPORT_TRACE_PART_CONVERSATION);
}

static void
sync_loading (RapportConversation *self)
{
  gboolean loading = self->session != NULL && rapport_ticket_session_get_loading (self->session);

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_session_changed_cb (RapportConversation *self)
{
  sync_page (self);
  sync_loading (self);
}

static void
on_workspace_online_cb (RapportConversation *self)
{
  /* "Sending…" or "Waiting to send (offline)". */
  if (self->ops != NULL)
    show_ops (self, self->ops);
}

static void
on_ticket_notify_cb (RapportConversation *self,
                     GParamSpec          *pspec)
{
  /* A placeholder filled in: the page may show the ticket now. */
  if (g_strcmp0 (pspec->name, "loaded") == 0)
    sync_page (self);
  else if (showing_ticket (self))
    sync_header (self);
}

static void
on_money_actions_changed_cb (RapportConversation *self)
{
  if (showing_ticket (self))
    sync_awaiting (self);
}

static void
scroll_to_end (RapportConversation *self,
               GtkAdjustment       *adjustment)
{
  /* An empty list, or one not shown yet (it follows once mapped), has no position to scroll
   * to. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0 ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->message_list)))
    return;

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  self->scrolling = FALSE;
}

static void
on_follow_after_paint_cb (RapportConversation *self,
                          GdkFrameClock       *frame_clock)
{
  g_clear_signal_handler (&self->follow_id, frame_clock);
  g_clear_object (&self->follow_clock);
  if (self->scroll_to_end)
    scroll_to_end (self, gtk_scrolled_window_get_vadjustment (self->scroller));
}

/* After the layout of the next frame: the list has placed its rows by then (a value it cannot
 * place yet is ignored, with a warning). */
static void
schedule_follow (RapportConversation *self)
{
  GdkFrameClock *frame_clock;

  if (!self->scroll_to_end || self->follow_id != 0)
    return;

  /* Not realized: it follows once mapped. */
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (frame_clock == NULL)
    return;

  self->follow_clock = g_object_ref (frame_clock);
  /* Disconnected by the callback or by dispose. */
  self->follow_id = g_signal_connect_swapped (frame_clock, "after-paint",
                                              G_CALLBACK (on_follow_after_paint_cb), self);
  gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
on_vadjustment_upper_cb (RapportConversation *self,
                         GParamSpec          *pspec,
                         GtkAdjustment       *adjustment)
{
  /* Not from here: the list changes its bounds while it lays itself out, and does not follow
   * a value set meanwhile. */
  schedule_follow (self);
}

static void
on_list_mapped_cb (RapportConversation *self)
{
  schedule_follow (self);
}

/* Near the top, with older messages still in the store: the older page. */
static gboolean
older_check_cb (gpointer user_data)
{
  RapportConversation *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->older_id = 0;
  if (self->session == NULL || self->scroll_to_end ||
      (rapport_conversation_model_get_n_hidden (self->items) == 0 &&
       rapport_ticket_session_get_messages_complete (self->session)))
    return G_SOURCE_REMOVE;

  if (gtk_adjustment_get_value (adjustment) >=
      OLDER_PAGE_MARGIN * gtk_adjustment_get_page_size (adjustment))
    return G_SOURCE_REMOVE;

  /* The items read already first; the store's older page once they are all shown. */
  if (rapport_conversation_model_show_older (self->items, ROWS_STEP) == 0)
    rapport_ticket_session_load_older_messages (self->session);

  return G_SOURCE_REMOVE;
}

static void
schedule_older_check (RapportConversation *self)
{
  if (self->older_id == 0)
    self->older_id = g_idle_add (older_check_cb, self);
}

static void
on_vadjustment_value_cb (RapportConversation *self,
                         GParamSpec          *pspec,
                         GtkAdjustment       *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  /* Moved up over the same content by anything but the conversation itself (the scrollbar,
   * the keyboard focus): the reader took over. A view that grows or shrinks moves its value
   * with its upper bound; that is no move of the reader's. */
  if (!self->scrolling && upper == self->last_upper && value < self->last_value)
    self->scroll_to_end = FALSE;
  self->last_value = value;
  self->last_upper = upper;

  schedule_older_check (self);
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

static gboolean
on_list_key_pressed_cb (RapportConversation   *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  /* Moving the focus through the rows: the view follows the focus, not the newest message. */
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      self->scroll_to_end = FALSE;
      schedule_older_check (self);
      break;

    default:
      break;
    }

  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Rows: made for the items in view, recycled
 * ------------------------------------------------------------------------------------------- */

/* Whether @message's body is long enough that a new row lays it out faster than a used one:
 * GTK lays out the text of a label that was never allocated twice (minimum and height for
 * the width), that of a used label four times (a copy for each measure, then its own). */
static gboolean
is_long (RapportMessage *message)
{
  const char *body = rapport_message_get_body (message);

  return body != NULL && strnlen (body, LONG_BODY_BYTES + 1) > LONG_BODY_BYTES;
}

/* A row for @message: the spare one that showed @message (its labels laid out already), any
 * spare one, or a new one; a new one for a long body. */
static GtkWidget *
take_row (RapportConversation *self,
          RapportMessage      *message)
{
  GtkWidget *spare = NULL;
  GtkWidget *row;

  for (guint i = 0; i < self->rows->len; i++)
    {
      row = g_ptr_array_index (self->rows, i);
      if (gtk_widget_get_parent (row) != NULL)
        continue;
      if (rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row)) == message)
        return row;
      if (spare == NULL)
        spare = row;
    }
  if (spare != NULL && !is_long (message))
    return spare;

  row = rapport_message_row_new (NULL);
  g_ptr_array_add (self->rows, g_object_ref_sink (row));

  return row;
}

/* Lets go of the spare rows past SPARE_ROWS, the oldest made first. */
static void
trim_rows (RapportConversation *self)
{
  guint n_spare = 0;

  for (guint i = self->rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i - 1);

      if (gtk_widget_get_parent (row) != NULL)
        continue;
      if (n_spare++ >= SPARE_ROWS)
        g_ptr_array_remove_index (self->rows, i - 1);
    }
}

static void
on_item_bind_cb (RapportConversation      *self,
                 GtkListItem              *list_item,
                 GtkSignalListItemFactory *factory)
{
  RapportConversationItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  RapportMessage *message;

  /* The keyboard reached the oldest row shown (a run of events too): the older page follows. */
  if (gtk_list_item_get_position (list_item) == 0)
    schedule_older_check (self);

  if (rapport_conversation_item_is_run (item))
    {
      GtkWidget *row = create_system_burst_row (item);

      gtk_list_item_set_child (list_item, row);
      /* What assistive technologies list as the row (see rapport-message-row.c). */
      rapport_ui_set_accessible_label (gtk_widget_get_parent (row),
                                       rapport_ui_get_accessible_label (row));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  message = rapport_conversation_item_get_message (item, 0);
  if (child == NULL || !RAPPORT_IS_MESSAGE_ROW (child) ||
      (rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (child)) != message &&
       is_long (message)))
    {
      child = take_row (self, message);
      gtk_list_item_set_child (list_item, child);
    }

  rapport_message_row_set_message (RAPPORT_MESSAGE_ROW (child), message);
  rapport_message_row_set_online (RAPPORT_MESSAGE_ROW (child), is_online (self));
  rapport_message_row_set_outbox_op (RAPPORT_MESSAGE_ROW (child),
                                     find_op_for_message (self->ops,
                                                          rapport_message_get_id (message)));
}

static void
on_item_setup_cb (RapportConversation      *self,
                  GtkListItem              *list_item,
                  GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_activatable (list_item, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * The whole text of a long message
 * ------------------------------------------------------------------------------------------- */

static void
show_whole_message_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RapportConversation *self = RAPPORT_CONVERSATION (widget);
  gint64 message_id = g_variant_get_int64 (parameter);
  g_autofree char *author = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window;
  GtkRoot *root;

  if (self->session == NULL)
    return;

  for (guint i = 0; self->messages != NULL && i < self->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (self->messages, i);

      if (rapport_message_get_id (message) == message_id)
        {
          g_free (author);
          author = rapport_ui_bidi_safe (rapport_message_get_author_name (message));
        }
    }

  /* Translators: title of the window showing a whole long message, with its author */
  title = author != NULL ? g_strdup_printf (_("Message from %s"), author) : g_strdup (_("Message"));
  window = rapport_message_window_new (rapport_ticket_session_get_store (self->session),
                                       message_id, title);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  gtk_window_present (GTK_WINDOW (window));
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

  if (op == NULL || self->session == NULL)
    return;

  rapport_composer_undo (self->composer, self->session, op->id, op_visibility (op));
}

static void
on_op_retried_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportConversation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_ticket_session_retry_finish (RAPPORT_TICKET_SESSION (source), result, &error))
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

  if (self->session == NULL)
    return;

  rapport_ticket_session_retry_async (self->session, g_variant_get_int64 (parameter), NULL,
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

  text = rapport_ticket_session_discard_finish (RAPPORT_TICKET_SESSION (source), result, &error);
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
      rapport_composer_restore_text (self->composer, RAPPORT_TICKET_SESSION (source),
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

  if (op == NULL || self->session == NULL)
    return;

  data = g_new0 (DiscardData, 1);
  data->self = g_object_ref (self);
  data->op = rapport_outbox_op_copy (op);
  rapport_ticket_session_discard_async (self->session, op->id, NULL, on_op_discarded_cb, data);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
disconnect_session (RapportConversation *self)
{
  if (self->session == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->session, self);
  g_signal_handlers_disconnect_by_data (rapport_ticket_session_get_ticket (self->session), self);
}

static void
rapport_conversation_dispose (GObject *object)
{
  RapportConversation *self = (RapportConversation *)object;

  disconnect_session (self);
  g_clear_object (&self->session);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_handle_id (&self->older_id, g_source_remove);
  /* The window's destruction may have disposed the clock, and its handlers with it. */
  if (self->follow_clock != NULL && self->follow_id != 0 &&
      g_signal_handler_is_connected (self->follow_clock, self->follow_id))
    g_signal_handler_disconnect (self->follow_clock, self->follow_id);
  self->follow_id = 0;
  g_clear_object (&self->follow_clock);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CONVERSATION);
  self->error_page = NULL;
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_conversation_parent_class)->dispose (object);
}

static void
rapport_conversation_finalize (GObject *object)
{
  RapportConversation *self = (RapportConversation *)object;

  g_free (self->status_class);
  g_clear_object (&self->items);

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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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
    case PROP_SESSION:
      rapport_conversation_set_session (self, g_value_get_object (value));
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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
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
  gtk_widget_class_install_action (widget_class, "conversation.show-whole-message", "x",
                                   show_whole_message_action);

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
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, awaiting_label);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, message_list);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, outbox_section);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, outbox_list);
  gtk_widget_class_bind_template_child (widget_class, RapportConversation, composer);

  gtk_widget_class_set_layout_manager_type (widget_class, RAPPORT_TYPE_PANE_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversation");
}

static void
rapport_conversation_init (RapportConversation *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *scroll;
  GtkEventController *keys;
  GtkAdjustment *vadjustment;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->message_list);
  rapport_composer_set_check_collisions (self->composer, TRUE);
  rapport_ui_stack_show_page (self->stack, "none");

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = rapport_conversation_model_new ();
  rapport_conversation_model_set_initial (self->items, ROWS_STEP);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_item_setup_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_item_bind_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->message_list, factory);
  gtk_list_view_set_model (self->message_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "notify::upper",
                           G_CALLBACK (on_vadjustment_upper_cb), self,
                           G_CONNECT_SWAPPED);
  /* The composer grows (suggestions, hints, a longer reply) and the view shrinks: the newest
   * message stays in view. */
  g_signal_connect_object (vadjustment, "notify::page-size",
                           G_CALLBACK (on_vadjustment_upper_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "notify::value",
                           G_CALLBACK (on_vadjustment_value_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->message_list, "map",
                           G_CALLBACK (on_list_mapped_cb), self, G_CONNECT_SWAPPED);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (on_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->message_list), keys);
}

GtkWidget *
rapport_conversation_new (void)
{
  return g_object_new (RAPPORT_TYPE_CONVERSATION, NULL);
}

RapportTicketSession *
rapport_conversation_get_session (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->session;
}

void
rapport_conversation_set_session (RapportConversation  *self,
                                  RapportTicketSession *session)
{
  static const char * const followed[] = {
    "notify::messages", "notify::ops", "notify::error", "notify::loading",
    "notify::messages-complete",
  };
  static const char * const awaiting_followed[] = { "notify::money-actions" };
  RapportWorkspace *workspace;

  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  disconnect_session (self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
        g_signal_connect_object (session, followed[i], G_CALLBACK (on_session_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      g_signal_connect_object (rapport_ticket_session_get_ticket (session), "notify",
                               G_CALLBACK (on_ticket_notify_cb), self, G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (awaiting_followed); i++)
        g_signal_connect_object (session, awaiting_followed[i],
                                 G_CALLBACK (on_money_actions_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  workspace = session != NULL ? rapport_ticket_session_get_workspace (session) : NULL;
  if (workspace != self->workspace)
    {
      if (self->workspace != NULL)
        g_signal_handlers_disconnect_by_data (self->workspace, self);
      g_set_object (&self->workspace, workspace);
      if (workspace != NULL)
        g_signal_connect_object (workspace, "notify::online",
                                 G_CALLBACK (on_workspace_online_cb), self, G_CONNECT_SWAPPED);
    }

  /* The composer writes on the same ticket (and closes a collision dialog of the last one). */
  rapport_composer_set_session (self->composer, session);
  gtk_widget_set_visible (GTK_WIDGET (self->composer), session != NULL);

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  /* The last ticket's messages stay in the model until this one's come (a few milliseconds),
   * their rows reused then; sync_page() does not show them under this ticket's header. */
  rapport_conversation_model_restart (self->items);
  if (session == NULL)
    rapport_conversation_model_set_messages (self->items, NULL);
  show_ops (self, NULL);
  self->scroll_to_end = TRUE;
  /* The header with the messages: sync_page() shows both, or the loading page. */
  sync_page (self);
  sync_loading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

RapportStore *
rapport_conversation_get_store (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->session != NULL ? rapport_ticket_session_get_store (self->session) : NULL;
}

RapportWorkspace *
rapport_conversation_get_workspace (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->workspace;
}

RapportTicket *
rapport_conversation_get_ticket (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), NULL);

  return self->session != NULL ? rapport_ticket_session_get_ticket (self->session) : NULL;
}

gboolean
rapport_conversation_get_loading (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), FALSE);

  return self->loading;
}

void
rapport_conversation_save_draft (RapportConversation *self)
{
  g_return_if_fail (RAPPORT_IS_CONVERSATION (self));

  rapport_composer_save_draft (self->composer);
}

gboolean
rapport_conversation_start_reply (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), FALSE);

  if (self->session == NULL)
    return FALSE;

  rapport_composer_start_reply (self->composer);
  return TRUE;
}

gboolean
rapport_conversation_start_note (RapportConversation *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONVERSATION (self), FALSE);

  if (self->session == NULL)
    return FALSE;

  rapport_composer_start_note (self->composer);
  return TRUE;
}
