/* test-store-messages.c
 *
 * Long tickets: the newest page of a ticket's messages with bodies cut at a character
 * boundary, and one message's whole body read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store-messages"

#include "config.h"

#include <string.h>

#include "rapport-store.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

/* A ticket "7001" of Ana with @n messages: "message 0" … at one minute apart, the oldest
 * first; every third is a system event. Returns the ticket's row id. */
static gint64
add_long_ticket (Fixture *fixture,
                 guint    n)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

  test_add_customer (page, "ana", "Ana", NULL, "email", "ana@example.com", NULL);
  test_add_ticket (page, "7001", "A long one", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                   "ana", TEST_AGENT, TEST_ANCHOR - TEST_DAY, TEST_ANCHOR, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("m%u", i);
      g_autofree char *body = g_strdup_printf ("message %u", i);
      RapportMessage *message;

      message = test_add_message (page, remote_id, "7001", RAPPORT_CHANNEL_EMAIL,
                                  RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Ana", "ana",
                                  body, TEST_ANCHOR - TEST_DAY + i * TEST_MINUTE);
      if (i % 3 == 2)
        rapport_message_set_author_kind (message, RAPPORT_AUTHOR_SYSTEM);
    }
  apply_page (fixture, page);

  return ticket_id_of (fixture, "7001");
}

static void
assert_page (GPtrArray *messages,
             guint      first,
             guint      n)
{
  g_assert_cmpuint (messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", first + i);
      RapportMessage *message = g_ptr_array_index (messages, i);

      g_assert_cmpstr (rapport_message_get_body (message), ==, body);
      g_assert_false (rapport_message_get_body_truncated (message));
      g_assert_cmpint (rapport_message_get_body_length (message), ==, g_utf8_strlen (body, -1));
    }
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 ticket_id = add_long_ticket (fixture, 450);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  /* The newest 200, oldest first; older ones remain. */
  {
    g_autoptr(GPtrArray) page = rapport_store_list_recent_messages (fixture->store, ticket_id, 200,
                                                                    &complete, NULL, &error);

    g_assert_no_error (error);
    g_assert_false (complete);
    assert_page (page, 250, 200);
    g_assert_cmpint (rapport_message_get_author_kind (page->pdata[1]), ==,
                     RAPPORT_AUTHOR_SYSTEM);
    g_assert_cmpint (rapport_message_get_ticket_id (page->pdata[0]), ==, ticket_id);
    g_assert_cmpstr (rapport_message_get_ticket_remote_id (page->pdata[0]), ==, "7001");
  }

  /* Two pages; exactly all of them is complete, and so is more than all. */
  {
    g_autoptr(GPtrArray) page = rapport_store_list_recent_messages (fixture->store, ticket_id, 400,
                                                                    &complete, NULL, &error);

    g_assert_no_error (error);
    g_assert_false (complete);
    assert_page (page, 50, 400);
  }
  {
    g_autoptr(GPtrArray) page = rapport_store_list_recent_messages (fixture->store, ticket_id, 450,
                                                                    &complete, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (complete);
    assert_page (page, 0, 450);
  }
  {
    g_autoptr(GPtrArray) page = rapport_store_list_recent_messages (fixture->store, ticket_id, 600,
                                                                    &complete, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (complete);
    assert_page (page, 0, 450);
  }

  /* The whole list is the same, message for message. */
  all = rapport_store_list_messages (fixture->store, ticket_id, NULL, &error);
  g_assert_no_error (error);
  assert_page (all, 0, 450);

  /* No such ticket: empty and complete. */
  {
    g_autoptr(GPtrArray) page = rapport_store_list_recent_messages (fixture->store, 987654, 10,
                                                                    &complete, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 0);
    g_assert_true (complete);
  }
}

/* A body of @n_chars characters, where the last of the preview is a multi-byte one. */
static char *
long_body (gsize n_chars)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < n_chars; i++)
    {
      /* "é" (2 bytes), "€" (3 bytes) and "𝄞" (4 bytes) around the cut. */
      if (i == RAPPORT_MESSAGE_BODY_PREVIEW_CHARS - 1)
        g_string_append (text, "€");
      else if (i == RAPPORT_MESSAGE_BODY_PREVIEW_CHARS)
        g_string_append (text, "𝄞");
      else
        g_string_append (text, i % 2 ? "é" : "a");
    }

  return g_string_free (text, FALSE);
}

static void
test_cut_bodies (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  gsize n_chars = RAPPORT_MESSAGE_BODY_PREVIEW_CHARS + 1000;
  g_autofree char *body = long_body (n_chars);
  g_autofree char *exact = long_body (RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  /* Longer than the part read first (4 bytes a character) and than a chunk counted after. */
  g_autofree char *huge = long_body (100000);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *missing = NULL;
  RapportMessage *cut;
  RapportMessage *fits;
  const char *text;
  gboolean complete = FALSE;
  gint64 ticket_id;

  test_add_customer (page, "ana", "Ana", NULL, "email", "ana@example.com", NULL);
  test_add_ticket (page, "7002", "Pasted a log", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                   "ana", TEST_AGENT, TEST_ANCHOR - TEST_DAY, TEST_ANCHOR, 0);
  test_add_message (page, "huge", "7002", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Ana", "ana", huge, TEST_ANCHOR - 2 * TEST_HOUR);
  test_add_message (page, "long", "7002", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Ana", "ana", body, TEST_ANCHOR - TEST_HOUR);
  test_add_message (page, "exact", "7002", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Ana", "ana", exact, TEST_ANCHOR - TEST_MINUTE);
  apply_page (fixture, page);
  ticket_id = ticket_id_of (fixture, "7002");

  messages = rapport_store_list_recent_messages (fixture->store, ticket_id, 10, &complete, NULL,
                                                 &error);
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (messages->len, ==, 3);

  /* A body of 150 000 bytes (two-byte characters across the chunks it is counted in): its
   * characters counted, its start cut like the others. */
  cut = messages->pdata[0];
  text = rapport_message_get_body (cut);
  g_assert_true (rapport_message_get_body_truncated (cut));
  g_assert_cmpint (rapport_message_get_body_length (cut), ==, 100000);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (text, -1), ==, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  g_assert_true (g_str_has_suffix (text, "€"));
  g_assert_cmpint (strncmp (text, huge, strlen (text)), ==, 0);

  /* Cut after the preview's last character, a three-byte one: valid UTF-8, the start of the
   * body, and the four-byte character after it left out whole. */
  cut = messages->pdata[1];
  text = rapport_message_get_body (cut);
  g_assert_true (rapport_message_get_body_truncated (cut));
  g_assert_cmpint (rapport_message_get_body_length (cut), ==, n_chars);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (text, -1), ==, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  g_assert_true (g_str_has_suffix (text, "€"));
  g_assert_cmpint (strncmp (text, body, strlen (text)), ==, 0);

  /* Exactly the preview's length: whole, not cut. */
  fits = messages->pdata[2];
  g_assert_false (rapport_message_get_body_truncated (fits));
  g_assert_cmpstr (rapport_message_get_body (fits), ==, exact);
  g_assert_cmpint (rapport_message_get_body_length (fits), ==, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);

  /* The whole body, byte for byte. */
  whole = rapport_store_load_message_body (fixture->store, rapport_message_get_id (cut), NULL,
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpstr (whole, ==, body);

  missing = rapport_store_load_message_body (fixture->store, 987654, NULL, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

typedef struct
{
  GPtrArray *messages;
  char      *body;
  gboolean   complete;
  gboolean   done;
  GError    *error;
} AsyncResult;

static void
on_page_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->messages = rapport_store_list_recent_messages_finish (RAPPORT_STORE (source), result,
                                                               &async->complete, &async->error);
  async->done = TRUE;
}

static void
on_body_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->body = rapport_store_load_message_body_finish (RAPPORT_STORE (source), result,
                                                        &async->error);
  async->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 ticket_id = add_long_ticket (fixture, 30);
  AsyncResult page = { 0 };
  AsyncResult body = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult cancelled = { 0 };

  rapport_store_list_recent_messages_async (fixture->store, ticket_id, 20, NULL, on_page_cb,
                                            &page);
  test_wait_for (&page.done);
  g_assert_no_error (page.error);
  g_assert_false (page.complete);
  assert_page (page.messages, 10, 20);

  rapport_store_load_message_body_async (fixture->store,
                                         rapport_message_get_id (page.messages->pdata[0]), NULL,
                                         on_body_cb, &body);
  test_wait_for (&body.done);
  g_assert_no_error (body.error);
  g_assert_cmpstr (body.body, ==, "message 10");

  g_cancellable_cancel (cancellable);
  rapport_store_list_recent_messages_async (fixture->store, ticket_id, 20, cancellable,
                                            on_page_cb, &cancelled);
  test_wait_for (&cancelled.done);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled.messages);
  g_assert_false (cancelled.complete);

  g_ptr_array_unref (page.messages);
  g_free (body.body);
  g_clear_error (&cancelled.error);
}

/* A 5 000-message ticket: the newest page is the newest 200, in order. */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 ticket_id = add_long_ticket (fixture, 5000);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  page = rapport_store_list_recent_messages (fixture->store, ticket_id, 200, &complete, NULL,
                                             &error);
  g_assert_no_error (error);
  g_assert_false (complete);
  assert_page (page, 4800, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "UTC", TRUE);

#define ADD(path, func) \
  g_test_add ("/rapport/store-messages/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("pages", test_pages);
  ADD ("cut-bodies", test_cut_bodies);
  ADD ("async", test_async);
  ADD ("many", test_many);
#undef ADD

  return g_test_run ();
}
