/* rapport-bench-html.c — HTML mail to text on hostile inputs at growing sizes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each class of input (nested quotes around many lines, deep nesting of several kinds,
 * stray end tags under a deep stack, huge attributes, an unterminated comment, long plain text
 * and paragraphs) at three or four sizes, converts it with rapport_html_to_text() in a process
 * of its own and prints a Markdown table: input bytes, output characters, best time of
 * --samples runs, peak resident memory of the process, and whether the text that follows the
 * hostile part ("TAIL-MARKER") is still shown ("cut": the text reached its cap before it).
 * `rapport-bench-html CLASS SCALE` runs one case.
 */
#define G_LOG_DOMAIN "rapport-bench-html"

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "rapport-html.h"

typedef struct
{
  const char *name;
  const char *what;
  guint       scales[4];
} InputClass;

static const InputClass classes[] = {
  { "quotes", "250 nested blockquotes around 200 x SCALE lines", { 1, 10, 100 } },
  { "deep", "SCALE nested blockquotes", { 300, 1000, 10000, 100000 } },
  { "divs", "SCALE nested divs, text in each", { 300, 1000, 10000, 100000 } },
  { "lists", "SCALE nested lists, one item each", { 300, 1000, 10000, 100000 } },
  { "tables", "SCALE nested tables, one cell each", { 300, 1000, 10000, 100000 } },
  { "svg", "text in an svg nested SCALE deep", { 300, 1000, 10000, 100000 } },
  { "stray", "1 000 open spans, then 10 000 x SCALE stray end tags", { 1, 10, 100 } },
  { "attr", "a link target and an alt text of 100 000 x SCALE bytes each", { 1, 10, 100 } },
  { "comment", "an unterminated comment of 100 000 x SCALE bytes, the tail inside it", { 1, 10, 100 } },
  { "text", "100 000 x SCALE bytes of plain text", { 1, 10, 100 } },
  { "paras", "1 000 x SCALE paragraphs with a link", { 1, 10, 100 } },
};

static void
append_times (GString    *html,
              const char *unit,
              guint       times)
{
  for (guint i = 0; i < times; i++)
    g_string_append (html, unit);
}

static GString *
make_input (const char *name,
            guint       scale)
{
  GString *html = g_string_new (NULL);

  if (strcmp (name, "quotes") == 0)
    {
      append_times (html, "<blockquote>", 250);
      append_times (html, "quoted line<br>", 200 * scale);
      append_times (html, "</blockquote>", 250);
    }
  else if (strcmp (name, "deep") == 0)
    {
      append_times (html, "<blockquote>", scale);
      g_string_append (html, "inner");
      append_times (html, "</blockquote>", scale);
    }
  else if (strcmp (name, "divs") == 0)
    {
      for (guint i = 0; i < scale; i++)
        g_string_append_printf (html, "<div>d%u ", i);
      append_times (html, "</div>", scale);
    }
  else if (strcmp (name, "lists") == 0)
    {
      for (guint i = 0; i < scale; i++)
        g_string_append_printf (html, "<ul><li>i%u", i);
    }
  else if (strcmp (name, "tables") == 0)
    {
      for (guint i = 0; i < scale; i++)
        g_string_append_printf (html, "<table><tr><td>c%u", i);
    }
  else if (strcmp (name, "svg") == 0)
    {
      g_string_append (html, "<svg>");
      append_times (html, "<g>", scale);
      g_string_append (html, "<text>drawing</text>");
      append_times (html, "</g>", scale);
      g_string_append (html, "</svg>");
    }
  else if (strcmp (name, "stray") == 0)
    {
      append_times (html, "<span>", 1000);
      append_times (html, "</b>", 10000 * scale);
    }
  else if (strcmp (name, "attr") == 0)
    {
      g_string_append (html, "<a href=\"https://e.example/");
      append_times (html, "a", 100000 * scale);
      g_string_append (html, "\">x</a><img alt=\"");
      append_times (html, "b", 100000 * scale);
      g_string_append (html, "\">");
    }
  else if (strcmp (name, "comment") == 0)
    {
      g_string_append (html, "<p>before</p><!--");
      append_times (html, "-", 100000 * scale);
    }
  else if (strcmp (name, "text") == 0)
    {
      append_times (html, "plain text", 10000 * scale);
    }
  else if (strcmp (name, "paras") == 0)
    {
      for (guint i = 0; i < 1000 * scale; i++)
        g_string_append_printf (html, "<p>line %u with <b>bold</b> &amp; "
                                "<a href=\"https://e.example/%u\">a link</a></p>\n", i, i);
    }
  else
    {
      g_string_free (html, TRUE);
      return NULL;
    }

  g_string_append (html, "<p>TAIL-MARKER</p>");
  return html;
}

/* Converts one input @samples times; prints "bytes chars best-ms rss-kb tail". */
static int
run_case (const char *name,
          guint       scale,
          guint       samples)
{
  GString *html = make_input (name, scale);
  gint64 best = G_MAXINT64;
  char *text = NULL;
  struct rusage usage;

  if (html == NULL)
    {
      g_printerr ("unknown input class %s\n", name);
      return 2;
    }

  for (guint i = 0; i < samples; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_free (text);
      text = rapport_html_to_text (html->str, (gssize) html->len);
      best = MIN (best, g_get_monotonic_time () - start);
    }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("%zu %ld %.1f %ld %s\n", html->len, g_utf8_strlen (text, -1), best / 1000.0,
           usage.ru_maxrss, strstr (text, "TAIL-MARKER") != NULL ? "yes" :
           g_str_has_suffix (text, " characters]") ? "cut" : "no");

  g_free (text);
  g_string_free (html, TRUE);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[CLASS SCALE]");
  g_autoptr(GError) error = NULL;
  int samples = 3;
  GOptionEntry entries[] = {
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Runs per case; the best counts", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || samples < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--samples must be at least 1");
      return 2;
    }

  if (argc == 3)
    return run_case (argv[1], (guint) strtoul (argv[2], NULL, 10), (guint) samples);

  g_print ("| input | scale | input bytes | text chars | best of %d (ms) | peak RSS (KB) | "
           "text after it |\n|---|---:|---:|---:|---:|---:|---|\n", samples);

  for (gsize c = 0; c < G_N_ELEMENTS (classes); c++)
    for (gsize s = 0; s < G_N_ELEMENTS (classes[c].scales) && classes[c].scales[s] > 0; s++)
      {
        g_autofree char *scale = g_strdup_printf ("%u", classes[c].scales[s]);
        g_autofree char *samples_arg = g_strdup_printf ("--samples=%d", samples);
        g_autofree char *out = NULL;
        g_auto(GStrv) fields = NULL;
        const char *child_argv[] = { argv[0], samples_arg, classes[c].name, scale, NULL };
        int status = 0;

        if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                           NULL, &status, &error) ||
            !g_spawn_check_wait_status (status, &error))
          {
            g_printerr ("%s %s: %s\n", classes[c].name, scale, error->message);
            return 1;
          }

        fields = g_strsplit (g_strstrip (out), " ", -1);
        if (g_strv_length (fields) != 5)
          {
            g_printerr ("%s %s: unexpected answer “%s”\n", classes[c].name, scale, out);
            return 1;
          }

        g_print ("| %s (%s) | %s | %s | %s | %s | %s | %s |\n", classes[c].name,
                 classes[c].what, scale, fields[0], fields[1], fields[2], fields[3], fields[4]);
      }

  return 0;
}
