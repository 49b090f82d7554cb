/* rapport-sync-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync-progress"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-sync-progress.h"

struct _RapportSyncProgress
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkWidget        *box;
  GtkLabel         *label;
  GtkProgressBar   *bar;

  /* owned */
  RapportWorkspace *workspace;
  GSignalGroup     *workspace_signals;
};

G_DEFINE_FINAL_TYPE (RapportSyncProgress, rapport_sync_progress, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_progress (RapportSyncProgress *self)
{
  gboolean first_sync = self->workspace != NULL &&
                        rapport_workspace_get_first_sync (self->workspace) &&
                        rapport_workspace_get_syncing (self->workspace);
  guint64 done = 0;
  guint64 total = 0;

  if (first_sync)
    {
      g_autofree char *text = NULL;

      done = rapport_workspace_get_progress_done (self->workspace);
      total = rapport_workspace_get_progress_total (self->workspace);

      /* Customer counts fit a guint; plain %u keeps the strings extractable by xgettext. */
      if (total > 0)
        /* Translators: first download of an account; both numbers count customers */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Downloading tickets… %u of %u customer",
                                             "Downloading tickets… %u of %u customers",
                                             (gulong) MIN (total, G_MAXUINT)),
                                (guint) MIN (done, G_MAXUINT), (guint) MIN (total, G_MAXUINT));
      else if (done > 0)
        /* Translators: first download of an account; the number counts customers */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Downloading tickets… %u customer so far",
                                             "Downloading tickets… %u customers so far",
                                             (gulong) MIN (done, G_MAXUINT)),
                                (guint) MIN (done, G_MAXUINT));
      else
        text = g_strdup (_("Downloading tickets…"));

      gtk_label_set_text (self->label, text);

      if (total > 0)
        gtk_progress_bar_set_fraction (self->bar, MIN (1.0, (double) done / (double) total));
      else
        gtk_progress_bar_pulse (self->bar);
    }

  gtk_widget_set_visible (self->box, first_sync);
}

static void
on_workspace_state_changed_cb (RapportSyncProgress *self,
                               GParamSpec          *pspec,
                               RapportWorkspace    *workspace)
{
  update_progress (self);
}

static void
rapport_sync_progress_dispose (GObject *object)
{
  RapportSyncProgress *self = (RapportSyncProgress *)object;

  g_clear_object (&self->workspace_signals);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SYNC_PROGRESS);

  G_OBJECT_CLASS (rapport_sync_progress_parent_class)->dispose (object);
}

static void
rapport_sync_progress_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportSyncProgress *self = RAPPORT_SYNC_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_progress_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportSyncProgress *self = RAPPORT_SYNC_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      rapport_sync_progress_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_progress_class_init (RapportSyncProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_sync_progress_dispose;
  object_class->get_property = rapport_sync_progress_get_property;
  object_class->set_property = rapport_sync_progress_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-sync-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSyncProgress, box);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncProgress, label);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncProgress, bar);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncprogress");
}

static void
rapport_sync_progress_init (RapportSyncProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->workspace_signals = g_signal_group_new (RAPPORT_TYPE_WORKSPACE);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::first-sync",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::syncing",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::progress-done",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::progress-total",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
}

GtkWidget *
rapport_sync_progress_new (void)
{
  return g_object_new (RAPPORT_TYPE_SYNC_PROGRESS, NULL);
}

RapportWorkspace *
rapport_sync_progress_get_workspace (RapportSyncProgress *self)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC_PROGRESS (self), NULL);

  return self->workspace;
}

void
rapport_sync_progress_set_workspace (RapportSyncProgress *self,
                                     RapportWorkspace    *workspace)
{
  g_return_if_fail (RAPPORT_IS_SYNC_PROGRESS (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_signal_group_set_target (self->workspace_signals, workspace);
  update_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
