/* rapport-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approvals-view.h"
#include "rapport-conversation.h"
#include "rapport-customer-panel.h"
#include "rapport-search-view.h"
#include "rapport-status-banner.h"
#include "rapport-sync-progress.h"
#include "rapport-ticket-actions.h"
#include "rapport-ticket-list.h"
#include "rapport-view-row.h"
#include "rapport-window.h"

G_BEGIN_DECLS

struct _RapportWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  AdwHeaderBar         *sidebar_header;
  AdwHeaderBar         *list_header;
  AdwHeaderBar         *content_header;
  AdwWindowTitle       *window_title;
  AdwWindowTitle       *list_title;
  GtkSpinner           *sync_spinner;
  GtkListBox           *views_list;
  RapportSyncProgress  *sync_progress;
  RapportSearchView    *search_view;
  GtkStack             *list_stack;
  GtkSpinner           *list_spinner;
  GtkListView          *ticket_view;
  RapportStatusBanner  *status_banner;
  AdwFlap              *flap;
  RapportConversation  *conversation;
  RapportCustomerPanel *customer_panel;
  GMenuModel           *primary_menu;
  GMenu                *accounts_menu;
  GtkWidget            *account_button;
  GtkWidget            *menu_button;
  GMenu                *account_switcher_accounts;
  GMenuModel           *account_switcher_menu;

  /* borrowed: made on first use, owned by their parent */
  RapportTicketActions *ticket_actions;       /* in the content header, from the first ticket */
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
  GtkLabel             *error_detail_label;
  GtkWidget            *welcome_box;

  /* owned */
  GSettings            *settings;
  RapportWorkspace     *workspace;            /* gives the store, account and engines */
  RapportTicketList    *tickets;              /* the view's, one of view_lists */
  RapportTicketList    *view_lists[RAPPORT_N_VIEWS]; /* each view's list once made, kept */
  guint                 prepare_views_id;     /* idle making the other views' lists */
  GtkSliceListModel    *shown_tickets;        /* the list's first rows, then all: see grow_rows */
  GtkSingleSelection   *selection;            /* of shown_tickets */
  RapportTicket        *current_ticket;
  GCancellable         *counts_cancellable;
  GCancellable         *open_cancellable;
  RapportViewRow       *view_rows[RAPPORT_N_VIEWS];

  /* the Approvals entry and pane (rapport-window-approvals.c), owned by the sidebar and leaflet;
   * the pane and its view are made when the entry is first offered */
  GtkListBoxRow        *approvals_row;
  GtkLabel             *approvals_count_label;
  GtkWidget            *approvals_pane;
  RapportApprovalsView *approvals_view;

  /* signal handlers on owned objects */
  gulong                store_changed_id;     /* on the workspace's store */
  gulong                current_loaded_id;
  gulong                view_painted_id;      /* on the frame clock, until a view is painted */
  guint                 grow_id;              /* tick callback growing shown_tickets */
  gint64                grow_from;            /* frame counter from which it grows */

  /* the sessions of the tickets next to the shown one (rapport-window-sessions.c) */
  GPtrArray            *kept_sessions;        /* of RapportTicketSession, the last left first */
  guint                 kept_sessions_id;     /* idle source that updates them */

  /* tracing (RAPPORT_TRACE): the first item of a view, until it is filled in */
  RapportTicket        *trace_first;
  gulong                trace_first_loaded_id;
  gboolean              trace_list_key;       /* the list is handling a key press */

  RapportView           view;
  guint                 last_position;        /* of the list's selection */
  gboolean              customer_panel_visible;
  gboolean              swapping_list;        /* the selection's model is being replaced */
  gboolean              select_first;         /* select the first ticket after the next reload */
  gboolean              showing_external;     /* the shown ticket is not the list's selection */
  gboolean              loaded;
  gboolean              first_frame_painted;
  gboolean              syncing;
  gboolean              failed;
  gboolean              showing_approvals;
};

void _rapport_window_class_actions_init (RapportWindowClass *klass);
void _rapport_window_actions_update     (RapportWindow      *self);
void _rapport_window_open_ticket        (RapportWindow      *self,
                                         gint64              ticket_id);
void _rapport_window_move_selection     (RapportWindow      *self,
                                         int                 delta);
void _rapport_window_focus_ticket_list  (RapportWindow      *self);
void _rapport_window_step_view          (RapportWindow      *self,
                                         int                 delta);
void _rapport_window_start_reply        (RapportWindow      *self);
void _rapport_window_start_note         (RapportWindow      *self);
void _rapport_window_begin_search       (RapportWindow      *self);
void _rapport_window_sync_now           (RapportWindow      *self);

/* At most this many sessions are kept besides the shown one: the tickets before and after it
 * in the list, and the one last left. */
#define RAPPORT_WINDOW_KEPT_SESSIONS 3

RapportTicketSession *_rapport_window_sessions_take      (RapportWindow        *self,
                                                          RapportTicket        *ticket);
void                  _rapport_window_sessions_leave     (RapportWindow        *self,
                                                          RapportTicketSession *session);
void                  _rapport_window_sessions_update    (RapportWindow        *self);
void                  _rapport_window_sessions_clear     (RapportWindow        *self);
guint                 _rapport_window_sessions_get_n_kept (RapportWindow       *self);

void     _rapport_window_approvals_init          (RapportWindow    *self);
void     _rapport_window_approvals_set_workspace (RapportWindow    *self,
                                                  RapportWorkspace *workspace);
/* Moves the focus into the Approvals pane if it is shown (Tab from the views list). */
gboolean _rapport_window_approvals_focus         (RapportWindow    *self);
/* Shows the approvals pane when @row is the Approvals entry (TRUE), else the tickets again. */
gboolean _rapport_window_approvals_row_selected  (RapportWindow    *self,
                                                  GtkListBoxRow    *row);
/* Back from the Approvals pane to the tickets of the view (a ticket is opened). */
void     _rapport_window_approvals_leave         (RapportWindow    *self);

G_END_DECLS
