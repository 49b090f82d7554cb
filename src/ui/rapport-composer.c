/* rapport-composer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-composer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-composer.h"
#include "rapport-composer-private.h"

#include "rapport-application.h"
#include "rapport-enums.h"
#include "rapport-template.h"
#include "rapport-ui-util.h"

/* Drafts are saved this long after the last keystroke. */
#define AUTOSAVE_DELAY_MS 700

/* The collision dialog lists this many of the new messages, newest last. */
#define COLLISION_SHOWN 3
/* … each with at most this many lines and characters of its text. */
#define EXCERPT_LINES 2
#define EXCERPT_CHARS 160


G_DEFINE_FINAL_TYPE (RapportComposer, rapport_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_VISIBILITY,
  PROP_SENDING,
  PROP_CHECK_COLLISIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  QUEUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  RapportComposer      *self;
  RapportTicketSession *session;
  gint64                op_id;
  RapportVisibility     visibility;
} UndoData;

static void
undo_data_free (UndoData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->session);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UndoData, undo_data_free)

/* A Send under way: what is being sent, captured when the agent pressed Send. */
typedef struct
{
  RapportComposer      *self;
  RapportTicketSession *session;
  RapportVisibility     visibility;
  char                 *body;
  guint                 hold_ms;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->session);
  g_free (data->body);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void sync_actions (RapportComposer *self);

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

char *
_rapport_composer_get_text (RapportComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Replaces the text as one step the text view's own undo (Ctrl+Z) cannot take back, and
 * forgets the typing before it: a text sent, loaded or given back is not the agent's typing,
 * and Ctrl+Z in an emptied composer must reach the undo of the send instead of bringing the
 * sent text back as a draft. (gtk_text_buffer_set_text() is such a step in GTK 4 already; the
 * bracket keeps it one if the replacement is ever done in pieces.) */
static void
set_text_irreversibly (RapportComposer *self,
                       const char      *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

/* Replaces the text without counting it as the agent's edit (no autosave). */
static void
set_text_quietly (RapportComposer *self,
                  const char      *text)
{
  self->quiet = TRUE;
  set_text_irreversibly (self, text);
  self->quiet = FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Giving text back: Undo, a failed queueing, a discarded op
 * ------------------------------------------------------------------------------------------- */

static void
on_text_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportComposer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_ticket_session_append_to_draft_finish (RAPPORT_TICKET_SESSION (source), result,
                                                      &error))
    {
      g_warning ("Could not keep a text as the draft of ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_session_get_ticket_id (RAPPORT_TICKET_SESSION (source)),
                 error->message);
      if (!self->disposed)
        rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not keep the text as a draft"),
                                    error);
      return;
    }

  if (!self->disposed)
    rapport_ui_add_text_toast (GTK_WIDGET (self),
                               _("The text was kept as the draft of its ticket"));
}

gboolean
_rapport_composer_is_own_ticket (RapportComposer      *self,
                                 RapportTicketSession *session)
{
  return !self->disposed && self->session != NULL &&
         rapport_ticket_session_get_workspace (self->session) ==
           rapport_ticket_session_get_workspace (session) &&
         rapport_ticket_session_get_ticket_id (self->session) ==
           rapport_ticket_session_get_ticket_id (session);
}

static void
restore_text (RapportComposer      *self,
              RapportTicketSession *session,
              RapportVisibility     visibility,
              const char           *text)
{
  if (text == NULL || rapport_text_is_blank (text))
    return;

  if (_rapport_composer_is_own_ticket (self, session))
    {
      g_autofree char *current = _rapport_composer_get_text (self);

      /* A restore is the agent's text again: it is saved as the draft like typing. */
      if (rapport_text_is_blank (current))
        {
          set_text_irreversibly (self, text);
          rapport_composer_set_visibility (self, visibility);
        }
      else
        {
          g_autofree char *merged = g_strconcat (current, RAPPORT_TICKET_SESSION_TEXT_SEPARATOR,
                                                 text, NULL);

          set_text_irreversibly (self, merged);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  /* Another ticket is open now (or the composer is gone): the text becomes (the end of) that
   * ticket's draft. */
  rapport_ticket_session_append_to_draft_async (session, visibility, text, NULL,
                                                on_text_kept_cb, g_object_ref (self));
}

static void
show_queued_toast (RapportComposer       *self,
                   const RapportOutboxOp *op)
{
  /* Toast titles are markup in libadwaita 1.2 (translations may use "&"). */
  g_autofree char *title = g_markup_escape_text (op->kind == RAPPORT_OUTBOX_KIND_NOTE
                                                 ? _("Note queued") : _("Reply queued"), -1);

  rapport_ui_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(UndoData) data = user_data;
  RapportComposer *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = rapport_ticket_session_undo_finish (RAPPORT_TICKET_SESSION (source), result, &error);

  /* Whatever came of it, the window is no longer the agent's to use. */
  if (!self->disposed)
    _rapport_composer_forget_undo (self, data->op_id);

  if (g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT))
    {
      if (!self->disposed)
        rapport_ui_add_text_toast (GTK_WIDGET (self), _("Already sent"));
      return;
    }
  if (g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND))
    {
      /* Taken back already (the bar and the message row both offer Undo). */
      g_debug ("Outbox op %" G_GINT64_FORMAT " was already undone", data->op_id);
      return;
    }
  if (error != NULL)
    {
      g_warning ("Could not undo outbox op %" G_GINT64_FORMAT ": %s", data->op_id, error->message);
      if (!self->disposed)
        rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not undo"), error);
      return;
    }

  restore_text (self, data->session, data->visibility, text);
}

/* ---------------------------------------------------------------------------------------------
 * Drafts
 * ------------------------------------------------------------------------------------------- */

static void
on_draft_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportComposer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_ticket_session_save_draft_finish (RAPPORT_TICKET_SESSION (source), result, &error))
    {
      g_warning ("Could not save the draft of ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_session_get_ticket_id (RAPPORT_TICKET_SESSION (source)),
                 error->message);
      if (!self->disposed)
        rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not save the draft"), error);
    }
}

/* Saves the text as the session's draft (empty text deletes it; the session writes nothing
 * when the store holds that already). */
static void
flush_draft (RapportComposer *self)
{
  g_autofree char *body = NULL;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  /* While sending, the text is on its way to the outbox, which deletes the draft. */
  if (self->session == NULL || !self->draft_loaded || self->sending)
    return;

  body = _rapport_composer_get_text (self);
  rapport_ticket_session_save_draft_async (self->session, self->visibility,
                                           rapport_text_is_blank (body) ? "" : body, NULL,
                                           on_draft_saved_cb, g_object_ref (self));
}

static gboolean
autosave_cb (gpointer user_data)
{
  RapportComposer *self = user_data;

  self->autosave_id = 0;
  flush_draft (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (RapportComposer *self)
{
  if (self->quiet || self->session == NULL)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

typedef struct
{
  RapportComposer *self;
  guint            generation;
} DraftLoad;

static void
on_draft_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree DraftLoad *load = user_data;
  g_autoptr(RapportComposer) self = load->self;
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *typed = NULL;

  body = rapport_ticket_session_load_draft_finish (RAPPORT_TICKET_SESSION (source), result,
                                                   &visibility, &error);
  if (self->disposed || load->generation != self->draft_generation)
    return;

  self->draft_loaded = TRUE;
  if (error != NULL)
    {
      g_warning ("Could not load the draft of ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_session_get_ticket_id (RAPPORT_TICKET_SESSION (source)),
                 error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not load the draft"), error);
      return;
    }

  if (body == NULL || *body == '\0')
    return;

  typed = _rapport_composer_get_text (self);
  if (rapport_text_is_blank (typed))
    {
      set_text_quietly (self, body);
      self->quiet = TRUE;
      rapport_composer_set_visibility (self, visibility);
      self->quiet = FALSE;
    }
  else
    {
      /* The agent typed before the draft came back (a few milliseconds): keep both. */
      g_autofree char *merged = g_strconcat (body, RAPPORT_TICKET_SESSION_TEXT_SEPARATOR, typed,
                                             NULL);

      set_text_irreversibly (self, merged);
    }
}

/* Reads the session's draft; the text view is empty until it comes back. */
static void
load_draft (RapportComposer *self)
{
  DraftLoad *load;

  self->draft_generation++;
  self->draft_loaded = FALSE;
  set_text_quietly (self, NULL);
  /* Every ticket starts as a reply: a note's mode stays with its own ticket's draft. */
  self->quiet = TRUE;
  rapport_composer_set_visibility (self, RAPPORT_VISIBILITY_PUBLIC);
  self->quiet = FALSE;

  if (self->session == NULL)
    return;

  load = g_new0 (DraftLoad, 1);
  load->self = g_object_ref (self);
  load->generation = self->draft_generation;
  rapport_ticket_session_load_draft_async (self->session, NULL, on_draft_loaded_cb, load);
}

/* ---------------------------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------------------------- */

static gboolean
can_write (RapportComposer *self)
{
  return self->workspace != NULL && rapport_workspace_get_can_write (self->workspace);
}

static void
sync_notice (RapportComposer *self)
{
  const char *notice = NULL;

  if (self->workspace != NULL && !can_write (self))
    notice = _("This helpdesk account cannot send replies or notes");
  else if (self->sending)
    notice = _("Checking for new messages…");

  gtk_label_set_text (self->notice_label, notice ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

static void
sync_actions (RapportComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = _rapport_composer_get_text (self);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_text_buffer_get_char_count (buffer) == 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 can_write (self) && self->session != NULL && !self->sending &&
                                 !rapport_text_is_blank (text));
}

static void
set_sending (RapportComposer *self,
             gboolean         sending)
{
  if (self->sending == sending)
    return;

  self->sending = sending;
  gtk_text_view_set_editable (self->text_view, !sending);
  gtk_stack_set_visible_child_name (self->send_stack, sending ? "spinner" : "label");
  gtk_spinner_set_spinning (self->send_spinner, sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reply_button), !sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), !sending);
  sync_notice (self);
  sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static void
close_collision_dialog (RapportComposer *self)
{
  if (self->collision_dialog != NULL)
    gtk_window_close (self->collision_dialog);
}

/* The agent switched ticket (or the window closes) while the check before sending ran: the
 * text stays, as the draft of its ticket. */
static void
abort_send (RapportComposer *self)
{
  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);
  close_collision_dialog (self);
  set_sending (self, FALSE);
}

static void
sync_visibility (RapportComposer *self)
{
  gboolean note = self->visibility == RAPPORT_VISIBILITY_INTERNAL;
  const char *send_label = note ? _("Add Note") : _("Send");
  const char *placeholder = note ? _("Write a note for the team…")
                                 : _("Write a reply to the customer…");

  if (note)
    gtk_widget_add_css_class (GTK_WIDGET (self), "internal");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "internal");

  gtk_toggle_button_set_active (note ? self->note_button : self->reply_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_label), note);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->text_view),
                                   note ? _("Internal note") : _("Reply"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  note ? _("Internal note — not sent to the customer")
                                       : _("Sent to the customer"),
                                  -1);
  gtk_label_set_text (self->send_hint_label, note ? _("Ctrl+Enter to add the note")
                                                  : _("Ctrl+Enter to send"));
  gtk_widget_set_tooltip_text (self->send_button, note ? _("Add Note (Ctrl+Enter)")
                                                       : _("Send (Ctrl+Enter)"));
  gtk_label_set_text (self->send_label, send_label);
  gtk_label_set_text (self->placeholder_label, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, placeholder,
                                  -1);
  rapport_ui_set_accessible_label (self->send_button, send_label);
  rapport_composer_hints_set_active (self->hints, !note);
}

static void
on_buffer_changed_cb (RapportComposer *self,
                      GtkTextBuffer   *buffer)
{
  sync_actions (self);
  schedule_autosave (self);
}

static void
on_mode_toggled_cb (RapportComposer *self,
                    GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  rapport_composer_set_visibility (self, button == self->note_button ? RAPPORT_VISIBILITY_INTERNAL
                                                                     : RAPPORT_VISIBILITY_PUBLIC);
}

static void
on_workspace_can_write_cb (RapportComposer  *self,
                           GParamSpec       *pspec,
                           RapportWorkspace *workspace)
{
  sync_notice (self);
  sync_actions (self);
}

/* ---------------------------------------------------------------------------------------------
 * Sending
 * ------------------------------------------------------------------------------------------- */

static guint
get_hold_ms (RapportComposer *self)
{
  if (self->settings == NULL)
    self->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);

  return g_settings_get_uint (self->settings, "undo-send-seconds") * 1000u;
}

static void
on_enqueued_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  RapportComposer *self = data->self;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  op = rapport_ticket_session_enqueue_message_finish (RAPPORT_TICKET_SESSION (source), result,
                                                      &error);
  if (op == NULL)
    {
      g_warning ("Could not queue a message on ticket %" G_GINT64_FORMAT ": %s",
                 rapport_ticket_session_get_ticket_id (data->session), error->message);
      /* The text is not lost: back into the composer, or into the ticket's draft. */
      restore_text (self, data->session, data->visibility, data->body);
      if (!self->disposed)
        rapport_ui_add_error_toast (GTK_WIDGET (self),
                                    data->visibility == RAPPORT_VISIBILITY_INTERNAL
                                    ? _("Could not queue the note")
                                    : _("Could not queue the reply"),
                                    error);
      return;
    }

  if (!self->disposed)
    {
      /* The next reply on the ticket is a new draft: every hint counts again. */
      if (data->visibility == RAPPORT_VISIBILITY_PUBLIC)
        rapport_composer_hints_forget_dismissed (self->hints,
                                                 rapport_ticket_session_get_ticket_id (data->session));
      if (data->hold_ms > 0)
        _rapport_composer_add_undo (self, data->session, op, data->hold_ms);
      else
        show_queued_toast (self, op);
      g_signal_emit (self, signals[QUEUED], 0, op);
    }
}

static void
queue_send (RapportComposer *self,
            SendData        *data)
{
  data->hold_ms = get_hold_ms (self);

  /* Emptied at once; the enqueue deletes the draft in its transaction. */
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  set_text_quietly (self, NULL);

  g_clear_object (&self->send_cancellable);
  set_sending (self, FALSE);
  rapport_ticket_session_enqueue_message_async (data->session, data->visibility, data->body,
                                                data->hold_ms, NULL, on_enqueued_cb, data);
}

static void
on_collision_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          RapportComposer  *self)
{
  g_autoptr(SendData) data = g_object_steal_data (G_OBJECT (dialog), "rapport-send");

  if (self->collision_dialog == GTK_WINDOW (dialog))
    self->collision_dialog = NULL;

  /* Moot when the send was given up meanwhile (another ticket, the window closes). */
  if (data == NULL || !self->sending || data->session != self->session)
    return;

  if (g_strcmp0 (response, "send") == 0)
    {
      queue_send (self, g_steal_pointer (&data));
      return;
    }

  /* The agent wants to read first: the text stays. */
  g_clear_object (&self->send_cancellable);
  set_sending (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
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

/* Shows the new messages (plain text, never markup: author names and bodies come from the
 * helpdesk) and asks: "Cancel" keeps the text, "Send Anyway" queues it. */
static void
ask_about_collisions (RapportComposer *self,
                      SendData        *data,
                      GPtrArray       *unseen)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint first = unseen->len > COLLISION_SHOWN ? unseen->len - COLLISION_SHOWN : 0;
  GtkWidget *dialog;

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
      /* A name from anyone: bidi-safe. */
      g_autofree char *author = rapport_ui_bidi_safe (rapport_message_get_author_name (message));
      g_autofree char *when = rapport_ui_format_message_time (rapport_message_get_created_at (message),
                                                              rapport_ui_now ());
      g_autofree char *text = excerpt (rapport_message_get_body (message));

      if (i > first)
        g_string_append (body, "\n\n");
      /* Translators: a new message in the collision dialog: author, time */
      g_string_append_printf (body, _("%s · %s"), author ?: _("Unknown author"), when);
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
  /* Its response buttons read their mnemonic twice otherwise ("_Discard Discard"). */
  rapport_ui_name_buttons_by_mnemonic (dialog);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  g_object_set_data_full (G_OBJECT (dialog), "rapport-send", data,
                          (GDestroyNotify) send_data_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_collision_response_cb), self, 0);

  self->collision_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_collisions_checked_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  RapportComposer *self = data->self;
  g_autoptr(GPtrArray) unseen = NULL;
  g_autoptr(GError) error = NULL;

  unseen = rapport_ticket_session_check_collisions_finish (RAPPORT_TICKET_SESSION (source),
                                                           result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->sending ||
      data->session != self->session)
    return;

  if (error != NULL)
    /* The cache could not be read: the check is a courtesy, the reply goes. */
    g_warning ("Could not look for new messages on ticket %" G_GINT64_FORMAT ": %s",
               rapport_ticket_session_get_ticket_id (data->session), error->message);

  if (unseen != NULL && unseen->len > 0)
    ask_about_collisions (self, g_steal_pointer (&data), unseen);
  else
    queue_send (self, g_steal_pointer (&data));
}

/* Selects the first unresolved placeholder of @text (the composer's) at or after @from_char
 * (from the start when there is none after it) and scrolls to it; FALSE when it holds none. */
gboolean
_rapport_composer_select_placeholder (RapportComposer *self,
                                      const char      *text,
                                      int              from_char)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  RapportTemplateSpan span;
  GtkTextIter start, end;
  const char *from;

  from = g_utf8_offset_to_pointer (text, MIN (from_char, (int) g_utf8_strlen (text, -1)));
  if (!rapport_template_find_unresolved (text, from - text, &span) &&
      !rapport_template_find_unresolved (text, 0, &span))
    return FALSE;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) span.char_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) (span.char_offset + span.char_length));
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_iter (self->text_view, &start, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return TRUE;
}

/* Tab in a reply that holds placeholders goes to the next one (after the selection or the
 * cursor, round to the first); without any, Tab moves the focus as usual. */
static gboolean
on_text_key_pressed_cb (RapportComposer *self,
                        guint            keyval,
                        guint            keycode,
                        GdkModifierType  state)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      self->visibility != RAPPORT_VISIBILITY_PUBLIC)
    return GDK_EVENT_PROPAGATE;

  text = _rapport_composer_get_text (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  return _rapport_composer_select_placeholder (self, text, gtk_text_iter_get_offset (&end))
         ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);
  g_autoptr(SendData) data = NULL;
  g_autofree char *text = _rapport_composer_get_text (self);

  if (!can_write (self) || self->session == NULL || self->sending || rapport_text_is_blank (text))
    return;

  /* A reply with a hole is not sent (the outbox would refuse it too): the hole is selected,
   * to be filled in; Tab goes to the next one. */
  if (self->visibility == RAPPORT_VISIBILITY_PUBLIC &&
      _rapport_composer_select_placeholder (self, text, 0))
    {
      rapport_ui_add_text_toast (GTK_WIDGET (self),
                                 _("Fill in the selected placeholder before sending"));
      return;
    }

  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->session = g_object_ref (self->session);
  data->visibility = self->visibility;
  data->body = g_steal_pointer (&text);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  set_sending (self, TRUE);

  if (self->check_collisions)
    rapport_ticket_session_check_collisions_async (self->session, self->send_cancellable,
                                                   on_collisions_checked_cb,
                                                   g_steal_pointer (&data));
  else
    queue_send (self, g_steal_pointer (&data));
}


/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_composer_unmap (GtkWidget *widget)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);

  flush_draft (self);

  GTK_WIDGET_CLASS (rapport_composer_parent_class)->unmap (widget);
}

static void
rapport_composer_dispose (GObject *object)
{
  RapportComposer *self = (RapportComposer *)object;

  if (!self->disposed)
    {
      abort_send (self);
      flush_draft (self);
      self->disposed = TRUE;
    }

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  _rapport_composer_dispose_undo (self);

  /* Off the text view before it goes: GtkTextView warns about children it did not add. */
  if (self->knowledge_search != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->knowledge_search));
      g_clear_object (&self->knowledge_search);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_COMPOSER);

  G_OBJECT_CLASS (rapport_composer_parent_class)->dispose (object);
}

static void
rapport_composer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RapportComposer *self = RAPPORT_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_VISIBILITY:
      g_value_set_enum (value, self->visibility);
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;

    case PROP_CHECK_COLLISIONS:
      g_value_set_boolean (value, self->check_collisions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_composer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RapportComposer *self = RAPPORT_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_composer_set_session (self, g_value_get_object (value));
      break;

    case PROP_VISIBILITY:
      rapport_composer_set_visibility (self, g_value_get_enum (value));
      break;

    case PROP_CHECK_COLLISIONS:
      rapport_composer_set_check_collisions (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_composer_class_init (RapportComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_composer_dispose;
  object_class->get_property = rapport_composer_get_property;
  object_class->set_property = rapport_composer_set_property;

  widget_class->unmap = rapport_composer_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VISIBILITY] =
    g_param_spec_enum ("visibility", NULL, NULL,
                       RAPPORT_TYPE_VISIBILITY,
                       RAPPORT_VISIBILITY_PUBLIC,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CHECK_COLLISIONS] =
    g_param_spec_boolean ("check-collisions", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportComposer::queued:
   * @op: the queued op
   *
   * A reply or note was queued in the outbox.
   */
  signals[QUEUED] =
    g_signal_new ("queued",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RAPPORT_TYPE_OUTBOX_OP | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, clamp);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, main_box);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, suggestions_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, text_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, reply_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, note_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, mode_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, notice_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_hint_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, undo_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, undo_label);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled_cb);
  _rapport_composer_class_insert_init (klass);
  _rapport_composer_class_undo_init (klass);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
rapport_composer_init (RapportComposer *self)
{
  GtkEventController *shortcuts;
  GtkEventController *keys;

  self->visibility = RAPPORT_VISIBILITY_PUBLIC;

  g_type_ensure (RAPPORT_TYPE_SUGGESTIONS_PANE);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Below the text, above Send. */
  self->hints = RAPPORT_COMPOSER_HINTS (rapport_composer_hints_new (self->text_view));
  gtk_box_insert_child_after (GTK_BOX (self->main_box), GTK_WIDGET (self->hints),
                              self->text_overlay);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Return sends. In the capture phase: the text view would take Return for a new
   * line first. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.send")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.send")));
  _rapport_composer_add_insert_shortcuts (self, GTK_SHORTCUT_CONTROLLER (shortcuts));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_text_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  sync_visibility (self);
  sync_notice (self);
  sync_actions (self);
  _rapport_composer_init_undo (self);
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

GtkWidget *
rapport_composer_new (void)
{
  return g_object_new (RAPPORT_TYPE_COMPOSER, NULL);
}

RapportTicketSession *
rapport_composer_get_session (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return self->session;
}

void
rapport_composer_save_draft (RapportComposer *self)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  flush_draft (self);
}

void
rapport_composer_set_session (RapportComposer      *self,
                              RapportTicketSession *session)
{
  RapportWorkspace *workspace;

  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  abort_send (self);
  flush_draft (self);

  g_set_object (&self->session, session);

  workspace = session != NULL ? rapport_ticket_session_get_workspace (session) : NULL;
  if (workspace != self->workspace)
    {
      if (self->workspace != NULL)
        g_signal_handlers_disconnect_by_data (self->workspace, self);
      g_set_object (&self->workspace, workspace);
      if (workspace != NULL)
        g_signal_connect_object (workspace, "notify::can-write",
                                 G_CALLBACK (on_workspace_can_write_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  rapport_suggestions_pane_set_session (self->suggestions_pane, session);
  rapport_composer_hints_set_session (self->hints, session);
  load_draft (self);
  sync_notice (self);
  sync_actions (self);
  /* The bar names the ticket of a send that is not this one's. */
  _rapport_composer_sync_undo_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

RapportWorkspace *
rapport_composer_get_workspace (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return self->workspace;
}

RapportTicket *
rapport_composer_get_ticket (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return self->session != NULL ? rapport_ticket_session_get_ticket (self->session) : NULL;
}

gboolean
rapport_composer_get_check_collisions (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), FALSE);

  return self->check_collisions;
}

void
rapport_composer_set_check_collisions (RapportComposer *self,
                                       gboolean         check_collisions)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  check_collisions = !!check_collisions;
  if (self->check_collisions == check_collisions)
    return;

  self->check_collisions = check_collisions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_COLLISIONS]);
}

RapportVisibility
rapport_composer_get_visibility (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), RAPPORT_VISIBILITY_PUBLIC);

  return self->visibility;
}

void
rapport_composer_set_visibility (RapportComposer   *self,
                                 RapportVisibility  visibility)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (visibility == RAPPORT_VISIBILITY_PUBLIC ||
                    visibility == RAPPORT_VISIBILITY_INTERNAL);

  if (self->visibility == visibility)
    return;

  self->visibility = visibility;
  sync_visibility (self);
  schedule_autosave (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBILITY]);
}

gboolean
rapport_composer_get_sending (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), FALSE);

  return self->sending;
}

char *
rapport_composer_dup_text (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return _rapport_composer_get_text (self);
}

void
rapport_composer_start_reply (RapportComposer *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  text = _rapport_composer_get_text (self);
  if (rapport_text_is_blank (text))
    rapport_composer_set_visibility (self, RAPPORT_VISIBILITY_PUBLIC);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

void
rapport_composer_start_note (RapportComposer *self)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  rapport_composer_set_visibility (self, RAPPORT_VISIBILITY_INTERNAL);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

void
rapport_composer_undo (RapportComposer      *self,
                       RapportTicketSession *session,
                       gint64                op_id,
                       RapportVisibility     visibility)
{
  UndoData *data;

  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (session));

  data = g_new0 (UndoData, 1);
  data->self = g_object_ref (self);
  data->session = g_object_ref (session);
  data->op_id = op_id;
  data->visibility = visibility;
  rapport_ticket_session_undo_async (session, op_id, NULL, on_undone_cb, data);
}

void
rapport_composer_restore_text (RapportComposer      *self,
                               RapportTicketSession *session,
                               RapportVisibility     visibility,
                               const char           *text)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (RAPPORT_IS_TICKET_SESSION (session));

  restore_text (self, session, visibility, text);
}
