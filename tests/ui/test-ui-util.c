/* test-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-util"

#include "config.h"

#include "rapport-store.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
test_relative_time (void)
{
  /* Sunday 22 November 2026, 12:00 (TZ=UTC in tests). */
  gint64 now = utc (2026, 11, 22, 12, 0);
  static const struct {
    int         year, month, day, hour, minute;
    const char *expected;
  } cases[] = {
    { 2026, 11, 22, 11, 55, "5 min" },
    { 2026, 11, 22, 10, 0, "2 h" },
    { 2026, 11, 22, 0, 5, "11 h" },
    { 2026, 11, 21, 23, 0, "Yesterday" },
    { 2026, 11, 18, 9, 0, "Wed" },
    { 2026, 11, 3, 9, 0, "3 Nov" },
    { 2025, 11, 3, 9, 0, "3 Nov 2025" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      text = rapport_ui_format_relative_time (utc (cases[i].year, cases[i].month, cases[i].day,
                                                   cases[i].hour, cases[i].minute), now);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    g_autofree char *just_now = rapport_ui_format_relative_time (now - 30, now);
    g_autofree char *one_minute = rapport_ui_format_relative_time (now - 60, now);
    g_autofree char *never = rapport_ui_format_relative_time (0, now);

    g_assert_cmpstr (just_now, ==, "Now");
    g_assert_cmpstr (one_minute, ==, "1 min");
    g_assert_cmpstr (never, ==, "Date unknown");
  }
}

/* Dates a server should not have sent, as a cache from before they were checked may still
 * hold them: said as they are, never "Now", and an unset one as unknown. */
static void
test_time_out_of_range (void)
{
  gint64 now = utc (2026, 11, 22, 12, 0);
  g_autofree char *far = rapport_ui_format_relative_time (utc (2999, 6, 15, 12, 0), now);
  g_autofree char *later_today = rapport_ui_format_relative_time (utc (2026, 11, 22, 14, 5), now);
  g_autofree char *skew = rapport_ui_format_relative_time (now + 30, now);
  g_autofree char *epoch = rapport_ui_format_relative_time (0, now);
  g_autofree char *negative = rapport_ui_format_relative_time (-86400, now);
  g_autofree char *far_message = rapport_ui_format_message_time (utc (2999, 6, 15, 12, 0), now);
  g_autofree char *tomorrow = rapport_ui_format_message_time (utc (2026, 11, 23, 9, 0), now);
  g_autofree char *unset_message = rapport_ui_format_message_time (0, now);
  g_autofree char *old = rapport_ui_format_message_time (utc (1985, 3, 1, 8, 0), now);

  g_assert_cmpstr (far, ==, "15 Jun 2999");
  g_assert_cmpstr (later_today, ==, "14:05");
  /* Clocks a few seconds apart. */
  g_assert_cmpstr (skew, ==, "Now");
  g_assert_cmpstr (epoch, ==, "Date unknown");
  g_assert_cmpstr (negative, ==, "Date unknown");
  g_assert_cmpstr (far_message, ==, "15 Jun 2999, 12:00");
  g_assert_cmpstr (tomorrow, ==, "23 Nov, 09:00");
  g_assert_cmpstr (unset_message, ==, "Date unknown");
  g_assert_cmpstr (old, ==, "1 Mar 1985, 08:00");
}

/* Text from outside, shown: one line, no bidi controls, isolated when it could reorder the
 * text around it. */
static void
test_bidi_safe (void)
{
  g_autofree char *spoof = rapport_ui_bidi_safe ("Admin\u202Egnp.exe");
  g_autofree char *hebrew = rapport_ui_bidi_safe ("\u202E\u05D7\u05E9\u05D1\u05D5\u05DF 12\n");
  g_autofree char *arabic = rapport_ui_bidi_safe ("\u0645\u0631\u064A\u0645");
  g_autofree char *latin = rapport_ui_bidi_safe ("Chlo\u00E9 Silva");
  g_autofree char *rtl_ui = NULL;

  g_assert_cmpstr (spoof, ==, "Admingnp.exe");
  g_assert_cmpstr (hebrew, ==, "\u2068\u05D7\u05E9\u05D1\u05D5\u05DF 12\u2069");
  g_assert_cmpstr (arabic, ==, "\u2068\u0645\u0631\u064A\u0645\u2069");
  g_assert_cmpstr (latin, ==, "Chlo\u00E9 Silva");
  g_assert_null (rapport_ui_bidi_safe (NULL));
  g_assert_null (rapport_ui_bidi_safe (""));
  g_assert_null (rapport_ui_bidi_safe ("\u202E\u2066 \u200F"));

  /* Avatars take initials from the text itself, not from its isolates. */
  {
    GtkWidget *avatar = g_object_ref_sink (adw_avatar_new (32, NULL, TRUE));

    rapport_ui_set_avatar_text (ADW_AVATAR (avatar), hebrew);
    g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (avatar)), ==,
                     "\u05D7\u05E9\u05D1\u05D5\u05DF 12");
    rapport_ui_set_avatar_text (ADW_AVATAR (avatar), latin);
    g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (avatar)), ==, "Chlo\u00E9 Silva");
    rapport_ui_set_avatar_text (ADW_AVATAR (avatar), NULL);
    g_assert_true (adw_avatar_get_text (ADW_AVATAR (avatar)) == NULL ||
                   *adw_avatar_get_text (ADW_AVATAR (avatar)) == '\0');
    g_assert_finalize_object (avatar);
  }

  /* In a right-to-left UI every name is isolated. */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  rtl_ui = rapport_ui_bidi_safe ("Chlo\u00E9 Silva");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  g_assert_cmpstr (rtl_ui, ==, "\u2068Chlo\u00E9 Silva\u2069");
}

static void
test_message_time (void)
{
  gint64 now = utc (2026, 11, 22, 12, 0);
  g_autofree char *today = rapport_ui_format_message_time (utc (2026, 11, 22, 10, 2), now);
  g_autofree char *yesterday = rapport_ui_format_message_time (utc (2026, 11, 21, 18, 30), now);
  g_autofree char *older = rapport_ui_format_message_time (utc (2026, 9, 23, 8, 5), now);

  g_assert_cmpstr (today, ==, "10:02");
  g_assert_cmpstr (yesterday, ==, "Yesterday, 18:30");
  g_assert_cmpstr (older, ==, "23 Sep, 08:05");
}

static void
test_duration_ago (void)
{
  gint64 now = utc (2026, 11, 22, 12, 0);
  g_autofree char *minute = rapport_ui_format_duration_ago (now - 20, now);
  g_autofree char *hours = rapport_ui_format_duration_ago (now - 2 * 3600 - 59, now);
  g_autofree char *day = rapport_ui_format_duration_ago (now - 25 * 3600, now);
  g_autofree char *days = rapport_ui_format_duration_ago (now - 60 * 24 * 3600, now);

  g_assert_cmpstr (minute, ==, "1 minute");
  g_assert_cmpstr (hours, ==, "2 hours");
  g_assert_cmpstr (day, ==, "1 day");
  g_assert_cmpstr (days, ==, "60 days");
}

static void
test_highlight (void)
{
  g_autoptr(PangoAttrList) attrs = rapport_ui_highlight_attributes ("abc def", 4, 7);

  g_assert_nonnull (attrs);
  g_assert_null (rapport_ui_highlight_attributes ("abc", -1, 2));
  g_assert_null (rapport_ui_highlight_attributes ("abc", 2, 2));
  g_assert_null (rapport_ui_highlight_attributes ("abc", 1, 9));
  g_assert_null (rapport_ui_highlight_attributes (NULL, 0, 1));
}

static void
test_labels (void)
{
  g_assert_cmpstr (rapport_ui_channel_label (RAPPORT_CHANNEL_SOCIAL), ==, "Social");
  g_assert_cmpstr (rapport_ui_status_label (RAPPORT_TICKET_STATUS_ON_HOLD), ==, "On hold");
  g_assert_cmpstr (rapport_ui_view_label (RAPPORT_VIEW_RECENTLY_SOLVED), ==, "Recently solved");
  g_assert_cmpstr (rapport_ui_channel_icon_name (RAPPORT_CHANNEL_EMAIL), ==,
                   "rapport-channel-email-symbolic");

  /* Every icon the UI names is in our resources. */
  for (guint i = RAPPORT_CHANNEL_EMAIL; i <= RAPPORT_CHANNEL_WEB; i++)
    {
      g_autofree char *path = g_strdup_printf (RESOURCE_PREFIX "/icons/scalable/actions/%s.svg",
                                               rapport_ui_channel_icon_name (i));
      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
    }
  for (guint i = 0; i < RAPPORT_N_VIEWS; i++)
    {
      g_autofree char *path = g_strdup_printf (RESOURCE_PREFIX "/icons/scalable/actions/%s.svg",
                                               rapport_ui_view_icon_name (i));
      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
    }
}

static void
test_error_text (void)
{
  g_autoptr(GError) too_new = g_error_new (RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW, "x");
  g_autoptr(GError) other = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "y");
  g_autofree char *a = rapport_ui_error_to_text (too_new);
  g_autofree char *b = rapport_ui_error_to_text (other);

  g_assert_cmpstr (a, ==, "The workspace database was written by a newer version of Rapport.");
  g_assert_cmpstr (b, ==, "Something went wrong.");
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/util/relative-time", test_relative_time);
  g_test_add_func ("/rapport/ui/util/message-time", test_message_time);
  g_test_add_func ("/rapport/ui/util/time-out-of-range", test_time_out_of_range);
  g_test_add_func ("/rapport/ui/util/bidi-safe", test_bidi_safe);
  g_test_add_func ("/rapport/ui/util/duration-ago", test_duration_ago);
  g_test_add_func ("/rapport/ui/util/highlight", test_highlight);
  g_test_add_func ("/rapport/ui/util/labels", test_labels);
  g_test_add_func ("/rapport/ui/util/error-text", test_error_text);

  return g_test_run ();
}
