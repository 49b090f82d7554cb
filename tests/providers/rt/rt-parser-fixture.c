/* rt-parser-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-parser"

#include "config.h"

#include "rt-parser-fixture.h"

#include "rapport-http.h"

#include <string.h>

char *
fixture_text (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rt", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

JsonNode *
fixture (const char *name)
{
  gsize length;
  g_autofree char *text = fixture_text (name, &length);
  g_autoptr(GError) error = NULL;
  JsonNode *root = rapport_http_parse_json (text, length, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

void
assert_invalid (GError     *error,
                const char *fragment)
{
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("error message “%s” does not mention “%s”", error->message, fragment);
}
