/* test-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ui-util"

#include "config.h"

#include "rapport-store.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

#include <string.h>

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
test_cache_rescue_text (void)
{
  RapportCacheRescue damaged = {
    .damage = RAPPORT_STORE_ERROR_CORRUPT,
    .damaged_path = (char *) "/home/sam/.local/share/rapport/rapport.sqlite.damaged-20261207-0812",
    .kept = { [RAPPORT_CACHE_ITEM_ACCOUNT] = 1, [RAPPORT_CACHE_ITEM_REPLY] = 2,
              [RAPPORT_CACHE_ITEM_DRAFT] = 1 },
    .lost = { [RAPPORT_CACHE_ITEM_NOTE] = 1 },
    .unreadable = RAPPORT_CACHE_PART_OUTBOX,
  };
  RapportCacheRescue newer = {
    .damage = RAPPORT_STORE_ERROR_TOO_NEW,
    .damaged_path = (char *) "/tmp/r.sqlite.damaged-1",
    .kept = { [RAPPORT_CACHE_ITEM_ACCOUNT] = 2, [RAPPORT_CACHE_ITEM_MONEY] = 1,
              [RAPPORT_CACHE_ITEM_DECISION] = 3 },
  };
  RapportCacheRescue garbage = {
    .damage = RAPPORT_STORE_ERROR_CORRUPT,
    .damaged_path = (char *) "/tmp/r.sqlite.damaged-2",
    .unreadable = RAPPORT_CACHE_PART_ACCOUNTS | RAPPORT_CACHE_PART_OUTBOX |
                  RAPPORT_CACHE_PART_DRAFTS,
  };
  RapportCacheRescue not_ours = {
    .damage = RAPPORT_STORE_ERROR_NOT_OURS,
    .damaged_path = (char *) "/tmp/r.sqlite.damaged-3",
  };
  g_autofree char *a = rapport_ui_cache_rescue_to_text (&damaged);
  g_autofree char *b = rapport_ui_cache_rescue_to_text (&newer);
  g_autofree char *c = rapport_ui_cache_rescue_to_text (&garbage);
  g_autofree char *d = rapport_ui_cache_rescue_to_text (&not_ours);

  g_assert_cmpstr (a, ==, "The local cache was damaged and was rebuilt. Tickets come back from "
                          "the helpdesk with the next sync.\n\n"
                          "Kept: 1 account, 2 queued replies, 1 draft.\n\n"
                          "Could not recover: 1 queued note, queued changes that could not be "
                          "read.\n\n"
                          "The damaged file was kept at "
                          "/home/sam/.local/share/rapport/rapport.sqlite.damaged-20261207-0812.");
  g_assert_cmpstr (b, ==, "The local cache was written by a newer version of Rapport, so it was "
                          "set aside and rebuilt. Tickets come back from the helpdesk with the "
                          "next sync.\n\n"
                          "Kept: 2 accounts, 1 queued refund or credit, 3 queued approval "
                          "decisions.\n\n"
                          "Nothing else was lost.\n\n"
                          "The damaged file was kept at /tmp/r.sqlite.damaged-1.");
  g_assert_cmpstr (c, ==, "The local cache was damaged and was rebuilt. Tickets come back from "
                          "the helpdesk with the next sync.\n\n"
                          "Nothing could be kept: add your accounts again.\n\n"
                          "Could not recover: accounts that could not be read, queued changes "
                          "that could not be read, drafts that could not be read.\n\n"
                          "The damaged file was kept at /tmp/r.sqlite.damaged-2.");
  g_assert_cmpstr (d, ==, "The local cache file belongs to another program, so it was set aside "
                          "and rebuilt. Tickets come back from the helpdesk with the next "
                          "sync.\n\n"
                          "Nothing could be kept: add your accounts again.\n\n"
                          "Nothing else was lost.\n\n"
                          "The damaged file was kept at /tmp/r.sqlite.damaged-3.");
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

  {
    g_autoptr(GError) locked = g_error_new (RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_LOCKED, "z");
    g_autofree char *c = rapport_ui_error_to_text (locked);

    g_assert_cmpstr (c, ==, "The workspace database is in use by another program. Another "
                            "Rapport may be running: close it, then start Rapport again.");
  }

  {
    g_autoptr(GError) corrupt = g_error_new (RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_CORRUPT,
                                             "w");
    g_autofree char *d = rapport_ui_error_to_text (corrupt);

    g_assert_cmpstr (d, ==, "The workspace database is damaged. Restart Rapport to rebuild it; "
                            "queued changes and drafts are kept where they can be read.");
  }
}

/* What stands between Rapport and the helpdesk, each in its own words, with the host. */
static void
test_connection_error_text (void)
{
  static const struct
  {
    GQuark      domain;
    int         code;
    const char *message;
    const char *text;
  } cases[] = {
    { 0, RAPPORT_PROVIDER_ERROR_NETWORK, "GET x: the connection was refused",
      "The helpdesk cannot be reached. Check the network connection; Rapport tries again on its "
      "own." },
    { 0, RAPPORT_PROVIDER_ERROR_SERVER_ERROR, "GET x: HTTP 500",
      "The helpdesk's server reported an error of its own. Rapport tries again on its own; if "
      "this goes on, tell the helpdesk's administrator." },
    { 0, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, "GET x: malformed JSON",
      "The helpdesk sent an answer Rapport does not understand. Rapport tries again on its own; "
      "if this goes on, tell the helpdesk's administrator." },
    { 0, RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "GET x: a web page [host rt.example.com]",
      "A web sign-in page at rt.example.com answered instead of the helpdesk: a single sign-on "
      "service or proxy is in front of it. Ask the helpdesk's administrator to let Rapport's "
      "API token through." },
    { 0, RAPPORT_PROVIDER_ERROR_REDIRECTED, "GET x: HTTP 302 [host sso.example.com]",
      "The helpdesk sends Rapport to another address, at sso.example.com, which Rapport does "
      "not follow. A sign-in service may be in front of the helpdesk, or its address has "
      "changed: ask its administrator." },
    { 0, RAPPORT_PROVIDER_ERROR_REDIRECTED, "GET x: HTTP 302 without a Location",
      "The helpdesk sends Rapport to another address, which Rapport does not follow. A sign-in "
      "service may be in front of the helpdesk, or its address has changed: ask its "
      "administrator." },
    { 0, RAPPORT_PROVIDER_ERROR_TLS, "GET x: unknown authority [host rt.example.com]",
      "The connection to rt.example.com is not secure: its certificate is not trusted on this "
      "computer or was issued for another name. Rapport does not connect to it; ask the "
      "helpdesk's administrator." },
    { 0, RAPPORT_PROVIDER_ERROR_INSECURE, "Refusing [host example.com]",
      "Rapport does not send the API token to example.com over an unencrypted http:// "
      "connection. Add the account again with its https:// address." },
    { 1, RAPPORT_STORE_ERROR_FULL, "Adding a message: no space left for the database",
      "The disk is full: Rapport cannot save its data. Free some disk space, then try again." },
    { 2, G_IO_ERROR_NO_SPACE, "No space left on device",
      "The disk is full: Rapport cannot save its data. Free some disk space, then try again." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GQuark domain = cases[i].domain == 0 ? RAPPORT_PROVIDER_ERROR :
                      cases[i].domain == 1 ? RAPPORT_STORE_ERROR : G_IO_ERROR;
      g_autoptr(GError) error = g_error_new_literal (domain, cases[i].code, cases[i].message);
      g_autofree char *text = rapport_ui_error_to_text (error);

      g_test_message ("%s", cases[i].message);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Server words in the small print are escaped, and stay whole. */
  {
    g_autoptr(GError) error = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_SERVER_ERROR,
                                                   "GET x: HTTP 500 (the server said: "
                                                   "<b>café</b> & co…)");
    g_autofree char *markup = rapport_ui_error_to_markup (error);

    g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    g_assert_nonnull (strstr (markup, "&lt;b&gt;café&lt;/b&gt; &amp; co…"));
  }

  /* A message cut into the middle of a character still shows, the rest of it intact. */
  {
    g_autoptr(GError) error = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                   RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                                                   "“Name” is “caf\xc3”");
    g_autofree char *markup = rapport_ui_error_to_markup (error);

    g_assert_true (g_utf8_validate (markup, -1, NULL));
    g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    g_assert_nonnull (strstr (markup, "“Name” is “caf\xef\xbf\xbd”"));
  }
}

/* A lazy list's first frame: the rows a screenful holds, two more, never over the fallback. */
static void
test_rows_for_screen (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  int height;

  /* No height yet: the fallback. */
  g_assert_cmpuint (rapport_ui_rows_for_screen (box, 60, 30), ==, 30);

  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_for_frame (box);
  height = gtk_widget_get_height (box);
  g_assert_cmpint (height, >, 300);

  g_assert_cmpuint (rapport_ui_rows_for_screen (box, 60, 30), ==, (guint) height / 60 + 2);
  g_assert_cmpuint (rapport_ui_rows_for_screen (box, 60, 5), ==, 5);
  g_assert_cmpuint (rapport_ui_rows_for_screen (box, height + 1, 30), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A row a list view's factory made names the list item widget GTK puts around it, which
 * assistive technologies list as the row; also when the row moves to another one. */
static void
test_row_accessible_label (void)
{
  GtkWidget *item = g_object_ref_sink (gtk_list_box_row_new ());
  GtkWidget *other = g_object_ref_sink (gtk_list_box_row_new ());
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  GtkWidget *row = gtk_label_new ("Chloé");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), row);
  rapport_ui_set_row_accessible_label (row, "Chloé Silva, Refund, Open, 2 h");
  g_assert_cmpstr (rapport_ui_get_accessible_label (row), ==, "Chloé Silva, Refund, Open, 2 h");
  g_assert_cmpstr (rapport_ui_get_accessible_label (item), ==, "Chloé Silva, Refund, Open, 2 h");
  gtk_test_accessible_assert_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Chloé Silva, Refund, Open, 2 h");

  rapport_ui_set_row_accessible_label (row, "Chloé Silva, Refund, Solved, 3 h");
  g_assert_cmpstr (rapport_ui_get_accessible_label (item), ==, "Chloé Silva, Refund, Solved, 3 h");

  /* Moved into another item: that one reads as the row. */
  g_object_ref (row);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (other), row);
  g_object_unref (row);
  g_assert_cmpstr (rapport_ui_get_accessible_label (other), ==, "Chloé Silva, Refund, Solved, 3 h");

  /* Outside a list, the parent is left alone. */
  g_object_ref (row);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (other), NULL);
  gtk_box_append (GTK_BOX (box), row);
  g_object_unref (row);
  rapport_ui_set_row_accessible_label (row, "Liam López, Charged twice, Open, 1 h");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (box),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  g_object_unref (box);
  g_object_unref (other);
  g_object_unref (item);
}

/* One name each: a button with a mnemonic is named by its label alone ("Retry Now", not
 * "_Retry Now Retry Now"), whatever its label becomes; a widget the app names keeps that
 * name alone, not followed by its mnemonic label's ("Reason", not "Reason Reason"). */
static void
test_mnemonic_names (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *retry = gtk_button_new_with_mnemonic ("_Retry Now");
  GtkWidget *send = gtk_button_new_with_label ("Send");
  GtkWidget *label = gtk_label_new_with_mnemonic ("_Reason");
  GtkWidget *entry = gtk_entry_new ();

  gtk_box_append (GTK_BOX (box), retry);
  gtk_box_append (GTK_BOX (box), send);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (send), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Send reply", -1);

  rapport_ui_name_buttons_by_mnemonic (box);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (retry),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_button_set_label (GTK_BUTTON (retry), "_Try Again");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (retry),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  /* A button without a mnemonic keeps its name. */
  gtk_test_accessible_assert_property (send, GTK_ACCESSIBLE_PROPERTY_LABEL, "Send reply");

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (entry),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  rapport_ui_set_accessible_label (entry, "Reason");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (entry),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  gtk_test_accessible_assert_property (entry, GTK_ACCESSIBLE_PROPERTY_LABEL, "Reason");

  g_object_unref (box);
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
  g_test_add_func ("/rapport/ui/util/connection-error-text", test_connection_error_text);
  g_test_add_func ("/rapport/ui/util/cache-rescue-text", test_cache_rescue_text);
  g_test_add_func ("/rapport/ui/util/rows-for-screen", test_rows_for_screen);
  g_test_add_func ("/rapport/ui/util/row-accessible-label", test_row_accessible_label);
  g_test_add_func ("/rapport/ui/util/mnemonic-names", test_mnemonic_names);

  return g_test_run ();
}
