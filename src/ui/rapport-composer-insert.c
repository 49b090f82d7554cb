/* rapport-composer-insert.c: putting suggestions and knowledge-base content into the composer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-composer-private.h"

#include "rapport-suggest-values.h"
#include "rapport-template.h"
#include "rapport-ui-util.h"

/* @candidate's body for the ticket's channel, filled with the ticket's values; NULL (and a
 * toast) when it is not a valid template. */
static char *
render_candidate (RapportComposer  *self,
                  RapportCandidate *candidate)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket = rapport_ticket_session_get_ticket (self->session);
  char *text;

  values = rapport_suggest_values_for_session (self->session, rapport_ui_now ());
  text = rapport_suggest_render (candidate, rapport_ticket_get_channel (ticket), values, NULL,
                                 &error);
  if (text == NULL)
    {
      g_warning ("Could not insert candidate %" G_GINT64_FORMAT " (%s): %s",
                 rapport_candidate_get_id (candidate), rapport_candidate_get_key (candidate),
                 error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self), _("Could not insert the suggestion"), error);
    }

  return text;
}

/* Puts @text (from @candidate) at the cursor, in place of the selection, as one step of undo;
 * selects the first placeholder left in it (Tab goes to the next), or puts the cursor after
 * it; and tells the session the candidate went into the draft. */
static void
insert_chosen (RapportComposer  *self,
               RapportCandidate *candidate,
               const char       *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *all = NULL;
  GtkTextIter iter;
  RapportTemplateSpan span;
  int offset;
  int end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  offset = gtk_text_iter_get_offset (&iter);
  gtk_text_buffer_insert (buffer, &iter, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  end = offset + (int) g_utf8_strlen (text, -1);

  all = _rapport_composer_get_text (self);
  if (self->visibility == RAPPORT_VISIBILITY_PUBLIC &&
      rapport_template_find_unresolved (text, 0, &span))
    _rapport_composer_select_placeholder (self, all, offset);
  else
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, end);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
    }

  rapport_ticket_session_use_candidate (self->session, candidate);
}

/* The first paragraph of @text (up to its first blank line), trimmed. */
static char *
first_paragraph (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *blank = strstr (copy, "\n\n");

  if (blank != NULL)
    *blank = '\0';

  return g_strdup (g_strchomp (copy));
}

/* Ctrl+K chose @candidate: an excerpt (the first paragraph, rendered) or a link (the title and
 * the web address; only the title for a helpdesk article without one, which the helpdesk
 * links to the ticket when the reply goes). */
static void
on_knowledge_chosen_cb (RapportComposer        *self,
                        RapportCandidate       *candidate,
                        gboolean                as_link,
                        RapportKnowledgeSearch *search)
{
  g_autofree char *text = NULL;
  const char *url = rapport_candidate_get_url (candidate);

  if (self->session == NULL || self->sending)
    return;

  if (as_link && url != NULL && *url != '\0')
    /* Translators: a link inserted into a reply: an article's title and its web address */
    text = g_strdup_printf (_("%s: %s"), rapport_candidate_get_title (candidate), url);
  else if (as_link)
    text = g_strdup (rapport_candidate_get_title (candidate));
  else
    {
      g_autofree char *rendered = render_candidate (self, candidate);

      if (rendered == NULL)
        return;
      text = first_paragraph (rendered);
    }

  insert_chosen (self, candidate, text);
}

static void
search_knowledge_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  RapportStore *store;
  GdkRectangle cursor;
  GtkTextIter iter;

  if (self->session == NULL || self->sending)
    return;

  store = rapport_ticket_session_get_store (self->session);
  if (self->knowledge_search != NULL &&
      rapport_knowledge_search_get_store (self->knowledge_search) != store)
    {
      gtk_widget_unparent (GTK_WIDGET (self->knowledge_search));
      g_clear_object (&self->knowledge_search);
    }
  if (self->knowledge_search == NULL)
    {
      self->knowledge_search = g_object_ref_sink (rapport_knowledge_search_new (store));
      g_signal_connect_object (self->knowledge_search, "chosen",
                               G_CALLBACK (on_knowledge_chosen_cb), self, G_CONNECT_SWAPPED);
    }

  /* At the cursor, in the text view's coordinates. */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (self->text_view, &iter, &cursor);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         cursor.x, cursor.y, &cursor.x, &cursor.y);
  cursor.width = MAX (cursor.width, 1);
  rapport_knowledge_search_popup (self->knowledge_search, GTK_WIDGET (self->text_view), &cursor);
}

static void
insert_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RapportComposer *self = RAPPORT_COMPOSER (widget);
  guint n = g_variant_get_uint32 (parameter);

  if (n >= 1)
    rapport_suggestions_pane_activate (self->suggestions_pane, n - 1);
}

static void
on_suggestion_activated_cb (RapportComposer        *self,
                            RapportCandidate       *candidate,
                            RapportSuggestionsPane *pane)
{
  rapport_composer_insert_candidate (self, candidate);
}

/* ---------------------------------------------------------------------------------------------
 * Set-up
 * ------------------------------------------------------------------------------------------- */

void
_rapport_composer_class_insert_init (RapportComposerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "composer.insert-suggestion", "u",
                                   insert_suggestion_action);
  gtk_widget_class_install_action (widget_class, "composer.search-knowledge", NULL,
                                   search_knowledge_action);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_activated_cb);
}

void
_rapport_composer_add_insert_shortcuts (RapportComposer       *self,
                                        GtkShortcutController *shortcuts)
{
  /* Ctrl+K searches the knowledge base; Alt+1 … Alt+5 insert the suggestions. */
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_k,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.search-knowledge")));
  for (guint n = 1; n <= RAPPORT_SUGGEST_MAX; n++)
    {
      GtkShortcut *shortcut;

      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_0 + n, GDK_ALT_MASK),
                                   gtk_named_action_new ("composer.insert-suggestion"));
      gtk_shortcut_set_arguments (shortcut, g_variant_new_uint32 (n));
      gtk_shortcut_controller_add_shortcut (shortcuts, shortcut);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

void
rapport_composer_insert_candidate (RapportComposer  *self,
                                   RapportCandidate *candidate)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RAPPORT_IS_COMPOSER (self));
  g_return_if_fail (RAPPORT_IS_CANDIDATE (candidate));

  if (self->session == NULL || self->sending)
    return;

  text = render_candidate (self, candidate);
  if (text != NULL)
    insert_chosen (self, candidate, text);
}
