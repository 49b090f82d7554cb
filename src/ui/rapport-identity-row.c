/* rapport-identity-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-identity-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-identity-row.h"

#include "rapport-ui-util.h"

struct _RapportIdentityRow
{
  GtkListBoxRow    parent_instance;

  /* template widgets */
  GtkImage        *channel_icon;
  GtkLabel        *address_label;
  GtkLabel        *channel_label;

  /* owned */
  RapportIdentity *identity;
};

G_DEFINE_FINAL_TYPE (RapportIdentityRow, rapport_identity_row, GTK_TYPE_LIST_BOX_ROW)

static void
rapport_identity_row_dispose (GObject *object)
{
  RapportIdentityRow *self = (RapportIdentityRow *)object;

  g_clear_object (&self->identity);

  G_OBJECT_CLASS (rapport_identity_row_parent_class)->dispose (object);
}

static void
rapport_identity_row_class_init (RapportIdentityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_identity_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-identity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportIdentityRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportIdentityRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, RapportIdentityRow, channel_label);
}

static void
rapport_identity_row_init (RapportIdentityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rapport_identity_row_new (RapportIdentity *identity)
{
  RapportIdentityRow *self;

  g_return_val_if_fail (RAPPORT_IS_IDENTITY (identity), NULL);

  self = g_object_new (RAPPORT_TYPE_IDENTITY_ROW, NULL);
  rapport_identity_row_set_identity (self, identity);

  return GTK_WIDGET (self);
}

void
rapport_identity_row_set_identity (RapportIdentityRow *self,
                                   RapportIdentity    *identity)
{
  RapportChannel channel;
  g_autofree char *safe_address = NULL;
  const char *address;
  g_autofree char *accessible = NULL;

  g_return_if_fail (RAPPORT_IS_IDENTITY_ROW (self));
  g_return_if_fail (RAPPORT_IS_IDENTITY (identity));

  channel = rapport_identity_get_channel (identity);
  if (self->identity != NULL && rapport_identity_get_channel (self->identity) != channel)
    gtk_widget_remove_css_class (GTK_WIDGET (self->channel_icon),
                                 rapport_channel_to_string (rapport_identity_get_channel (self->identity)));
  g_set_object (&self->identity, identity);

  /* An address is the customer's to write: bidi-safe. */
  safe_address = rapport_ui_bidi_safe (rapport_identity_get_address (identity));
  address = safe_address != NULL ? safe_address : "";

  rapport_ui_set_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));
  gtk_widget_add_css_class (GTK_WIDGET (self->channel_icon), rapport_channel_to_string (channel));
  gtk_label_set_text (self->address_label, address);
  rapport_ui_set_tooltip_text (GTK_WIDGET (self->address_label), address);
  gtk_label_set_text (self->channel_label, rapport_ui_channel_label (channel));

  /* Translators: accessible label of a customer identity: channel: address */
  accessible = g_strdup_printf (_("%s: %s"), rapport_ui_channel_label (channel), address);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), accessible);
}

RapportIdentity *
rapport_identity_row_get_identity (RapportIdentityRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY_ROW (self), NULL);

  return self->identity;
}
