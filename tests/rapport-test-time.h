/* rapport-test-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* How much longer the tests' own waits may take: RAPPORT_TEST_TIME_SCALE, a whole number
 * (default 1). tools/test sets it for the sanitizer run, whose build is several times
 * slower, as it scales meson's timeouts with --timeout-multiplier. */
static inline guint
rapport_test_time_scale (void)
{
  const char *value = g_getenv ("RAPPORT_TEST_TIME_SCALE");
  guint64 scale = 1;

  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 1, 100, &scale, NULL))
    g_error ("RAPPORT_TEST_TIME_SCALE must be a whole number from 1 to 100, not \"%s\"", value);

  return (guint) scale;
}
