/* rapport-message-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-message-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-message-row.h"

#include "rapport-clock.h"
#include "rapport-ui-util.h"

struct _RapportMessageRow
{
  GtkListBoxRow   parent_instance;

  /* template widgets */
  GtkWidget      *card;
  GtkWidget      *header;
  AdwAvatar      *avatar;
  GtkLabel       *author_label;
  GtkImage       *channel_icon;
  GtkLabel       *meta_label;
  GtkWidget      *tag;
  GtkImage       *tag_icon;
  GtkLabel       *tag_label;
  GtkLabel       *body_label;

  /* owned */
  RapportMessage *message;
};

G_DEFINE_FINAL_TYPE (RapportMessageRow, rapport_message_row, GTK_TYPE_LIST_BOX_ROW)

static void
rapport_message_row_dispose (GObject *object)
{
  RapportMessageRow *self = (RapportMessageRow *)object;

  g_clear_object (&self->message);

  G_OBJECT_CLASS (rapport_message_row_parent_class)->dispose (object);
}

static void
rapport_message_row_class_init (RapportMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_message_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, card);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, header);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, body_label);
}

static void
rapport_message_row_init (RapportMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
sync_row (RapportMessageRow *self)
{
  RapportMessage *message = self->message;
  RapportChannel channel = rapport_message_get_channel (message);
  RapportAuthorKind author_kind = rapport_message_get_author_kind (message);
  gboolean internal = rapport_message_get_visibility (message) == RAPPORT_VISIBILITY_INTERNAL;
  gboolean outbound = rapport_message_get_direction (message) == RAPPORT_DIRECTION_OUTBOUND;
  g_autofree char *time_text = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *accessible = NULL;
  const char *author;
  const char *body;
  const char *kind;

  author = rapport_message_get_author_name (message);
  if (author == NULL || *author == '\0')
    author = author_kind == RAPPORT_AUTHOR_SYSTEM ? _("System") : _("Unknown author");
  body = rapport_message_get_body (message);
  if (body == NULL)
    body = "";
  time_text = rapport_ui_format_message_time (rapport_message_get_created_at (message),
                                              rapport_ui_now ());

  adw_avatar_set_text (self->avatar, author);
  gtk_label_set_text (self->author_label, author);
  gtk_label_set_text (self->body_label, body);
  gtk_image_set_from_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));

  /* Translators: below the author of a message: channel and time, e.g. "Email · 10:02" */
  meta = g_strdup_printf (_("%s · %s"), rapport_ui_channel_label (channel), time_text);
  gtk_label_set_text (self->meta_label, meta);

  if (author_kind == RAPPORT_AUTHOR_SYSTEM)
    {
      kind = C_("message kind", "Event");
      gtk_widget_add_css_class (GTK_WIDGET (self), "system");
      gtk_widget_set_visible (self->header, FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->body_label), GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (GTK_WIDGET (self->body_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->body_label), "caption");
    }
  else if (internal)
    {
      kind = C_("message kind", "Internal note");
      gtk_widget_add_css_class (GTK_WIDGET (self), "internal");
      gtk_widget_add_css_class (self->tag, "note");
      gtk_image_set_from_icon_name (self->tag_icon, "rapport-note-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_icon), TRUE);
      gtk_label_set_text (self->tag_label, kind);
      gtk_widget_set_visible (self->tag, TRUE);
    }
  else if (outbound)
    {
      kind = C_("message kind", "Reply");
      gtk_widget_add_css_class (GTK_WIDGET (self), "outbound");
      gtk_widget_add_css_class (self->tag, "reply");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_icon), FALSE);
      gtk_label_set_text (self->tag_label, kind);
      gtk_widget_set_visible (self->tag, TRUE);
    }
  else
    {
      kind = C_("message kind", "Message");
      gtk_widget_add_css_class (GTK_WIDGET (self), "inbound");
    }

  /* Translators: accessible label of a message: author, kind (Reply, Internal note or
   * Message), channel, date: body */
  accessible = g_strdup_printf (_("%s, %s, %s, %s: %s"),
                                author, kind, rapport_ui_channel_label (channel), time_text, body);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), accessible);
}

static void
on_clock_ticked_cb (RapportMessageRow *self)
{
  sync_row (self);
}

GtkWidget *
rapport_message_row_new (RapportMessage *message)
{
  RapportMessageRow *self;

  g_return_val_if_fail (RAPPORT_IS_MESSAGE (message), NULL);

  self = g_object_new (RAPPORT_TYPE_MESSAGE_ROW, NULL);
  self->message = g_object_ref (message);
  sync_row (self);
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

RapportMessage *
rapport_message_row_get_message (RapportMessageRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}
