/* rapport-fuzz.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-fuzz"

#include "config.h"

#include "rapport-fuzz.h"

/* Warnings and criticals are fatal, as G_DEBUG=fatal-warnings makes them in the test
 * suites: a g_return_if_fail() a parser trips on hostile input is a bug to report. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

char *
rapport_fuzz_strndup (const uint8_t *data,
                      size_t         size)
{
  return g_strndup ((const char *) data, size);
}

void
rapport_fuzz_assert_utf8 (const char *text,
                          gssize      length)
{
  const char *end = NULL;

  if (!g_utf8_validate (text, length, &end))
    g_error ("invalid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (end - text));
}
