/* rapport-window-approvals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Approvals entry of the views sidebar and its pane. Approvals are not a view of tickets
 * (the store's views are), so the entry is a row of its own in the views list, shown only when
 * the helpdesk says the signed-in user may decide approvals; selecting it puts the approvals
 * pane in place of the ticket list and the ticket.
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-window-private.h"

#include "rapport-approvals-view.h"
#include "rapport-ui-util.h"

/* Where the entry goes in the sidebar: after "All open", as in the design. */
#define APPROVALS_ROW_POSITION 3

static void
sync_count (RapportWindow *self)
{
  guint count = rapport_approvals_view_get_count (self->approvals_view);
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (self->approvals_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_count_label), count > 0);
}

static gboolean
may_decide (RapportWindow *self)
{
  const RapportAuthority *authority = self->workspace != NULL
                                        ? rapport_workspace_get_authority (self->workspace)
                                        : NULL;

  return authority != NULL && authority->may_decide;
}

static void on_approvals_view_map_cb (GtkWidget *approvals_view);

static void
set_panes (RapportWindow *self,
           gboolean       approvals)
{
  GtkWidget *list_pane = gtk_widget_get_parent (GTK_WIDGET (self->list_header));
  GtkWidget *content_pane = gtk_widget_get_parent (GTK_WIDGET (self->content_header));
  GtkWidget *separator = gtk_widget_get_prev_sibling (content_pane);

  gtk_widget_set_visible (list_pane, !approvals);
  gtk_widget_set_visible (content_pane, !approvals);
  if (separator != NULL)
    gtk_widget_set_visible (separator, !approvals);
  gtk_widget_set_visible (self->approvals_pane, approvals);
  self->showing_approvals = approvals;

  /* Left before it was mapped: the focus it was to take stays where it is. */
  if (!approvals && self->approvals_view != NULL)
    g_signal_handlers_disconnect_by_func (self->approvals_view, on_approvals_view_map_cb, NULL);
}

/* The pane is made when the entry is first offered (after the workspace said who may decide),
 * not with the window: most agents never see it, and the first frame never shows it. */
static void
ensure_pane (RapportWindow *self)
{
  GtkWidget *header;
  GtkWidget *back;
  GtkWidget *title;
  AdwLeafletPage *page;

  if (self->approvals_view != NULL)
    return;

  /* Its own header bar (title, back when folded) over the view. */
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Approvals"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.go-back");
  gtk_widget_set_tooltip_text (back, _("Back"));
  rapport_ui_set_accessible_label (back, _("Back"));
  g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);

  self->approvals_view = RAPPORT_APPROVALS_VIEW (rapport_approvals_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->approvals_view), TRUE);
  g_signal_connect_object (self->approvals_view, "notify::count", G_CALLBACK (sync_count), self,
                           G_CONNECT_SWAPPED);

  self->approvals_pane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (self->approvals_pane, TRUE);
  gtk_widget_add_css_class (self->approvals_pane, "view");
  gtk_box_append (GTK_BOX (self->approvals_pane), header);
  gtk_box_append (GTK_BOX (self->approvals_pane), GTK_WIDGET (self->approvals_view));
  gtk_widget_set_visible (self->approvals_pane, FALSE);

  page = adw_leaflet_append (self->leaflet, self->approvals_pane);
  adw_leaflet_page_set_name (page, "approvals");
}

/* Who may decide comes from the server only: the entry follows the workspace's authority. */
static void
sync_authority (RapportWindow *self)
{
  gboolean visible = may_decide (self);

  gtk_widget_set_visible (GTK_WIDGET (self->approvals_row), visible);
  if (visible)
    ensure_pane (self);
  if (visible && rapport_workspace_get_authority (self->workspace)->policy != NULL)
    rapport_approvals_view_set_window_days (self->approvals_view,
                                            rapport_policy_get_customer_window_days (
                                              rapport_workspace_get_authority (self->workspace)->policy));
  if (self->approvals_view != NULL)
    rapport_approvals_view_set_workspace (self->approvals_view, visible ? self->workspace : NULL);

  if (!visible && self->showing_approvals)
    {
      set_panes (self, FALSE);
      gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->view_rows[self->view]));
    }
}

void
_rapport_window_approvals_init (RapportWindow *self)
{
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  /* The sidebar entry, like the views' rows: icon, name, count. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new_from_icon_name ("emblem-important-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);
  label = gtk_label_new (_("Approvals"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  self->approvals_count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->approvals_count_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->approvals_count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->approvals_count_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->approvals_count_label), "view-count");
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_count_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->approvals_count_label));

  self->approvals_row = GTK_LIST_BOX_ROW (gtk_list_box_row_new ());
  gtk_list_box_row_set_child (self->approvals_row, box);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->approvals_row), _("Approvals"));
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_row), FALSE);
  gtk_list_box_insert (self->views_list, GTK_WIDGET (self->approvals_row), APPROVALS_ROW_POSITION);
}

void
_rapport_window_approvals_set_workspace (RapportWindow    *self,
                                         RapportWorkspace *workspace)
{
  if (workspace != NULL)
    g_signal_connect_object (workspace, "notify::authority", G_CALLBACK (sync_authority), self,
                             G_CONNECT_SWAPPED);
  sync_authority (self);
}

gboolean
_rapport_window_approvals_row_selected (RapportWindow *self,
                                        GtkListBoxRow *row)
{
  if (row != self->approvals_row)
    {
      if (self->showing_approvals)
        set_panes (self, FALSE);
      return FALSE;
    }

  set_panes (self, TRUE);
  adw_window_title_set_title (self->list_title, _("Approvals"));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "approvals");

  return TRUE;
}

void
_rapport_window_approvals_leave (RapportWindow *self)
{
  if (self->showing_approvals)
    gtk_list_box_select_row (self->views_list, GTK_LIST_BOX_ROW (self->view_rows[self->view]));
}

static void
on_approvals_view_map_cb (GtkWidget *approvals_view)
{
  g_signal_handlers_disconnect_by_func (approvals_view, on_approvals_view_map_cb, NULL);
  gtk_widget_child_focus (approvals_view, GTK_DIR_TAB_FORWARD);
}

/* Puts the keyboard focus into the Approvals pane, when it is shown. A pane just shown is
 * mapped by the leaflet's next allocation: it takes the focus then. */
gboolean
_rapport_window_approvals_focus (RapportWindow *self)
{
  GtkWidget *view;

  if (!self->showing_approvals)
    return FALSE;

  view = GTK_WIDGET (self->approvals_view);
  if (!gtk_widget_get_mapped (view))
    {
      g_signal_handlers_disconnect_by_func (view, on_approvals_view_map_cb, NULL);
      g_signal_connect (view, "map", G_CALLBACK (on_approvals_view_map_cb), NULL);
      return TRUE;
    }

  return gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

RapportApprovalsView *
rapport_window_get_approvals_view (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  ensure_pane (self);
  return self->approvals_view;
}
