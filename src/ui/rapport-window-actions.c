/* rapport-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window-actions"

#include "config.h"

#include "rapport-window-private.h"

#include "rapport-canned-manager.h"

static void
next_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _rapport_window_move_selection (RAPPORT_WINDOW (widget), 1);
}

static void
previous_ticket_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  _rapport_window_move_selection (RAPPORT_WINDOW (widget), -1);
}

static void
next_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  _rapport_window_step_view (RAPPORT_WINDOW (widget), 1);
}

static void
previous_view_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _rapport_window_step_view (RAPPORT_WINDOW (widget), -1);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _rapport_window_begin_search (RAPPORT_WINDOW (widget));
}

static void
focus_ticket_list_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  _rapport_window_focus_ticket_list (RAPPORT_WINDOW (widget));
}

static void
reply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _rapport_window_start_reply (RAPPORT_WINDOW (widget));
}

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _rapport_window_start_note (RAPPORT_WINDOW (widget));
}

static void
open_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _rapport_window_open_ticket (RAPPORT_WINDOW (widget), g_variant_get_int64 (param));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  _rapport_window_sync_now (RAPPORT_WINDOW (widget));
}

/* The canned responses manager: one per window, brought forward when open. */
static void
canned_responses_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *manager;

  if (self->workspace == NULL)
    return;

  for (GList *l = application != NULL ? gtk_application_get_windows (application) : NULL;
       l != NULL; l = l->next)
    {
      if (RAPPORT_IS_CANNED_MANAGER (l->data) &&
          gtk_window_get_transient_for (l->data) == GTK_WINDOW (self))
        {
          gtk_window_present (l->data);
          return;
        }
    }

  manager = rapport_canned_manager_new (GTK_WINDOW (self),
                                        rapport_workspace_get_store (self->workspace),
                                        rapport_workspace_get_account (self->workspace),
                                        self->current_ticket);
  gtk_window_present (GTK_WINDOW (manager));
}

void
_rapport_window_actions_update (RapportWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_workspace = self->workspace != NULL &&
    g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workspace") == 0;

  gtk_widget_action_set_enabled (widget, "win.next-ticket", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.previous-ticket", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.next-view", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.previous-view", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.search", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.open-ticket", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.focus-ticket-list", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.reply", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.note", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.sync-now", has_workspace);
  gtk_widget_action_set_enabled (widget, "win.canned-responses", has_workspace);
}

void
_rapport_window_class_actions_init (RapportWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.next-ticket", NULL, next_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.previous-ticket", NULL, previous_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.next-view", NULL, next_view_action);
  gtk_widget_class_install_action (widget_class, "win.previous-view", NULL, previous_view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.focus-ticket-list", NULL,
                                   focus_ticket_list_action);
  gtk_widget_class_install_action (widget_class, "win.open-ticket", "x", open_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.reply", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "win.note", NULL, note_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.canned-responses", NULL,
                                   canned_responses_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-view", "view");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-customer-panel",
                                            "customer-panel-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.next-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.previous-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.reply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.canned-responses", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "win.toggle-customer-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-view", "s", "my-open");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-view", "s", "unassigned");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-view", "s", "all-open");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-view", "s", "recently-solved");
  /* Also caught before the focus widget (rapport-window.c): lists and text views bind them. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-view", NULL);
}
