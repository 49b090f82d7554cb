/* rapport-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-preferences-window.h"

#include "rapport-account.h"
#include "rapport-application.h"
#include "rapport-provider-registry.h"

static GtkWidget *
make_sending_group (GSettings *settings)
{
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *spin;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Sending"));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Undo Send"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Seconds during which a sent reply or note can still be taken "
                                 "back; 0 sends at once"));

  spin = gtk_spin_button_new_with_range (0, 60, 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Undo send, in seconds"),
                                  -1);
  g_settings_bind (settings, "undo-send-seconds",
                   gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return group;
}

static GtkWidget *
make_accounts_group (GPtrArray *accounts)
{
  GtkWidget *group;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Accounts"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Add an account from the main menu. API tokens are "
                                           "kept in the keyring."));

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (accounts, i);
      const RapportProviderBackend *backend =
        rapport_provider_registry_lookup (rapport_account_get_provider_kind (account), NULL);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      row = adw_action_row_new ();
      /* Titles and subtitles of rows are markup: account names come from servers. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     rapport_account_get_display_name (account));

      if (backend != NULL)
        subtitle = rapport_provider_backend_describe_account (backend, account);
      else
        subtitle = g_strdup (rapport_account_get_base_url (account));

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

GtkWidget *
rapport_preferences_window_new (GtkWindow *parent,
                                GPtrArray *accounts)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *window;
  GtkWidget *page;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);

  window = adw_preferences_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (make_sending_group (settings)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (make_accounts_group (accounts)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  return window;
}
