/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "rapport-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportApplication) app = NULL;

#ifdef __GLIBC__
  /* The store's queries run on GTask's worker threads, and glibc gives each new thread its
   * own malloc arena (up to eight per core). What one worker frees stays in its arena, so
   * the app's memory crept up over hundreds of ticket switches as the workers took turns.
   * Two arenas: the main thread's, and one the workers share. */
  mallopt (M_ARENA_MAX, 2);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rapport_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
