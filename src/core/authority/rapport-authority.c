/* rapport-authority.c
 *
 * What the signed-in user may do with money and under which policy: the server's word where
 * the helpdesk enforces the limits, else the policy of a GSettings key that administrators
 * can set and lock with dconf.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-authority"

#include "config.h"

#include "rapport-authority.h"

static const char * const source_names[] = {
  [RAPPORT_POLICY_SOURCE_SERVER] = "server",
  [RAPPORT_POLICY_SOURCE_SETTINGS] = "settings",
  [RAPPORT_POLICY_SOURCE_DEFAULTS] = "defaults",
};

G_DEFINE_BOXED_TYPE (RapportAuthority, rapport_authority, rapport_authority_copy,
                     rapport_authority_free)

/**
 * rapport_authority_new:
 *
 * Returns: (transfer full): no role, no policy, source DEFAULTS
 */
RapportAuthority *
rapport_authority_new (void)
{
  RapportAuthority *authority = g_new0 (RapportAuthority, 1);

  authority->source = RAPPORT_POLICY_SOURCE_DEFAULTS;

  return authority;
}

RapportAuthority *
rapport_authority_copy (const RapportAuthority *authority)
{
  RapportAuthority *copy;

  g_return_val_if_fail (authority != NULL, NULL);

  copy = g_memdup2 (authority, sizeof *authority);
  copy->policy = authority->policy != NULL ? rapport_policy_ref (authority->policy) : NULL;
  copy->source_detail = g_strdup (authority->source_detail);

  return copy;
}

void
rapport_authority_free (RapportAuthority *authority)
{
  if (authority == NULL)
    return;

  g_clear_pointer (&authority->policy, rapport_policy_unref);
  g_free (authority->source_detail);
  g_free (authority);
}

const char *
rapport_policy_source_to_string (RapportPolicySource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_names), NULL);

  return source_names[source];
}

/**
 * rapport_policy_settings_new:
 *
 * Returns: (transfer full) (nullable): the policy settings, %NULL when the schema is not
 *   installed
 */
GSettings *
rapport_policy_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, RAPPORT_POLICY_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      g_debug ("The schema %s is not installed: the policy defaults apply",
               RAPPORT_POLICY_SETTINGS_SCHEMA);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * rapport_policy_settings_load:
 * @settings: (nullable): the policy settings
 * @source: (out) (optional): where the policy comes from
 * @detail: (out) (optional) (transfer full): where, for people and developers
 * @locked: (out) (optional): the key cannot be changed
 *
 * Returns: (transfer full): the policy in force
 */
RapportPolicy *
rapport_policy_settings_load (GSettings            *settings,
                              RapportPolicySource  *source,
                              char                **detail,
                              gboolean             *locked)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  RapportPolicy *policy = NULL;
  gboolean is_locked = FALSE;
  RapportPolicySource from = RAPPORT_POLICY_SOURCE_DEFAULTS;
  char *why = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    {
      g_object_get (settings, "path", &path, NULL);
      is_locked = !g_settings_is_writable (settings, RAPPORT_POLICY_SETTINGS_KEY);
      json = g_settings_get_string (settings, RAPPORT_POLICY_SETTINGS_KEY);
    }

  if (json != NULL && g_strstrip (json)[0] != '\0')
    {
      policy = rapport_policy_new_from_json (json, -1, &error);
      if (policy != NULL)
        {
          from = RAPPORT_POLICY_SOURCE_SETTINGS;
          why = g_strdup_printf ("%s%s%s", path, RAPPORT_POLICY_SETTINGS_KEY,
                                 is_locked ? " (locked)" : "");
        }
      else
        {
          /* Shown through @detail (Preferences), and logged. */
          g_message ("The policy in %s%s cannot be used, the defaults apply: %s",
                     path, RAPPORT_POLICY_SETTINGS_KEY, error->message);
          why = g_strdup_printf ("%s%s is not a valid policy: %s", path,
                                 RAPPORT_POLICY_SETTINGS_KEY, error->message);
        }
    }

  if (policy == NULL)
    policy = rapport_policy_new_default ();

  if (source != NULL)
    *source = from;
  if (locked != NULL)
    *locked = is_locked;
  if (detail != NULL)
    *detail = why;
  else
    g_free (why);

  return policy;
}

gboolean
rapport_policy_settings_store (GSettings   *settings,
                               const char  *json,
                               GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (json != NULL ? json : ""));

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!g_settings_is_writable (settings, RAPPORT_POLICY_SETTINGS_KEY))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The policy is locked by the administrator");
      return FALSE;
    }

  if (text[0] != '\0')
    {
      g_autoptr(RapportPolicy) policy = rapport_policy_new_from_json (text, -1, error);

      if (policy == NULL)
        return FALSE;
    }

  if (!g_settings_set_string (settings, RAPPORT_POLICY_SETTINGS_KEY, text))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The policy could not be stored");
      return FALSE;
    }

  return TRUE;
}

/**
 * rapport_authority_resolve:
 * @from_server: (nullable): what the provider said
 * @enforced: the provider enforces the limits
 * @settings: (nullable): the policy settings
 *
 * Returns: (transfer full): the authority in force
 */
RapportAuthority *
rapport_authority_resolve (const RapportAuthority *from_server,
                           gboolean                enforced,
                           GSettings              *settings)
{
  RapportAuthority *authority;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (from_server != NULL)
    {
      authority = rapport_authority_copy (from_server);
    }
  else
    {
      authority = rapport_authority_new ();
      authority->has_role = FALSE;
      authority->may_decide = FALSE;
    }

  authority->enforced = !!enforced;

  if (enforced && authority->policy != NULL)
    {
      authority->source = RAPPORT_POLICY_SOURCE_SERVER;
      authority->locked = TRUE;
      return authority;
    }

  /* Not enforced by the server, or it keeps no policy: the settings' (never a server's policy
   * that the server does not enforce: the client would show limits nobody applies). */
  g_clear_pointer (&authority->policy, rapport_policy_unref);
  g_clear_pointer (&authority->source_detail, g_free);
  authority->policy = rapport_policy_settings_load (settings, &authority->source,
                                                    &authority->source_detail,
                                                    &authority->locked);

  return authority;
}
