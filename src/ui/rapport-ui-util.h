/* rapport-ui-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-cache-rescue.h"
#include "rapport-types.h"

G_BEGIN_DECLS

/* Translated names, icons and style classes for core enums, and the date formats the UI shows.
 * Everything here is for display only: the stable string forms live in core (rapport-types.h). */
const char    *rapport_ui_channel_label          (RapportChannel       channel);
const char    *rapport_ui_channel_icon_name      (RapportChannel       channel);
const char    *rapport_ui_status_label           (RapportTicketStatus  status);
const char    *rapport_ui_status_css_class       (RapportTicketStatus  status);
const char    *rapport_ui_view_label             (RapportView          view);
const char    *rapport_ui_view_icon_name         (RapportView          view);
const char    *rapport_ui_view_empty_description (RapportView          view);

/* Seconds since the epoch, now. */
gint64         rapport_ui_now                    (void);
/* Short, for lists: "Now", "5 min", "2 h", "Yesterday", "Mon", "3 Nov", "3 Nov 2023"; a date
 * more than a minute after @now as it is ("14:05" later today, else "3 Nov 2099"), never
 * "Now"; "Date unknown" for an unset date (0 or less). */
char          *rapport_ui_format_relative_time   (gint64               unix_time,
                                                  gint64               now);
/* For messages: "10:02", "Yesterday, 10:02", "Mon, 10:02", "3 Nov, 10:02", "3 Nov 2023, 10:02"
 * (a date after @now the same way), "Date unknown" for an unset date (0 or less). */
char          *rapport_ui_format_message_time    (gint64               unix_time,
                                                  gint64               now);
/* "2 hours", "3 days", "5 minutes" — how long ago @unix_time was. */
char          *rapport_ui_format_duration_ago    (gint64               unix_time,
                                                  gint64               now);

/* @text from outside (a name, a subject, a file name, a title) as the UI shows it, alone in a
 * label or next to other text in a sentence, an accessible name, a title, a tooltip or a
 * notification: one line without bidi controls (rapport_text_clean_label()), isolated
 * (rapport_text_isolate()) whenever its direction could reorder the text around it: when it
 * holds a letter or digit of a script written right to left, or the UI runs right to left.
 * NULL when @text is NULL or nothing is left of it. */
char          *rapport_ui_bidi_safe              (const char          *text);
/* Sets the text @avatar takes its initials from to @text, a rapport_ui_bidi_safe() result,
 * without its isolates (an avatar would take the invisible U+2068 as an initial). */
void           rapport_ui_set_avatar_text        (AdwAvatar           *avatar,
                                                  const char          *text);

/* Sets the accessible label of @widget and remembers it, so widget tests can read the label
 * back (GTK 4.8 has no getter for accessible properties). Setting the same label again does
 * nothing (no accessibility event). The label is the whole name: see
 * rapport_ui_keep_accessible_label(). */
void           rapport_ui_set_accessible_label   (GtkWidget           *widget,
                                                  const char          *label);
const char    *rapport_ui_get_accessible_label   (GtkWidget           *widget);
/* GTK 4.8 reads a widget's name as its accessible label followed by the text of its mnemonic
 * label ("Reason Reason", "Save canned response Save"), and gives a button with a mnemonic
 * its label property, underline included, as accessible label ("_Retry Now Retry Now").
 * rapport_ui_keep_accessible_label() drops the relation to the mnemonic label of @widget,
 * which has an accessible label of its own (set in a .ui file); rapport_ui_name_by_mnemonic()
 * makes the mnemonic label of @button its only name, now and when its label changes. */
void           rapport_ui_keep_accessible_label  (GtkWidget           *widget);

/* Tab leaves a list view, whose rows the arrow keys move between (and j and k for the ticket
 * list). GTK 4.8 does this; GTK 4.12 and later, by default, move Tab from row to row: from the
 * top of a long ticket list, the conversation would be hundreds of Tabs away. */
void           rapport_ui_list_view_tab_leaves   (GtkListView         *view);

/* The accessible role of a menu button. Its inner toggle button is the control that takes the
 * focus. GTK 4.8 exposes the menu button as a second button of the same name around it: there
 * the menu button is "generic" (as the .ui files say). Later GTK name and describe the inner
 * button by the menu button, and give a generic widget no name (GTK 4.18 then read the
 * tooltip instead, without the description): there it is a group.
 * rapport_ui_menu_button_fix_role() sets it on a menu button not yet realized; with the later
 * GTK it also names the items of the menu the button shows after their labels, which GTK 4.18
 * leaves without a name. */
GtkAccessibleRole rapport_ui_menu_button_role    (void);
void           rapport_ui_menu_button_fix_role   (GtkWidget           *menu_button);
void           rapport_ui_name_by_mnemonic       (GtkButton           *button);
/* rapport_ui_name_by_mnemonic() for every button with a mnemonic below @root: for views
 * whose buttons with a mnemonic have no accessible label of their own. */
void           rapport_ui_name_buttons_by_mnemonic (GtkWidget         *root);
/* The same for @row, the widget a list view's factory made, and for the list item widget
 * GTK puts around it (in GTK 4.8 that one is the "list item" assistive technologies list,
 * and it has no name of its own): also when @row moves into another item widget. */
void           rapport_ui_set_row_accessible_label (GtkWidget         *row,
                                                    const char        *label);

/* For rows, which set these for every item they show and resync on every change of it.
 * gtk_widget_set_tooltip_text() on a visible widget asks the display server where the pointer
 * is (a round trip, even for the same text); this one shows the text from ::query-tooltip and
 * sets it as the accessible description. rapport_ui_set_icon_name() does nothing when the icon
 * does not change (GTK would look it up and lay it out again). */
void           rapport_ui_set_tooltip_text       (GtkWidget           *widget,
                                                  const char          *text);
void           rapport_ui_set_icon_name          (GtkImage            *image,
                                                  const char          *icon_name);

/* Rows of at least @min_row_px pixels that a screenful of @widget holds, two more: what a
 * lazy list's first frame makes rows for (GTK 4.8's list view makes one for each of up to
 * 200 items at once). @fallback while @widget has no height yet, and never more. */
guint          rapport_ui_rows_for_screen        (GtkWidget           *widget,
                                                  int                  min_row_px,
                                                  guint                fallback);

/* Attributes that highlight bytes [@start, @end) of a label's text; NULL when the range is
 * not inside @text. Highlighting never goes through markup, so the text stays plain. */
PangoAttrList *rapport_ui_highlight_attributes   (const char          *text,
                                                  int                  start,
                                                  int                  end);

/* Shows the page @name of @stack. Pages that are not needed at first are hidden in the .ui
 * files (so the first frame neither styles nor measures them); this shows the page's child
 * before switching to it, which gtk_stack_set_visible_child_name() would silently skip. */
void           rapport_ui_stack_show_page        (GtkStack            *stack,
                                                  const char          *name);
/* Adds a hidden AdwStatusPage to @stack as the page @name and returns it. Status pages that
 * are seldom shown (errors, no results) are made the first time they are needed rather than
 * with the templates, so building the window does not pay for them. */
AdwStatusPage *rapport_ui_stack_add_status_page  (GtkStack            *stack,
                                                  const char          *name,
                                                  const char          *icon_name,
                                                  const char          *title,
                                                  gboolean             compact);

/* A translated sentence for an error from core or a provider, for toasts and status pages. */
char          *rapport_ui_error_to_text          (const GError        *error);
/* Shows @toast (floating, consumed) in the AdwToastOverlay that holds @widget; dropped when
 * @widget is in none. */
void           rapport_ui_add_toast              (GtkWidget           *widget,
                                                  AdwToast            *toast);
/* Adds to @controller a shortcut that activates the named action @action_name on @keyval with
 * @modifiers. */
void           rapport_ui_add_shortcut           (GtkShortcutController *controller,
                                                  guint                  keyval,
                                                  GdkModifierType        modifiers,
                                                  const char            *action_name);
/* A toast saying @text (plain text: escaped for the toast's markup title). */
void           rapport_ui_add_text_toast         (GtkWidget           *widget,
                                                  const char          *text);
/* A toast "<what>: <why>", the reason worded by rapport_ui_error_to_text(), escaped for the
 * toast's markup title. */
void           rapport_ui_add_error_toast        (GtkWidget           *widget,
                                                  const char          *what,
                                                  const GError        *error);
/* Markup for an AdwStatusPage description (which is markup): the sentence above and, in
 * small print, the error's own message (invalid UTF-8 in it repaired); both escaped. */
char          *rapport_ui_error_to_markup        (const GError        *error);

/* What the user is told after a damaged cache was rescued at start (plain text, several
 * paragraphs): why it was rebuilt, what was kept, what could not be recovered, and where the
 * damaged file was kept. */
char          *rapport_ui_cache_rescue_to_text   (const RapportCacheRescue *rescue);

G_END_DECLS
