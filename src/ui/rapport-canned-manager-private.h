/* rapport-canned-manager-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-canned-manager.h"

#include "rapport-candidate.h"

G_BEGIN_DECLS

#define N_CHANNELS (RAPPORT_CHANNEL_WEB + 1)

struct _RapportCannedManager
{
  AdwWindow           parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkSearchEntry     *filter_entry;
  GtkStack           *list_stack;
  GtkListView        *candidate_view;
  GtkStack           *editor_stack;
  GtkLabel           *source_label;
  AdwEntryRow        *title_row;
  AdwEntryRow        *key_row;
  AdwEntryRow        *tags_row;
  GtkLabel           *key_error_label;
  GtkTextView        *body_view;
  GtkLabel           *body_error_label;
  GtkLabel           *placeholders_label;
  GtkTextView        *short_view;
  GtkLabel           *short_error_label;
  GtkFlowBox         *channels_box;
  GtkDropDown        *ticket_dropdown;
  GtkLabel           *preview_label;
  GtkButton          *delete_button;
  GtkButton          *save_button;
  GtkCheckButton     *channel_checks[N_CHANNELS];

  /* owned */
  RapportStore       *store;
  RapportAccount     *account;
  RapportTicket      *ticket;
  GListStore         *candidates;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GHashTable         *account_names;     /* account id (gint64 *) → name */
  RapportCandidate   *editing;           /* as stored (id 0: not yet); NULL: none */
  GPtrArray          *tickets;           /* RapportTicket: the drop-down's items */
  GHashTable         *values;            /* of the preview's ticket */
  GCancellable       *cancellable;       /* loads of the lists; cancelled on dispose */
  GCancellable       *values_cancellable;
  char               *filter_text;       /* casefolded */

  guint               list_generation;
  gulong              store_changed_id;
  gboolean            loading;           /* filling the editor: not the agent's edits */
  gboolean            key_edited;        /* the agent typed the key: no longer derived */
  gboolean            dirty;
  gboolean            valid;
  guint               n_saving;
};

/* rapport-canned-manager.c */
gboolean          _rapport_canned_manager_is_read_only          (RapportCandidate     *candidate);
/* The name of the account @account_id, NULL when not known. */
const char       *_rapport_canned_manager_account_name          (RapportCannedManager *self,
                                                                 gint64                account_id);
char             *_rapport_canned_manager_get_text              (GtkTextView          *view);

/* rapport-canned-manager-editor.c: the fields of the edited candidate, their checks, and
 * what can be done with it. */
void              _rapport_canned_manager_editor_class_init     (GtkWidgetClass       *widget_class);
void              _rapport_canned_manager_editor_init           (RapportCannedManager *self);
/* Fills the editor in with @candidate (NULL: nothing is edited). */
void              _rapport_canned_manager_load_editor           (RapportCannedManager *self,
                                                                 RapportCandidate     *candidate);
void              _rapport_canned_manager_validate              (RapportCannedManager *self);
void              _rapport_canned_manager_update_actions        (RapportCannedManager *self);
/* The candidate as the editor has it, to save (transfer full). */
RapportCandidate *_rapport_canned_manager_candidate_from_editor (RapportCannedManager *self);

/* rapport-canned-manager-preview.c: the body filled with a ticket's values. */
void              _rapport_canned_manager_preview_class_init    (GtkWidgetClass       *widget_class);
void              _rapport_canned_manager_update_preview        (RapportCannedManager *self);
/* Lists the tickets to preview with (the window's ticket, then the account's recent ones). */
void              _rapport_canned_manager_load_preview_tickets  (RapportCannedManager *self);

G_END_DECLS
