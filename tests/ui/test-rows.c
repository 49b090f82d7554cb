/* test-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rows"

#include "config.h"

#include "rapport-clock.h"
#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-message-row.h"
#include "rapport-search-row.h"
#include "rapport-ticket-row.h"
#include "rapport-ui-test-util.h"
#include "rapport-view-row.h"

static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = rapport_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
      return g_ptr_array_index (labels, i);

  return NULL;
}

static void
test_view_row (void)
{
  GtkWidget *row = g_object_ref_sink (rapport_view_row_new (RAPPORT_VIEW_UNASSIGNED));
  GtkLabel *count;

  g_assert_cmpint (rapport_view_row_get_view (RAPPORT_VIEW_ROW (row)), ==, RAPPORT_VIEW_UNASSIGNED);
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, "Unassigned");
  g_assert_nonnull (find_label (row, "Unassigned"));

  /* The count is a separate label, hidden until known. */
  rapport_view_row_set_count (RAPPORT_VIEW_ROW (row), 12);
  count = find_label (row, "12");
  g_assert_nonnull (count);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (count)));
  rapport_view_row_set_count (RAPPORT_VIEW_ROW (row), -1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (count)));

  g_assert_finalize_object (row);
}

static void
test_ticket_row_fills_in (void)
{
  g_autoptr(RapportTicket) placeholder = rapport_ticket_new_placeholder (7);
  g_autoptr(RapportTicket) loaded = rapport_ticket_new ();
  GtkWidget *row = g_object_ref_sink (rapport_ticket_row_new ());
  const char *label;

  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (row), placeholder);
  g_assert_true (rapport_ticket_row_get_ticket (RAPPORT_TICKET_ROW (row)) == placeholder);
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, "Loading ticket…");
  g_assert_true (gtk_widget_has_css_class (row, "placeholder"));

  /* The list fills the placeholder in place; the row follows its notifications. */
  rapport_ticket_set_id (loaded, 7);
  rapport_ticket_set_subject (loaded, "Refund for <b>order</b> 12");
  rapport_ticket_set_customer_name (loaded, "Ana & Bo");
  rapport_ticket_set_status (loaded, RAPPORT_TICKET_STATUS_PENDING);
  rapport_ticket_set_channel (loaded, RAPPORT_CHANNEL_PHONE);
  rapport_ticket_set_updated_at (loaded, g_get_real_time () / G_USEC_PER_SEC - 5 * 60 - 10);
  rapport_ticket_set_last_message_preview (loaded, "Call me back");
  rapport_ticket_update_from (placeholder, loaded);

  g_assert_false (gtk_widget_has_css_class (row, "placeholder"));
  label = rapport_test_get_accessible_label (row);
  g_assert_cmpstr (label, ==, "Ana & Bo, Refund for <b>order</b> 12, Pending, 5 min");
  /* Data is plain text: shown literally, never parsed as markup. */
  g_assert_nonnull (find_label (row, "Refund for <b>order</b> 12"));
  g_assert_false (gtk_label_get_use_markup (find_label (row, "Refund for <b>order</b> 12")));
  g_assert_nonnull (find_label (row, "Ana & Bo"));
  g_assert_nonnull (find_label (row, "Call me back"));

  /* The minute tick refreshes the row (relative time) without losing anything. */
  g_signal_emit_by_name (rapport_clock_get_default (), "ticked");
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "Ana & Bo, Refund for <b>order</b> 12, Pending, 5 min");

  /* Unbinding lets go of the item. */
  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (row), NULL);
  g_assert_null (rapport_ticket_row_get_ticket (RAPPORT_TICKET_ROW (row)));
  g_assert_finalize_object (row);
}

static RapportMessage *
make_message (RapportDirection  direction,
              RapportVisibility visibility,
              RapportAuthorKind author_kind,
              const char       *author,
              const char       *body)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_id (message, 1);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_CHAT);
  rapport_message_set_direction (message, direction);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_author_kind (message, author_kind);
  rapport_message_set_author_name (message, author);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, g_get_real_time () / G_USEC_PER_SEC - 3600);

  return message;
}

static void
test_message_rows (void)
{
  static const struct {
    RapportDirection  direction;
    RapportVisibility visibility;
    const char       *kind;
    const char       *css_class;
  } kinds[] = {
    { RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Message", "inbound" },
    { RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC, "Reply", "outbound" },
    { RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL, "Internal note", "internal" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(RapportMessage) message = NULL;
      g_autofree char *prefix = NULL;
      GtkWidget *row;
      GtkLabel *body;
      const char *label;

      message = make_message (kinds[i].direction, kinds[i].visibility, RAPPORT_AUTHOR_AGENT,
                              "Sam Rivera", "Use <i>this</i> & that");
      row = g_object_ref_sink (rapport_message_row_new (message));

      g_assert_true (rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row)) == message);
      g_assert_true (gtk_widget_has_css_class (row, kinds[i].css_class));
      label = rapport_test_get_accessible_label (row);
      prefix = g_strdup_printf ("Sam Rivera, %s, Chat, ", kinds[i].kind);
      g_assert_true (g_str_has_prefix (label, prefix));
      g_assert_true (g_str_has_suffix (label, ": Use <i>this</i> & that"));

      body = find_label (row, "Use <i>this</i> & that");
      g_assert_nonnull (body);
      g_assert_false (gtk_label_get_use_markup (body));

      /* Replies and notes carry a visible tag; notes say "Internal note". */
      if (kinds[i].visibility == RAPPORT_VISIBILITY_INTERNAL)
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_label (row, "Internal note"))));
      else if (kinds[i].direction == RAPPORT_DIRECTION_OUTBOUND)
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_label (row, "Reply"))));

      g_assert_finalize_object (row);
    }
}

static void
test_search_row (void)
{
  const char *snippet = "…the sourdough starter kit I ordered…";
  const char *start = strstr (snippet, "sourdough");
  g_autoptr(RapportSearchHit) hit = NULL;
  g_autoptr(RapportSearchHit) no_match = NULL;
  GtkWidget *row = g_object_ref_sink (rapport_search_row_new ());
  PangoAttrList *attrs;
  GtkLabel *label;
  g_autoptr(GSList) list = NULL;
  gboolean bold = FALSE;

  hit = rapport_search_hit_new (4, 9, "Still waiting", RAPPORT_TICKET_STATUS_OPEN,
                                RAPPORT_CHANNEL_SOCIAL, "Chloé Silva", snippet,
                                (int) (start - snippet), (int) (start - snippet) + 9,
                                g_get_real_time () / G_USEC_PER_SEC);
  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (row), hit);
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "Still waiting, Chloé Silva: …the sourdough starter kit I ordered…");

  /* The match is highlighted by attributes over exactly its bytes. */
  label = find_label (row, snippet);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  attrs = gtk_label_get_attributes (label);
  g_assert_nonnull (attrs);
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      g_assert_cmpuint (attr->start_index, ==, start - snippet);
      g_assert_cmpuint (attr->end_index, ==, start - snippet + 9);
      if (attr->klass->type == PANGO_ATTR_WEIGHT)
        bold = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  g_assert_true (bold);

  /* No match (or a range outside the text): no attributes. */
  no_match = rapport_search_hit_new (4, 0, "Still waiting", RAPPORT_TICKET_STATUS_OPEN,
                                     RAPPORT_CHANNEL_SOCIAL, "Chloé Silva", "short", 2, 40, 0);
  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (row), no_match);
  g_assert_null (gtk_label_get_attributes (find_label (row, "short")));

  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (row), NULL);
  g_assert_finalize_object (row);
}

/* A matched subject with an override: shown cleaned, without the stored subject's highlight
 * (its offsets no longer fit); a right-to-left customer name isolated. */
static void
test_search_row_spoofing (void)
{
  const char *subject = "Invoice \u202Egnp.exe";
  g_autoptr(RapportSearchHit) hit = NULL;
  GtkWidget *row = g_object_ref_sink (rapport_search_row_new ());
  GtkLabel *label;

  hit = rapport_search_hit_new (4, 0, subject, RAPPORT_TICKET_STATUS_OPEN,
                                RAPPORT_CHANNEL_EMAIL, "\u05E8\u05D5\u05EA", subject, 0, 7, 0);
  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (row), hit);
  label = find_label (row, "Invoice gnp.exe");
  g_assert_nonnull (label);
  g_assert_null (gtk_label_get_attributes (label));
  g_assert_nonnull (find_label (row, "\u2068\u05E8\u05D5\u05EA\u2069"));
  g_assert_nonnull (find_label (row, "Date unknown"));
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "Invoice gnp.exe, \u2068\u05E8\u05D5\u05EA\u2069: Invoice gnp.exe");

  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (row), NULL);
  g_assert_finalize_object (row);
}

static void
test_history_row (void)
{
  g_autoptr(RapportHistoryEntry) entry = NULL;
  g_autoptr(RapportHistoryEntry) other = NULL;
  g_autoptr(GVariant) target = NULL;
  GtkWidget *row;

  entry = rapport_history_entry_new (31, 1004, "1004", "Still waiting for my sourdough starter kit",
                                     RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_SOCIAL,
                                     RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
                                     "Sam Rivera", "Carrier says the parcel is stuck",
                                     g_get_real_time () / G_USEC_PER_SEC - 5 * 3600);
  row = g_object_ref_sink (rapport_history_row_new (entry));

  g_assert_true (rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row)) == entry);
  g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (row),
                                   "Social, Still waiting for my sourdough starter kit, Open, "));
  g_assert_true (g_str_has_suffix (rapport_test_get_accessible_label (row),
                                   ": Carrier says the parcel is stuck"));
  g_assert_true (gtk_widget_has_css_class (row, "internal"));

  rapport_history_row_set_current (RAPPORT_HISTORY_ROW (row), TRUE);
  g_assert_true (gtk_widget_has_css_class (row, "current"));
  g_assert_true (rapport_history_row_get_current (RAPPORT_HISTORY_ROW (row)));
  rapport_history_row_set_current (RAPPORT_HISTORY_ROW (row), FALSE);
  g_assert_false (gtk_widget_has_css_class (row, "current"));

  /* Shown again for another entry (a list view recycles it): everything is the new entry's,
   * its name first; nothing of the note stays. */
  other = rapport_history_entry_new (32, 1005, "1005", "Invoice needed with VAT number",
                                     RAPPORT_TICKET_STATUS_SOLVED, RAPPORT_CHANNEL_EMAIL,
                                     RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
                                     "Chloé Silva", "Perfect, thank you!",
                                     g_get_real_time () / G_USEC_PER_SEC - 3600);
  rapport_history_row_set_entry (RAPPORT_HISTORY_ROW (row), other);
  g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (row),
                                   "Email, Invoice needed with VAT number, Solved, "));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     rapport_test_get_accessible_label (row)));
  g_assert_false (gtk_widget_has_css_class (row, "internal"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (row, "Perfect, thank you!"));
  g_assert_null (rapport_test_find_label_with_prefix (row, "Carrier says"));

  /* Put aside: no name of an entry it no longer shows. */
  rapport_history_row_set_entry (RAPPORT_HISTORY_ROW (row), NULL);
  g_assert_null (rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row)));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, ""));

  g_assert_finalize_object (row);

  /* In a list box, its row opens the ticket. */
  row = g_object_ref_sink (rapport_history_row_new_list_row (entry));
  g_assert_true (RAPPORT_IS_HISTORY_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.open-ticket");
  target = g_variant_ref (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)));
  g_assert_cmpint (g_variant_get_int64 (target), ==, 1004);
  g_assert_finalize_object (row);
}

/* A subject of any length gives a bounded accessible name. */
static void
test_history_row_long_subject (void)
{
  g_autoptr(RapportHistoryEntry) entry = NULL;
  g_autoptr(GString) subject = g_string_new (NULL);
  GtkWidget *row;
  const char *label;

  for (guint i = 0; i < 10000; i++)
    g_string_append (subject, "é");
  entry = rapport_history_entry_new (31, 1004, "1004", subject->str,
                                     RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                                     RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
                                     "Sam Rivera", "Short", g_get_real_time () / G_USEC_PER_SEC);
  row = g_object_ref_sink (rapport_history_row_new (entry));
  label = rapport_test_get_accessible_label (row);
  g_assert_true (g_str_has_prefix (label, "Email, ééé"));
  g_assert_nonnull (strstr (label, "é…, Open, "));
  g_assert_cmpint (g_utf8_strlen (label, -1), <, RAPPORT_HISTORY_ROW_NAME_SUBJECT_CHARS + 100);
  g_assert_finalize_object (row);
}

static void
test_identity_row (void)
{
  g_autoptr(RapportIdentity) identity = rapport_identity_new (RAPPORT_CHANNEL_PHONE,
                                                              "+33 6 12 34 56 78");
  GtkWidget *row = g_object_ref_sink (rapport_identity_row_new (identity));

  g_assert_true (rapport_identity_row_get_identity (RAPPORT_IDENTITY_ROW (row)) == identity);
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, "Phone: +33 6 12 34 56 78");
  g_assert_nonnull (find_label (row, "+33 6 12 34 56 78"));
  g_assert_nonnull (find_label (row, "Phone"));

  g_assert_finalize_object (row);
}

/* Names and subjects from anyone: a right-to-left override is not obeyed, a name written
 * right to left is isolated in the labels and the accessible name, and a date after now is
 * said as it is, never "Now". */
static void
test_ticket_row_spoofing (void)
{
  g_autoptr(RapportTicket) shown = rapport_ticket_new_placeholder (8);
  g_autoptr(RapportTicket) ticket = rapport_ticket_new ();
  g_autoptr(GDateTime) far = g_date_time_new_utc (2999, 6, 15, 12, 0, 0);
  GtkWidget *row = g_object_ref_sink (rapport_ticket_row_new ());

  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (row), shown);
  rapport_ticket_set_id (ticket, 8);
  rapport_ticket_set_subject (ticket, "Invoice \u202Egnp.exe\u202C\nattached");
  rapport_ticket_set_customer_name (ticket, "\u202E\u05E8\u05D5\u05EA\u202C 2");
  rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_channel (ticket, RAPPORT_CHANNEL_EMAIL);
  rapport_ticket_set_updated_at (ticket, g_date_time_to_unix (far));
  rapport_ticket_update_from (shown, ticket);

  g_assert_nonnull (find_label (row, "Invoice gnp.exe attached"));
  g_assert_nonnull (find_label (row, "\u2068\u05E8\u05D5\u05EA 2\u2069"));
  g_assert_nonnull (find_label (row, "15 Jun 2999"));
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "\u2068\u05E8\u05D5\u05EA 2\u2069, Invoice gnp.exe attached, Open, 15 Jun 2999");

  /* RT's "never" (stored as unset): said, not left blank. */
  rapport_ticket_set_updated_at (ticket, 0);
  rapport_ticket_update_from (shown, ticket);
  g_assert_nonnull (find_label (row, "Date unknown"));
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "\u2068\u05E8\u05D5\u05EA 2\u2069, Invoice gnp.exe attached, Open, Date unknown");

  rapport_ticket_row_set_ticket (RAPPORT_TICKET_ROW (row), NULL);
  g_assert_finalize_object (row);
}

static void
test_message_row_spoofing (void)
{
  g_autoptr(RapportMessage) spoof = make_message (RAPPORT_DIRECTION_INBOUND,
                                                  RAPPORT_VISIBILITY_PUBLIC,
                                                  RAPPORT_AUTHOR_CUSTOMER,
                                                  "Admin\u202Egnp.exe\n", "Hello");
  g_autoptr(RapportMessage) arabic = make_message (RAPPORT_DIRECTION_INBOUND,
                                                   RAPPORT_VISIBILITY_PUBLIC,
                                                   RAPPORT_AUTHOR_CUSTOMER,
                                                   "\u200F\u0645\u0631\u064A\u0645", "Hi");
  GtkWidget *row;
  GtkLabel *meta;

  row = g_object_ref_sink (rapport_message_row_new (spoof));
  g_assert_nonnull (find_label (row, "Admingnp.exe"));
  g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (row),
                                   "Admingnp.exe, Message, Chat, "));
  g_assert_finalize_object (row);

  /* No date (RT's 1970 or a date out of range): said so. */
  rapport_message_set_created_at (arabic, 0);
  row = g_object_ref_sink (rapport_message_row_new (arabic));
  g_assert_nonnull (find_label (row, "\u2068\u0645\u0631\u064A\u0645\u2069"));
  meta = find_label (row, "Chat · Date unknown");
  g_assert_nonnull (meta);
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==,
                   "\u2068\u0645\u0631\u064A\u0645\u2069, Message, Chat, Date unknown: Hi");
  g_assert_finalize_object (row);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/rows/view-row", test_view_row);
  g_test_add_func ("/rapport/ui/rows/ticket-row-fills-in", test_ticket_row_fills_in);
  g_test_add_func ("/rapport/ui/rows/message-rows", test_message_rows);
  g_test_add_func ("/rapport/ui/rows/ticket-row-spoofing", test_ticket_row_spoofing);
  g_test_add_func ("/rapport/ui/rows/message-row-spoofing", test_message_row_spoofing);
  g_test_add_func ("/rapport/ui/rows/search-row", test_search_row);
  g_test_add_func ("/rapport/ui/rows/search-row-spoofing", test_search_row_spoofing);
  g_test_add_func ("/rapport/ui/rows/history-row", test_history_row);
  g_test_add_func ("/rapport/ui/rows/history-row-long-subject", test_history_row_long_subject);
  g_test_add_func ("/rapport/ui/rows/identity-row", test_identity_row);

  return g_test_run ();
}
