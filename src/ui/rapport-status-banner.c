/* rapport-status-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-status-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-status-banner.h"

#include "rapport-store.h"
#include "rapport-text.h"
#include "rapport-ui-util.h"

/* The records listed in Details, at most; the rest are counted. */
#define MAX_RECORD_ROWS     100
/* A record's reason is cut to this many characters. */
#define REASON_MAX_CHARS    200
/* A remote id in a sentence is cut to this many characters. */
#define REMOTE_ID_MAX_CHARS 60

struct _RapportStatusBanner
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkRevealer      *revealer;
  GtkWidget        *box;
  GtkLabel         *label;
  GtkButton        *button;
  GtkRevealer      *records_revealer;
  GtkWidget        *records_box;
  GtkLabel         *records_label;
  GtkMenuButton    *records_button;
  GtkListBox       *records_list;

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

gboolean
rapport_status_banner_explains_error (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == RAPPORT_STORE_ERROR)
    return error->code == RAPPORT_STORE_ERROR_FULL;

  if (error->domain != RAPPORT_PROVIDER_ERROR)
    return FALSE;

  switch ((RapportProviderError) error->code)
    {
    case RAPPORT_PROVIDER_ERROR_NETWORK:
    case RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED:
    case RAPPORT_PROVIDER_ERROR_FORBIDDEN:
    case RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE:
    case RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE:
    case RAPPORT_PROVIDER_ERROR_REDIRECTED:
    case RAPPORT_PROVIDER_ERROR_TLS:
    case RAPPORT_PROVIDER_ERROR_SERVER_ERROR:
    case RAPPORT_PROVIDER_ERROR_INSECURE:
      return TRUE;

    case RAPPORT_PROVIDER_ERROR_NOT_FOUND:
    case RAPPORT_PROVIDER_ERROR_CONFLICT:
    case RAPPORT_PROVIDER_ERROR_RATE_LIMITED:
    case RAPPORT_PROVIDER_ERROR_INVALID_INPUT:
    case RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN:
    default:
      return FALSE;
    }
}

static void
update_banner (RapportStatusBanner *self)
{
  const char *blocked = NULL;
  const GError *problem = NULL;
  gboolean online = TRUE;
  gboolean revealed;

  if (self->workspace != NULL)
    {
      blocked = rapport_workspace_get_blocked_reason (self->workspace);
      online = rapport_workspace_get_online (self->workspace);
      problem = rapport_workspace_get_pull_error (self->workspace);
      /* Offline (the server cannot be reached) says it all; the blocks word their own. */
      if (!rapport_status_banner_explains_error (problem) ||
          g_error_matches (problem, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK) ||
          g_error_matches (problem, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED) ||
          g_error_matches (problem, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN))
        problem = NULL;
    }

  if (blocked != NULL)
    {
      RapportAccount *account = rapport_workspace_get_account (self->workspace);
      g_autofree char *name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
      g_autofree char *text = NULL;

      if (rapport_workspace_get_blocked_code (self->workspace) ==
          RAPPORT_PROVIDER_ERROR_INSECURE && problem != NULL)
        text = rapport_ui_error_to_text (problem);
      else if (rapport_workspace_get_blocked_code (self->workspace) ==
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
  else if (problem != NULL)
    {
      /* Reachable, but something else answered, or not as it should. */
      g_autofree char *text = rapport_ui_error_to_text (problem);

      gtk_label_set_text (self->label, text);
      gtk_button_set_label (self->button, _("_Try Again"));
      gtk_widget_add_css_class (self->box, "warning");
    }

  revealed = blocked != NULL || !online || problem != NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->label),
                                  -1);
  if (gtk_revealer_get_reveal_child (self->revealer) != revealed)
    {
      gboolean was = rapport_status_banner_get_revealed (self);

      gtk_revealer_set_reveal_child (self->revealer, revealed);
      if (rapport_status_banner_get_revealed (self) != was)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
    }
}

/* A remote id as it may appear in a sentence: one line, cut, isolated. */
static char *
shown_id (const char *remote_id)
{
  g_autofree char *clean = rapport_text_clean_label (remote_id != NULL ? remote_id : "");
  g_autofree char *cut = rapport_text_cut (clean, REMOTE_ID_MAX_CHARS);

  return rapport_text_isolate (cut);
}

/* What the record is, for people: "Ticket 4", "Message 501 of ticket 2" … */
static char *
describe_record (const RapportSetAside *record)
{
  g_autofree char *id = shown_id (record->remote_id);
  g_autofree char *parent = shown_id (record->parent_remote_id);
  gboolean has_id = record->remote_id != NULL && record->remote_id[0] != '\0';
  gboolean has_parent = record->parent_remote_id != NULL && record->parent_remote_id[0] != '\0';

  switch (record->kind)
    {
    case RAPPORT_RECORD_TICKET:
      if (!has_id)
        return g_strdup (_("A ticket without an id"));
      /* Translators: %s is a ticket's id on the helpdesk */
      return g_strdup_printf (_("Ticket %s"), id);

    case RAPPORT_RECORD_MESSAGE:
      if (has_id && has_parent)
        /* Translators: the first %s is a message's id, the second its ticket's */
        return g_strdup_printf (_("Message %s of ticket %s"), id, parent);
      if (has_parent)
        /* Translators: %s is a ticket's id on the helpdesk */
        return g_strdup_printf (_("A message of ticket %s"), parent);
      /* Translators: %s is a message's id on the helpdesk */
      return g_strdup_printf (_("Message %s"), id);

    case RAPPORT_RECORD_CUSTOMER:
      /* Translators: %s is a customer's user name on the helpdesk */
      return g_strdup_printf (_("Customer %s"), id);

    case RAPPORT_RECORD_MONEY:
      /* Translators: %s is the id of a refund or credit (or of its approval) on the helpdesk */
      return g_strdup_printf (_("Refund or credit record %s"), id);

    default:
      /* Translators: %s is a record's id on the helpdesk */
      return g_strdup_printf (_("Record %s"), id);
    }
}

/* Why, as the pull said it (developers' words, not translated), and how often. */
static char *
describe_reason (const RapportSetAside *record)
{
  g_autofree char *clean = rapport_text_clean_label (record->reason != NULL ? record->reason : "");
  g_autofree char *reason = rapport_text_cut (clean, REASON_MAX_CHARS);
  g_autofree char *attempts = NULL;

  attempts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sync could not read it",
                                           "%u syncs could not read it", record->attempts),
                              record->attempts);
  /* Translators: the first %s is why a record could not be read (in English, from the
   * server's answer), the second how often, e.g. "3 syncs could not read it" */
  return g_strdup_printf (_("%s — %s"), reason, attempts);
}

static GtkWidget *
new_record_row (const char *title,
                const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  g_autofree char *name = NULL;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_box_append (GTK_BOX (box), title_label);

  if (subtitle != NULL)
    {
      GtkWidget *subtitle_label = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
      gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (subtitle_label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (subtitle_label), 50);
      gtk_widget_add_css_class (subtitle_label, "dim-label");
      gtk_widget_add_css_class (subtitle_label, "caption");
      gtk_box_append (GTK_BOX (box), subtitle_label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  name = subtitle != NULL ? g_strdup_printf ("%s: %s", title, subtitle) : g_strdup (title);
  rapport_ui_set_accessible_label (row, name);

  return row;
}

static void
update_records (RapportStatusBanner *self)
{
  GPtrArray *records = self->workspace != NULL ?
                       rapport_workspace_get_set_aside (self->workspace) : NULL;
  guint n = records != NULL ? records->len : 0;
  gboolean was = rapport_status_banner_get_revealed (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->records_list))) != NULL)
    gtk_list_box_remove (self->records_list, child);

  if (n > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u record from the server could not be read. "
                                           "Everything else is up to date.",
                                           "%u records from the server could not be read. "
                                           "Everything else is up to date.", n),
                              n);
      gtk_label_set_text (self->records_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->records_box),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);

      for (guint i = 0; i < n && i < MAX_RECORD_ROWS; i++)
        {
          g_autofree char *title = describe_record (records->pdata[i]);
          g_autofree char *subtitle = describe_reason (records->pdata[i]);

          gtk_list_box_append (self->records_list, new_record_row (title, subtitle));
        }
      if (n > MAX_RECORD_ROWS)
        {
          g_autofree char *more = NULL;

          more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more record",
                                               "And %u more records", n - MAX_RECORD_ROWS),
                                  n - MAX_RECORD_ROWS);
          gtk_list_box_append (self->records_list, new_record_row (more, NULL));
        }
    }
  else
    {
      gtk_menu_button_popdown (self->records_button);
    }

  gtk_revealer_set_reveal_child (self->records_revealer, n > 0);
  if (rapport_status_banner_get_revealed (self) != was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
on_workspace_state_changed_cb (RapportStatusBanner *self,
                               GParamSpec          *pspec,
                               RapportWorkspace    *workspace)
{
  update_banner (self);
}

static void
on_workspace_set_aside_cb (RapportStatusBanner *self,
                           GParamSpec          *pspec,
                           RapportWorkspace    *workspace)
{
  update_records (self);
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
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, records_revealer);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, records_box);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, records_label);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, records_button);
  gtk_widget_class_bind_template_child (widget_class, RapportStatusBanner, records_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbanner");
}

static void
rapport_status_banner_init (RapportStatusBanner *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_menu_button_fix_role (GTK_WIDGET (self->records_button));
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->workspace_signals = g_signal_group_new (RAPPORT_TYPE_WORKSPACE);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::online",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::blocked-reason",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::pull-error",
                                  G_CALLBACK (on_workspace_state_changed_cb), self);
  g_signal_group_connect_swapped (self->workspace_signals, "notify::set-aside",
                                  G_CALLBACK (on_workspace_set_aside_cb), self);
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
  update_records (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
rapport_status_banner_get_revealed (RapportStatusBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_STATUS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer) ||
         gtk_revealer_get_reveal_child (self->records_revealer);
}
