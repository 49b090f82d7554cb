/* rapport-core-private.h
 *
 * Small helpers shared by the model objects of librapport-core. Not installed, not public.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *@str_pointer with a copy of @new_str; returns whether the value changed.
 * (g_set_str() arrives only in GLib 2.76.) */
static inline gboolean
_rapport_set_str (char       **str_pointer,
                  const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

G_END_DECLS
