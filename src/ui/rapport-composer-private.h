/* rapport-composer-private.h: what rapport-composer.c, rapport-composer-insert.c and
 * rapport-composer-undo.c share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-composer.h"
#include "rapport-composer-hints.h"
#include "rapport-knowledge-search.h"
#include "rapport-suggestions-pane.h"

G_BEGIN_DECLS

struct _RapportComposer
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkWidget            *clamp;
  GtkWidget            *main_box;
  RapportSuggestionsPane *suggestions_pane;
  GtkToggleButton      *reply_button;
  GtkToggleButton      *note_button;
  GtkLabel             *mode_label;
  GtkLabel             *notice_label;
  GtkWidget            *text_overlay;
  GtkTextView          *text_view;
  GtkLabel             *placeholder_label;
  GtkWidget            *send_button;
  GtkStack             *send_stack;
  GtkLabel             *send_label;
  GtkSpinner           *send_spinner;
  GtkLabel             *send_hint_label;
  GtkWidget            *undo_bar;
  GtkLabel             *undo_label;

  /* borrowed: the open collision dialog (it owns itself); the hints below the text (a child) */
  GtkWindow            *collision_dialog;
  RapportComposerHints *hints;

  /* owned */
  RapportTicketSession *session;
  RapportWorkspace     *workspace;      /* the session's, followed for "can-write" */
  GSettings            *settings;       /* made on first send */
  GCancellable         *send_cancellable;
  GPtrArray            *undos;          /* sends that can be taken back, newest last
                                         * (rapport-composer-undo.c) */
  GdkFrameClock        *paint_clock;    /* watched for the undo bar's first frame */
  RapportKnowledgeSearch *knowledge_search; /* Ctrl+K, made on first use, attached to the text */

  RapportVisibility     visibility;
  guint                 autosave_id;
  guint                 undo_tick_id;
  gulong                after_paint_id;
  guint                 draft_generation;
  gboolean              draft_loaded;   /* the session's draft was read */
  gboolean              quiet;          /* the buffer changes by program: no autosave */
  gboolean              sending;
  gboolean              check_collisions;
  gboolean              disposed;
};

/* rapport-composer.c */
/* The text being written (transfer full). */
char     *_rapport_composer_get_text                (RapportComposer       *self);
/* Selects the first unresolved placeholder of @text (the composer's) at or after @from_char
 * (from the start when there is none after it) and scrolls to it; FALSE when it holds none. */
gboolean  _rapport_composer_select_placeholder      (RapportComposer       *self,
                                                     const char            *text,
                                                     int                    from_char);

/* Whether @session writes on the ticket the composer shows. */
gboolean  _rapport_composer_is_own_ticket           (RapportComposer       *self,
                                                     RapportTicketSession  *session);

/* rapport-composer-undo.c: the undo bar and Ctrl+Z. */
/* Installs the action composer.undo-send and the template callbacks of the undo bar. */
void      _rapport_composer_class_undo_init         (RapportComposerClass  *klass);
/* Ctrl+Z and the (empty) list of sends that can be taken back. */
void      _rapport_composer_init_undo               (RapportComposer       *self);
void      _rapport_composer_dispose_undo            (RapportComposer       *self);
/* @op (of @session) was queued with an undo-send window of @hold_ms: the bar offers Undo. */
void      _rapport_composer_add_undo                (RapportComposer       *self,
                                                     RapportTicketSession  *session,
                                                     const RapportOutboxOp *op,
                                                     guint                  hold_ms);
/* The send @op_id can no longer be taken back from the bar (undone, or too late). */
void      _rapport_composer_forget_undo             (RapportComposer       *self,
                                                     gint64                 op_id);
/* Shows the newest window still open (the one Ctrl+Z takes back), or the hint without one;
 * forgets the windows that are over. */
void      _rapport_composer_sync_undo_bar           (RapportComposer       *self);

/* rapport-composer-insert.c: suggestions and the knowledge search. */
/* Installs the actions composer.insert-suggestion (u: 1 … RAPPORT_SUGGEST_MAX) and
 * composer.search-knowledge, and the template callbacks they need. */
void      _rapport_composer_class_insert_init       (RapportComposerClass  *klass);
/* Alt+1 … Alt+5 and Ctrl+K. */
void      _rapport_composer_add_insert_shortcuts    (RapportComposer       *self,
                                                     GtkShortcutController *shortcuts);

G_END_DECLS
