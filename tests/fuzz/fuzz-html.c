/* fuzz-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTML mail: any bytes a message body may hold, through rapport_html_to_text() (libxml2's
 * HTML parser and Rapport's walk over its tree). The text must be valid UTF-8 without NUL,
 * the form the store keeps.
 */
#define G_LOG_DOMAIN "rapport-fuzz-html"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-html.h"
#include "rapport-text.h"

#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  if (size > G_MAXSSIZE)
    return 0;

  text = rapport_html_to_text ((const char *) data, (gssize) size);
  if (!rapport_text_is_storable (text, -1))
    g_error ("the text of an HTML body is not storable");

  return 0;
}
