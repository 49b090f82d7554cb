/* test-suggest-eval.c — tools/suggest-eval: the figures on a hand-made set, and the errors
 * on files it cannot use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-suggest-eval"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

/* The program under test: the first argument after the test options. */
static const char *program;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the program with @args (NULL-terminated), in the C locale. */
static void
run_program (Run                *run,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static char *
tiny_set (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "suggest", "tiny-set.json", NULL);
}

/* The figures of tests/data/suggest/tiny-set.json, worked out by hand. Its three candidates
 * share no word with one another; each history ticket was answered with one of them.
 *   t1  about the double charge, expected refund        → refund first: top-1, top-3, shown
 *   t2  about the password (chat), expected password    → password first: top-1, top-3
 *   t3  about a parcel, labelled refund on purpose      → parcel shown, refund not: a miss
 *   t4  words in no candidate and no past ticket        → nothing shown
 *   t5  charge and password, expected password          → refund first, password second
 * top-1: t1, t2 = 2/5 = 40.0 %; top-3: t1, t2, t5 = 3/5 = 60.0 %; shown: all but t4 =
 * 4/5 = 80.0 %; precision: of those four, t1, t2, t5 show the expected answer = 75.0 %. */
static void
test_figures (void)
{
  g_autofree char *path = tiny_set ();
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  const char *args[] = { path, NULL };

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_cmpstr (lines[0], ==, "top-1: 40.0 %");
  g_assert_cmpstr (lines[1], ==, "top-3: 60.0 %");
  g_assert_cmpstr (lines[2], ==, "shown: 80.0 %");
  g_assert_cmpstr (lines[3], ==, "precision: 75.0 %");
  g_assert_true (g_regex_match_simple ("^p50: [0-9]+\\.[0-9]{2} ms$", lines[4], 0, 0));
  g_assert_true (g_regex_match_simple ("^p95: [0-9]+\\.[0-9]{2} ms$", lines[5], 0, 0));
  g_assert_cmpstr (lines[6], ==, "");
  /* p50 ≤ p95 */
  g_assert_cmpfloat (g_ascii_strtod (lines[4] + 5, NULL), <=,
                     g_ascii_strtod (lines[5] + 5, NULL));
}

/* The figures of tests/data/suggest/silent-set.json (tiny-set.json's candidates and history),
 * worked out by hand: two tests expect an answer, two expect nothing.
 *   s1  about the double charge, expected refund          → refund first
 *   s2  about the password, expecting nothing on purpose  → password shown: not silent
 *   s3  words in no candidate and no past ticket          → nothing shown: silent
 *   s4  about a parcel, labelled password on purpose      → parcel shown: a miss
 * top-1, top-3: s1 of s1, s4 = 50.0 %; shown: 2/2 = 100.0 % (s2 and s3 not counted);
 * precision: 1/2 = 50.0 %; silent: s3 of s2, s3 = 50.0 %. */
static void
test_silent (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "suggest",
                                                 "silent-set.json", NULL);
  g_auto(Run) run = { 0, };
  g_auto(Run) verbose = { 0, };
  g_auto(GStrv) lines = NULL;
  const char *args[] = { path, NULL };
  const char *verbose_args[] = { "--verbose", path, NULL };

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  g_assert_cmpstr (lines[0], ==, "top-1: 50.0 %");
  g_assert_cmpstr (lines[1], ==, "top-3: 50.0 %");
  g_assert_cmpstr (lines[2], ==, "shown: 100.0 %");
  g_assert_cmpstr (lines[3], ==, "precision: 50.0 %");
  g_assert_cmpstr (lines[4], ==, "silent: 50.0 %");
  g_assert_true (g_str_has_prefix (lines[5], "p50: "));

  run_program (&verbose, verbose_args);
  g_assert_cmpint (verbose.status, ==, 0);
  g_assert_true (g_str_has_prefix (verbose.out, "miss s2: expected nothing, shown: password "));
  g_assert_null (strstr (verbose.out, "miss s3"));
  g_assert_nonnull (strstr (verbose.out, "\nmiss s4: expected password, not shown: parcel "));
}

/* --verbose lists every ticket whose expected answer did not come first, with where it was
 * and what was shown, before the same figures. */
static void
test_verbose (void)
{
  g_autofree char *path = tiny_set ();
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "--verbose", path, NULL };

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_true (g_str_has_prefix (lines[0], "miss t3: expected refund, not shown: parcel "));
  g_assert_cmpstr (lines[1], ==, "miss t4: expected password, nothing shown");
  g_assert_true (g_str_has_prefix (lines[2], "miss t5: expected password, shown at 2: refund "));
  g_assert_nonnull (strstr (lines[2], ", password "));
  g_assert_cmpstr (lines[3], ==, "top-1: 40.0 %");
  g_assert_cmpstr (lines[6], ==, "precision: 75.0 %");
}

/* --sweep adds a table: the first row is the ranker's own floor (the same figures), and a
 * higher floor never shows more. */
static void
test_sweep (void)
{
  g_autofree char *path = tiny_set ();
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  double previous_shown = 101;
  guint rows = 0;
  const char *args[] = { "--sweep", path, NULL };

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpstr (lines[6], ==, "floor  shown    precision  top-1    top-3");
  for (guint i = 7; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_regex_split_simple (" +%? *", lines[i], 0, 0);
      double shown;

      g_assert_cmpuint (g_strv_length (cells), >=, 5);
      shown = g_ascii_strtod (cells[1], NULL);
      if (rows == 0)
        {
          g_assert_cmpstr (cells[1], ==, "80.0");
          g_assert_cmpstr (cells[2], ==, "75.0");
          g_assert_cmpstr (cells[3], ==, "40.0");
          g_assert_cmpstr (cells[4], ==, "60.0");
        }
      g_assert_cmpfloat (shown, <=, previous_shown);
      previous_shown = shown;
      rows++;
    }
  g_assert_cmpuint (rows, >=, 2);
  g_assert_cmpfloat (previous_shown, ==, 0);
}

/* Files it cannot use: exit status 2 and one line naming the entry and the key. */
static const struct
{
  const char *name;
  const char *json;
  const char *message;
} malformed[] = {
  { "not-json", "{ \"candidates\": [", "not JSON" },
  { "not-an-object", "[1, 2]", "must hold one JSON object" },
  { "no-tests",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ] }",
    "the file: \"tests\" is missing" },
  { "empty-tests",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [] }",
    "the file: \"tests\" must hold at least one entry" },
  { "missing-messages",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"expected\": \"a\" } ] }",
    "tests[0] (\"t1\"): \"messages\" is missing" },
  { "messages-not-array",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": \"hello\", \"expected\": \"a\" } ] }",
    "tests[0] (\"t1\"): \"messages\" must be an array of strings" },
  { "message-not-string",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\", 3], \"expected\": \"a\" } ] }",
    "tests[0] (\"t1\"): \"messages\"[1] must be a string" },
  { "bad-kind",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"macro\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"a\" } ] }",
    "candidates[0] (\"a\"): \"kind\" must be \"canned\" or \"article\" (not \"macro\")" },
  { "id-not-string",
    "{ \"candidates\": [ { \"id\": 7, \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"a\" } ] }",
    "candidates[0]: \"id\" must be a string" },
  { "duplicate-candidate",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" }, "
    "{ \"id\": \"a\", \"kind\": \"article\", \"body\": \"y\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"a\" } ] }",
    "candidates[1] (\"a\"): another candidate has the id \"a\"" },
  { "bad-channel",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"channel\": \"fax\", \"messages\": [\"hi\"], "
    "\"expected\": \"a\" } ] }",
    "tests[0] (\"t1\"): \"channel\" must be one of email, chat, phone, social, web (not \"fax\")" },
  { "unknown-expected",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"b\" } ] }",
    "tests[0] (\"t1\"): \"expected\" names no candidate (\"b\")" },
  { "history-without-answer",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"history\": [ { \"id\": \"h1\", \"messages\": [\"hi\"] } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"a\" } ] }",
    "history[0] (\"h1\"): needs \"answer\" or \"reply\"" },
  { "answered-at-not-integer",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"history\": [ { \"id\": \"h1\", \"messages\": [\"hi\"], \"answer\": \"a\", "
    "\"answered_at\": 1.5 } ], "
    "\"tests\": [ { \"id\": \"t1\", \"messages\": [\"hi\"], \"expected\": \"a\" } ] }",
    "history[0] (\"h1\"): \"answered_at\" must be a whole number of seconds (unix time)" },
  { "entry-not-object",
    "{ \"candidates\": [ { \"id\": \"a\", \"kind\": \"canned\", \"body\": \"x\" } ], "
    "\"tests\": [ \"t1\" ] }",
    "tests[0]: must be an object" },
};

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-suggest-eval-test-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_build_filename (dir, malformed[i].name, NULL);
      g_auto(Run) run = { 0, };
      const char *args[] = { path, NULL };

      g_assert_true (g_file_set_contents (path, malformed[i].json, -1, &error));
      g_assert_no_error (error);
      run_program (&run, args);
      g_test_message ("%s: %s", malformed[i].name, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "suggest-eval: "));
      g_assert_nonnull (strstr (run.err, malformed[i].message));
      /* one line */
      g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The shipped demo set is what --write-demo-set makes now: regenerate it (docs/suggestions.md)
 * when the demo generator's texts change. */
static void
test_demo_set_current (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-suggest-eval-test-XXXXXX", &error);
  g_autofree char *written = g_build_filename (dir, "demo-set.json", NULL);
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "suggest",
                                                    "demo-set.json", NULL);
  g_autofree char *expected = NULL, *actual = NULL;
  g_auto(Run) run = { 0, };
  const char *args[] = { "--write-demo-set", written, NULL };

  g_assert_no_error (error);
  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (shipped, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (written, &actual, NULL, &error));
  g_assert_no_error (error);
  if (!g_str_equal (expected, actual))
    g_error ("data/suggest/demo-set.json is not what the demo generator makes now: run "
             "tools/suggest-eval --write-demo-set data/suggest/demo-set.json");
  g_assert_cmpint (g_unlink (written), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A missing file and a missing argument are usage errors too. */
static void
test_usage (void)
{
  g_auto(Run) missing = { 0, };
  g_auto(Run) none = { 0, };
  const char *missing_args[] = { "/nonexistent/labelled-set.json", NULL };
  const char *no_args[] = { NULL };

  run_program (&missing, missing_args);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/labelled-set.json"));

  run_program (&none, no_args);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "give one labelled set"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (argc != 2)
    g_error ("usage: %s [TEST OPTIONS] PATH-OF-RAPPORT-SUGGEST-EVAL", argv[0]);
  program = argv[1];

  g_test_add_func ("/rapport/suggest-eval/figures", test_figures);
  g_test_add_func ("/rapport/suggest-eval/verbose", test_verbose);
  g_test_add_func ("/rapport/suggest-eval/silent", test_silent);
  g_test_add_func ("/rapport/suggest-eval/sweep", test_sweep);
  g_test_add_func ("/rapport/suggest-eval/malformed", test_malformed);
  g_test_add_func ("/rapport/suggest-eval/usage", test_usage);
  g_test_add_func ("/rapport/suggest-eval/demo-set-current", test_demo_set_current);

  return g_test_run ();
}
