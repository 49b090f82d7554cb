/* rapport-canned-manager-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-canned-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-canned-manager-private.h"

#include "rapport-candidate-text.h"
#include "rapport-template.h"
#include "rapport-ui-util.h"

#define MAX_KEY 64 /* bytes */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* The key a title gives: lower-case ASCII letters and digits, words joined with "-". */
static char *
key_from_title (const char *title)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  GString *key = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = ascii; *p != '\0' && key->len < MAX_KEY; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && key->len > 0)
            g_string_append_c (key, '-');
          g_string_append_c (key, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        {
          dash = TRUE;
        }
    }

  return g_string_free (key, FALSE);
}

static gboolean
key_is_well_formed (const char *key)
{
  if (*key == '\0' || strlen (key) > MAX_KEY)
    return FALSE;

  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;

  return TRUE;
}

/* Whether another of the workspace's own candidates than the one edited has @key. */
static gboolean
key_is_taken (RapportCannedManager *self,
              const char           *key)
{
  gint64 editing_id = self->editing != NULL ? rapport_candidate_get_id (self->editing) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportCandidate) candidate = NULL;

      candidate = g_list_model_get_item (G_LIST_MODEL (self->candidates), i);

      if (rapport_candidate_get_account_id (candidate) == 0 &&
          rapport_candidate_get_id (candidate) != editing_id &&
          g_strcmp0 (rapport_candidate_get_key (candidate), key) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
unique_key (RapportCannedManager *self,
            const char           *base)
{
  char *key = g_strdup (base);

  for (guint n = 2; key_is_taken (self, key); n++)
    {
      g_free (key);
      key = g_strdup_printf ("%s-%u", base, n);
    }

  return key;
}

/* The editor */

static void
set_editor_sensitive (RapportCannedManager *self,
                      gboolean              editable)
{
  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->tags_row), editable);
  /* An entry row shows its edit icon whether or not it can be edited. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->title_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tags_row), editable);
  gtk_text_view_set_editable (self->body_view, editable);
  gtk_text_view_set_cursor_visible (self->body_view, editable);
  gtk_text_view_set_editable (self->short_view, editable);
  gtk_text_view_set_cursor_visible (self->short_view, editable);
  for (guint i = 0; i < N_CHANNELS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->channel_checks[i]), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholders_label), editable);
}

void
_rapport_canned_manager_update_actions (RapportCannedManager *self)
{
  gboolean own = self->editing != NULL && !_rapport_canned_manager_is_read_only (self->editing);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canned.save",
                                 own && self->dirty && self->valid && self->n_saving == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canned.delete",
                                 own && rapport_candidate_get_id (self->editing) > 0);
}

/* Marks the error's text in @view and says what it is in @label; clears both for a valid
 * template. Returns whether the text is a valid template. */
static gboolean
check_template (GtkTextView *view,
                GtkLabel    *label,
                gboolean     required)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = _rapport_canned_manager_get_text (view);
  g_autofree char *message = NULL;
  RapportTemplateSpan span;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "template-error", &start, &end);

  if (is_blank (text))
    {
      gtk_label_set_text (label, required ? _("The body is empty.") : "");
      gtk_widget_set_visible (GTK_WIDGET (label), required);
      return !required;
    }

  template = rapport_template_parse (text, &error);
  if (template != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return TRUE;
    }

  message = rapport_candidate_text_template_error (text, error);
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  if (rapport_template_error_get_span (error, &span))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) span.char_offset);
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          (int) (span.char_offset + MAX (span.char_length, 1)));
      if (gtk_text_iter_equal (&start, &end))
        gtk_text_iter_backward_char (&start);
      gtk_text_buffer_apply_tag_by_name (buffer, "template-error", &start, &end);
    }

  return FALSE;
}

static gboolean
check_key (RapportCannedManager *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  const char *message = NULL;

  if (_rapport_canned_manager_is_read_only (self->editing))
    message = NULL;
  else if (*key == '\0')
    message = _("The key is empty.");
  else if (!key_is_well_formed (key))
    message = _("A key holds lower-case letters, digits, “-”, “_” and “.”: at most 64 "
                "of them.");
  else if (key_is_taken (self, key))
    message = _("Another canned response has this key.");

  gtk_label_set_text (self->key_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->key_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_row), "error");

  return message == NULL;
}

void
_rapport_canned_manager_validate (RapportCannedManager *self)
{
  g_autofree char *title = NULL;
  gboolean valid = TRUE;

  if (self->editing == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  valid &= *title != '\0';
  valid &= check_key (self);
  valid &= check_template (self->body_view, self->body_error_label, TRUE);
  valid &= check_template (self->short_view, self->short_error_label, FALSE);

  self->valid = valid;
  _rapport_canned_manager_update_actions (self);
}

static void
edited (RapportCannedManager *self)
{
  if (self->loading || self->editing == NULL)
    return;

  self->dirty = TRUE;
  _rapport_canned_manager_validate (self);
  _rapport_canned_manager_update_preview (self);
}

static void
on_title_changed_cb (RapportCannedManager *self,
                     AdwEntryRow          *row)
{
  if (self->loading || self->editing == NULL)
    return;

  /* The key follows the title of a new canned response until the agent edits it. */
  if (!self->key_edited && rapport_candidate_get_id (self->editing) == 0)
    {
      g_autofree char *base = key_from_title (gtk_editable_get_text (GTK_EDITABLE (row)));
      g_autofree char *key = unique_key (self, base);

      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
      self->loading = FALSE;
    }

  edited (self);
}

static void
on_key_changed_cb (RapportCannedManager *self,
                   AdwEntryRow          *row)
{
  if (self->loading || self->editing == NULL)
    return;

  self->key_edited = TRUE;
  edited (self);
}

static void
on_field_changed_cb (RapportCannedManager *self,
                     gpointer              object)
{
  edited (self);
}

static void
on_channel_toggled_cb (RapportCannedManager *self,
                       GtkCheckButton       *check)
{
  edited (self);
}

/* Fills the editor in with @candidate (NULL: nothing is edited). */
void
_rapport_canned_manager_load_editor (RapportCannedManager *self,
                                     RapportCandidate     *candidate)
{
  g_autofree char *source = NULL;
  const char *name;
  g_autofree char *tags = NULL;
  guint channels;

  g_set_object (&self->editing, candidate);
  self->dirty = FALSE;
  self->key_edited = FALSE;

  if (candidate == NULL)
    {
      rapport_ui_stack_show_page (self->editor_stack, "none");
      self->valid = FALSE;
      _rapport_canned_manager_update_actions (self);
      return;
    }

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), rapport_candidate_get_title (candidate));
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), rapport_candidate_get_key (candidate));
  tags = g_strjoinv (", ", (char **) rapport_candidate_get_tags (candidate));
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            rapport_candidate_get_body (candidate), -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->short_view),
                            rapport_candidate_get_short_body (candidate) != NULL
                              ? rapport_candidate_get_short_body (candidate) : "",
                            -1);
  channels = rapport_candidate_get_channels (candidate);
  for (guint i = 0; i < N_CHANNELS; i++)
    gtk_check_button_set_active (self->channel_checks[i],
                                 (channels & RAPPORT_CHANNEL_MASK (i)) != 0);
  self->loading = FALSE;

  name = _rapport_canned_manager_account_name (self, rapport_candidate_get_account_id (candidate));
  source = rapport_candidate_text_source (candidate, name);
  if (_rapport_canned_manager_is_read_only (candidate))
    {
      g_autofree char *text = NULL;

      /* Translators: above a canned response or article that a helpdesk supplies; %s is
       * "From Support Desk" or "From the helpdesk" */
      text = g_strdup_printf (_("%s. It is kept up to date by the helpdesk and cannot be "
                                "changed here."), source);
      gtk_label_set_text (self->source_label, text);
    }
  else if (rapport_candidate_get_id (candidate) == 0)
    {
      gtk_label_set_text (self->source_label, _("New canned response of your team."));
    }
  else
    {
      gtk_label_set_text (self->source_label,
                          rapport_candidate_text_kind (rapport_candidate_get_kind (candidate)));
    }

  set_editor_sensitive (self, !_rapport_canned_manager_is_read_only (candidate));
  rapport_ui_stack_show_page (self->editor_stack, "editor");
  _rapport_canned_manager_validate (self);
  _rapport_canned_manager_update_preview (self);
}

/* The candidate as the editor has it, to save. */
RapportCandidate *
_rapport_canned_manager_candidate_from_editor (RapportCannedManager *self)
{
  g_autoptr(RapportCandidate) candidate = rapport_candidate_copy (self->editing);
  g_autofree char *title = NULL;
  g_autofree char *body = _rapport_canned_manager_get_text (self->body_view);
  g_autofree char *short_body = _rapport_canned_manager_get_text (self->short_view);
  g_auto(GStrv) tags = NULL;
  guint channels = 0;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  tags = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), ",", -1);
  for (guint i = 0; i < N_CHANNELS; i++)
    if (gtk_check_button_get_active (self->channel_checks[i]))
      channels |= RAPPORT_CHANNEL_MASK (i);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->key_row)),
                 rapport_candidate_get_key (self->editing)) != 0)
    {
      /* Candidates are known by their key: a new key is a new candidate. */
      g_autoptr(RapportCandidate) renamed = NULL;

      renamed = rapport_candidate_new (rapport_candidate_get_kind (self->editing),
                                       gtk_editable_get_text (GTK_EDITABLE (self->key_row)),
                                       "", "");
      rapport_candidate_set_url (renamed, rapport_candidate_get_url (self->editing));
      g_set_object (&candidate, renamed);
    }

  rapport_candidate_set_title (candidate, title);
  rapport_candidate_set_body (candidate, body);
  rapport_candidate_set_short_body (candidate,
                                    !is_blank (short_body) ? short_body
                                                                                 : NULL);
  rapport_candidate_set_tags (candidate, (const char * const *) tags);
  rapport_candidate_set_channels (candidate, channels);
  rapport_candidate_set_updated_at (candidate, rapport_ui_now ());

  return g_steal_pointer (&candidate);
}

void
_rapport_canned_manager_editor_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
}

void
_rapport_canned_manager_editor_init (RapportCannedManager *self)
{
  GtkTextView *views[] = { self->body_view, self->short_view };

  for (guint i = 0; i < N_CHANNELS; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (rapport_ui_channel_label (i));

      self->channel_checks[i] = GTK_CHECK_BUTTON (check);
      rapport_ui_set_accessible_label (check, rapport_ui_channel_label (i));
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_channel_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->channels_box, check);
      /* The flow box's child around it is focusable too: it reads as the channel. */
      rapport_ui_set_accessible_label (gtk_widget_get_parent (check), rapport_ui_channel_label (i));
    }

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (views[i]);

      g_signal_connect_object (buffer, "changed", G_CALLBACK (on_field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* Where the template's error is. */
      gtk_text_buffer_create_tag (buffer, "template-error",
                                  "underline", PANGO_UNDERLINE_ERROR,
                                  NULL);
    }
}
