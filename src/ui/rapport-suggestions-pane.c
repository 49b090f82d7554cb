/* rapport-suggestions-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-suggestions-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-suggestions-pane.h"

#include "rapport-store-suggest.h"
#include "rapport-suggest-values.h"
#include "rapport-ui-util.h"

#define ROW_INDEX_KEY "rapport-suggestion-index"

/* The ranker is asked again this long after the first change of the cache of a burst (new
 * content, the past answers indexed, a use recorded). */
#define STORE_CHANGE_DELAY_MS 1000

/* The longest line of a preview, in characters, and its tallest text before it scrolls. */
#define PREVIEW_WIDTH_CHARS 56
#define PREVIEW_MAX_HEIGHT  320

struct _RapportSuggestionsPane
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkWidget            *box;
  GtkListBox           *list;

  /* owned */
  RapportTicketSession *session;
  RapportStore         *store;         /* the session's, followed for "changed" */
  GCancellable         *cancellable;
  GPtrArray            *suggestions;   /* (element-type RapportSuggestion) shown now */
  GPtrArray            *previews;      /* (element-type GtkMenuButton) borrowed, one per row */
  char                 *asked_for;     /* the customer's messages the last question was about */
  char                 *shown_key;     /* what the rows show, to keep them when it is the same */

  guint                 generation;
  guint                 store_change_id;
};

G_DEFINE_FINAL_TYPE (RapportSuggestionsPane, rapport_suggestions_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_N_SUGGESTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------------------------- */

char *
rapport_suggestion_text_source (RapportSuggestion *suggestion)
{
  RapportCandidate *candidate;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (suggestion), NULL);

  candidate = rapport_suggestion_get_candidate (suggestion);
  switch (rapport_candidate_get_kind (candidate))
    {
    case RAPPORT_CANDIDATE_CANNED:
      return g_strdup (_("Canned response"));

    case RAPPORT_CANDIDATE_ARTICLE:
      return g_strdup (_("Knowledge-base article"));

    case RAPPORT_CANDIDATE_PAST_REPLY:
    default:
      subject = rapport_ui_bidi_safe (rapport_suggestion_get_similar_subject (suggestion));
      if (subject == NULL)
        return g_strdup (_("Past reply"));
      /* Translators: where a suggestion comes from: the reply to another ticket, by subject */
      return g_strdup_printf (_("Past reply to “%s”"), subject);
    }
}

/* The same in the middle of a sentence (accessible names). */
static char *
source_in_sentence (RapportSuggestion *suggestion)
{
  RapportCandidate *candidate = rapport_suggestion_get_candidate (suggestion);
  g_autofree char *subject = NULL;

  switch (rapport_candidate_get_kind (candidate))
    {
    case RAPPORT_CANDIDATE_CANNED:
      return g_strdup (C_("suggestion source in a sentence", "canned response"));

    case RAPPORT_CANDIDATE_ARTICLE:
      return g_strdup (C_("suggestion source in a sentence", "knowledge-base article"));

    case RAPPORT_CANDIDATE_PAST_REPLY:
    default:
      subject = rapport_ui_bidi_safe (rapport_suggestion_get_similar_subject (suggestion));
      if (subject == NULL)
        return g_strdup (C_("suggestion source in a sentence", "past reply"));
      return g_strdup_printf (C_("suggestion source in a sentence", "past reply to “%s”"),
                              subject);
    }
}

char *
rapport_suggestion_text_reasons (RapportSuggestion *suggestion)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char * const *terms;
  RapportSuggestReason reasons;
  guint similar_uses;
  guint uses;

  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (suggestion), NULL);

  reasons = rapport_suggestion_get_reasons (suggestion);
  terms = rapport_suggestion_get_terms (suggestion);
  similar_uses = rapport_suggestion_get_similar_uses (suggestion);
  uses = rapport_suggestion_get_uses (suggestion);

  if (terms != NULL && terms[0] != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (NULL);

      for (guint i = 0; terms[i] != NULL; i++)
        {
          if (i > 0)
            /* Translators: between the quoted terms of "Matches “refund”, “charged twice”" */
            g_string_append (quoted, _(", "));
          /* Translators: one matching term, quoted */
          g_string_append_printf (quoted, _("“%s”"), terms[i]);
        }
      /* Translators: why a suggestion is shown: the ticket's words it matched */
      g_ptr_array_add (parts, g_strdup_printf (_("Matches %s"), quoted->str));
    }

  if (similar_uses > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Used on %u similar ticket",
                                                          "Used on %u similar tickets",
                                                          similar_uses),
                                             similar_uses));
  else if ((reasons & RAPPORT_SUGGEST_REASON_TEAM_USE) != 0 && uses > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Used %u time by the team",
                                                          "Used %u times by the team",
                                                          uses),
                                             uses));

  if ((reasons & RAPPORT_SUGGEST_REASON_RECENT) != 0)
    g_ptr_array_add (parts, g_strdup (_("Used recently")));
  if (parts->len == 0 && (reasons & RAPPORT_SUGGEST_REASON_CHANNEL_FIT) != 0)
    g_ptr_array_add (parts, g_strdup (_("Written for this channel")));

  g_ptr_array_add (parts, NULL);
  /* Translators: between the reasons of a suggestion */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

char *
rapport_suggestion_text_accessible (RapportSuggestion *suggestion,
                                    guint              index)
{
  RapportCandidate *candidate;
  g_autofree char *title = NULL;
  g_autofree char *source = NULL;
  g_autofree char *reasons = NULL;

  g_return_val_if_fail (RAPPORT_IS_SUGGESTION (suggestion), NULL);

  candidate = rapport_suggestion_get_candidate (suggestion);
  title = rapport_ui_bidi_safe (rapport_candidate_get_title (candidate));
  source = source_in_sentence (suggestion);
  reasons = rapport_suggestion_text_reasons (suggestion);
  if (*reasons == '\0')
    /* Translators: accessible name of a suggestion: number, title, source */
    return g_strdup_printf (_("Suggestion %u: %s, %s"), index + 1, title ?: "", source);

  /* Translators: accessible name of a suggestion: number, title, source, then why it matched */
  return g_strdup_printf (_("Suggestion %u: %s, %s. %s"), index + 1, title ?: "", source,
                          reasons);
}

/* ---------------------------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------------------------- */

static guint
row_index (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), ROW_INDEX_KEY));
}

static void
on_row_activated_cb (RapportSuggestionsPane *self,
                     GtkListBoxRow          *row,
                     GtkListBox             *list)
{
  rapport_suggestions_pane_activate (self, row_index (GTK_WIDGET (row)));
}

static void
on_insert_clicked_cb (RapportSuggestionsPane *self,
                      GtkButton              *button)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  rapport_suggestions_pane_activate (self, row_index (GTK_WIDGET (button)));
}

/* The preview is the text as it would be inserted now (the customer and history may have
 * loaded since the row was made). */
static void
on_preview_shown_cb (RapportSuggestionsPane *self,
                     GtkPopover             *popover)
{
  RapportSuggestion *suggestion;
  GtkLabel *label = g_object_get_data (G_OBJECT (popover), "rapport-text");
  GtkWidget *insert = g_object_get_data (G_OBJECT (popover), "rapport-insert");
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RapportTicket *ticket;

  suggestion = rapport_suggestions_pane_get_suggestion (self, row_index (GTK_WIDGET (popover)));
  if (suggestion == NULL || self->session == NULL)
    return;

  ticket = rapport_ticket_session_get_ticket (self->session);
  values = rapport_suggest_values_for_session (self->session, rapport_ui_now ());
  text = rapport_suggest_render (rapport_suggestion_get_candidate (suggestion),
                                 rapport_ticket_get_channel (ticket), values, NULL, &error);
  if (text == NULL)
    {
      g_warning ("Suggestion %" G_GINT64_FORMAT " is not a valid template: %s",
                 rapport_suggestion_get_candidate_id (suggestion), error->message);
      gtk_label_set_text (label, _("This suggestion cannot be inserted: its text has a mistake"));
      gtk_widget_set_sensitive (insert, FALSE);
      return;
    }

  gtk_label_set_text (label, text);
  gtk_widget_set_sensitive (insert, TRUE);
  gtk_widget_grab_focus (insert);
}

/* The preview's popover, made the first time it is shown (a GtkMenuButtonCreatePopupFunc):
 * rows are made as a ticket opens, previews are rarely looked at. */
static void
make_preview_popover (GtkMenuButton *button,
                      gpointer       user_data)
{
  RapportSuggestionsPane *self = user_data;
  guint index = row_index (GTK_WIDGET (button));
  GtkWidget *popover;
  GtkWidget *box;
  GtkWidget *scroller;
  GtkWidget *text;
  GtkWidget *insert;
  g_autofree char *insert_name = NULL;
  g_autofree char *shortcut = NULL;
  g_autofree char *tooltip = NULL;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  scroller = gtk_scrolled_window_new ();
  text = gtk_label_new (NULL);
  insert = gtk_button_new_with_mnemonic (_("_Insert"));
  shortcut = gtk_accelerator_get_label (GDK_KEY_1 + index, GDK_ALT_MASK);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_yalign (GTK_LABEL (text), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (text), PREVIEW_WIDTH_CHARS);
  gtk_label_set_width_chars (GTK_LABEL (text), PREVIEW_WIDTH_CHARS / 2);
  gtk_widget_add_css_class (text, "suggestion-preview");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), PREVIEW_MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), text);

  gtk_widget_set_halign (insert, GTK_ALIGN_END);
  gtk_widget_add_css_class (insert, "suggested-action");
  /* Translators: accessible name of the Insert button in a suggestion's preview */
  insert_name = g_strdup_printf (_("Insert suggestion %u"), index + 1);
  rapport_ui_set_accessible_label (insert, insert_name);
  /* Translators: tooltip of the Insert button of a preview; %s is its key, "Alt+1" */
  tooltip = g_strdup_printf (_("Insert (%s)"), shortcut);
  gtk_widget_set_tooltip_text (insert, tooltip);
  g_object_set_data (G_OBJECT (insert), ROW_INDEX_KEY, GUINT_TO_POINTER (index));
  g_signal_connect_object (insert, "clicked", G_CALLBACK (on_insert_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), insert);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), insert);
  g_object_set_data (G_OBJECT (popover), ROW_INDEX_KEY, GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (popover), "rapport-text", text);
  g_object_set_data (G_OBJECT (popover), "rapport-insert", insert);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_preview_shown_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (button, popover);
}

static GtkWidget *
make_preview (RapportSuggestionsPane *self,
              guint                   index)
{
  /* Its inner toggle button is the control, named after it: not two buttons. */
  GtkWidget *button = g_object_new (GTK_TYPE_MENU_BUTTON,
                                    "accessible-role", rapport_ui_menu_button_role (),
                                    NULL);
  g_autofree char *preview_name = NULL;

  /* An icon: the column is narrow beside the customer panel, the title needs the room. */
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (button, _("Preview"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: accessible name of a suggestion's preview button */
  preview_name = g_strdup_printf (_("Preview suggestion %u"), index + 1);
  rapport_ui_set_accessible_label (button, preview_name);
  g_object_set_data (G_OBJECT (button), ROW_INDEX_KEY, GUINT_TO_POINTER (index));
  /* The pane outlives its rows. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), make_preview_popover, self,
                                         NULL);

  return button;
}

/* Space on a row shows its preview (Enter inserts it, as the list activates the row). */
static gboolean
on_row_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       RapportSuggestionsPane *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      !gtk_widget_is_focus (row))
    return GDK_EVENT_PROPAGATE;

  return rapport_suggestions_pane_preview (self, row_index (row)) ? GDK_EVENT_STOP
                                                                  : GDK_EVENT_PROPAGATE;
}

/* Shows @suggestion in @row (the row of its index). */
static void
show_row (GtkWidget         *row,
          RapportSuggestion *suggestion,
          guint              index)
{
  RapportCandidate *candidate = rapport_suggestion_get_candidate (suggestion);
  GtkLabel *title = g_object_get_data (G_OBJECT (row), "rapport-title");
  GtkLabel *caption = g_object_get_data (G_OBJECT (row), "rapport-caption");
  g_autofree char *title_text = rapport_ui_bidi_safe (rapport_candidate_get_title (candidate));
  g_autofree char *source = rapport_suggestion_text_source (suggestion);
  g_autofree char *reasons = rapport_suggestion_text_reasons (suggestion);
  g_autofree char *name = rapport_suggestion_text_accessible (suggestion, index);
  g_autofree char *line = NULL;

  line = *reasons != '\0' ? g_strconcat (source, _(" · "), reasons, NULL) : g_strdup (source);
  gtk_label_set_text (title, title_text != NULL ? title_text : "");
  gtk_label_set_text (caption, line);
  /* The caption may be cut: the whole of it on hover. */
  rapport_ui_set_tooltip_text (GTK_WIDGET (caption), line);
  rapport_ui_set_accessible_label (row, name);
}

/* The row of index @index, without its suggestion (show_row() gives it one): what it holds
 * depends on its index only, so the row is kept for the next suggestions of that index. */
static GtkWidget *
make_row (RapportSuggestionsPane *self,
          guint                   index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *key;
  GtkWidget *preview;
  GtkEventController *keys;
  g_autofree char *shortcut = gtk_accelerator_get_label (GDK_KEY_1 + index, GDK_ALT_MASK);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), caption);

  key = gtk_label_new (shortcut);
  gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (key, "caption");
  gtk_widget_add_css_class (key, "dim-label");
  gtk_widget_add_css_class (key, "suggestion-key");

  preview = make_preview (self, index);

  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), preview);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* The labels are read as the row's name; the key is its shortcut. */
  g_object_set (title, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  g_object_set (caption, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  g_object_set (key, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS,
                                  shortcut, -1);

  g_object_set_data (G_OBJECT (row), ROW_INDEX_KEY, GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (row), "rapport-title", title);
  g_object_set_data (G_OBJECT (row), "rapport-caption", caption);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_row_key_pressed_cb), self, 0);
  gtk_widget_add_controller (row, keys);

  g_ptr_array_add (self->previews, preview);
  return row;
}

/* What the rows of @suggestions show: rows are rebuilt only when it changed (an agent moving
 * through the pane keeps their place when the ranker gives the same answer again). */
static char *
rows_key (GPtrArray *suggestions)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < suggestions->len; i++)
    {
      RapportSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      g_autofree char *name = rapport_suggestion_text_accessible (suggestion, i);

      g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f%s\x1e",
                              rapport_suggestion_get_candidate_id (suggestion), name);
    }

  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* The rows of @suggestions (none: NULL): the rows there are show them in place, rows are
 * made for more and dropped when there are fewer. */
static void
show_suggestions (RapportSuggestionsPane *self,
                  GPtrArray              *suggestions)
{
  g_autoptr(GPtrArray) shown = suggestions != NULL ? g_ptr_array_ref (suggestions)
                                                   : g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = rows_key (shown);
  guint old_n = self->suggestions->len;
  guint n = MIN (shown->len, RAPPORT_SUGGEST_MAX);
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));

  if (g_strcmp0 (key, self->shown_key) == 0)
    return;

  g_free (self->shown_key);
  self->shown_key = g_steal_pointer (&key);
  g_ptr_array_set_size (self->suggestions, 0);

  /* An open preview shows the suggestion its row had: closed, as when its row went away (its
   * Insert would insert the row's new suggestion). */
  for (guint i = 0; i < self->previews->len; i++)
    gtk_menu_button_popdown (g_ptr_array_index (self->previews, i));

  for (guint i = 0; i < n; i++)
    {
      RapportSuggestion *suggestion = g_ptr_array_index (shown, i);

      g_ptr_array_add (self->suggestions, g_object_ref (suggestion));
      if (row == NULL)
        {
          row = make_row (self, i);
          gtk_list_box_append (self->list, row);
        }
      show_row (row, suggestion, i);
      gtk_widget_set_visible (row, TRUE);
      row = gtk_widget_get_next_sibling (row);
    }
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      gtk_list_box_remove (self->list, row);
      row = next;
    }
  g_ptr_array_set_size (self->previews, n);

  /* Nothing good enough: nothing at all. */
  gtk_widget_set_visible (GTK_WIDGET (self), self->suggestions->len > 0);
  if (old_n != self->suggestions->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUGGESTIONS]);
}

/* Another ticket: nothing is shown until its suggestions come, and the rows are kept hidden
 * for them (show_suggestions() drops those it does not need). */
static void
put_rows_aside (RapportSuggestionsPane *self)
{
  guint old_n = self->suggestions->len;

  g_clear_pointer (&self->shown_key, g_free);
  g_ptr_array_set_size (self->suggestions, 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    gtk_widget_set_visible (row, FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (old_n != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUGGESTIONS]);
}

/* ---------------------------------------------------------------------------------------------
 * Asking the ranker
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportSuggestionsPane *self;
  guint                   generation;
} Question;

static void
on_suggested_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree Question *question = user_data;
  g_autoptr(RapportSuggestionsPane) self = question->self;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  suggestions = rapport_store_suggest_for_ticket_finish (RAPPORT_STORE (source), result, &error);
  if (question->generation != self->generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (suggestions == NULL)
    {
      /* Suggestions are a help, not the agent's work: the pane stays empty, and says nothing. */
      g_warning ("Could not rank suggestions for ticket %" G_GINT64_FORMAT ": %s",
                 self->session != NULL ? rapport_ticket_session_get_ticket_id (self->session) : 0,
                 error->message);
      show_suggestions (self, NULL);
      return;
    }

  show_suggestions (self, suggestions);
}

/* The customer's words the ranker reads: their messages' ids and texts. */
static char *
customer_words_key (GPtrArray *messages)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (messages, i);
      const char *body = rapport_message_get_body (message);

      if (rapport_message_get_direction (message) != RAPPORT_DIRECTION_INBOUND)
        continue;
      g_string_append_printf (key, "%" G_GINT64_FORMAT ":%u;", rapport_message_get_id (message),
                              body != NULL ? g_str_hash (body) : 0);
    }

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
ask (RapportSuggestionsPane *self)
{
  Question *question;
  gint64 ticket_id;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  ticket_id = self->session != NULL ? rapport_ticket_session_get_ticket_id (self->session) : 0;
  if (ticket_id <= 0)
    {
      show_suggestions (self, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  question = g_new0 (Question, 1);
  question->self = g_object_ref (self);
  question->generation = self->generation;
  rapport_store_suggest_for_ticket_async (rapport_ticket_session_get_store (self->session),
                                          ticket_id, RAPPORT_SUGGEST_MAX, rapport_ui_now (),
                                          self->cancellable, on_suggested_cb, question);
}

/* Asks again when the customer's messages changed (a reload that brings the same ones, or only
 * the team's replies, does not). */
static void
on_messages_changed_cb (RapportSuggestionsPane *self)
{
  GPtrArray *messages;
  g_autofree char *key = NULL;

  if (self->session == NULL)
    return;
  messages = rapport_ticket_session_get_messages (self->session);
  if (messages == NULL)
    return;

  key = customer_words_key (messages);
  if (g_strcmp0 (key, self->asked_for) == 0)
    return;

  g_free (self->asked_for);
  self->asked_for = g_steal_pointer (&key);
  ask (self);
}

static gboolean
store_change_cb (gpointer user_data)
{
  RapportSuggestionsPane *self = user_data;

  self->store_change_id = 0;
  if (self->asked_for != NULL)
    ask (self);

  return G_SOURCE_REMOVE;
}

/* The candidates, the past answers or the uses may have changed: the same question may get
 * another answer (the rows stay when it is the same). */
static void
on_store_changed_cb (RapportSuggestionsPane *self,
                     guint64                 account_id,
                     RapportStore           *store)
{
  if (self->store_change_id == 0)
    self->store_change_id = g_timeout_add (STORE_CHANGE_DELAY_MS, store_change_cb, self);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_suggestions_pane_dispose (GObject *object)
{
  RapportSuggestionsPane *self = (RapportSuggestionsPane *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->store_change_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->previews != NULL)
    g_ptr_array_set_size (self->previews, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SUGGESTIONS_PANE);

  G_OBJECT_CLASS (rapport_suggestions_pane_parent_class)->dispose (object);
}

static void
rapport_suggestions_pane_finalize (GObject *object)
{
  RapportSuggestionsPane *self = (RapportSuggestionsPane *)object;

  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->previews, g_ptr_array_unref);
  g_free (self->asked_for);
  g_free (self->shown_key);

  G_OBJECT_CLASS (rapport_suggestions_pane_parent_class)->finalize (object);
}

static void
rapport_suggestions_pane_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RapportSuggestionsPane *self = RAPPORT_SUGGESTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_N_SUGGESTIONS:
      g_value_set_uint (value, self->suggestions->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_suggestions_pane_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RapportSuggestionsPane *self = RAPPORT_SUGGESTIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_suggestions_pane_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_suggestions_pane_class_init (RapportSuggestionsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_suggestions_pane_dispose;
  object_class->finalize = rapport_suggestions_pane_finalize;
  object_class->get_property = rapport_suggestions_pane_get_property;
  object_class->set_property = rapport_suggestions_pane_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_SUGGESTIONS] =
    g_param_spec_uint ("n-suggestions", NULL, NULL,
                       0, RAPPORT_SUGGEST_MAX, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportSuggestionsPane::activated:
   * @candidate: the chosen suggestion's candidate
   *
   * The agent chose a suggestion to insert.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RAPPORT_TYPE_CANDIDATE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-suggestions-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSuggestionsPane, box);
  gtk_widget_class_bind_template_child (widget_class, RapportSuggestionsPane, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "suggestions");
}

static void
rapport_suggestions_pane_init (RapportSuggestionsPane *self)
{
  self->suggestions = g_ptr_array_new_with_free_func (g_object_unref);
  self->previews = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

GtkWidget *
rapport_suggestions_pane_new (void)
{
  return g_object_new (RAPPORT_TYPE_SUGGESTIONS_PANE, NULL);
}

RapportTicketSession *
rapport_suggestions_pane_get_session (RapportSuggestionsPane *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self), NULL);

  return self->session;
}

void
rapport_suggestions_pane_set_session (RapportSuggestionsPane *self,
                                      RapportTicketSession   *session)
{
  RapportStore *store;

  g_return_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->asked_for, g_free);
  g_clear_handle_id (&self->store_change_id, g_source_remove);

  store = session != NULL ? rapport_ticket_session_get_store (session) : NULL;
  if (store != self->store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  /* Another ticket: its own suggestions, none until they come. */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  put_rows_aside (self);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::messages",
                               G_CALLBACK (on_messages_changed_cb), self, G_CONNECT_SWAPPED);
      on_messages_changed_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

guint
rapport_suggestions_pane_get_n_suggestions (RapportSuggestionsPane *self)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self), 0);

  return self->suggestions->len;
}

RapportSuggestion *
rapport_suggestions_pane_get_suggestion (RapportSuggestionsPane *self,
                                         guint                   index)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self), NULL);

  return index < self->suggestions->len ? g_ptr_array_index (self->suggestions, index) : NULL;
}

gboolean
rapport_suggestions_pane_activate (RapportSuggestionsPane *self,
                                   guint                   index)
{
  g_autoptr(RapportSuggestion) suggestion = NULL;

  g_return_val_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self), FALSE);

  if (index >= self->suggestions->len)
    return FALSE;

  /* Held: inserting may bring a new answer that replaces the rows. */
  suggestion = g_object_ref (g_ptr_array_index (self->suggestions, index));
  g_signal_emit (self, signals[ACTIVATED], 0, rapport_suggestion_get_candidate (suggestion));
  return TRUE;
}

gboolean
rapport_suggestions_pane_preview (RapportSuggestionsPane *self,
                                  guint                   index)
{
  g_return_val_if_fail (RAPPORT_IS_SUGGESTIONS_PANE (self), FALSE);

  if (index >= self->suggestions->len || index >= self->previews->len)
    return FALSE;

  gtk_menu_button_popup (g_ptr_array_index (self->previews, index));
  return TRUE;
}
