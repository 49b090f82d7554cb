/* test-registry.c
 *
 * The provider registry: the built-in backends and what they say of themselves, lookups,
 * the kinds a person can add, constructors and connection checks run through it, and a
 * backend registered by the test. No network: the checks fail or succeed before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-registry"

#include "config.h"

#include "rapport-connection.h"
#include "rapport-demo-provider.h"
#include "rapport-demo.h"
#include "rapport-provider-registry.h"

#include <string.h>

#define RT_TOKEN "1-31-0e0b319dc88049977c625545f19966ff"

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Runs @backend's check through the registry and returns its account or error. */
static RapportAccount *
check (const RapportProviderBackend  *backend,
       const char                    *base_url,
       const char                    *token,
       GCancellable                  *cancellable,
       GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_backend_check_connection_async (backend, base_url, token, NULL, cancellable,
                                                   on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return rapport_provider_backend_check_connection_finish (backend, result, error);
}

/* ------------------------------------------------------------------------------------ */

static void
test_builtins (void)
{
  const RapportProviderBackend *rt, *demo;
  g_autoptr(GError) error = NULL;

  rt = rapport_provider_registry_lookup ("rt", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rt);
  g_assert_cmpstr (rt->kind, ==, "rt");
  g_assert_cmpstr (rapport_provider_backend_get_display_name (rt), ==, "Request Tracker");
  g_assert_nonnull (strstr (rapport_provider_backend_get_token_help (rt),
                            "Logged in as → Settings → Auth Tokens"));
  g_assert_true (rt->needs_url);
  g_assert_true (rt->needs_token);
  g_assert_true (rt->user_addable);
  /* RT writes and records approvals whose limits it enforces itself (with
   * data/rt/rapport-authority.pl), has Articles (canned responses and a KB), but no "pending"
   * status. */
  g_assert_cmpint (rt->capabilities, ==, RAPPORT_PROVIDER_CAPABILITY_WRITES |
                                         RAPPORT_PROVIDER_CAPABILITY_APPROVALS |
                                         RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS |
                                         RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |
                                         RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE);

  demo = rapport_provider_registry_lookup ("demo", &error);
  g_assert_no_error (error);
  g_assert_nonnull (demo);
  g_assert_cmpstr (demo->kind, ==, "demo");
  g_assert_cmpstr (rapport_provider_backend_get_display_name (demo), ==, "Demo");
  g_assert_null (rapport_provider_backend_get_token_help (demo));
  g_assert_false (demo->needs_url);
  g_assert_false (demo->needs_token);
  g_assert_false (demo->user_addable);
  /* The demo records approvals but enforces no limits (it has no server); it has canned
   * responses and articles. */
  g_assert_cmpint (demo->capabilities, ==, RAPPORT_PROVIDER_CAPABILITY_WRITES |
                                           RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
                                           RAPPORT_PROVIDER_CAPABILITY_APPROVALS |
                                           RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |
                                           RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE |
                                           RAPPORT_PROVIDER_CAPABILITY_DEMO);

  /* What the accounts' lists say of their accounts. */
  {
    g_autoptr(RapportAccount) rt_account = rapport_account_new ("rt", "https://rt.example.com",
                                                                "rt.example.com");
    g_autoptr(RapportAccount) demo_account = rapport_demo_provider_new_account (1, 1, 0);
    g_autofree char *rt_line = rapport_provider_backend_describe_account (rt, rt_account);
    g_autofree char *demo_line = rapport_provider_backend_describe_account (demo, demo_account);

    g_assert_cmpstr (rt_line, ==, "Request Tracker at https://rt.example.com");
    g_assert_cmpstr (demo_line, ==, "Built-in demo data; nothing leaves this computer");
  }

  /* The same description every time. */
  g_assert_true (rapport_provider_registry_lookup ("rt", NULL) == rt);
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (rapport_provider_registry_lookup ("zendesk", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "This version of Rapport cannot open accounts of the kind “zendesk”.");
  g_clear_error (&error);

  /* Kinds are exact. */
  g_assert_null (rapport_provider_registry_lookup ("RT", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_null (rapport_provider_registry_lookup ("", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_null (rapport_provider_registry_lookup (NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Without an error to fill, only NULL. */
  g_assert_null (rapport_provider_registry_lookup ("zendesk", NULL));
}

static void
test_find (void)
{
  const RapportProviderBackend *demo = rapport_provider_registry_lookup ("demo", NULL);
  const RapportProviderBackend *rt = rapport_provider_registry_lookup ("rt", NULL);

  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_DEMO) == demo);
  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS) ==
                 demo);
  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_WRITES) == rt);
  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_NONE) == rt);
  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE) == rt);
  g_assert_null (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_DEMO |
                                                 RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS));
}

static void
test_addable (void)
{
  g_autoptr(GPtrArray) addable = rapport_provider_registry_list_addable ();

  g_assert_cmpuint (addable->len, >=, 1);
  g_assert_cmpstr (((const RapportProviderBackend *) addable->pdata[0])->kind, ==, "rt");
  for (guint i = 0; i < addable->len; i++)
    {
      const RapportProviderBackend *backend = addable->pdata[i];

      g_assert_true (backend->user_addable);
      g_assert_cmpstr (backend->kind, !=, "demo");
    }
}

/* Every provider a backend makes says what its description says. */
static void
test_new_provider (void)
{
  g_autoptr(RapportAccount) demo_account = NULL;
  g_autoptr(RapportAccount) rt_account = NULL;
  g_autoptr(RapportAccount) unknown = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  demo_account = rapport_demo_provider_new_account (7, 3, 1795392000);
  provider = rapport_provider_registry_new_provider (demo_account, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (RAPPORT_IS_DEMO_PROVIDER (provider));
  g_assert_cmpstr (rapport_provider_get_kind (provider), ==, "demo");
  g_assert_cmpint (rapport_provider_get_capabilities (provider), ==,
                   rapport_provider_registry_lookup ("demo", NULL)->capabilities);
  g_clear_object (&provider);

  /* A token given to a backend that needs none is not passed on (nor a problem). */
  provider = rapport_provider_registry_new_provider (demo_account, "ignored", &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_clear_object (&provider);

  rt_account = rapport_account_new ("rt", "https://rt.example.com", "rt.example.com");
  provider = rapport_provider_registry_new_provider (rt_account, RT_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_provider_get_kind (provider), ==, "rt");
  g_assert_cmpint (rapport_provider_get_capabilities (provider), ==,
                   rapport_provider_registry_lookup ("rt", NULL)->capabilities);
  g_assert_finalize_object (g_steal_pointer (&provider));

  /* The constructor's own errors come back as they are. */
  g_assert_null (rapport_provider_registry_new_provider (rt_account, "not a token", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  unknown = rapport_account_new ("zendesk", "https://example.zendesk.com", "Zendesk");
  g_assert_null (rapport_provider_registry_new_provider (unknown, RT_TOKEN, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "“zendesk”"));
}

static void
test_demo_check (void)
{
  const RapportProviderBackend *demo = rapport_provider_registry_lookup ("demo", NULL);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_prefix = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;
  const char *anchor;

  /* Nothing to check: it makes the demo account, anchored now. */
  account = check (demo, NULL, NULL, NULL, &error);
  after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (rapport_account_get_id (account), ==, 0);
  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "demo");
  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, RAPPORT_DEMO_AGENT_REMOTE_ID);
  expected_prefix = g_strdup_printf ("demo:workspace?seed=%u&customers=%u&anchor=",
                                     RAPPORT_DEMO_DEFAULT_SEED, RAPPORT_DEMO_DEFAULT_CUSTOMERS);
  g_assert_true (g_str_has_prefix (rapport_account_get_base_url (account), expected_prefix));
  anchor = rapport_account_get_base_url (account) + strlen (expected_prefix);
  g_assert_cmpint (g_ascii_strtoll (anchor, NULL, 10), >=, before);
  g_assert_cmpint (g_ascii_strtoll (anchor, NULL, 10), <=, after);

  /* … which the registry opens. */
  provider = rapport_provider_registry_new_provider (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_clear_object (&account);

  g_cancellable_cancel (cancellable);
  account = check (demo, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (account);
}

/* RT's check through the registry: the local steps fail before any request. */
static void
test_rt_check (void)
{
  const RapportProviderBackend *rt = rapport_provider_registry_lookup ("rt", NULL);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = check (rt, "", RT_TOKEN, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_INVALID_URL);
  g_clear_error (&error);

  account = check (rt, "http://rt.example.com", RT_TOKEN, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_INVALID_URL);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  account = check (rt, "https://127.0.0.1:1", "not a token", NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_CONNECTION_ERROR, RAPPORT_CONNECTION_PROBLEM_BAD_TOKEN);
}

/* ------------------------------------------------------------------------------------ */
/* A backend registered by the test                                                      */

static char *last_token;
static guint n_constructed;

static void
scratch_check_async (const char          *base_url,
                     const char          *token,
                     SoupSession         *session,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, scratch_check_async);
  g_task_return_pointer (task, rapport_account_new ("scratch", base_url, token),
                         g_object_unref);
}

static RapportAccount *
scratch_check_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
scratch_describe_account (RapportAccount *account)
{
  return g_strdup_printf ("Scratch desk at %s", rapport_account_get_base_url (account));
}

static RapportProvider *
scratch_new_provider (RapportAccount  *account,
                      const char      *token,
                      GError         **error)
{
  g_free (last_token);
  last_token = g_strdup (token);
  n_constructed++;

  return rapport_demo_provider_new (1, 1, 0);
}

static const RapportProviderBackend scratch_backend = {
  .kind = "scratch",
  .display_name = "Scratch Desk",
  .token_help = "Ask the scratch desk for a token.",
  /* No built-in backend has both PENDING_STATUS and ENFORCES_LIMITS. */
  .capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES | RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE |
                  RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
                  RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS,
  .needs_url = TRUE,
  .needs_token = TRUE,
  .user_addable = TRUE,
  .check_connection_async = scratch_check_async,
  .check_connection_finish = scratch_check_finish,
  .describe_account = scratch_describe_account,
  .new_provider = scratch_new_provider,
};

static const RapportProviderBackend tokenless_backend = {
  .kind = "tokenless",
  .display_name = "Tokenless",
  .capabilities = RAPPORT_PROVIDER_CAPABILITY_NONE,
  .needs_url = FALSE,
  .needs_token = FALSE,
  .user_addable = FALSE,
  .check_connection_async = scratch_check_async,
  .check_connection_finish = scratch_check_finish,
  .describe_account = scratch_describe_account,
  .new_provider = scratch_new_provider,
};

static void
test_register (void)
{
  g_autoptr(GPtrArray) addable = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  rapport_provider_registry_register (&scratch_backend);
  rapport_provider_registry_register (&tokenless_backend);

  g_assert_true (rapport_provider_registry_lookup ("scratch", &error) == &scratch_backend);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_provider_backend_get_display_name (&scratch_backend), ==,
                   "Scratch Desk");
  g_assert_true (rapport_provider_registry_find (RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
                                                 RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS) ==
                 &scratch_backend);

  /* Addable after the built-in ones, in the order registered; not the tokenless one. */
  addable = rapport_provider_registry_list_addable ();
  g_assert_cmpuint (addable->len, ==, 2);
  g_assert_cmpstr (((const RapportProviderBackend *) addable->pdata[0])->kind, ==, "rt");
  g_assert_true (addable->pdata[1] == &scratch_backend);

  /* The check gets what was typed; a backend that needs no URL or token gets neither. */
  account = check (&scratch_backend, "https://scratch.example", "s3cret", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_base_url (account), ==, "https://scratch.example");
  g_assert_cmpstr (rapport_account_get_display_name (account), ==, "s3cret");
  g_clear_object (&account);

  account = check (&tokenless_backend, "https://ignored.example", "ignored", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (rapport_account_get_base_url (account));
  g_assert_null (rapport_account_get_display_name (account));
  g_clear_object (&account);

  /* The constructor of the account's kind, with the token only when the kind needs one. */
  account = rapport_account_new ("scratch", "https://scratch.example", "Scratch");
  {
    g_autofree char *description = rapport_provider_backend_describe_account (&scratch_backend,
                                                                              account);

    g_assert_cmpstr (description, ==, "Scratch desk at https://scratch.example");
  }
  provider = rapport_provider_registry_new_provider (account, "s3cret", &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_assert_cmpuint (n_constructed, ==, 1);
  g_assert_cmpstr (last_token, ==, "s3cret");
  g_clear_object (&provider);
  g_clear_object (&account);

  account = rapport_account_new ("tokenless", NULL, "Tokenless");
  provider = rapport_provider_registry_new_provider (account, "s3cret", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_constructed, ==, 2);
  g_assert_null (last_token);

  /* A kind is registered once. */
  g_test_expect_message ("rapport-provider-registry", G_LOG_LEVEL_CRITICAL,
                         "*find_kind (backend->kind) == NULL*");
  rapport_provider_registry_register (&scratch_backend);
  g_test_assert_expected_messages ();
  g_clear_pointer (&addable, g_ptr_array_unref);
  addable = rapport_provider_registry_list_addable ();
  g_assert_cmpuint (addable->len, ==, 2);

  g_clear_pointer (&last_token, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The sentences of the checks are compared in English. */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/rapport/registry/builtins", test_builtins);
  g_test_add_func ("/rapport/registry/unknown", test_unknown);
  g_test_add_func ("/rapport/registry/find", test_find);
  g_test_add_func ("/rapport/registry/addable", test_addable);
  g_test_add_func ("/rapport/registry/new-provider", test_new_provider);
  g_test_add_func ("/rapport/registry/demo-check", test_demo_check);
  g_test_add_func ("/rapport/registry/rt-check", test_rt_check);
  /* Last: it adds backends to the process's registry. */
  g_test_add_func ("/rapport/registry/register", test_register);

  return g_test_run ();
}
