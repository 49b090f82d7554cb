/* test-demo-content.c — the demo helpdesk's canned responses and articles, and the links of
 * the articles used, through the provider contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-demo-content"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "rapport-demo-provider.h"
#include "rapport-demo-suggest.h"

#define ANCHOR G_GINT64_CONSTANT (1795392000)

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GPtrArray *
fetch (RapportProvider  *provider,
       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_canned_content_async (provider, NULL, on_result_cb, &result);
  return rapport_provider_fetch_canned_content_finish (provider, wait_for_result (&result),
                                                       error);
}

static gboolean
link_article (RapportProvider  *provider,
              const char       *ticket,
              const char       *article,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_link_article_async (provider, ticket, article, NULL, on_result_cb, &result);
  return rapport_provider_link_article_finish (provider, wait_for_result (&result), error);
}

/* The first article of the demo's content. */
static char *
first_article (void)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();

  for (guint i = 0; i < candidates->len; i++)
    if (rapport_candidate_get_kind (candidates->pdata[i]) == RAPPORT_CANDIDATE_ARTICLE)
      return g_strdup (rapport_candidate_get_remote_id (candidates->pdata[i]));

  g_assert_not_reached ();
}

/* Drops the last reference to @provider once its worker threads let go of their tasks. */
static void
drop_provider (RapportProvider *provider)
{
  gpointer weak = provider;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (provider), &weak);
  while (G_OBJECT (provider)->ref_count > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_object_unref (provider);
  g_assert_null (weak);
}

/* Occurrences of @needle in the file at @path. */
static guint
count_in_file (const char *path,
               const char *needle)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The demo has both capabilities, and its content is rapport_demo_suggest_candidates(), for
 * no account yet (the workspace sets it), each with its remote id. */
static void
test_fetch (void)
{
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (45, 10, ANCHOR);
  g_autoptr(GPtrArray) expected = rapport_demo_suggest_candidates ();
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GError) error = NULL;
  guint n_canned = 0, n_articles = 0;

  g_assert_true (rapport_provider_can_fetch_canned_content (provider));
  g_assert_true (rapport_provider_can_link_articles (provider));

  fetched = fetch (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fetched);
  g_assert_cmpuint (fetched->len, ==, expected->len);
  g_assert_cmpuint (fetched->len, >, 0);

  for (guint i = 0; i < fetched->len; i++)
    {
      RapportCandidate *candidate = fetched->pdata[i];

      g_assert_cmpint (rapport_candidate_get_account_id (candidate), ==, 0);
      g_assert_nonnull (rapport_candidate_get_remote_id (candidate));
      g_assert_cmpstr (rapport_candidate_get_remote_id (candidate), ==,
                       rapport_candidate_get_remote_id (expected->pdata[i]));
      g_assert_cmpstr (rapport_candidate_get_body (candidate), ==,
                       rapport_candidate_get_body (expected->pdata[i]));
      if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_CANNED)
        n_canned++;
      else if (rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_ARTICLE)
        n_articles++;
    }
  g_assert_cmpuint (n_canned, >, 0);
  g_assert_cmpuint (n_articles, >, 0);
  g_assert_cmpuint (n_canned + n_articles, ==, fetched->len);
}

/* A link is kept by the demo server like its other writes: in its file before it answers,
 * once however often it is made (linking is idempotent), and across restarts. An article the
 * demo does not have is NOT_FOUND. */
static void
test_link (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-demo-content-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "45-10-1795392000.json", NULL);
  g_autofree char *article = first_article ();
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", article);
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (45, 10, ANCHOR);
  g_autoptr(GError) error = NULL;
  RapportProvider *provider;

  provider = rapport_demo_provider_new_for_account_in (account, dir, &error);
  g_assert_no_error (error);

  g_assert_true (link_article (provider, "1-1", article, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_file (path, quoted), ==, 1);

  /* Again: still one link. */
  g_assert_true (link_article (provider, "1-1", article, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_file (path, quoted), ==, 1);

  g_assert_false (link_article (provider, "1-1", "demo-article-no-such-thing", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (link_article (provider, "1-1", "demo-canned-not-an-article", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  drop_provider (provider);

  /* After a restart the server still has it, and linking once more adds nothing; another
   * ticket gets its own. */
  provider = rapport_demo_provider_new_for_account_in (account, dir, &error);
  g_assert_no_error (error);
  g_assert_true (link_article (provider, "1-1", article, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_file (path, quoted), ==, 1);
  g_assert_true (link_article (provider, "2-1", article, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_file (path, quoted), ==, 2);
  drop_provider (provider);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A file written before links existed (no "links" member) still reads. */
static void
test_link_old_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-demo-content-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "45-10-1795392000.json", NULL);
  g_autofree char *article = first_article ();
  g_autoptr(RapportAccount) account = rapport_demo_provider_new_account (45, 10, ANCHOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = g_strconcat (path, ".damaged", NULL);
  RapportProvider *provider;

  g_assert_true (g_file_set_contents (path,
                                      "{\"format\": 1, \"workspace\": {\"seed\": 45, "
                                      "\"customers\": 10, \"anchor\": 1795392000}, "
                                      "\"money\": {\"next_id\": 1, \"revision\": 1, "
                                      "\"entries\": []}, \"messages\": [], \"tickets\": []}",
                                      -1, NULL));

  provider = rapport_demo_provider_new_for_account_in (account, dir, &error);
  g_assert_no_error (error);
  g_assert_true (link_article (provider, "1-1", article, &error));
  g_assert_no_error (error);
  drop_provider (provider);

  g_assert_false (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_in_file (path, article), ==, 1);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/demo-content/fetch", test_fetch);
  g_test_add_func ("/rapport/demo-content/link", test_link);
  g_test_add_func ("/rapport/demo-content/link-old-file", test_link_old_file);

  return g_test_run ();
}
