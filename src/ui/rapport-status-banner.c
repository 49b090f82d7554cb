/* rapport-status-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-status-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-status-banner.h"

#include "rapport-ui-util.h"

struct _RapportStatusBanner
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkRevealer      *revealer;
  GtkWidget        *box;
  GtkLabel         *label;
  GtkButton        *button;

  /* owned */
  RapportWorkspace *workspace;
  GSignalGroup     *workspace_signals;
};

G_DEFINE_FINAL_TYPE (RapportStatusBanner, rapport_status_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_banner (RapportStatusBanner *self)
{
  const char *blocked = NULL;
  gboolean online = TRUE;
  gboolean revealed;

  if (self->workspace != NULL)
    {
      blocked = rapport_workspace_get_blocked_reason (self->workspace);
      online = rapport_workspace_get_online (self->workspace);
    }

  if (blocked != NULL)
    {
      RapportAccount *account = rapport_workspace_get_account (self->workspace);
      g_autofree char *name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
      g_autofree char *text = NULL;

      if (rapport_workspace_get_blocked_code (self->workspace) ==
          RAPPORT_PROVIDER_ERROR_FORBIDDEN)
        /* Translators: %s is the name of a helpdesk account */
        text = g_strdup_printf (_("Your user on “%s” is not allowed to read its tickets. Ask an "
                                  "administrator of the helpdesk for access."), name ?: "");
      else
        /* Translators: %s is the name of a helpdesk account */
        text = g_strdup_printf (_("Sign in to “%s” again: the server no longer accepts the "
                                  "saved API token. Add the account again with a new token."),
                                name ?: "");

      gtk_label_set_text (self->label, text);
      gtk_button_set_label (self->button, _("_Try Again"));
      gtk_widget_add_css_class (self->box, "warning");
    }
  else if (!online)
    {
      gtk_label_set_text (self->label,
                          _("Offline — you can keep working: replies and changes are kept and "
                            "sent when the server is back."));
      gtk_button_set_label (self->button, _("_Retry Now"));
      gtk_widget_remove_css_class (self->box, "warning");
    }

  revealed = blocked != NULL || !online;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->label),
                                  -1);
  if (gtk_revealer_get_reveal_child (self->revealer) != revealed)
    {
      gtk_revealer_set_reveal_child (self->revealer, revealed);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
    }
}

static void
on_workspace_state_changed_cb (RapportStatusBanner *self,
                               GParamSpec          *pspec,
                               RapportWorkspace    *workspace)
{
  update_banner (self);
}

static void
rapport_status_banner_dispose (GObject *object)
{
  RapportStatusBanner *self = (RapportStatusBanner *)object;

  g_clear_object (&self->workspace_signals);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_STATUS_BANNER);

  G_OBJECT_CLASS (rapport_status_banner_parent_class)->dispose (object);
}

static void
rapport_status_banner_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportStatusBanner *self = RAPPORT_STATUS_BANNER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, rapport_status_banner_get_revealed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_status_banner_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportStatusBanner *self = RAPPORT_STATUS_BANNER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      rapport_status_banner_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_status_banner_class_init (RapportStatusBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_status_banner_dispose;
  object_class->get_property = rapport_status_banner_get_property;
  object_class->set_property = rapport_status_banner_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-status-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, box);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, label);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbanner");
}

static void
rapport_status_banner_init (RapportStatusBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->workspace_signals = g_signal_group_new (RAPPORT_TYPE_WORKSPACE);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::online",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::blocked-reason",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
}

GtkWidget *
rapport_status_banner_new (void)
{
  return g_object_new (RAPPORT_TYPE_STATUS_BANNER, NULL);
}

RapportWorkspace *
rapport_status_banner_get_workspace (RapportStatusBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_STATUS_BANNER (self), NULL);

  return self->workspace;
}

void
rapport_status_banner_set_workspace (RapportStatusBanner *self,
                                     RapportWorkspace    *workspace)
{
  g_return_if_fail (RAPPORT_IS_STATUS_BANNER (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_signal_group_set_target (self->workspace_signals, workspace);
  update_banner (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
rapport_status_banner_get_revealed (RapportStatusBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_STATUS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
