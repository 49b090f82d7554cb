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
#include "rapport-ui-util.h"

static char *
format_limit (gint64                    minor,
              const char               *currency,
              const RapportMoneyFormat *format)
{
  RapportMoney money;

  if (!rapport_money_init (&money, minor, currency, NULL))
    return g_strdup (currency);

  return rapport_money_format (&money, format);
}

/* "Refunds up to $50.00 each, $75.00 per customer in 30 days, $200.00 a day" */
static char *
describe_limits (const RapportPolicy      *policy,
                 RapportRole               role,
                 RapportMoneyKind          kind,
                 const RapportMoneyFormat *format)
{
  const RapportPolicyLimits *limits = rapport_policy_get_limits (policy, role, kind);
  const char *currency = rapport_policy_get_currency (policy);
  guint days = rapport_policy_get_customer_window_days (policy);
  g_autofree char *single = format_limit (limits->single, currency, format);
  g_autofree char *window = format_limit (limits->customer_window, currency, format);
  g_autofree char *day = format_limit (limits->agent_day, currency, format);

  if (kind == RAPPORT_MONEY_KIND_REFUND)
    /* Translators: %1$s the most one refund may be, %2$s per customer over %3$u days, %4$s a day */
    return g_strdup_printf (ngettext ("Refunds up to %1$s each, %2$s per customer in %3$u day, "
                                      "%4$s a day",
                                      "Refunds up to %1$s each, %2$s per customer in %3$u days, "
                                      "%4$s a day", days),
                            single, window, days, day);
  /* Translators: %1$s the most one credit may be, %2$s per customer over %3$u days, %4$s a day */
  return g_strdup_printf (ngettext ("Credits up to %1$s each, %2$s per customer in %3$u day, "
                                    "%4$s a day",
                                    "Credits up to %1$s each, %2$s per customer in %3$u days, "
                                    "%4$s a day", days),
                          single, window, days, day);
}

static const char *
role_label (RapportRole role)
{
  switch (role)
    {
    case RAPPORT_ROLE_AGENT:
      return _("Agent");
    case RAPPORT_ROLE_SENIOR:
      return _("Senior Agent");
    case RAPPORT_ROLE_SUPERVISOR:
    default:
      return _("Supervisor");
    }
}

/* Where the limits in force come from, for people. */
static char *
describe_source (const RapportAuthority *authority)
{
  const char *detail = authority->source_detail;
  g_autofree char *where = NULL;

  switch (authority->source)
    {
    case RAPPORT_POLICY_SOURCE_SERVER:
      if (detail != NULL && *detail != '\0')
        /* Translators: %s says where on the helpdesk, "queue Money, custom field Rapport policy" */
        return g_strdup_printf (_("Set and enforced by the helpdesk (%s)"), detail);
      return g_strdup (_("Set and enforced by the helpdesk"));

    case RAPPORT_POLICY_SOURCE_SETTINGS:
      where = g_strdup (authority->locked
                          ? _("Set by your administrator and locked")
                          : _("Set in this computer's settings"));
      break;

    case RAPPORT_POLICY_SOURCE_DEFAULTS:
    default:
      where = g_strdup (authority->locked
                          ? _("Rapport's defaults, locked by your administrator")
                          : _("Rapport's defaults"));
      break;
    }

  if (detail != NULL && *detail != '\0')
    /* Translators: where the limits come from, then a detail (a settings path, or a problem) */
    return g_strdup_printf (_("%1$s (%2$s); this helpdesk does not check them itself"), where,
                            detail);
  /* Translators: where the limits come from */
  return g_strdup_printf (_("%s; this helpdesk does not check them itself"), where);
}

/* Where the user's role (and the helpdesk's policy) comes from and how fresh it is, or NULL
 * when the helpdesk has not answered. */
static char *
describe_freshness (const RapportAuthority *authority)
{
  g_autofree char *when = NULL;

  if (authority->answered_at <= 0)
    return NULL;

  when = rapport_ui_format_message_time (authority->answered_at, rapport_ui_now ());
  if (authority->from_cache)
    /* Translators: %s is when the helpdesk last answered: "10:02", "Yesterday, 10:02" */
    return g_strdup_printf (_("From the helpdesk's last answer, as of %s: offline, not "
                              "confirmed since. The helpdesk decides every refund and credit "
                              "when it gets it."), when);
  /* Translators: %s is when the helpdesk answered: "10:02", "Yesterday, 10:02" */
  return g_strdup_printf (_("From the helpdesk, as of %s."), when);
}

GtkWidget *
rapport_preferences_make_limits_group (const RapportAuthority *authority)
{
  RapportMoneyFormat format;
  g_autofree char *source = NULL;
  g_autofree char *freshness = NULL;
  GtkWidget *group;
  GtkWidget *row;

  g_return_val_if_fail (authority != NULL, NULL);

  rapport_money_format_init_from_locale (&format);
  source = describe_source (authority);
  freshness = describe_freshness (authority);
  if (freshness != NULL)
    {
      char *both = g_strconcat (source, "\n", freshness, NULL);

      g_free (source);
      source = both;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Refund and Credit Limits"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), source);

  /* The role is the helpdesk's to give; nothing here changes it or the limits. */
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Your Role"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               authority->has_role
                                 ? role_label (authority->role)
                                 : _("None: the helpdesk gives you no role for refunds and credits"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (authority->policy == NULL)
    return group;

  for (RapportRole role = RAPPORT_ROLE_AGENT; role < RAPPORT_N_ROLES; role++)
    {
      g_autofree char *refunds = describe_limits (authority->policy, role, RAPPORT_MONEY_KIND_REFUND,
                                                  &format);
      g_autofree char *credits = describe_limits (authority->policy, role, RAPPORT_MONEY_KIND_CREDIT,
                                                  &format);
      g_autofree char *subtitle = g_strconcat (refunds, "\n", credits, NULL);
      g_autofree char *title = NULL;

      if (authority->has_role && authority->role == role)
        /* Translators: a role, marked as the user's: "Agent (you)" */
        title = g_strdup_printf (_("%s (you)"), role_label (role));
      else
        title = g_strdup (role_label (role));

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

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
  /* Its own name, not also the row's title. */
  rapport_ui_keep_accessible_label (spin);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return group;
}

/* The data keys of the preferences window's page, of its accounts group and of the group's
 * rows, and of its limits group (while an account is shown). */
#define PAGE_KEY           "rapport-preferences-page"
#define ACCOUNTS_GROUP_KEY "rapport-accounts-group"
#define ACCOUNT_ROWS_KEY   "rapport-account-rows"
#define LIMITS_GROUP_KEY   "rapport-limits-group"

/* A button of an account's row: its action names the account by its id. */
static GtkWidget *
make_account_button (const char *label,
                     const char *accessible_label,
                     const char *action_name,
                     gint64      account_id)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (account_id));
  /* One name for the button, the account's: the visible label alone says "Remove…" on every
   * row. Later GTK than 4.8 name a button after the label inside it first: that relation
   * goes. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  rapport_ui_keep_accessible_label (button);
  return button;
}

static GtkWidget *
make_account_row (RapportAccount *account)
{
  const RapportProviderBackend *backend =
    rapport_provider_registry_lookup (rapport_account_get_provider_kind (account), NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = rapport_ui_bidi_safe (rapport_account_get_display_name (account));
  g_autofree char *remove_label = NULL;
  gint64 id = rapport_account_get_id (account);
  GtkWidget *row;

  row = adw_action_row_new ();
  /* Titles and subtitles of rows are markup: account names come from servers (and are
   * shown bidi-safe). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ?: "");

  /* The kind of helpdesk in the registry's words, and where it is. */
  if (backend != NULL)
    subtitle = rapport_provider_backend_describe_account (backend, account);
  else
    subtitle = g_strdup (rapport_account_get_base_url (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (backend != NULL && backend->needs_token)
    {
      /* Translators: the accessible name of a button; %s is an account ("Support") */
      g_autofree char *replace_label = g_strdup_printf (_("Replace token of %s"), name ?: "");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_account_button (_("Replace Token…"), replace_label,
                                                      "app.replace-token", id));
    }

  /* Translators: the accessible name of a button; %s is an account ("Support") */
  remove_label = g_strdup_printf (_("Remove %s"), name ?: "");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_account_button (_("Remove…"), remove_label,
                                                  "app.remove-account", id));

  return row;
}

static void
fill_accounts_group (GtkWidget *group,
                     GPtrArray *accounts)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (group), ACCOUNT_ROWS_KEY);

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      GtkWidget *row = make_account_row (g_ptr_array_index (accounts, i));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (rows, row);
    }
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
  g_object_set_data_full (G_OBJECT (group), ACCOUNT_ROWS_KEY, g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  fill_accounts_group (group, accounts);

  return group;
}

void
rapport_preferences_window_set_accounts (GtkWidget *window,
                                         GPtrArray *accounts)
{
  GtkWidget *group;

  g_return_if_fail (ADW_IS_PREFERENCES_WINDOW (window));

  group = g_object_get_data (G_OBJECT (window), ACCOUNTS_GROUP_KEY);
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  fill_accounts_group (group, accounts);
}

void
rapport_preferences_window_set_authority (GtkWidget              *window,
                                          const RapportAuthority *authority)
{
  GtkWidget *page;
  GtkWidget *limits;

  g_return_if_fail (ADW_IS_PREFERENCES_WINDOW (window));

  page = g_object_get_data (G_OBJECT (window), PAGE_KEY);
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

  limits = g_object_steal_data (G_OBJECT (window), LIMITS_GROUP_KEY);
  if (limits != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (limits));

  if (authority == NULL)
    return;

  limits = rapport_preferences_make_limits_group (authority);
  g_object_set_data (G_OBJECT (window), LIMITS_GROUP_KEY, limits);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (limits));
}

GtkWidget *
rapport_preferences_window_new (GtkWindow              *parent,
                                GPtrArray              *accounts,
                                const RapportAuthority *authority)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *accounts_group;

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
  accounts_group = make_accounts_group (accounts);
  g_object_set_data (G_OBJECT (window), ACCOUNTS_GROUP_KEY, accounts_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (accounts_group));
  g_object_set_data (G_OBJECT (window), PAGE_KEY, page);
  rapport_preferences_window_set_authority (window, authority);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  return window;
}
