/* rapport-view-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-view-row"

#include "config.h"

#include "rapport-view-row.h"

#include "rapport-ui-util.h"

struct _RapportViewRow
{
  GtkListBoxRow  parent_instance;

  /* template widgets */
  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *count_label;

  RapportView    view;
};

G_DEFINE_FINAL_TYPE (RapportViewRow, rapport_view_row, GTK_TYPE_LIST_BOX_ROW)

static void
rapport_view_row_class_init (RapportViewRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-view-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportViewRow, icon);
  gtk_widget_class_bind_template_child (widget_class, RapportViewRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportViewRow, count_label);
}

static void
rapport_view_row_init (RapportViewRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rapport_view_row_new (RapportView view)
{
  RapportViewRow *self;
  const char *label;

  g_return_val_if_fail (view < RAPPORT_N_VIEWS, NULL);

  self = g_object_new (RAPPORT_TYPE_VIEW_ROW, NULL);
  self->view = view;

  label = rapport_ui_view_label (view);
  gtk_image_set_from_icon_name (self->icon, rapport_ui_view_icon_name (view));
  gtk_label_set_text (self->name_label, label);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), label);

  return GTK_WIDGET (self);
}

RapportView
rapport_view_row_get_view (RapportViewRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_VIEW_ROW (self), RAPPORT_VIEW_MY_OPEN);

  return self->view;
}

void
rapport_view_row_set_count (RapportViewRow *self,
                            gint64          count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RAPPORT_IS_VIEW_ROW (self));

  if (count < 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
      return;
    }

  text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
}
