/* test-authority.c
 *
 * Where the money policy comes from: the helpdesk's, when it enforces the limits; else the
 * GSettings key administrators set and lock with dconf (here a keyfile backend with a locks
 * file stands in for dconf's locks), else the project's defaults. A policy that does not parse
 * never loosens the rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-authority"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "rapport-authority.h"
#include "rapport-test-data.h"

#define DEFAULTS_RESOURCE "/io/github/rapportdesk/Rapport/authority/policy-defaults.json"
#define KEY_PATH "/io/github/rapportdesk/Rapport/policy/policy"

/* The defaults with the agent's single refund limit lowered to 10.00. */
static char *
strict_policy_json (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;

  bytes = g_resources_lookup_data (DEFAULTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* The first "50.00" is the agent's single refund limit. */
  g_assert_cmpuint (g_string_replace (text, "\"50.00\"", "\"10.00\"", 1), ==, 1);

  /* Stored without the white space around it. */
  return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
}

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  schema = g_settings_schema_source_lookup (source, RAPPORT_POLICY_SETTINGS_SCHEMA, TRUE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, backend, NULL);
}

/* Settings in a keyfile under @dir whose system locks (the "locks" file of its defaults
 * directory, as dconf's locks/ directory) name the policy key. */
static GSettings *
locked_settings (const char *dir)
{
  GIOExtensionPoint *point;
  GIOExtension *extension;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *defaults = g_build_filename (dir, "defaults.d", NULL);
  g_autofree char *locks = g_build_filename (defaults, "locks", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (defaults, 0700), ==, 0);
  g_assert_true (g_file_set_contents (locks, KEY_PATH "\n", -1, &error));
  g_assert_no_error (error);

  /* The keyfile backend is GIO's own; the default backend loads the extension points. */
  g_assert_nonnull (g_settings_backend_get_default ());
  g_object_unref (g_settings_backend_get_default ());
  point = g_io_extension_point_lookup (G_SETTINGS_BACKEND_EXTENSION_POINT_NAME);
  extension = g_io_extension_point_get_extension_by_name (point, "keyfile");
  g_assert_nonnull (extension);
  backend = g_object_new (g_io_extension_get_type (extension), "filename", keyfile,
                          "root-path", "/", "defaults-dir", defaults, NULL);

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            RAPPORT_POLICY_SETTINGS_SCHEMA, TRUE);

  return g_settings_new_full (schema, backend, NULL);
}

/* The policy text stored in @settings is @expected. */
static void
assert_policy_setting (GSettings  *settings,
                       const char *expected)
{
  g_autofree char *stored = g_settings_get_string (settings, RAPPORT_POLICY_SETTINGS_KEY);

  g_assert_cmpstr (stored, ==, expected);
}

static void
test_schema_installed (void)
{
  g_autoptr(GSettings) settings = rapport_policy_settings_new ();

  g_assert_nonnull (settings);
  assert_policy_setting (settings, "");
}

static void
test_defaults (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(RapportPolicy) policy = NULL;
  g_autoptr(RapportPolicy) without = NULL;
  g_autofree char *detail = NULL;
  RapportPolicySource source = RAPPORT_POLICY_SOURCE_SERVER;
  gboolean locked = TRUE;

  policy = rapport_policy_settings_load (settings, &source, &detail, &locked);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);
  g_assert_null (detail);
  g_assert_false (locked);
  g_assert_cmpint (rapport_policy_get_limits (policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);

  /* No schema installed: the defaults too. */
  without = rapport_policy_settings_load (NULL, &source, NULL, NULL);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);
  g_assert_cmpint (rapport_policy_get_limits (without, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);
}

static void
test_store_and_load (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autofree char *json = strict_policy_json ();
  g_autoptr(RapportPolicy) policy = NULL;
  g_autoptr(RapportPolicy) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  RapportPolicySource source;

  g_assert_true (rapport_policy_settings_store (settings, json, &error));
  g_assert_no_error (error);

  policy = rapport_policy_settings_load (settings, &source, &detail, NULL);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_SETTINGS);
  g_assert_nonnull (strstr (detail, KEY_PATH));
  g_assert_cmpint (rapport_policy_get_limits (policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 1000);

  /* A policy that does not parse is refused; what was stored stays. */
  g_assert_false (rapport_policy_settings_store (settings, "{\"format\": 2}", &error));
  g_assert_error (error, RAPPORT_POLICY_ERROR, RAPPORT_POLICY_ERROR_INVALID);
  g_clear_error (&error);
  assert_policy_setting (settings, json);

  /* Empty: back to the defaults. */
  g_assert_true (rapport_policy_settings_store (settings, "  ", &error));
  g_assert_no_error (error);
  back = rapport_policy_settings_load (settings, &source, NULL, NULL);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);
}

static void
test_invalid_key_gives_defaults (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(RapportPolicy) policy = NULL;
  g_autofree char *detail = NULL;
  RapportPolicySource source;

  /* Written behind Rapport's back (dconf write, an older version). */
  g_assert_true (g_settings_set_string (settings, RAPPORT_POLICY_SETTINGS_KEY,
                                        "{\"format\": 1, \"currency\": \"USD\"}"));
  policy = rapport_policy_settings_load (settings, &source, &detail, NULL);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);
  g_assert_nonnull (strstr (detail, "is not a valid policy"));
  g_assert_cmpint (rapport_policy_get_limits (policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);
}

static void
test_locked (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(GSettings) settings = locked_settings (dir);
  g_autofree char *json = strict_policy_json ();
  g_autoptr(RapportPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  RapportPolicySource source;
  gboolean locked = FALSE;

  g_assert_false (g_settings_is_writable (settings, RAPPORT_POLICY_SETTINGS_KEY));

  g_assert_false (rapport_policy_settings_store (settings, json, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_policy_setting (settings, "");

  policy = rapport_policy_settings_load (settings, &source, NULL, &locked);
  g_assert_true (locked);
  g_assert_cmpint (source, ==, RAPPORT_POLICY_SOURCE_DEFAULTS);

  g_clear_object (&settings);
  test_remove_tree (dir);
}

static void
test_resolve (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autofree char *json = strict_policy_json ();
  g_autoptr(RapportAuthority) server = rapport_authority_new ();
  g_autoptr(RapportAuthority) enforced = NULL;
  g_autoptr(RapportAuthority) not_enforced = NULL;
  g_autoptr(RapportAuthority) nothing = NULL;
  g_autoptr(RapportAuthority) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_policy_settings_store (settings, json, &error));
  g_assert_no_error (error);

  server->has_role = TRUE;
  server->role = RAPPORT_ROLE_SUPERVISOR;
  server->may_decide = TRUE;
  server->policy = rapport_policy_new_default ();
  server->source = RAPPORT_POLICY_SOURCE_SERVER;
  server->source_detail = g_strdup ("queue Money, custom field Rapport policy");

  /* The helpdesk enforces: its policy, whatever the settings say. */
  enforced = rapport_authority_resolve (server, TRUE, settings);
  g_assert_true (enforced->enforced);
  g_assert_cmpint (enforced->source, ==, RAPPORT_POLICY_SOURCE_SERVER);
  g_assert_cmpstr (enforced->source_detail, ==, "queue Money, custom field Rapport policy");
  g_assert_cmpint (rapport_policy_get_limits (enforced->policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);
  g_assert_true (enforced->may_decide);

  /* It does not: the settings' policy, the server's role. */
  not_enforced = rapport_authority_resolve (server, FALSE, settings);
  g_assert_false (not_enforced->enforced);
  g_assert_cmpint (not_enforced->source, ==, RAPPORT_POLICY_SOURCE_SETTINGS);
  g_assert_cmpint (rapport_policy_get_limits (not_enforced->policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 1000);
  g_assert_true (not_enforced->has_role);
  g_assert_cmpint (not_enforced->role, ==, RAPPORT_ROLE_SUPERVISOR);

  /* Nothing from the server yet: no role, no deciding, never from a local setting. */
  nothing = rapport_authority_resolve (NULL, TRUE, settings);
  g_assert_false (nothing->has_role);
  g_assert_false (nothing->may_decide);
  g_assert_cmpint (nothing->source, ==, RAPPORT_POLICY_SOURCE_SETTINGS);

  copy = rapport_authority_copy (enforced);
  g_assert_true (copy->policy == enforced->policy);
  g_assert_cmpstr (copy->source_detail, ==, enforced->source_detail);
  g_assert_cmpstr (rapport_policy_source_to_string (copy->source), ==, "server");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/authority/schema-installed", test_schema_installed);
  g_test_add_func ("/authority/defaults", test_defaults);
  g_test_add_func ("/authority/store-and-load", test_store_and_load);
  g_test_add_func ("/authority/invalid-key-gives-defaults", test_invalid_key_gives_defaults);
  g_test_add_func ("/authority/locked", test_locked);
  g_test_add_func ("/authority/resolve", test_resolve);

  return g_test_run ();
}
