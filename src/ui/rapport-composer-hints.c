/* rapport-composer-hints.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-composer-hints"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-composer-hints.h"

#include "rapport-application.h"
#include "rapport-ui-util.h"

#define HINT_TAG "rapport-hint"
#define HINT_KEY "rapport-hint"

struct _RapportComposerHints
{
  GtkWidget             parent_instance;

  GtkWidget            *box;          /* the rows */

  /* owned */
  GtkTextView          *text_view;
  RapportTicketSession *session;
  GSettings            *settings;
  GHashTable           *dismissed;    /* ticket id → guint mask of dismissed kinds */
  RapportHints         *hints;        /* of checked_text, as the engine gave them */
  char                 *checked_text;

  guint                 check_id;
  gboolean              active;
  guint                 n_hints;
};

G_DEFINE_FINAL_TYPE (RapportComposerHints, rapport_composer_hints, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT_VIEW,
  PROP_SESSION,
  PROP_ACTIVE,
  PROP_N_HINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void check (RapportComposerHints *self);

char *
rapport_composer_hints_describe (const RapportHint *hint)
{
  g_return_val_if_fail (hint != NULL, NULL);

  switch (hint->kind)
    {
    case RAPPORT_HINT_ACKNOWLEDGE_FIRST:
      return g_strdup (_("The customer sounds upset: acknowledge the problem first"));

    case RAPPORT_HINT_NEGATIVE_PHRASING:
      return g_strdup (_("Say what you can do rather than what you cannot"));

    case RAPPORT_HINT_NO_NEXT_STEP:
      return g_strdup (_("Tell the customer what happens next"));

    case RAPPORT_HINT_NO_TIMING:
      return g_strdup (_("Say when it will happen"));

    case RAPPORT_HINT_LONG_SENTENCE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "This sentence has %u word: shorter ones read more easily",
                                           "This sentence has %u words: shorter ones read more easily",
                                           hint->words),
                              hint->words);

    case RAPPORT_HINT_JARGON:
      /* Translators: a hint on a reply; %s is a term of the team's jargon list */
      return g_strdup_printf (_("“%s” may be jargon to the customer"),
                              hint->term != NULL ? hint->term : "");

    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

static GtkTextBuffer *
get_buffer (RapportComposerHints *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static char *
get_text (RapportComposerHints *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (get_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (self), &start, &end, FALSE);
}

static GtkTextTag *
get_tag (RapportComposerHints *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (get_buffer (self));
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, HINT_TAG);
  GdkRGBA amber = { 0.90, 0.65, 0.04, 1.0 };

  /* The dotted underline (PANGO_UNDERLINE_ERROR), amber: quieter than a spelling mistake's
   * red. */
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (get_buffer (self), HINT_TAG,
                                      "underline", PANGO_UNDERLINE_ERROR,
                                      "underline-rgba", &amber,
                                      NULL);
  return tag;
}

static guint
dismissed_kinds (RapportComposerHints *self)
{
  gint64 ticket_id;

  if (self->session == NULL)
    return 0;
  ticket_id = rapport_ticket_session_get_ticket_id (self->session);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->dismissed, &ticket_id));
}

static gboolean
is_shown (RapportComposerHints *self,
          const RapportHint    *hint)
{
  return (dismissed_kinds (self) & (1u << hint->kind)) == 0;
}

/* ---------------------------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------------------------- */

static void
on_dismiss_clicked_cb (RapportComposerHints *self,
                       GtkButton            *button)
{
  RapportHintKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), HINT_KEY));
  gint64 ticket_id;
  guint mask;

  if (self->session == NULL)
    return;

  ticket_id = rapport_ticket_session_get_ticket_id (self->session);
  mask = dismissed_kinds (self) | (1u << kind);
  g_hash_table_insert (self->dismissed, g_memdup2 (&ticket_id, sizeof ticket_id),
                       GUINT_TO_POINTER (mask));
  check (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_rewrite_clicked_cb (RapportComposerHints *self,
                       GtkButton            *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), HINT_KEY));
  GtkTextBuffer *buffer = get_buffer (self);
  g_autofree char *text = get_text (self);
  const RapportHint *hint;
  GtkTextIter start, end;
  int offset;

  /* The text changed since it was checked: the spans are stale; check again instead. */
  if (self->hints == NULL || g_strcmp0 (text, self->checked_text) != 0 ||
      index >= self->hints->hints->len)
    {
      rapport_composer_hints_check_now (self);
      return;
    }

  hint = g_ptr_array_index (self->hints->hints, index);
  g_return_if_fail (hint->rewrite != NULL && hint->has_span);

  offset = (int) hint->char_start;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) hint->char_end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, hint->rewrite, -1);
  gtk_text_buffer_end_user_action (buffer);

  /* The slot ("…") is the agent's to fill: selected. Otherwise the cursor after the rewrite. */
  if (hint->rewrite_slot_start >= 0 && hint->rewrite_slot_end >= hint->rewrite_slot_start)
    {
      glong slot_start = g_utf8_pointer_to_offset (hint->rewrite,
                                                   hint->rewrite + hint->rewrite_slot_start);
      glong slot_end = g_utf8_pointer_to_offset (hint->rewrite,
                                                 hint->rewrite + hint->rewrite_slot_end);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + (int) slot_start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + (int) slot_end);
      gtk_text_buffer_select_range (buffer, &start, &end);
    }
  else
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          offset + (int) g_utf8_strlen (hint->rewrite, -1));
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  rapport_composer_hints_check_now (self);
}

static GtkWidget *
make_row (RapportComposerHints *self,
          const RapportHint    *hint,
          guint                 index)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  g_autofree char *message = rapport_composer_hints_describe (hint);
  GtkWidget *label = gtk_label_new (message);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *dismiss_name = NULL;

  gtk_widget_add_css_class (row, "composer-hint");
  gtk_widget_add_css_class (icon, "dim-label");
  g_object_set (icon, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");

  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);

  if (hint->kind == RAPPORT_HINT_NEGATIVE_PHRASING && hint->rewrite != NULL && hint->has_span)
    {
      GtkWidget *rewrite = gtk_button_new ();
      GtkWidget *rewrite_label;
      g_autofree char *text = NULL;

      /* Translators: a button that replaces a negative phrase of the reply with this text */
      text = g_strdup_printf (_("Use “%s”"), hint->rewrite);
      rewrite_label = gtk_label_new (text);
      gtk_label_set_ellipsize (GTK_LABEL (rewrite_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (rewrite_label), 40);
      gtk_button_set_child (GTK_BUTTON (rewrite), rewrite_label);
      gtk_widget_add_css_class (rewrite, "flat");
      gtk_widget_add_css_class (rewrite, "caption");
      gtk_widget_set_valign (rewrite, GTK_ALIGN_CENTER);
      rapport_ui_set_accessible_label (rewrite, text);
      gtk_widget_set_tooltip_text (rewrite, text);
      g_object_set_data (G_OBJECT (rewrite), HINT_KEY, GUINT_TO_POINTER (index));
      g_signal_connect_object (rewrite, "clicked", G_CALLBACK (on_rewrite_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (row), rewrite);
    }

  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_add_css_class (dismiss, "circular");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  /* Translators: accessible name of the button that dismisses a hint; %s is the hint */
  dismiss_name = g_strdup_printf (_("Dismiss: %s"), message);
  rapport_ui_set_accessible_label (dismiss, dismiss_name);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  g_object_set_data (G_OBJECT (dismiss), HINT_KEY, GUINT_TO_POINTER (hint->kind));
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (row), dismiss);

  return row;
}

static void
show_hints (RapportComposerHints *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextTag *tag = get_tag (self);
  GtkTextIter start, end;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);

  for (guint i = 0; self->active && self->hints != NULL && i < self->hints->hints->len; i++)
    {
      const RapportHint *hint = g_ptr_array_index (self->hints->hints, i);

      if (!is_shown (self, hint))
        continue;

      gtk_box_append (GTK_BOX (self->box), make_row (self, hint, i));
      n++;
      if (hint->has_span)
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) hint->char_start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) hint->char_end);
          gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
        }
    }

  if (n > 0 && self->hints->truncated)
    {
      g_autofree char *note = NULL;
      GtkWidget *label;

      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Only the first %ld character was checked",
                                           "Only the first %ld characters were checked",
                                           self->hints->checked_chars),
                              self->hints->checked_chars);
      label = gtk_label_new (note);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->box), label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  if (n != self->n_hints)
    {
      self->n_hints = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HINTS]);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Checking
 * ------------------------------------------------------------------------------------------- */

/* The customer's messages the rules read (whether they sound upset), oldest first. */
static GPtrArray *
customer_messages (RapportComposerHints *self)
{
  GPtrArray *bodies = g_ptr_array_new ();
  GPtrArray *messages = self->session != NULL ? rapport_ticket_session_get_messages (self->session)
                                              : NULL;

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);

      if (rapport_message_get_direction (message) == RAPPORT_DIRECTION_INBOUND &&
          rapport_message_get_author_kind (message) == RAPPORT_AUTHOR_CUSTOMER &&
          rapport_message_get_body (message) != NULL)
        g_ptr_array_add (bodies, (gpointer) rapport_message_get_body (message));
    }
  g_ptr_array_add (bodies, NULL);

  return bodies;
}

/* Runs the rules on the main thread: they are linear in the text and the engine reads at most
 * RAPPORT_HINTS_MAX_CHARS characters of it (a few hundred microseconds for a long reply). */
static void
check (RapportComposerHints *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_auto(GStrv) jargon = NULL;
  g_autoptr(GError) error = NULL;
  RapportHintsInput input = { 0 };
  RapportTicket *ticket;

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_pointer (&self->hints, rapport_hints_free);
  g_clear_pointer (&self->checked_text, g_free);

  if (!self->active || self->session == NULL)
    {
      show_hints (self);
      return;
    }

  self->checked_text = get_text (self);
  if (rapport_text_is_blank (self->checked_text))
    {
      show_hints (self);
      return;
    }

  ticket = rapport_ticket_session_get_ticket (self->session);
  messages = customer_messages (self);
  jargon = g_settings_get_strv (self->settings, "hints-jargon");

  input.draft = self->checked_text;
  input.channel = rapport_ticket_get_channel (ticket);
  input.language = NULL;
  input.customer_messages = (const char * const *) messages->pdata;
  /* Empty: the engine's own list for the language. */
  input.jargon = jargon[0] != NULL ? (const char * const *) jargon : NULL;

  self->hints = rapport_hints_check (&input, &error);
  if (self->hints == NULL)
    g_warning ("Could not check the reply on ticket %" G_GINT64_FORMAT " for hints: %s",
               rapport_ticket_session_get_ticket_id (self->session), error->message);

  show_hints (self);
}

static gboolean
check_cb (gpointer user_data)
{
  RapportComposerHints *self = user_data;

  self->check_id = 0;
  check (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (RapportComposerHints *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (!self->active || self->session == NULL)
    {
      check (self);
      return;
    }
  self->check_id = g_timeout_add (RAPPORT_COMPOSER_HINTS_DELAY_MS, check_cb, self);
}

static void
on_buffer_changed_cb (RapportComposerHints *self,
                      GtkTextBuffer        *buffer)
{
  schedule_check (self);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_composer_hints_constructed (GObject *object)
{
  RapportComposerHints *self = (RapportComposerHints *)object;

  G_OBJECT_CLASS (rapport_composer_hints_parent_class)->constructed (object);

  g_assert (GTK_IS_TEXT_VIEW (self->text_view));
  g_signal_connect_object (get_buffer (self), "changed", G_CALLBACK (on_buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rapport_composer_hints_dispose (GObject *object)
{
  RapportComposerHints *self = (RapportComposerHints *)object;

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->text_view);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_composer_hints_parent_class)->dispose (object);
}

static void
rapport_composer_hints_finalize (GObject *object)
{
  RapportComposerHints *self = (RapportComposerHints *)object;

  g_clear_pointer (&self->dismissed, g_hash_table_unref);
  g_clear_pointer (&self->hints, rapport_hints_free);
  g_free (self->checked_text);

  G_OBJECT_CLASS (rapport_composer_hints_parent_class)->finalize (object);
}

static void
rapport_composer_hints_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportComposerHints *self = RAPPORT_COMPOSER_HINTS (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      g_value_set_object (value, self->text_view);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_N_HINTS:
      g_value_set_uint (value, self->n_hints);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_composer_hints_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportComposerHints *self = RAPPORT_COMPOSER_HINTS (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      self->text_view = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      rapport_composer_hints_set_session (self, g_value_get_object (value));
      break;

    case PROP_ACTIVE:
      rapport_composer_hints_set_active (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_composer_hints_class_init (RapportComposerHintsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_composer_hints_constructed;
  object_class->dispose = rapport_composer_hints_dispose;
  object_class->finalize = rapport_composer_hints_finalize;
  object_class->get_property = rapport_composer_hints_get_property;
  object_class->set_property = rapport_composer_hints_set_property;

  properties[PROP_TEXT_VIEW] =
    g_param_spec_object ("text-view", NULL, NULL,
                         GTK_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_HINTS] =
    g_param_spec_uint ("n-hints", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composerhints");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_composer_hints_init (RapportComposerHints *self)
{
  self->active = TRUE;
  self->dismissed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::hints-jargon",
                           G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), _("Hints on the reply"));
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

GtkWidget *
rapport_composer_hints_new (GtkTextView *text_view)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (text_view), NULL);

  return g_object_new (RAPPORT_TYPE_COMPOSER_HINTS, "text-view", text_view, NULL);
}

void
rapport_composer_hints_set_session (RapportComposerHints *self,
                                    RapportTicketSession *session)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER_HINTS (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* Whether the customer sounds upset depends on their messages. */
  if (session != NULL)
    g_signal_connect_object (session, "notify::messages", G_CALLBACK (schedule_check), self,
                             G_CONNECT_SWAPPED);

  schedule_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
rapport_composer_hints_set_active (RapportComposerHints *self,
                                   gboolean              active)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER_HINTS (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  if (active)
    check (self);
  else
    schedule_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

guint
rapport_composer_hints_get_n_hints (RapportComposerHints *self)
{
  g_return_val_if_fail (RAPPORT_IS_COMPOSER_HINTS (self), 0);

  return self->n_hints;
}

void
rapport_composer_hints_check_now (RapportComposerHints *self)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER_HINTS (self));

  check (self);
}

void
rapport_composer_hints_forget_dismissed (RapportComposerHints *self,
                                         gint64                ticket_id)
{
  g_return_if_fail (RAPPORT_IS_COMPOSER_HINTS (self));

  if (g_hash_table_remove (self->dismissed, &ticket_id))
    schedule_check (self);
}
