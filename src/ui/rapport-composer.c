/* rapport-composer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-composer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-composer.h"

#include "rapport-application.h"
#include "rapport-conversation-private.h"
#include "rapport-drafts.h"
#include "rapport-enums.h"
#include "rapport-ui-util.h"

/* Drafts are saved this long after the last keystroke. */
#define AUTOSAVE_DELAY_MS 700

/* What separates a text given back to the composer from the text already there. */
#define RESTORE_SEPARATOR "\n\n"

typedef enum
{
  JOB_SAVE_DRAFT,   /* save (or, for empty text, delete) the draft */
  JOB_LOAD_DRAFT,
  JOB_ENQUEUE,      /* queue the reply or note */
  JOB_MERGE_DRAFT,  /* add text to the end of a ticket's draft (or make it the draft) */
} JobKind;

/* One store write (or read) of the composer. They run one after another, in order: a draft
 * saved just before Send must not land after the send deleted it. */
typedef struct
{
  JobKind            kind;
  RapportStore      *store;
  gint64             account_id;
  gint64             ticket_id;
  RapportVisibility  visibility;
  char              *body;
  guint              hold_ms;
  guint              generation;  /* JOB_LOAD_DRAFT: the composer's draft generation */

  /* results */
  char              *loaded_body;
  RapportVisibility  loaded_visibility;
  RapportOutboxOp   *op;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->body);
  g_free (job->loaded_body);
  g_clear_pointer (&job->op, rapport_outbox_op_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

struct _RapportComposer
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkWidget         *clamp;
  GtkToggleButton   *reply_button;
  GtkToggleButton   *note_button;
  GtkLabel          *notice_label;
  GtkTextView       *text_view;
  GtkLabel          *placeholder_label;
  GtkWidget         *send_button;
  GtkStack          *send_stack;
  GtkLabel          *send_label;
  GtkSpinner        *send_spinner;

  /* owned */
  RapportWorkspace  *workspace;
  RapportTicket     *ticket;
  GSettings         *settings;      /* made on first send */
  GCancellable      *send_cancellable;
  GQueue             jobs;          /* (element-type Job) waiting their turn */
  GApplication      *held_app;      /* held while jobs run, so quitting waits for them */
  char              *saved_body;    /* the ticket's draft as stored ("" = none), NULL = unknown */
  GHashTable        *toasts;        /* op id → AdwToast offering Undo */
  gulong             can_write_id;

  RapportVisibility  visibility;
  RapportVisibility  saved_visibility;
  guint              autosave_id;
  guint              draft_generation;
  gboolean           draft_loaded;  /* the current ticket's draft was read */
  gboolean           quiet;         /* the buffer changes by program: no autosave */
  gboolean           sending;
  gboolean           job_running;
  gboolean           disposed;
};

G_DEFINE_FINAL_TYPE (RapportComposer, rapport_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_TICKET,
  PROP_VISIBILITY,
  PROP_SENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  QUEUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a toast's Undo button takes back. */
typedef struct
{
  gint64            op_id;
  gint64            account_id;
  gint64            ticket_id;
  RapportVisibility visibility;
} UndoTarget;

typedef struct
{
  RapportComposer  *self;
  RapportStore     *store;
  gint64            account_id;
  UndoTarget        target;
} UndoData;

static void
undo_data_free (UndoData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->store);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UndoData, undo_data_free)

/* A Send under way: what is being sent, captured when the agent pressed Send. */
typedef struct
{
  RapportComposer   *self;
  gint64             ticket_id;
  RapportVisibility  visibility;
  char              *body;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->self);
  g_free (data->body);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void run_next_job      (RapportComposer   *self);
static void sync_actions      (RapportComposer   *self);
static void restore_text_full (RapportComposer   *self,
                               RapportStore      *store,
                               gint64             account_id,
                               gint64             ticket_id,
                               RapportVisibility  visibility,
                               const char        *text);

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static char *
get_text (RapportComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Replaces the text without counting it as the agent's edit (no autosave). */
static void
set_text_quietly (RapportComposer *self,
                  const char      *text)
{
  self->quiet = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
  self->quiet = FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * The job queue
 * ------------------------------------------------------------------------------------------- */

static void
run_job_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (job->kind)
    {
    case JOB_SAVE_DRAFT:
      if (job->body[0] == '\0')
        ok = rapport_drafts_delete (job->store, job->account_id, job->ticket_id, NULL,
                                    &error);
      else
        ok = rapport_drafts_save (job->store, job->account_id, job->ticket_id,
                                  job->visibility, job->body, NULL, &error);
      break;

    case JOB_LOAD_DRAFT:
      job->loaded_body = rapport_drafts_load (job->store, job->account_id, job->ticket_id,
                                              &job->loaded_visibility, NULL, &error);
      ok = error == NULL;
      break;

    case JOB_ENQUEUE:
      job->op = rapport_outbox_enqueue_message (job->store, job->account_id, job->ticket_id,
                                                job->visibility, job->body, job->hold_ms,
                                                NULL, &error);
      ok = job->op != NULL;
      break;

    case JOB_MERGE_DRAFT:
      {
        RapportVisibility visibility = job->visibility;
        g_autofree char *draft = NULL;
        g_autofree char *merged = NULL;

        draft = rapport_drafts_load (job->store, job->account_id, job->ticket_id,
                                     &visibility, NULL, &error);
        if (error != NULL)
          break;
        if (draft != NULL && !is_blank (draft))
          merged = g_strconcat (draft, RESTORE_SEPARATOR, job->body, NULL);
        else
          visibility = job->visibility;
        ok = rapport_drafts_save (job->store, job->account_id, job->ticket_id, visibility,
                                  merged ? merged : job->body, NULL, &error);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_toast_dismissed_cb (AdwToast        *toast,
                       RapportComposer *self)
{
  UndoTarget *target = g_object_get_data (G_OBJECT (toast), "rapport-undo-target");

  if (self->toasts != NULL && target != NULL &&
      g_hash_table_lookup (self->toasts, &target->op_id) == toast)
    g_hash_table_remove (self->toasts, &target->op_id);
}

static void
on_toast_button_clicked_cb (AdwToast        *toast,
                            RapportComposer *self)
{
  UndoTarget *target = g_object_get_data (G_OBJECT (toast), "rapport-undo-target");

  g_return_if_fail (target != NULL);

  rapport_composer_undo (self, target->op_id, target->account_id, target->ticket_id,
                         target->visibility);
}

static void
show_queued_toast (RapportComposer       *self,
                   const RapportOutboxOp *op,
                   guint                  hold_ms)
{
  AdwToast *toast;
  UndoTarget *target;
  gboolean note = op->kind == RAPPORT_OUTBOX_KIND_NOTE;

  {
    /* Toast titles are markup in libadwaita 1.2 (translations may use "&"). */
    g_autofree char *title = g_markup_escape_text (note ? _("Note queued") : _("Reply queued"), -1);

    toast = adw_toast_new (title);
  }
  if (hold_ms == 0)
    {
      rapport_ui_add_toast (GTK_WIDGET (self), toast);
      return;
    }

  target = g_new0 (UndoTarget, 1);
  target->op_id = op->id;
  target->account_id = op->account_id;
  target->ticket_id = op->ticket_id;
  target->visibility = note ? RAPPORT_VISIBILITY_INTERNAL : RAPPORT_VISIBILITY_PUBLIC;
  g_object_set_data_full (G_OBJECT (toast), "rapport-undo-target", target, g_free);

  adw_toast_set_button_label (toast, _("_Undo"));
  /* Shown at once, not after the toasts before it: Undo is only useful now. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* The toast lasts as long as Undo can work (whole seconds, at least one). */
  adw_toast_set_timeout (toast, MAX (1, hold_ms / 1000));
  g_signal_connect_object (toast, "button-clicked",
                           G_CALLBACK (on_toast_button_clicked_cb), self, 0);
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (on_toast_dismissed_cb), self, 0);

  if (self->toasts != NULL)
    g_hash_table_insert (self->toasts, g_memdup2 (&op->id, sizeof op->id),
                         g_object_ref (toast));
  rapport_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
apply_loaded_draft (RapportComposer   *self,
                    const char        *body,
                    RapportVisibility  visibility)
{
  g_autofree char *typed = get_text (self);

  self->draft_loaded = TRUE;
  g_free (self->saved_body);
  self->saved_body = g_strdup (body ? body : "");
  self->saved_visibility = visibility;

  if (body == NULL || *body == '\0')
    return;

  if (is_blank (typed))
    {
      set_text_quietly (self, body);
      self->quiet = TRUE;
      rapport_composer_set_visibility (self, visibility);
      self->quiet = FALSE;
    }
  else
    {
      /* The agent typed before the draft came back (a few milliseconds): keep both. */
      g_autofree char *merged = g_strconcat (body, RESTORE_SEPARATOR, typed, NULL);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), merged, -1);
    }
}

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportComposer *self = RAPPORT_COMPOSER (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  gboolean current;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  current = !self->disposed && self->ticket != NULL && self->workspace != NULL &&
            rapport_ticket_get_id (self->ticket) == job->ticket_id &&
            rapport_workspace_get_account_id (self->workspace) == job->account_id;

  switch (job->kind)
    {
    case JOB_SAVE_DRAFT:
      if (error != NULL)
        {
          g_warning ("Could not save the draft of ticket %" G_GINT64_FORMAT ": %s",
                     job->ticket_id, error->message);
          /* Unknown again: the next autosave tries once more. */
          if (current)
            g_clear_pointer (&self->saved_body, g_free);
          if (!self->disposed)
            rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not save the draft"), error);
        }
      break;

    case JOB_LOAD_DRAFT:
      if (!current || job->generation != self->draft_generation)
        break;
      if (error != NULL)
        {
          g_warning ("Could not load the draft of ticket %" G_GINT64_FORMAT ": %s",
                     job->ticket_id, error->message);
          self->draft_loaded = TRUE;
          g_clear_pointer (&self->saved_body, g_free);
          rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not load the draft"), error);
          break;
        }
      apply_loaded_draft (self, job->loaded_body, job->loaded_visibility);
      break;

    case JOB_ENQUEUE:
      if (error != NULL)
        {
          g_warning ("Could not queue a message on ticket %" G_GINT64_FORMAT ": %s",
                     job->ticket_id, error->message);
          /* The text is not lost: back into the composer, or into the ticket's draft. */
          restore_text_full (self, job->store, job->account_id, job->ticket_id,
                             job->visibility, job->body);
          if (!self->disposed)
            rapport_ui_add_error_toast (GTK_WIDGET (self),
                                        job->visibility == RAPPORT_VISIBILITY_INTERNAL
                                        ? _("Could not queue the note")
                                        : _("Could not queue the reply"),
                                        error);
          break;
        }
      if (!self->disposed)
        {
          show_queued_toast (self, job->op, job->hold_ms);
          g_signal_emit (self, signals[QUEUED], 0, job->op);
        }
      break;

    case JOB_MERGE_DRAFT:
      if (error != NULL)
        {
          g_warning ("Could not keep a text as the draft of ticket %" G_GINT64_FORMAT ": %s",
                     job->ticket_id, error->message);
          if (!self->disposed)
            rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not keep the text as a draft"),
                                        error);
        }
      else if (!self->disposed)
        {
          rapport_ui_add_text_toast (GTK_WIDGET (self),
                                     _("The text was kept as the draft of its ticket"));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  self->job_running = FALSE;
  run_next_job (self);
}

static void
run_next_job (RapportComposer *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->job_running)
    return;

  if (g_queue_is_empty (&self->jobs))
    {
      /* All written: the application may quit now. */
      if (self->held_app != NULL)
        {
          g_application_release (self->held_app);
          g_clear_object (&self->held_app);
        }
      return;
    }

  /* A draft saved as the window closes must reach the disk before the process ends. */
  if (self->held_app == NULL && g_application_get_default () != NULL)
    {
      self->held_app = g_object_ref (g_application_get_default ());
      g_application_hold (self->held_app);
    }

  job = g_queue_pop_head (&self->jobs);
  self->job_running = TRUE;

  /* The task holds the composer: the queue drains even after the widget is destroyed. */
  task = g_task_new (self, NULL, on_job_done_cb, NULL);
  g_task_set_source_tag (task, run_next_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job_in_thread);
}

static Job *
push_job_full (RapportComposer *self,
               JobKind          kind,
               RapportStore    *store,
               gint64           account_id,
               gint64           ticket_id)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (store);
  job->account_id = account_id;
  job->ticket_id = ticket_id;
  g_queue_push_tail (&self->jobs, job);

  return job;
}

static Job *
push_job (RapportComposer *self,
          JobKind          kind,
          gint64           ticket_id)
{
  g_assert (self->workspace != NULL);

  return push_job_full (self, kind, rapport_workspace_get_store (self->workspace),
                        rapport_workspace_get_account_id (self->workspace), ticket_id);
}

/* ---------------------------------------------------------------------------------------------
 * Drafts
 * ------------------------------------------------------------------------------------------- */

static void
flush_draft (RapportComposer *self)
{
  g_autofree char *body = NULL;
  Job *job;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  /* While sending, the text is on its way to the outbox, which deletes the draft. */
  if (self->workspace == NULL || self->ticket == NULL || !self->draft_loaded || self->sending)
    return;

  body = get_text (self);
  if (is_blank (body))
    g_clear_pointer (&body, g_free);

  if (self->saved_body != NULL &&
      g_strcmp0 (body ? body : "", self->saved_body) == 0 &&
      (body == NULL || self->visibility == self->saved_visibility))
    return;

  job = push_job (self, JOB_SAVE_DRAFT, rapport_ticket_get_id (self->ticket));
  job->visibility = self->visibility;
  job->body = g_strdup (body ? body : "");

  g_free (self->saved_body);
  self->saved_body = g_strdup (job->body);
  self->saved_visibility = self->visibility;

  run_next_job (self);
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
  if (self->quiet || self->workspace == NULL || self->ticket == NULL)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

/* Reads the draft of the (new) ticket; the text view is empty until it comes back. */
static void
load_draft (RapportComposer *self)
{
  Job *job;

  self->draft_generation++;
  self->draft_loaded = FALSE;
  g_clear_pointer (&self->saved_body, g_free);
  set_text_quietly (self, NULL);

  if (self->workspace == NULL || self->ticket == NULL)
    return;

  job = push_job (self, JOB_LOAD_DRAFT, rapport_ticket_get_id (self->ticket));
  job->generation = self->draft_generation;
  run_next_job (self);
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
  g_autofree char *text = get_text (self);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_text_buffer_get_char_count (buffer) == 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 can_write (self) && self->ticket != NULL && !self->sending &&
                                 !is_blank (text));
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

/* The agent switched ticket (or the window closes) while the check before sending ran: the
 * text stays, as the draft of its ticket. */
static void
abort_send (RapportComposer *self)
{
  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);
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
  rapport_ui_set_accessible_label (GTK_WIDGET (self->text_view),
                                   note ? _("Internal note") : _("Reply"));
  gtk_label_set_text (self->send_label, send_label);
  gtk_label_set_text (self->placeholder_label, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, placeholder,
                                  -1);
  rapport_ui_set_accessible_label (self->send_button, send_label);
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
queue_send (RapportComposer *self,
            SendData        *data)
{
  Job *job;

  if (self->workspace == NULL)
    return;

  job = push_job (self, JOB_ENQUEUE, data->ticket_id);
  job->visibility = data->visibility;
  job->body = g_strdup (data->body);
  job->hold_ms = get_hold_ms (self);

  /* Emptied at once; the enqueue deletes the draft in its transaction. */
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  set_text_quietly (self, NULL);
  g_free (self->saved_body);
  self->saved_body = g_strdup ("");

  g_clear_object (&self->send_cancellable);
  set_sending (self, FALSE);
  run_next_job (self);
}

static void
on_collisions_checked_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  RapportComposer *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean go_ahead;

  go_ahead = _rapport_conversation_check_collisions_finish (RAPPORT_CONVERSATION (source),
                                                            result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->sending ||
      self->ticket == NULL || rapport_ticket_get_id (self->ticket) != data->ticket_id)
    return;

  if (error != NULL)
    {
      /* The cache could not be read: the check is a courtesy, the reply goes. */
      g_warning ("Could not look for new messages on ticket %" G_GINT64_FORMAT ": %s",
                 data->ticket_id, error->message);
      go_ahead = TRUE;
    }

  if (!go_ahead)
    {
      /* The agent wants to read first: the text stays. */
      g_clear_object (&self->send_cancellable);
      set_sending (self, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  queue_send (self, data);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);
  g_autoptr(SendData) data = NULL;
  g_autofree char *text = get_text (self);
  GtkWidget *conversation;
  gint64 ticket_id;

  if (!can_write (self) || self->ticket == NULL || self->sending || is_blank (text))
    return;

  ticket_id = rapport_ticket_get_id (self->ticket);
  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->ticket_id = ticket_id;
  data->visibility = self->visibility;
  data->body = g_steal_pointer (&text);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  set_sending (self, TRUE);

  conversation = gtk_widget_get_ancestor (widget, RAPPORT_TYPE_CONVERSATION);
  if (conversation != NULL)
    _rapport_conversation_check_collisions_async (RAPPORT_CONVERSATION (conversation),
                                                  ticket_id, self->send_cancellable,
                                                  on_collisions_checked_cb,
                                                  g_steal_pointer (&data));
  else
    queue_send (self, data);
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
  AdwToast *toast;

  text = rapport_outbox_undo_finish (RAPPORT_STORE (source), result, &error);

  if (g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_ALREADY_SENT))
    {
      if (!self->disposed)
        rapport_ui_add_text_toast (GTK_WIDGET (self), _("Already sent"));
      return;
    }
  if (g_error_matches (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND))
    {
      /* Taken back already (the toast and the message row both offer Undo). */
      g_debug ("Outbox op %" G_GINT64_FORMAT " was already undone", data->target.op_id);
      return;
    }
  if (error != NULL)
    {
      g_warning ("Could not undo outbox op %" G_GINT64_FORMAT ": %s",
                 data->target.op_id, error->message);
      if (!self->disposed)
        rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not undo"), error);
      return;
    }

  if (self->toasts != NULL &&
      (toast = g_hash_table_lookup (self->toasts, &data->target.op_id)) != NULL)
    adw_toast_dismiss (toast);

  restore_text_full (self, data->store, data->account_id, data->target.ticket_id,
                     data->target.visibility, text);
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
    g_clear_signal_handler (&self->can_write_id, self->workspace);
  g_clear_object (&self->workspace);
  g_clear_object (&self->ticket);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->toasts, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_COMPOSER);

  G_OBJECT_CLASS (rapport_composer_parent_class)->dispose (object);
}

static void
rapport_composer_finalize (GObject *object)
{
  RapportComposer *self = (RapportComposer *)object;

  /* Every waiting job is run by the task of the one before it, which holds the composer. */
  g_assert (g_queue_is_empty (&self->jobs));
  g_assert (self->held_app == NULL);
  g_free (self->saved_body);

  G_OBJECT_CLASS (rapport_composer_parent_class)->finalize (object);
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
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_VISIBILITY:
      g_value_set_enum (value, self->visibility);
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
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
    case PROP_WORKSPACE:
      rapport_composer_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_TICKET:
      rapport_composer_set_ticket (self, g_value_get_object (value));
      break;

    case PROP_VISIBILITY:
      rapport_composer_set_visibility (self, g_value_get_enum (value));
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
  object_class->finalize = rapport_composer_finalize;
  object_class->get_property = rapport_composer_get_property;
  object_class->set_property = rapport_composer_set_property;

  widget_class->unmap = rapport_composer_unmap;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         RAPPORT_TYPE_TICKET,
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
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, reply_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, note_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, notice_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_label);
  gtk_widget_class_bind_template_child (widget_class, RapportComposer, send_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
rapport_composer_init (RapportComposer *self)
{
  GtkEventController *shortcuts;

  self->visibility = RAPPORT_VISIBILITY_PUBLIC;
  self->toasts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->jobs);

  gtk_widget_init_template (GTK_WIDGET (self));

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
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  sync_visibility (self);
  sync_notice (self);
  sync_actions (self);
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

GtkWidget *
rapport_composer_new (void)
{
  return g_object_new (RAPPORT_TYPE_COMPOSER, NULL);
}

RapportWorkspace *
rapport_composer_get_workspace (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return self->workspace;
}

void
rapport_composer_set_workspace (RapportComposer  *self,
                                RapportWorkspace *workspace)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  abort_send (self);
  flush_draft (self);

  if (self->workspace != NULL)
    g_clear_signal_handler (&self->can_write_id, self->workspace);

  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    self->can_write_id = g_signal_connect_object (workspace, "notify::can-write",
                                                  G_CALLBACK (on_workspace_can_write_cb), self,
                                                  G_CONNECT_SWAPPED);

  load_draft (self);
  sync_notice (self);
  sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

RapportTicket *
rapport_composer_get_ticket (RapportComposer *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER (self), NULL);

  return self->ticket;
}

void
rapport_composer_set_ticket (RapportComposer *self,
                             RapportTicket   *ticket)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (!ticket || RAPPORT_IS_TICKET (ticket));

  if (self->ticket == ticket)
    return;

  /* The same ticket as another object (a placeholder that was replaced): nothing changes. */
  if (self->ticket != NULL && ticket != NULL &&
      rapport_ticket_get_id (self->ticket) == rapport_ticket_get_id (ticket))
    {
      g_set_object (&self->ticket, ticket);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
      return;
    }

  abort_send (self);
  flush_draft (self);

  g_set_object (&self->ticket, ticket);

  load_draft (self);
  sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
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

  return get_text (self);
}

void
rapport_composer_undo (RapportComposer   *self,
                       gint64             op_id,
                       gint64             account_id,
                       gint64             ticket_id,
                       RapportVisibility  visibility)
{
  UndoData *data;

  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  if (self->workspace == NULL)
    return;

  data = g_new0 (UndoData, 1);
  data->self = g_object_ref (self);
  data->store = g_object_ref (rapport_workspace_get_store (self->workspace));
  data->account_id = account_id;
  data->target.op_id = op_id;
  data->target.account_id = account_id;
  data->target.ticket_id = ticket_id;
  data->target.visibility = visibility;
  rapport_outbox_undo_async (data->store, op_id, NULL, on_undone_cb, data);
}

static void
restore_text_full (RapportComposer   *self,
                   RapportStore      *store,
                   gint64             account_id,
                   gint64             ticket_id,
                   RapportVisibility  visibility,
                   const char        *text)
{
  Job *job;

  if (text == NULL || is_blank (text))
    return;

  if (!self->disposed && self->ticket != NULL && self->workspace != NULL &&
      rapport_workspace_get_store (self->workspace) == store &&
      rapport_workspace_get_account_id (self->workspace) == account_id &&
      rapport_ticket_get_id (self->ticket) == ticket_id)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      g_autofree char *current = get_text (self);
      GtkTextIter end;

      /* A restore is the agent's text again: it is saved as the draft like typing. */
      if (is_blank (current))
        {
          gtk_text_buffer_set_text (buffer, text, -1);
          rapport_composer_set_visibility (self, visibility);
        }
      else
        {
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert (buffer, &end, RESTORE_SEPARATOR, -1);
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert (buffer, &end, text, -1);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  /* Another ticket is open now (or the composer is gone): the text becomes (the end of) that
   * ticket's draft. */
  job = push_job_full (self, JOB_MERGE_DRAFT, store, account_id, ticket_id);
  job->visibility = visibility;
  job->body = g_strdup (text);
  run_next_job (self);
}

void
rapport_composer_restore_text (RapportComposer   *self,
                               gint64             account_id,
                               gint64             ticket_id,
                               RapportVisibility  visibility,
                               const char        *text)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER (self));

  if (self->workspace == NULL)
    return;

  restore_text_full (self, rapport_workspace_get_store (self->workspace), account_id, ticket_id,
                     visibility, text);
}
