/* rapport-composer-undo.c: taking a send back, from the composer's undo bar or with Ctrl+Z.
 *
 * The undo-send window of the last reply or note is shown in the composer itself, in place of
 * the Ctrl+Enter hint: "Sending the reply in 8 s…" and Undo. It never covers the text or Send
 * (a toast of the window's overlay would), Tab reaches its button, and Ctrl+Z anywhere in the
 * window takes the send back. The window counts from the first frame that shows the bar: the
 * op's hold is extended to that moment plus its length (rapport_outbox_extend_hold()), so the
 * countdown the agent sees is the one the push engine keeps. The outbox row stays the record:
 * until then, and after a crash, the op is held for its length from when it was queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-composer-private.h"

#include "rapport-ui-util.h"

/* A reply or note sent with an undo-send window, while it can be taken back. */
typedef struct
{
  RapportTicketSession *session;
  gint64                op_id;
  RapportVisibility     visibility;
  guint                 hold_ms;
  gint64                queued_until; /* unix ms: the window the op was queued with */
  gint64                hold_until;   /* the same, then from when the agent saw it */
  gboolean              seen;         /* its countdown was on screen */
} PendingUndo;

static void
pending_undo_free (PendingUndo *undo)
{
  g_clear_object (&undo->session);
  g_free (undo);
}


static PendingUndo *
find_undo (RapportComposer *self,
           gint64           op_id,
           guint           *index)
{
  for (guint i = 0; self->undos != NULL && i < self->undos->len; i++)
    {
      PendingUndo *undo = g_ptr_array_index (self->undos, i);

      if (undo->op_id == op_id)
        {
          if (index != NULL)
            *index = i;
          return undo;
        }
    }

  return NULL;
}

void
_rapport_composer_forget_undo (RapportComposer *self,
                               gint64           op_id)
{
  guint index;

  if (find_undo (self, op_id, &index) != NULL)
    {
      g_ptr_array_remove_index (self->undos, index);
      _rapport_composer_sync_undo_bar (self);
    }
}

static gboolean
on_undo_tick_cb (gpointer user_data)
{
  RapportComposer *self = user_data;

  self->undo_tick_id = 0;
  _rapport_composer_sync_undo_bar (self);

  return G_SOURCE_REMOVE;
}

static void
stop_paint_watch (RapportComposer *self)
{
  if (self->paint_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->paint_clock);
  g_clear_object (&self->paint_clock);
}

typedef struct
{
  RapportComposer *self;
  gint64           op_id;
} HoldData;

static void
hold_data_free (HoldData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoldData, hold_data_free)

static void
on_hold_extended_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HoldData) data = user_data;
  RapportComposer *self = data->self;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  PendingUndo *undo;

  op = rapport_ticket_session_extend_hold_finish (RAPPORT_TICKET_SESSION (source), result,
                                                  &error);
  if (self->disposed)
    return;

  if (op != NULL)
    {
      /* The store's window (never shorter than asked). */
      if ((undo = find_undo (self, op->id, NULL)) != NULL)
        {
          undo->hold_until = op->hold_until;
          _rapport_composer_sync_undo_bar (self);
        }
      return;
    }

  /* Released before the agent could see it (a machine slower than the whole window), or
   * taken back meanwhile: there is nothing left to undo, and the bar must not say there is.
   * The message row shows where the op is. */
  if (g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT) ||
      g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND))
    {
      g_debug ("Outbox op %" G_GINT64_FORMAT " left its window before it was seen: %s",
               data->op_id, error->message);
      _rapport_composer_forget_undo (self, data->op_id);
      return;
    }

  /* The op keeps the window it was queued with: the bar counts that one down. */
  g_warning ("Could not extend the undo-send window of outbox op %" G_GINT64_FORMAT ": %s",
             data->op_id, error->message);
  if ((undo = find_undo (self, data->op_id, NULL)) != NULL)
    {
      undo->hold_until = undo->queued_until;
      _rapport_composer_sync_undo_bar (self);
    }
}

static void
on_after_paint_cb (GdkFrameClock   *clock,
                   RapportComposer *self)
{
  gint64 now_ms = g_get_real_time () / 1000;

  if (!gtk_widget_get_mapped (self->undo_bar))
    return;

  stop_paint_watch (self);

  /* On screen: every window not seen yet starts now. */
  for (guint i = 0; i < self->undos->len; i++)
    {
      PendingUndo *undo = g_ptr_array_index (self->undos, i);

      if (undo->seen)
        continue;

      undo->seen = TRUE;
      if (now_ms + undo->hold_ms > undo->hold_until)
        {
          HoldData *data = g_new0 (HoldData, 1);

          data->self = g_object_ref (self);
          data->op_id = undo->op_id;
          undo->hold_until = now_ms + undo->hold_ms;
          rapport_ticket_session_extend_hold_async (undo->session, undo->op_id, undo->hold_until,
                                                    NULL, on_hold_extended_cb, data);
        }
    }

  _rapport_composer_sync_undo_bar (self);
}

/* Waits for the next frame that paints the bar, when a window is not seen yet. */
static void
watch_paint (RapportComposer *self)
{
  GdkFrameClock *clock;

  if (self->after_paint_id != 0 || !gtk_widget_get_mapped (self->undo_bar))
    return;

  clock = gtk_widget_get_frame_clock (self->undo_bar);
  if (clock == NULL)
    return;

  self->paint_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (on_after_paint_cb), self);
  gtk_widget_queue_draw (self->undo_bar);
}

/* On screen again (or at last): a window not seen yet starts with the next frame. */
static void
on_undo_bar_map_cb (RapportComposer *self,
                    GtkWidget       *bar)
{
  for (guint i = 0; i < self->undos->len; i++)
    {
      if (!((PendingUndo *) g_ptr_array_index (self->undos, i))->seen)
        {
          watch_paint (self);
          return;
        }
    }
}

static void
on_undo_bar_unmap_cb (RapportComposer *self,
                      GtkWidget       *bar)
{
  stop_paint_watch (self);
}

static char *
undo_text (RapportComposer   *self,
           const PendingUndo *undo,
           guint              left_s)
{
  gboolean note = undo->visibility == RAPPORT_VISIBILITY_INTERNAL;
  RapportTicket *ticket;
  g_autofree char *subject = NULL;

  if (_rapport_composer_is_own_ticket (self, undo->session))
    return g_strdup_printf (note ? g_dngettext (GETTEXT_PACKAGE, "Adding the note in %u s…",
                                                "Adding the note in %u s…", left_s)
                                 : g_dngettext (GETTEXT_PACKAGE, "Sending the reply in %u s…",
                                                "Sending the reply in %u s…", left_s),
                            left_s);

  /* Written on another ticket: which one (a subject from anyone: bidi-safe). */
  ticket = rapport_ticket_session_get_ticket (undo->session);
  subject = rapport_ui_bidi_safe (ticket != NULL ? rapport_ticket_get_subject (ticket) : NULL);
  return g_strdup_printf (note ? g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: %s is a ticket's subject */
                                              "Adding the note on “%s” in %u s…",
                                              "Adding the note on “%s” in %u s…", left_s)
                               : g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: %s is a ticket's subject */
                                              "Sending the reply on “%s” in %u s…",
                                              "Sending the reply on “%s” in %u s…", left_s),
                          subject != NULL ? subject : "", left_s);
}

/* Shows the newest window still open (the one Ctrl+Z takes back), or the hint without one;
 * forgets the windows that are over. */
void
_rapport_composer_sync_undo_bar (RapportComposer *self)
{
  gint64 now_ms = g_get_real_time () / 1000;
  PendingUndo *newest = NULL;
  gboolean unseen = FALSE;
  g_autofree char *text = NULL;
  gint64 left_ms;

  g_clear_handle_id (&self->undo_tick_id, g_source_remove);
  if (self->disposed)
    return;

  for (guint i = self->undos->len; i > 0; i--)
    {
      PendingUndo *undo = g_ptr_array_index (self->undos, i - 1);

      /* Not seen yet, it waits for the frame that shows it (the op is held from its own
       * start meanwhile, and the extension says when the engine was quicker). */
      if (undo->seen && undo->hold_until <= now_ms)
        g_ptr_array_remove_index (self->undos, i - 1);
      else
        unseen |= !undo->seen;
    }

  if (self->undos->len > 0)
    newest = g_ptr_array_index (self->undos, self->undos->len - 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.undo-send", newest != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->send_hint_label), newest == NULL);
  gtk_widget_set_visible (self->undo_bar, newest != NULL);

  if (newest == NULL)
    {
      stop_paint_watch (self);
      return;
    }

  left_ms = MAX (newest->hold_until - now_ms, 1);
  text = undo_text (self, newest, (guint) MIN ((left_ms + 999) / 1000, G_MAXUINT));
  gtk_label_set_text (self->undo_label, text);

  if (unseen)
    watch_paint (self);

  /* The next second of the newest window (older ones end before it); one not seen yet starts
   * counting with the frame that shows it. */
  if (newest->seen)
    {
      g_clear_handle_id (&self->undo_tick_id, g_source_remove);
      self->undo_tick_id = g_timeout_add ((guint) (((left_ms - 1) % 1000) + 1), on_undo_tick_cb,
                                          self);
    }
}

void
_rapport_composer_add_undo (RapportComposer       *self,
                            RapportTicketSession  *session,
                            const RapportOutboxOp *op,
                            guint                  hold_ms)
{
  PendingUndo *undo = g_new0 (PendingUndo, 1);

  undo->session = g_object_ref (session);
  undo->op_id = op->id;
  undo->visibility = op->kind == RAPPORT_OUTBOX_KIND_NOTE ? RAPPORT_VISIBILITY_INTERNAL
                                                          : RAPPORT_VISIBILITY_PUBLIC;
  undo->hold_ms = hold_ms;
  undo->queued_until = undo->hold_until = op->hold_until;
  g_ptr_array_add (self->undos, undo);
  _rapport_composer_sync_undo_bar (self);
}

/* Ctrl+Z, the bar's Undo: takes back the newest send still in its window. */
static void
undo_send_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);
  g_autoptr(RapportTicketSession) session = NULL;
  RapportVisibility visibility;
  PendingUndo *newest;
  gint64 op_id;

  if (self->undos == NULL || self->undos->len == 0)
    return;

  /* Off the bar at once: a second Ctrl+Z goes to the send before it. */
  newest = g_ptr_array_index (self->undos, self->undos->len - 1);
  session = g_object_ref (newest->session);
  op_id = newest->op_id;
  visibility = newest->visibility;
  g_ptr_array_remove_index (self->undos, self->undos->len - 1);
  _rapport_composer_sync_undo_bar (self);

  rapport_composer_undo (self, session, op_id, visibility);
}

void
_rapport_composer_class_undo_init (RapportComposerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "composer.undo-send", NULL, undo_send_action);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_bar_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_bar_unmap_cb);
}

void
_rapport_composer_init_undo (RapportComposer *self)
{
  GtkEventController *shortcuts;

  self->undos = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_undo_free);

  /* Ctrl+Z takes the last send back from anywhere in the window (scope global: the window
   * runs it), after the focused widget had its turn: a text field with something of its own
   * to undo undoes that first (bubble phase). While no send can be taken back the action is
   * disabled and the key goes on. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.undo-send")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  _rapport_composer_sync_undo_bar (self);
}

void
_rapport_composer_dispose_undo (RapportComposer *self)
{
  g_clear_handle_id (&self->undo_tick_id, g_source_remove);
  stop_paint_watch (self);
  g_clear_pointer (&self->undos, g_ptr_array_unref);
}
