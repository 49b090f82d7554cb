/* rapport-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-window.h"

#include "rapport-application.h"
#include "rapport-enums.h"
#include "rapport-ticket-row.h"
#include "rapport-trace.h"
#include "rapport-ui-util.h"
#include "rapport-window-private.h"

G_DEFINE_FINAL_TYPE (RapportWindow, rapport_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_CUSTOMER_PANEL_VISIBLE,
  PROP_LOADED,
  PROP_SYNCING,
  PROP_FAILED,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows of the ticket list made in a view switch's frame, then per frame after it, up to the
 * rows GTK 4.8's list view makes at most (then the whole list). */
#define LIST_ROWS_FIRST 30   /* when the list's height is not known yet */
#define LIST_ROW_MIN_PX 60   /* no ticket row is lower */
#define LIST_ROWS_STEP  20
#define LIST_ROWS_MAX   200

static void update_list_page    (RapportWindow *self);
static void sync_empty_page     (RapportWindow *self);
static void prepare_other_views (RapportWindow *self);

/* Loaded state (for the "loaded" property and the test hooks) */

static void
update_loaded (RapportWindow *self)
{
  guint n_items;

  if (self->loaded || self->tickets == NULL)
    return;

  if (rapport_ticket_list_get_loading (self->tickets))
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));
  if (n_items == 0)
    {
      /* An empty view counts as shown only once the first sync cannot fill it anymore. */
      if (self->syncing)
        return;
    }
  else
    {
      RapportTicket *ticket = self->current_ticket;

      if (ticket == NULL || !rapport_ticket_get_loaded (ticket))
        return;
      if (rapport_conversation_get_loading (self->conversation))
        return;
      if (rapport_customer_panel_get_customer_id (self->customer_panel) == 0 ||
          rapport_customer_panel_get_loading (self->customer_panel) ||
          rapport_customer_panel_get_customer (self->customer_panel) == NULL)
        return;
    }

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  prepare_other_views (self);
}

static void
on_content_loading_changed_cb (RapportWindow *self)
{
  update_loaded (self);
}

/* The ticket shown: the conversation, the ticket actions and the customer panel share one
 * session of it */

static void
on_current_ticket_loaded_cb (RapportWindow *self,
                             GParamSpec    *pspec,
                             RapportTicket *ticket)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  if (ticket != self->current_ticket || !rapport_ticket_get_loaded (ticket))
    return;

  update_loaded (self);
}

/* The ticket actions go into the content header when the first ticket is shown: the first
 * frame, which shows no ticket, neither builds nor styles them. */
static void
ensure_ticket_actions (RapportWindow *self)
{
  if (self->ticket_actions != NULL)
    return;

  self->ticket_actions = RAPPORT_TICKET_ACTIONS (rapport_ticket_actions_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_actions), FALSE);
  adw_header_bar_pack_start (self->content_header, GTK_WIDGET (self->ticket_actions));
}

static void
show_ticket (RapportWindow *self,
             RapportTicket *ticket)
{
  RapportTicketSession *shown = rapport_conversation_get_session (self->conversation);
  g_autoptr(RapportTicketSession) session = NULL;

  if (self->current_ticket == ticket)
    return;

  if (self->current_ticket != NULL)
    g_clear_signal_handler (&self->current_loaded_id, self->current_ticket);
  g_set_object (&self->current_ticket, ticket);

  /* The same ticket as another object (a list item replaced, or opened from elsewhere): its
   * session goes on. */
  if (ticket != NULL && shown != NULL &&
      rapport_ticket_session_get_workspace (shown) == self->workspace &&
      rapport_ticket_session_get_ticket_id (shown) == rapport_ticket_get_id (ticket))
    session = g_object_ref (shown);
  else if (ticket != NULL && self->workspace != NULL)
    {
      /* A neighbour's session, loaded while the agent read this one, else a new one. */
      session = _rapport_window_sessions_take (self, ticket);
      if (session == NULL)
        session = rapport_ticket_session_new (self->workspace, ticket);
    }

  if (ticket == NULL)
    _rapport_window_sessions_clear (self);
  else if (shown != NULL && shown != session)
    _rapport_window_sessions_leave (self, shown);

  if (ticket != NULL)
    ensure_ticket_actions (self);

  rapport_conversation_set_session (self->conversation, session);
  if (self->ticket_actions != NULL)
    {
      rapport_ticket_actions_set_session (self->ticket_actions, session);
      gtk_widget_set_visible (GTK_WIDGET (self->ticket_actions), ticket != NULL);
    }
  rapport_customer_panel_set_session (self->customer_panel, session);

  /* A lazy list item may still be a placeholder: the session fills it in. */
  if (ticket != NULL)
    self->current_loaded_id = g_signal_connect_object (ticket, "notify::loaded",
                                                       G_CALLBACK (on_current_ticket_loaded_cb),
                                                       self, G_CONNECT_SWAPPED);

  if (ticket != NULL)
    _rapport_window_sessions_update (self);
  update_loaded (self);
}

static void
on_selected_item_changed_cb (RapportWindow      *self,
                             GParamSpec         *pspec,
                             GtkSingleSelection *selection)
{
  RapportTicket *ticket = gtk_single_selection_get_selected_item (selection);

  if (ticket == NULL)
    {
      /* Nothing selected in the list: keep a ticket opened from elsewhere. */
      if (!self->showing_external)
        show_ticket (self, NULL);
      return;
    }

  /* The list's own keys (arrows, Page Up/Down, Home/End) move to another ticket. */
  if (self->trace_list_key &&
      (self->current_ticket == NULL ||
       rapport_ticket_get_id (self->current_ticket) != rapport_ticket_get_id (ticket)))
    rapport_trace_expect (RAPPORT_TRACE_PART_CONVERSATION | RAPPORT_TRACE_PART_CUSTOMER,
                          "ticket");

  self->showing_external = FALSE;
  self->last_position = gtk_single_selection_get_selected (selection);
  g_cancellable_cancel (self->open_cancellable);
  show_ticket (self, ticket);
}

/* Tracing (RAPPORT_TRACE, rapport-trace.h) */

static gboolean
clear_trace_list_key_cb (gpointer user_data)
{
  RapportWindow *self = user_data;

  self->trace_list_key = FALSE;
  return G_SOURCE_REMOVE;
}

/* A key the ticket list handles itself: a ticket chosen while it is handled is chosen by that
 * key. The flag lasts until the key's handling is over. */
static gboolean
on_ticket_view_key_pressed_cb (RapportWindow         *self,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state,
                               GtkEventControllerKey *controller)
{
  if (!self->trace_list_key)
    {
      self->trace_list_key = TRUE;
      g_idle_add_full (G_PRIORITY_HIGH, clear_trace_list_key_cb, g_object_ref (self),
                       g_object_unref);
    }
  return GDK_EVENT_PROPAGATE;
}

static void
clear_trace_first (RapportWindow *self)
{
  if (self->trace_first != NULL)
    g_clear_signal_handler (&self->trace_first_loaded_id, self->trace_first);
  g_clear_object (&self->trace_first);
}

static void
on_trace_first_loaded_cb (RapportWindow *self,
                          GParamSpec    *pspec,
                          RapportTicket *ticket)
{
  if (!rapport_ticket_get_loaded (ticket))
    return;

  clear_trace_first (self);
  rapport_trace_ready (RAPPORT_TRACE_PART_TICKET_LIST);
}

/* The list has the view's tickets: it finished loading them once. A reload after a change of
 * the store (which the list of a view shown before may be in) changes what it shows in place. */
static gboolean
list_shows_view (RapportWindow *self)
{
  return self->tickets != NULL &&
         (!rapport_ticket_list_get_loading (self->tickets) ||
          g_list_model_get_n_items (G_LIST_MODEL (self->tickets)) > 0);
}

/* The ticket list shows the view: its first rows are in (the first item is filled in, and
 * the rows around it with it), or it says the view is empty. */
static void
trace_ticket_list (RapportWindow *self)
{
  g_autoptr(RapportTicket) first = NULL;

  if (!rapport_trace_enabled () || !list_shows_view (self))
    return;

  clear_trace_first (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->tickets)) == 0)
    {
      if (!self->syncing)
        rapport_trace_ready (RAPPORT_TRACE_PART_TICKET_LIST);
      return;
    }

  first = g_list_model_get_item (G_LIST_MODEL (self->tickets), 0);
  if (rapport_ticket_get_loaded (first))
    {
      rapport_trace_ready (RAPPORT_TRACE_PART_TICKET_LIST);
      return;
    }

  self->trace_first = g_object_ref (first);
  self->trace_first_loaded_id = g_signal_connect_object (first, "notify::loaded",
                                                         G_CALLBACK (on_trace_first_loaded_cb),
                                                         self, G_CONNECT_SWAPPED);
}

static void
stop_growing (RapportWindow *self)
{
  if (self->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->ticket_view), self->grow_id);
  self->grow_id = 0;
}

/* The list view shows the whole list from here on. */
static void
show_all_rows (RapportWindow *self)
{
  stop_growing (self);
  gtk_slice_list_model_set_size (self->shown_tickets, G_MAXUINT);
}

static gboolean
grow_rows_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  RapportWindow *self = RAPPORT_WINDOW (gtk_widget_get_root (widget));
  guint size = gtk_slice_list_model_get_size (self->shown_tickets);

  /* Not in the frame that shows the first rows. */
  if (gdk_frame_clock_get_frame_counter (clock) < self->grow_from)
    return G_SOURCE_CONTINUE;

  if (size + LIST_ROWS_STEP >= LIST_ROWS_MAX)
    {
      self->grow_id = 0;
      gtk_slice_list_model_set_size (self->shown_tickets, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }

  gtk_slice_list_model_set_size (self->shown_tickets, size + LIST_ROWS_STEP);
  return G_SOURCE_CONTINUE;
}

/* GTK 4.8's list view makes a row for each of up to 200 items when its model changes: a view
 * switch shows the first screenful of the list (the rows its height can hold, two more), and
 * the rest comes LIST_ROWS_STEP items a frame from the frame after. */
static void
grow_rows (RapportWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->ticket_view));

  stop_growing (self);
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->ticket_view)))
    {
      gtk_slice_list_model_set_size (self->shown_tickets, G_MAXUINT);
      return;
    }

  gtk_slice_list_model_set_size (self->shown_tickets,
                                 rapport_ui_rows_for_screen (GTK_WIDGET (self->ticket_view),
                                                             LIST_ROW_MIN_PX, LIST_ROWS_FIRST));
  self->grow_from = gdk_frame_clock_get_frame_counter (clock) + 2;
  self->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->ticket_view), grow_rows_cb,
                                                NULL, NULL);
}

/* The list's row (its list item widget) of the selected ticket, if the list made it. */
static GtkWidget *
find_selected_row (RapportWindow *self)
{
  RapportTicket *ticket = gtk_single_selection_get_selected_item (self->selection);

  if (ticket == NULL)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->ticket_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && RAPPORT_IS_TICKET_ROW (row) &&
          rapport_ticket_row_get_ticket (RAPPORT_TICKET_ROW (row)) == ticket)
        return child;
    }

  return NULL;
}

/* The keyboard focus goes to the selected ticket's row: the list view keeps its own cursor
 * (the row with the focus, from which its keys move), which must be the selection's, or an
 * arrow key after j/k would move from another row. */
static void
focus_selected_row (RapportWindow *self)
{
  GtkWidget *row = find_selected_row (self);

  if (row == NULL || !gtk_widget_grab_focus (row))
    gtk_widget_grab_focus (GTK_WIDGET (self->ticket_view));
}

static gboolean
list_has_focus (RapportWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (focus == GTK_WIDGET (self->ticket_view) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->ticket_view)));
}

/* Selects the ticket at @position and scrolls its row into view; when the list has the
 * keyboard focus, the focus moves to that row with the selection. */
static void
select_position (RapportWindow *self,
                 guint          position)
{
  if (position >= gtk_slice_list_model_get_size (self->shown_tickets))
    show_all_rows (self);
  gtk_single_selection_set_selected (self->selection, position);
  /* Makes the row (the list's trackers follow it) and scrolls it into view. */
  gtk_widget_activate_action (GTK_WIDGET (self->ticket_view), "list.scroll-to-item", "u", position);
  if (list_has_focus (self))
    focus_selected_row (self);
}

/* Up and Down in the ticket list are j and k: one cursor, the selection (the list view's own
 * arrows would move from its focus row, which GTK 4.8 does not let the selection move). With
 * a modifier (Ctrl, Shift) they stay the list's. */
static gboolean
on_ticket_view_arrow_pressed_cb (RapportWindow         *self,
                                 guint                  keyval,
                                 guint                  keycode,
                                 GdkModifierType        state,
                                 GtkEventControllerKey *controller)
{
  int delta;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    delta = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    delta = -1;
  else
    return GDK_EVENT_PROPAGATE;

  _rapport_window_move_selection (self, delta);
  return GDK_EVENT_STOP;
}

static void
ensure_selection (RapportWindow *self)
{
  guint n_items;

  if (!list_shows_view (self))
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));
  if (n_items == 0)
    return;

  if (self->select_first)
    {
      /* After a view switch, not before the frame that shows the view's rows. */
      if (self->view_painted_id != 0)
        return;

      self->select_first = FALSE;
      self->showing_external = FALSE;
      self->last_position = 0;
      select_position (self, 0);
    }
  else if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
           !self->showing_external)
    {
      gboolean first_time = !self->loaded;

      /* On start, the first ticket; when the shown ticket left the view (e.g. it was
       * solved), its neighbour. */
      select_position (self, MIN (self->last_position, n_items - 1));

      /* On start the ticket list has the keyboard focus. */
      if (first_time && !rapport_search_view_get_search_mode (self->search_view))
        focus_selected_row (self);
    }
}

/* Shows a page of the list pane (under the search's results while a query is entered). The
 * seldom shown one (an empty view) is made here on first use rather than with the window. */
/* The list's loading spinner turns only while its page is the one shown: a spinning spinner
 * restyles itself every frame even on a hidden page, and so makes the window draw a frame
 * after frame while it waits for nothing. Not before the first frame was painted (see
 * on_first_frame_painted_cb()). */
static void
sync_list_spinner (RapportWindow *self)
{
  gboolean loading = g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack),
                                "loading") == 0;

  gtk_spinner_set_spinning (self->list_spinner, self->first_frame_painted && loading);
}

static void
show_list_page (RapportWindow *self,
                const char    *page)
{
  if (g_str_equal (page, "empty") && self->empty_page == NULL)
    {
      self->empty_page = rapport_ui_stack_add_status_page (self->list_stack, "empty", NULL,
                                                           _("No Tickets"), TRUE);
      sync_empty_page (self);
    }

  rapport_ui_stack_show_page (self->list_stack, page);
  sync_list_spinner (self);
}

static void
update_list_page (RapportWindow *self)
{
  const char *page;

  if (self->tickets == NULL)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->tickets)) > 0)
    page = "tickets";
  else if (rapport_ticket_list_get_loading (self->tickets) || self->syncing)
    page = "loading";
  else
    page = "empty";

  show_list_page (self, page);
}

static void
on_tickets_changed_cb (RapportWindow *self)
{
  update_list_page (self);
  ensure_selection (self);
  update_loaded (self);
  trace_ticket_list (self);
}

static void
on_tickets_items_changed_cb (RapportWindow *self,
                             guint          position,
                             guint          removed,
                             guint          added,
                             GListModel    *model)
{
  /* Not while the list view has yet to hear of the change: the caller follows up. */
  if (!self->swapping_list)
    on_tickets_changed_cb (self);
}

/* A view's list, shown or not, started or finished reloading: only the shown one matters. */
static void
on_view_list_loading_cb (RapportWindow     *self,
                         GParamSpec        *pspec,
                         RapportTicketList *list)
{
  if (list == self->tickets)
    on_tickets_changed_cb (self);
}

static void
on_view_list_reloaded_cb (RapportWindow     *self,
                          RapportTicketList *list)
{
  if (list == self->tickets)
    on_tickets_changed_cb (self);
}

static void
stop_waiting_for_view (RapportWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->view_painted_id != 0 && clock != NULL)
    g_signal_handler_disconnect (clock, self->view_painted_id);
  self->view_painted_id = 0;
}

/* A frame was painted after a view switch: once it showed the view's first rows (or the view
 * is empty), the view's first ticket is opened. */
static void
on_view_painted_cb (GdkFrameClock *clock,
                    RapportWindow *self)
{
  g_autoptr(RapportTicket) first = NULL;

  if (!list_shows_view (self))
    return;

  first = g_list_model_get_item (G_LIST_MODEL (self->tickets), 0);
  if (first != NULL && !rapport_ticket_get_loaded (first))
    return;

  stop_waiting_for_view (self);

  /* A key chose a ticket of the view meanwhile: it stays. */
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    self->select_first = FALSE;

  ensure_selection (self);
}

/* The view switch's frame shows the view's rows and nothing more: the ticket shown so far
 * stays until that frame is painted, then the view's first ticket is opened. */
static void
wait_for_view (RapportWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_waiting_for_view (self);
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->showing_external = self->current_ticket != NULL;
  self->view_painted_id = g_signal_connect_object (clock, "after-paint",
                                                   G_CALLBACK (on_view_painted_cb), self, 0);
}

/* Each view keeps its list once made: it reloads itself on every change of the store, so
 * coming back to the view swaps the selection's model instead of listing the view again. */
static RapportTicketList *
ensure_view_list (RapportWindow *self,
                  RapportView    view)
{
  RapportTicketList *list = self->view_lists[view];

  if (list == NULL)
    {
      list = rapport_ticket_list_new (rapport_workspace_get_store (self->workspace),
                                      rapport_workspace_get_account_id (self->workspace),
                                      view);
      g_signal_connect_object (list, "notify::loading",
                               G_CALLBACK (on_view_list_loading_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (list, "reloaded",
                               G_CALLBACK (on_view_list_reloaded_cb), self, G_CONNECT_SWAPPED);
      self->view_lists[view] = list;
    }
  return list;
}

/* A view's list made ahead has its ids: reading its first item reads the tickets of its first
 * rows too (the list keeps them), so its first visit shows them at once. */
static void
on_prepared_list_reloaded_cb (RapportTicketList *list,
                              gpointer           user_data)
{
  g_autoptr(GObject) first = NULL;

  g_signal_handlers_disconnect_by_func (list, on_prepared_list_reloaded_cb, user_data);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
}

static gboolean
prepare_other_views_cb (gpointer user_data)
{
  RapportWindow *self = user_data;

  self->prepare_views_id = 0;
  if (self->workspace == NULL)
    return G_SOURCE_REMOVE;

  for (guint view = 0; view < RAPPORT_N_VIEWS; view++)
    {
      if (self->view_lists[view] != NULL)
        continue;
      g_signal_connect (ensure_view_list (self, view), "reloaded",
                        G_CALLBACK (on_prepared_list_reloaded_cb), NULL);
    }
  return G_SOURCE_REMOVE;
}

/* Once the window shows its first view, the lists of the others are made when nothing else
 * waits: the first visit of a view is then as quick as the next ones. */
static void
prepare_other_views (RapportWindow *self)
{
  if (self->prepare_views_id == 0)
    self->prepare_views_id = g_idle_add_full (G_PRIORITY_LOW, prepare_other_views_cb, self, NULL);
}

static void
show_view_list (RapportWindow *self)
{
  RapportTicketList *list = ensure_view_list (self, self->view);

  self->tickets = list;
  self->swapping_list = TRUE;
  grow_rows (self);
  gtk_slice_list_model_set_model (self->shown_tickets, G_LIST_MODEL (list));
  self->swapping_list = FALSE;
}

/* Narrow window: a ticket or a result chosen goes on to the conversation. */
static void
show_content_if_folded (RapportWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
on_list_clicked_cb (RapportWindow   *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  show_content_if_folded (self);
}

static void
on_ticket_view_activate_cb (RapportWindow *self,
                            guint          position,
                            GtkListView   *list_view)
{
  show_content_if_folded (self);
}

/* Sidebar: views and counts */

static void
sync_empty_page (RapportWindow *self)
{
  g_autofree char *description = NULL;

  if (self->empty_page == NULL)
    return;

  adw_status_page_set_icon_name (self->empty_page, rapport_ui_view_icon_name (self->view));
  /* The description is markup: escape (translations may use "&"). */
  description = g_markup_escape_text (rapport_ui_view_empty_description (self->view), -1);
  adw_status_page_set_description (self->empty_page, description);
}

static void
update_view_title (RapportWindow *self)
{
  adw_window_title_set_title (self->list_title, rapport_ui_view_label (self->view));
  adw_window_title_set_subtitle (self->list_title, NULL);
  sync_empty_page (self);
}

static void
on_views_list_row_selected_cb (RapportWindow *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list_box)
{
  RapportView view;

  if (row == NULL || _rapport_window_approvals_row_selected (self, row))
    return;

  view = rapport_view_row_get_view (RAPPORT_VIEW_ROW (row));
  if (view != self->view)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-view", "s",
                                rapport_view_to_string (view));
  else
    /* Back from the Approvals pane to the same view: its title again. */
    update_view_title (self);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* Ctrl+Page Down / Ctrl+Page Up: the next or previous entry of the views sidebar (the
 * Approvals entry too, when it is offered), stopping at the ends as AdwTabView's keys do.
 * The keyboard focus goes into the pane shown. */
void
_rapport_window_step_view (RapportWindow *self,
                           int            delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->views_list);
  GtkListBoxRow *next = NULL;
  GtkWidget *focus;

  g_assert (RAPPORT_IS_WINDOW (self));
  g_assert (delta == 1 || delta == -1);

  if (row == NULL)
    return;

  for (int index = gtk_list_box_row_get_index (row) + delta; index >= 0; index += delta)
    {
      next = gtk_list_box_get_row_at_index (self->views_list, index);
      if (next == NULL || (gtk_widget_get_visible (GTK_WIDGET (next)) &&
                           gtk_list_box_row_get_selectable (next)))
        break;
    }
  if (next == NULL)
    return;

  gtk_list_box_select_row (self->views_list, next);

  /* The keys work on the view they show: the focus goes into its pane (the ticket list or the
   * Approvals pane), wherever it was — a header button, a pane now hidden — unless the agent
   * is walking the sidebar itself. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->views_list)))
    {
      if (!_rapport_window_approvals_focus (self))
        _rapport_window_focus_ticket_list (self);
    }
}

/* The menu of the account switcher or of the main menu button, made when it first opens
 * (@user_data is its model). */
static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

/* GtkListBox moves its cursor — and so the selection, and the view — with Tab. Tab leaves the
 * views list instead: forward to the ticket list (or the Approvals pane when it is shown), back
 * to the account switcher. */
static gboolean
on_views_list_key_pressed_cb (RapportWindow         *self,
                              guint                  keyval,
                              guint                  keycode,
                              GdkModifierType        state,
                              GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) == 0)
    {
      if (!_rapport_window_approvals_focus (self))
        _rapport_window_focus_ticket_list (self);
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_ISO_Left_Tab || (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) != 0))
    {
      gtk_widget_grab_focus (self->account_button);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
on_counts_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS] = { 0, };

  if (!rapport_store_count_views_finish (RAPPORT_STORE (object), result, counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the tickets of the views: %s", error->message);
      return;
    }

  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    rapport_view_row_set_count (self->view_rows[i], counts[i]);
}

static void
refresh_counts (RapportWindow *self)
{
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);

  if (self->workspace == NULL)
    return;

  self->counts_cancellable = g_cancellable_new ();
  rapport_store_count_views_async (rapport_workspace_get_store (self->workspace),
                                   rapport_workspace_get_account_id (self->workspace),
                                   self->counts_cancellable, on_counts_cb, g_object_ref (self));
}

static void
on_store_changed_cb (RapportWindow *self,
                     guint64        account_id,
                     RapportStore  *store)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  if (self->workspace == NULL ||
      (gint64) account_id != rapport_workspace_get_account_id (self->workspace))
    return;

  refresh_counts (self);
}

/* Search */

static void
on_searching_changed_cb (RapportWindow     *self,
                         GParamSpec        *pspec,
                         RapportSearchView *search_view)
{
  /* The search is over: the list shows the view again. */
  if (!rapport_search_view_get_searching (search_view))
    update_view_title (self);
}

static void
on_searched_cb (RapportWindow     *self,
                guint              n_tickets,
                RapportSearchView *search_view)
{
  g_autofree char *subtitle = NULL;

  /* Search covers every ticket, not only the view's: say so in the title. */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n_tickets),
                              n_tickets);
  adw_window_title_set_title (self->list_title, _("Search"));
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
on_search_ticket_selected_cb (RapportWindow     *self,
                              gint64             ticket_id,
                              RapportSearchView *search_view)
{
  if (self->current_ticket == NULL || rapport_ticket_get_id (self->current_ticket) != ticket_id)
    rapport_trace_expect (RAPPORT_TRACE_PART_CONVERSATION | RAPPORT_TRACE_PART_CUSTOMER, "open");
  _rapport_window_open_ticket (self, ticket_id);
}

static void
on_search_result_activated_cb (RapportWindow     *self,
                               RapportSearchView *search_view)
{
  show_content_if_folded (self);
}

static void
on_search_stopped_cb (RapportWindow     *self,
                      RapportSearchView *search_view)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-ticket-list", NULL);
}

void
_rapport_window_begin_search (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  rapport_search_view_begin (self->search_view);
}

/* List item factories */

static void
setup_ticket_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, rapport_ticket_row_new ());
}

static void
bind_ticket_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (gtk_list_item_get_child (list_item)),
                                 gtk_list_item_get_item (list_item));
}

static void
unbind_ticket_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* Opening tickets that are not in the current view (history, search) */

static void
on_ticket_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RapportWindow) self = user_data;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket;

  tickets = rapport_store_load_tickets_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (error != NULL)
    {
      g_autofree char *text = rapport_ui_error_to_text (error);
      g_autofree char *title = NULL;
      g_autofree char *escaped = NULL;

      g_warning ("Could not open a ticket: %s", error->message);
      /* Translators: a toast; %s explains the problem */
      title = g_strdup_printf (_("Could not open the ticket: %s"), text);
      /* Toast titles are markup in libadwaita 1.2: escape. */
      escaped = g_markup_escape_text (title, -1);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
      return;
    }

  if (tickets->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The ticket no longer exists")));
      return;
    }

  ticket = g_ptr_array_index (tickets, 0);
  self->showing_external = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_ticket (self, ticket);
}

void
_rapport_window_open_ticket (RapportWindow *self,
                             gint64         ticket_id)
{
  guint position;

  g_assert (RAPPORT_IS_WINDOW (self));

  if (self->workspace == NULL || ticket_id <= 0)
    return;

  _rapport_window_approvals_leave (self);

  if (self->current_ticket != NULL && rapport_ticket_get_id (self->current_ticket) == ticket_id)
    return;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);

  position = rapport_ticket_list_find (self->tickets, ticket_id);
  if (position != G_MAXUINT)
    {
      select_position (self, position);
      return;
    }

  self->open_cancellable = g_cancellable_new ();
  rapport_store_load_tickets_async (rapport_workspace_get_store (self->workspace), &ticket_id, 1,
                                    self->open_cancellable, on_ticket_opened_cb,
                                    g_object_ref (self));
}

void
_rapport_window_move_selection (RapportWindow *self,
                                int            delta)
{
  guint n_items;
  guint selected;
  guint position;

  g_assert (RAPPORT_IS_WINDOW (self));

  if (self->tickets == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));
  if (n_items == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION)
    position = delta > 0 ? 0 : n_items - 1;
  else if (delta < 0)
    position = selected > 0 ? selected - 1 : 0;
  else
    position = MIN (selected + 1, n_items - 1);

  if (position != selected)
    rapport_trace_expect (RAPPORT_TRACE_PART_CONVERSATION | RAPPORT_TRACE_PART_CUSTOMER,
                          "ticket");
  select_position (self, position);
}

void
_rapport_window_focus_ticket_list (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");

  focus_selected_row (self);
}

/* "r": write a reply to the ticket shown (the composer gets the focus, in Reply mode unless
 * a draft holds text); nothing while the Approvals pane is shown or no ticket is. */
void
_rapport_window_start_reply (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  if (self->showing_approvals)
    return;

  show_content_if_folded (self);
  rapport_conversation_start_reply (self->conversation);
}

/* "n": the same in Internal note mode. */
void
_rapport_window_start_note (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  if (self->showing_approvals)
    return;

  show_content_if_folded (self);
  rapport_conversation_start_note (self->conversation);
}

/* Sync state */

static void
set_syncing (RapportWindow *self,
             gboolean       syncing)
{
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), syncing);
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  update_list_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  update_loaded (self);
  trace_ticket_list (self);
}

static void
on_pull_pending_changed_cb (RapportWindow    *self,
                            GParamSpec       *pspec,
                            RapportWorkspace *workspace)
{
  /* Accounts shown before keep pulling in the background. */
  if (workspace != self->workspace)
    return;

  set_syncing (self, rapport_workspace_get_pull_pending (workspace));
}

void
_rapport_window_sync_now (RapportWindow *self)
{
  if (self->workspace != NULL)
    rapport_workspace_sync_now (self->workspace);
}

/* GObject */

static gboolean
rapport_window_close_request (GtkWindow *window)
{
  RapportWindow *self = RAPPORT_WINDOW (window);
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (rapport_window_parent_class)->close_request (window);
}

static void
rapport_window_dispose (GObject *object)
{
  RapportWindow *self = (RapportWindow *)object;

  g_cancellable_cancel (self->counts_cancellable);
  g_cancellable_cancel (self->open_cancellable);

  if (self->workspace != NULL)
    {
      RapportStore *store = rapport_workspace_get_store (self->workspace);

      g_clear_signal_handler (&self->store_changed_id, store);
      g_signal_handlers_disconnect_by_data (self->workspace, self);
    }
  if (self->current_ticket != NULL)
    g_clear_signal_handler (&self->current_loaded_id, self->current_ticket);
  clear_trace_first (self);
  stop_waiting_for_view (self);
  stop_growing (self);
  _rapport_window_sessions_clear (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_WINDOW);
  self->empty_page = NULL;
  self->error_page = NULL;
  self->error_detail_label = NULL;
  self->welcome_box = NULL;

  g_clear_object (&self->counts_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->current_ticket);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown_tickets);
  self->tickets = NULL;
  g_clear_handle_id (&self->prepare_views_id, g_source_remove);
  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    g_clear_object (&self->view_lists[i]);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rapport_window_parent_class)->dispose (object);
}

static void
rapport_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;

    case PROP_CUSTOMER_PANEL_VISIBLE:
      g_value_set_boolean (value, self->customer_panel_visible);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_FAILED:
      g_value_set_boolean (value, self->failed);
      break;

    case PROP_PAGE:
      g_value_set_string (value, rapport_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_customer_panel_visible (RapportWindow *self,
                            gboolean       visible)
{
  if (self->customer_panel_visible == visible)
    return;

  self->customer_panel_visible = visible;
  adw_flap_set_reveal_flap (self->flap, visible);
  /* In a narrow window the panel is an overlay: opening it there is not a preference. */
  if (!adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "customer-panel-visible", visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_PANEL_VISIBLE]);
}

static void
on_flap_reveal_changed_cb (RapportWindow *self,
                           GParamSpec    *pspec,
                           AdwFlap       *flap)
{
  /* Folded, the overlay closes by itself (click outside, folding): follow it. */
  set_customer_panel_visible (self, adw_flap_get_reveal_flap (flap));
}

static void
on_flap_folded_changed_cb (RapportWindow *self,
                           GParamSpec    *pspec,
                           AdwFlap       *flap)
{
  /* Narrow, the panel would cover the conversation: it opens on demand (F9) only.
   * Wide again, it comes back as the user left it. */
  if (adw_flap_get_folded (flap))
    set_customer_panel_visible (self, FALSE);
  else
    set_customer_panel_visible (self, g_settings_get_boolean (self->settings,
                                                              "customer-panel-visible"));
}

static void
rapport_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      rapport_window_set_view (self, g_value_get_enum (value));
      break;

    case PROP_CUSTOMER_PANEL_VISIBLE:
      set_customer_panel_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_window_class_init (RapportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rapport_window_dispose;
  object_class->get_property = rapport_window_get_property;
  object_class->set_property = rapport_window_set_property;

  window_class->close_request = rapport_window_close_request;

  properties[PROP_VIEW] =
    g_param_spec_enum ("view", NULL, NULL,
                       RAPPORT_TYPE_VIEW, RAPPORT_VIEW_MY_OPEN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_PANEL_VISIBLE] =
    g_param_spec_boolean ("customer-panel-visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RAPPORT_TYPE_CONVERSATION);
  g_type_ensure (RAPPORT_TYPE_CUSTOMER_PANEL);
  g_type_ensure (RAPPORT_TYPE_SEARCH_VIEW);
  g_type_ensure (RAPPORT_TYPE_STATUS_BANNER);
  g_type_ensure (RAPPORT_TYPE_SYNC_PROGRESS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_header);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, views_list);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, ticket_view);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, search_view);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, status_banner);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, conversation);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, customer_panel);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, accounts_menu);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, account_switcher_accounts);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, account_switcher_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_views_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_searching_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_searched_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_ticket_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_content_loading_changed_cb);

  _rapport_window_class_actions_init (klass);
}

static void
sync_title_buttons (RapportWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  /* Unfolded, the window's buttons sit at the outer edges; folded, every pane shows them. */
  adw_header_bar_set_show_end_title_buttons (self->sidebar_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->list_header, folded);
  adw_header_bar_set_show_end_title_buttons (self->list_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->content_header, folded);
}

static void
on_leaflet_folded_cb (RapportWindow *self)
{
  sync_title_buttons (self);
}

/* The loading page's spinner turns from the second frame on: the spinner's icon is an SVG (in
 * every icon theme), whose decoder takes longer to load than the rest of the first frame's
 * icons together. The first frame shows the same page, the spinner not yet turning. */
static void
on_first_frame_painted_cb (GdkFrameClock *frame_clock,
                           RapportWindow *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_frame_painted_cb, self);
  self->first_frame_painted = TRUE;
  sync_list_spinner (self);
}

static void
on_mapped_cb (RapportWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_mapped_cb, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_frame_painted_cb), self, 0);
}

static void
rapport_window_init (RapportWindow *self)
{
  g_autoptr(GtkListItemFactory) ticket_factory = NULL;
  g_autofree char *last_view = NULL;
  RapportView view = RAPPORT_VIEW_MY_OPEN;
  int width;
  int height;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->ticket_view);
  rapport_ui_menu_button_fix_role (self->account_button);
  rapport_ui_menu_button_fix_role (self->menu_button);

  self->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);

  /* Views sidebar */
  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    {
      self->view_rows[i] = RAPPORT_VIEW_ROW (rapport_view_row_new ((RapportView) i));
      gtk_list_box_append (self->views_list, GTK_WIDGET (self->view_rows[i]));
    }
  _rapport_window_approvals_init (self);

  /* Ticket list */
  ticket_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (ticket_factory, "setup", G_CALLBACK (setup_ticket_row_cb), NULL);
  g_signal_connect (ticket_factory, "bind", G_CALLBACK (bind_ticket_row_cb), NULL);
  g_signal_connect (ticket_factory, "unbind", G_CALLBACK (unbind_ticket_row_cb), NULL);
  gtk_list_view_set_factory (self->ticket_view, ticket_factory);

  self->shown_tickets = gtk_slice_list_model_new (NULL, 0, G_MAXUINT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown_tickets)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  /* The selection forwards the list's changes after it updated its own state; the list view
   * takes them in before this handler (a selection made in it needs the list view's rows). */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_tickets_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_view_set_model (self->ticket_view, GTK_SELECTION_MODEL (self->selection));

  /* Narrow window: a click on a ticket goes on to the conversation. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_object (click, "released", G_CALLBACK (on_list_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->ticket_view), GTK_EVENT_CONTROLLER (click));
  }

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_ticket_view_arrow_pressed_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->ticket_view), keys);
  }

  if (rapport_trace_enabled ())
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_ticket_view_key_pressed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (GTK_WIDGET (self->ticket_view), keys);
    }

  /* Folded (narrow window), start on the ticket list rather than on the views. */
  adw_leaflet_set_visible_child_name (self->leaflet, "list");

  /* Headers follow the leaflet */
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_leaflet_folded_cb), self, G_CONNECT_SWAPPED);
  sync_title_buttons (self);

  /* Restore state */
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_view = g_settings_get_string (self->settings, "last-view");
  if (!rapport_view_from_string (last_view, &view))
    {
      g_warning ("Unknown view “%s” in the settings, showing “my-open”", last_view);
      view = RAPPORT_VIEW_MY_OPEN;
    }
  self->view = view;
  gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->view_rows[view]));
  update_view_title (self);

  self->customer_panel_visible = g_settings_get_boolean (self->settings, "customer-panel-visible");
  adw_flap_set_reveal_flap (self->flap, self->customer_panel_visible);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (on_flap_reveal_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded",
                           G_CALLBACK (on_flap_folded_changed_cb), self, G_CONNECT_SWAPPED);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_views_list_key_pressed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->views_list), keys);
  }

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->account_button),
                                         create_menu_popup_cb, self->account_switcher_menu, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button),
                                         create_menu_popup_cb, self->primary_menu, NULL);

  /* Ctrl+F also from widgets that bind it themselves (selectable labels move their cursor
   * with it), and Ctrl+Page Down / Up from scrolled windows and text views (they scroll or
   * move by pages with them): a capture-phase shortcut runs before them. */
  {
    GtkEventController *controller = gtk_shortcut_controller_new ();
    static const struct
    {
      guint       keyval;
      const char *action;
    } keys[] = {
      { GDK_KEY_f, "win.search" },
      { GDK_KEY_Page_Down, "win.next-view" },
      { GDK_KEY_Page_Up, "win.previous-view" },
    };

    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval,
                                                                                      GDK_CONTROL_MASK),
                                                              gtk_named_action_new (keys[i].action)));
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
  }

  g_signal_connect (self, "map", G_CALLBACK (on_mapped_cb), NULL);

  rapport_ui_stack_show_page (self->list_stack, "loading");
  sync_list_spinner (self);
  _rapport_window_actions_update (self);
}

RapportWindow *
rapport_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (RAPPORT_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Forgets the shown workspace: another account is about to be shown. */
static void
clear_workspace (RapportWindow *self)
{
  if (self->workspace == NULL)
    return;

  g_cancellable_cancel (self->counts_cancellable);
  g_cancellable_cancel (self->open_cancellable);

  g_clear_signal_handler (&self->store_changed_id, rapport_workspace_get_store (self->workspace));
  g_signal_handlers_disconnect_by_data (self->workspace, self);

  stop_waiting_for_view (self);
  show_ticket (self, NULL);
  self->showing_external = FALSE;
  self->select_first = FALSE;
  self->last_position = 0;
  stop_growing (self);
  gtk_slice_list_model_set_model (self->shown_tickets, NULL);
  self->tickets = NULL;
  g_clear_handle_id (&self->prepare_views_id, g_source_remove);
  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    g_clear_object (&self->view_lists[i]);
  rapport_search_view_set_workspace (self->search_view, NULL);
  rapport_status_banner_set_workspace (self->status_banner, NULL);
  rapport_sync_progress_set_workspace (self->sync_progress, NULL);

  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    rapport_view_row_set_count (self->view_rows[i], 0);

  g_clear_object (&self->workspace);
  _rapport_window_approvals_set_workspace (self, NULL);

  set_syncing (self, FALSE);
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

void
rapport_window_set_workspace (RapportWindow    *self,
                              RapportWorkspace *workspace)
{
  RapportStore *store;
  RapportAccount *account;
  g_autofree char *display_name = NULL;

  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (RAPPORT_IS_WORKSPACE (workspace));

  if (self->failed)
    {
      self->failed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
    }

  /* The same workspace again (say after another account could not be opened): show it. */
  if (self->workspace == workspace)
    {
      rapport_ui_stack_show_page (self->main_stack, "workspace");
      _rapport_window_actions_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
      return;
    }

  clear_workspace (self);

  store = rapport_workspace_get_store (workspace);
  account = rapport_workspace_get_account (workspace);

  self->workspace = g_object_ref (workspace);

  /* The account's name may be the helpdesk's: bidi-safe. */
  display_name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
  adw_window_title_set_subtitle (self->window_title, display_name ? display_name : "");

  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (on_store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);

  /* From the moment a pull is asked for: an empty view is not called empty before the first
   * pull could fill it. */
  g_signal_connect_object (workspace, "notify::pull-pending",
                           G_CALLBACK (on_pull_pending_changed_cb), self, G_CONNECT_SWAPPED);
  set_syncing (self, rapport_workspace_get_pull_pending (workspace));

  rapport_status_banner_set_workspace (self->status_banner, workspace);
  rapport_sync_progress_set_workspace (self->sync_progress, workspace);
  rapport_search_view_set_workspace (self->search_view, workspace);
  _rapport_window_approvals_set_workspace (self, workspace);

  show_view_list (self);

  rapport_ui_stack_show_page (self->main_stack, "workspace");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  refresh_counts (self);
  update_list_page (self);
  ensure_selection (self);
  _rapport_window_actions_update (self);
}

RapportWorkspace *
rapport_window_get_workspace (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return self->workspace;
}

/* The welcome page: built on first use, not with the window. */
static void
ensure_welcome_page (RapportWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (self->welcome_box != NULL)
    return;

  builder = gtk_builder_new ();
  gtk_builder_expose_object (builder, "primary_menu", G_OBJECT (self->primary_menu));
  if (!gtk_builder_add_from_resource (builder, RESOURCE_PREFIX "/ui/rapport-window-welcome.ui",
                                      &error))
    g_error ("Could not build the welcome page: %s", error->message);

  self->welcome_box = GTK_WIDGET (gtk_builder_get_object (builder, "welcome_box"));
  rapport_ui_name_buttons_by_mnemonic (self->welcome_box);
  rapport_ui_menu_button_fix_role (GTK_WIDGET (gtk_builder_get_object (builder,
                                                                        "welcome_menu_button")));
  gtk_stack_add_named (self->main_stack, self->welcome_box, "welcome");
}

void
rapport_window_show_welcome (RapportWindow *self)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));

  clear_workspace (self);
  ensure_welcome_page (self);
  rapport_ui_stack_show_page (self->main_stack, "welcome");
  _rapport_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  gtk_widget_grab_focus (self->welcome_box);
}

const char *
rapport_window_get_page (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
rapport_window_set_accounts_model (RapportWindow *self,
                                   GMenuModel    *accounts)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (G_IS_MENU_MODEL (accounts));

  g_menu_remove_all (self->accounts_menu);
  g_menu_remove_all (self->account_switcher_accounts);
  g_menu_append_section (self->accounts_menu, NULL, accounts);
  g_menu_append_section (self->account_switcher_accounts, NULL, accounts);
}

RapportStore *
rapport_window_get_store (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return self->workspace != NULL ? rapport_workspace_get_store (self->workspace) : NULL;
}

/* The page for a workspace that cannot be opened: built on first use, not with the window. */
static void
ensure_error_page (RapportWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (self->error_page != NULL)
    return;

  builder = gtk_builder_new ();
  gtk_builder_expose_object (builder, "primary_menu", G_OBJECT (self->primary_menu));
  if (!gtk_builder_add_from_resource (builder, RESOURCE_PREFIX "/ui/rapport-window-error.ui",
                                      &error))
    g_error ("Could not build the error page: %s", error->message);

  rapport_ui_menu_button_fix_role (GTK_WIDGET (gtk_builder_get_object (builder,
                                                                        "error_menu_button")));
  gtk_stack_add_named (self->main_stack,
                       GTK_WIDGET (gtk_builder_get_object (builder, "error_box")), "error");
  self->error_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "error_page"));
  self->error_detail_label = GTK_LABEL (gtk_builder_get_object (builder, "error_detail_label"));
}

void
rapport_window_show_error (RapportWindow *self,
                           const GError  *error)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  ensure_error_page (self);

  if (g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW))
    {
      adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->error_page, _("Database Is From a Newer Rapport"));
      /* The description is markup: escape (translations may use "&"). */
      description = g_markup_escape_text (_("This workspace was last opened by a newer version of "
                                            "Rapport. Update Rapport to open it; your data is left "
                                            "untouched."), -1);
      adw_status_page_set_description (self->error_page, description);
    }
  else
    {
      text = rapport_ui_error_to_text (error);
      adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->error_page, _("Could Not Open the Workspace"));
      /* The description is markup: escape (translations may use "&"). */
      description = g_markup_escape_text (text, -1);
      adw_status_page_set_description (self->error_page, description);
    }

  /* The error's own text, as plain text. */
  gtk_label_set_text (self->error_detail_label, error->message);
  rapport_ui_stack_show_page (self->main_stack, "error");
  _rapport_window_actions_update (self);

  if (!self->failed)
    {
      self->failed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

void
rapport_window_show_sync_error (RapportWindow *self,
                                const GError  *error)
{
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  text = rapport_ui_error_to_text (error);
  /* Translators: a toast when synchronizing with the helpdesk failed; %s explains why */
  title = g_strdup_printf (_("Could not synchronize: %s"), text);
  /* Toast titles are markup in libadwaita 1.2: escape. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

RapportView
rapport_window_get_view (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), RAPPORT_VIEW_MY_OPEN);

  return self->view;
}

void
rapport_window_set_view (RapportWindow *self,
                         RapportView    view)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (view < RAPPORT_N_VIEWS);

  if (self->view == view)
    {
      /* Alt+1 … Alt+4 from the Approvals pane: back to the view. */
      _rapport_window_approvals_leave (self);
      return;
    }

  if (self->tickets != NULL)
    rapport_trace_expect (RAPPORT_TRACE_PART_TICKET_LIST, "view");

  self->view = view;
  gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->view_rows[view]));
  update_view_title (self);
  g_settings_set_string (self->settings, "last-view", rapport_view_to_string (view));

  if (self->tickets != NULL)
    {
      /* The list's rows are replaced, the one with the focus too: the focus stays in the
       * list, and goes to the view's first ticket once it is selected. */
      gboolean list_focused = list_has_focus (self);

      self->select_first = TRUE;
      self->showing_external = FALSE;
      clear_trace_first (self);
      wait_for_view (self);
      show_view_list (self);
      on_tickets_changed_cb (self);
      if (list_focused && !list_has_focus (self))
        gtk_widget_grab_focus (GTK_WIDGET (self->ticket_view));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

gboolean
rapport_window_get_loaded (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), FALSE);

  return self->loaded;
}

gboolean
rapport_window_get_syncing (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), FALSE);

  return self->syncing;
}

gboolean
rapport_window_get_failed (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), FALSE);

  return self->failed;
}

RapportTicket *
rapport_window_get_current_ticket (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return self->current_ticket;
}

void
rapport_window_save_draft (RapportWindow *self)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));

  rapport_conversation_save_draft (self->conversation);
}
