/* rapport-window-sessions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include "rapport-window-private.h"

/* The sessions of the tickets next to the one shown (the list's previous and next, and the
 * one last left), loaded before the agent moves to them: j or k then shows data already read,
 * in the same main-loop iteration as the key. They are live sessions (a store change reloads
 * them like the shown one), at most RAPPORT_WINDOW_KEPT_SESSIONS of them; a session that is
 * no longer next to the shown ticket is dropped, and with it its following of the store. */

static gboolean
same_ticket (RapportTicketSession *session,
             RapportWorkspace     *workspace,
             gint64                ticket_id)
{
  return rapport_ticket_session_get_workspace (session) == workspace &&
         rapport_ticket_session_get_ticket_id (session) == ticket_id;
}

static RapportTicketSession *
steal_kept (RapportWindow *self,
            gint64         ticket_id)
{
  if (self->kept_sessions == NULL)
    return NULL;

  for (guint i = 0; i < self->kept_sessions->len; i++)
    {
      RapportTicketSession *session = g_ptr_array_index (self->kept_sessions, i);

      if (same_ticket (session, self->workspace, ticket_id))
        return g_ptr_array_steal_index (self->kept_sessions, i);
    }

  return NULL;
}

RapportTicketSession *
_rapport_window_sessions_take (RapportWindow *self,
                               RapportTicket *ticket)
{
  RapportTicketSession *session;

  g_assert (RAPPORT_IS_WINDOW (self));
  g_assert (RAPPORT_IS_TICKET (ticket));

  session = steal_kept (self, rapport_ticket_get_id (ticket));
  g_debug ("ticket %" G_GINT64_FORMAT ": %s", rapport_ticket_get_id (ticket),
           session == NULL ? "new session" :
           rapport_ticket_session_get_loading (session) ? "kept session, loading" :
           "kept session, loaded");

  return session;
}

void
_rapport_window_sessions_leave (RapportWindow        *self,
                                RapportTicketSession *session)
{
  g_assert (RAPPORT_IS_WINDOW (self));
  g_assert (RAPPORT_IS_TICKET_SESSION (session));

  if (self->workspace == NULL || rapport_ticket_session_get_workspace (session) != self->workspace)
    return;

  if (self->kept_sessions == NULL)
    self->kept_sessions = g_ptr_array_new_with_free_func (g_object_unref);
  /* The last one left comes first. */
  g_ptr_array_insert (self->kept_sessions, 0, g_object_ref (session));
  while (self->kept_sessions->len > RAPPORT_WINDOW_KEPT_SESSIONS)
    g_ptr_array_remove_index (self->kept_sessions, self->kept_sessions->len - 1);
}

/* The list's ticket at @position next to the selection, or NULL. */
static RapportTicket *
dup_neighbour (RapportWindow *self,
               guint          selected,
               int            delta)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n_items = g_list_model_get_n_items (model);

  if ((delta < 0 && selected == 0) || (delta > 0 && selected + 1 >= n_items))
    return NULL;

  return g_list_model_get_item (model, selected + delta);
}

/* The sessions of the tickets before and after the shown one in the list are made (their
 * loads queue on the store's worker behind the shown ticket's), the one last left stays when
 * there is room, and the others are dropped. */
static gboolean
update_kept_cb (gpointer user_data)
{
  RapportWindow *self = user_data;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RapportTicketSession) left = NULL;
  gint64 current_id;
  guint selected;

  self->kept_sessions_id = 0;

  if (self->workspace == NULL || self->current_ticket == NULL)
    {
      _rapport_window_sessions_clear (self);
      return G_SOURCE_REMOVE;
    }

  current_id = rapport_ticket_get_id (self->current_ticket);
  if (self->kept_sessions != NULL && self->kept_sessions->len > 0)
    left = g_object_ref (g_ptr_array_index (self->kept_sessions, 0));

  selected = self->showing_external ? GTK_INVALID_LIST_POSITION
                                    : gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    {
      static const int deltas[] = { 1, -1 };

      for (guint i = 0; i < G_N_ELEMENTS (deltas); i++)
        {
          g_autoptr(RapportTicket) ticket = dup_neighbour (self, selected, deltas[i]);
          RapportTicketSession *session;
          gint64 ticket_id;

          if (ticket == NULL)
            continue;
          ticket_id = rapport_ticket_get_id (ticket);
          if (ticket_id == current_id)
            continue;
          session = steal_kept (self, ticket_id);
          if (session == NULL)
            session = rapport_ticket_session_new (self->workspace, ticket);
          g_ptr_array_add (kept, session);
        }
    }

  /* The ticket last left, unless it is one of those. */
  if (left != NULL && kept->len < RAPPORT_WINDOW_KEPT_SESSIONS &&
      rapport_ticket_session_get_ticket_id (left) != current_id)
    {
      RapportTicketSession *session = steal_kept (self, rapport_ticket_session_get_ticket_id (left));

      if (session != NULL)
        g_ptr_array_insert (kept, 0, session);
    }

  /* The others are dropped. */
  g_clear_pointer (&self->kept_sessions, g_ptr_array_unref);
  self->kept_sessions = g_steal_pointer (&kept);

  return G_SOURCE_REMOVE;
}

void
_rapport_window_sessions_update (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  /* Once the key that chose the ticket is handled (the list asked for a neighbour may fill
   * in rows while it scrolls to the selection), and before the frame: waiting for idle time
   * could wait for as long as the agent keeps moving. */
  if (self->kept_sessions_id == 0)
    self->kept_sessions_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_kept_cb, self, NULL);
}

void
_rapport_window_sessions_clear (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  g_clear_handle_id (&self->kept_sessions_id, g_source_remove);
  g_clear_pointer (&self->kept_sessions, g_ptr_array_unref);
}

guint
_rapport_window_sessions_get_n_kept (RapportWindow *self)
{
  g_assert (RAPPORT_IS_WINDOW (self));

  return self->kept_sessions != NULL ? self->kept_sessions->len : 0;
}
