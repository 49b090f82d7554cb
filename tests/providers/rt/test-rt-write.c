/* test-rt-write.c
 *
 * RapportRtProvider's writes against a fake Request Tracker (rt-provider-fixture.c):
 * post_message and update_ticket, what they send, how they read back, and how their
 * failures map to what the outbox needs to know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-provider"

#include "config.h"

#include "rt-provider-fixture.h"

#include "rapport-http.h"

#include <string.h>

/* Writes ------------------------------------------------------------------------------- */

static RapportMessage *
post (RapportProvider    *provider,
      const char         *ticket_id,
      RapportVisibility   visibility,
      const char         *body,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_post_message_async (provider, ticket_id, visibility, body, NULL,
                                       on_result_cb, &result);
  return rapport_provider_post_message_finish (provider, wait_for (&result), error);
}

static RapportTicket *
update (RapportProvider             *provider,
        const char                  *ticket_id,
        const RapportTicketChanges  *changes,
        GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_update_ticket_async (provider, ticket_id, changes, NULL, on_result_cb,
                                        &result);
  return rapport_provider_update_ticket_finish (provider, wait_for (&result), error);
}

static Request *
first_request_with_method (FakeRt     *rt,
                           const char *method)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (rt);

  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (((Request *) requests->pdata[i])->method, method) == 0)
      return requests->pdata[i];
  return NULL;
}

static void
assert_json_body (Request    *request,
                  const char *member,
                  const char *expected)
{
  g_autoptr(JsonNode) root = json_from_string (request->body, NULL);
  JsonObject *object;

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, member, NULL), ==,
                   expected);
}

static void
test_post_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Refund sent — 19,00 €", &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  request = first_request_with_method (f->rt, "POST");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1/correspond");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  g_assert_cmpstr (request->authorization, ==, "token " TOKEN_SAM);
  assert_json_body (request, "Content", "Refund sent — 19,00 €");
  assert_json_body (request, "ContentType", "text/plain");
  g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), ==, 1);

  /* The message as the pull side numbers it: the transaction of the Location header. */
  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, "54");
  g_assert_cmpstr (rapport_message_get_ticket_remote_id (message), ==, "1");
  g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==, "sam.agent");
  g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_AGENT);
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_cmpint (rapport_message_get_created_at (message), >, 0);
}

static void
test_post_note (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  message = post (provider, "1", RAPPORT_VISIBILITY_INTERNAL, "Checked with billing", &error);
  g_assert_no_error (error);

  request = first_request_with_method (f->rt, "POST");
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1/comment");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  assert_json_body (request, "Content", "Checked with billing");
  g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), ==, 0);

  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, "53");
  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_INTERNAL);
}

static void
test_post_empty (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  const char *bodies[] = { "", "   \n\t " };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportMessage) message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC,
                                                bodies[i], &error);

      g_assert_null (message);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportMessage) message = post (provider, "1; DROP", RAPPORT_VISIBILITY_PUBLIC,
                                              "hello", &error);

    g_assert_null (message);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }

  /* Nothing reached the server. */
  {
    g_autoptr(GPtrArray) requests = fake_rt_requests (f->rt);

    g_assert_cmpuint (requests->len, ==, 0);
  }
}

typedef struct
{
  OverrideKind          kind;
  guint                 status;
  const char           *header_name;
  const char           *header_value;
  RapportProviderError  code;
  guint                 retry_after;
} WriteErrorCase;

static void
test_post_errors (Fixture       *f,
                  gconstpointer  data)
{
  const WriteErrorCase cases[] = {
    { OVERRIDE_RESPOND, 401, NULL, NULL, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED, 0 },
    { OVERRIDE_RESPOND, 403, NULL, NULL, RAPPORT_PROVIDER_ERROR_FORBIDDEN, 0 },
    { OVERRIDE_RESPOND, 404, NULL, NULL, RAPPORT_PROVIDER_ERROR_NOT_FOUND, 0 },
    { OVERRIDE_RESPOND, 409, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 412, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 429, "Retry-After", "7", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 7 },
    { OVERRIDE_RESPOND, 503, "Retry-After", "12", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 12 },
    { OVERRIDE_RESPOND, 503, NULL, NULL, RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 0 },
    { OVERRIDE_RESPOND, 500, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_RESPOND, 502, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_TRUNCATE, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_DROP, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
  };
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WriteErrorCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportMessage) message = NULL;

      g_test_message ("case %u: status %u, kind %d", i, c->status, c->kind);
      fake_rt_clear (f->rt);
      fake_rt_override (f->rt, "/REST/2.0/ticket/1/correspond", c->kind, c->status,
                        ERROR_TYPE, c->kind == OVERRIDE_RESPOND ? "{\"message\":\"No\"}" :
                                    "[\"Correspondence added\"]",
                        c->header_name, c->header_value);

      message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Hello", &error);
      g_assert_null (message);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, (gint) c->code);
      g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, c->retry_after);
      g_assert_cmpuint (count_requests (f->rt, "/correspond", NULL, NULL), >=, 1);
    }
}

static void
test_post_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(SoupSession) session = rapport_http_session_new (1);
  g_autoptr(RapportMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  /* The request went out; the answer never comes. */
  rapport_rt_provider_set_session (RAPPORT_RT_PROVIDER (provider), session);
  fake_rt_override (f->rt, "/REST/2.0/ticket/1/comment", OVERRIDE_STALL, 0, NULL, NULL, NULL,
                    NULL);
  message = post (provider, "1", RAPPORT_VISIBILITY_INTERNAL, "Hello", &error);
  g_assert_null (message);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN);
}

static void
test_post_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(RapportMessage) message = NULL;
  g_autofree char *url = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  /* Nothing was sent: safe to retry. */
  provider = rapport_rt_provider_new (url, TOKEN_SAM, &error);
  g_assert_no_error (error);
  message = post (provider, "1", RAPPORT_VISIBILITY_PUBLIC, "Hello", &error);
  g_assert_null (message);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  Request *request;

  changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE |
                    RAPPORT_TICKET_FIELD_PRIORITY;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  changes->assignee_remote_id = g_strdup ("sam.agent");
  changes->priority = RAPPORT_TICKET_PRIORITY_LOW;

  ticket = update (provider, "1", changes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "1");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);

  request = first_request_with_method (f->rt, "PUT");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/REST/2.0/ticket/1");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  root = json_from_string (request->body, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "Status"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (object, "Owner"), ==, "sam.agent");
  g_assert_cmpint (json_object_get_int_member (object, "Priority"), ==, 10);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);

  /* Read back after the PUT. */
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/1", NULL, NULL), ==, 2);
}

static void
test_update_only_named (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* Unassigning is Owner "Nobody"; the ticket reads back owned by sam.agent: refused. */
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  ticket = update (provider, "1", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);

  root = json_from_string (first_request_with_method (f->rt, "PUT")->body, NULL);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "Owner"), ==, "Nobody");
  g_assert_false (json_object_has_member (object, "Status"));
  g_assert_false (json_object_has_member (object, "Priority"));
}

static void
test_update_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  /* RT answers 200 with words; the ticket reads back "resolved". */
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_ON_HOLD;
  ticket = update (provider, "1", changes, &error);
  g_assert_null (ticket);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Status 'stalled' isn't a valid status"));
  assert_json_body (first_request_with_method (f->rt, "PUT"), "Status", "stalled");
}

static void
test_update_errors (Fixture       *f,
                    gconstpointer  data)
{
  const WriteErrorCase cases[] = {
    { OVERRIDE_RESPOND, 401, NULL, NULL, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED, 0 },
    { OVERRIDE_RESPOND, 403, NULL, NULL, RAPPORT_PROVIDER_ERROR_FORBIDDEN, 0 },
    { OVERRIDE_RESPOND, 404, NULL, NULL, RAPPORT_PROVIDER_ERROR_NOT_FOUND, 0 },
    { OVERRIDE_RESPOND, 412, NULL, NULL, RAPPORT_PROVIDER_ERROR_CONFLICT, 0 },
    { OVERRIDE_RESPOND, 429, "Retry-After", "3", RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 3 },
    { OVERRIDE_RESPOND, 503, NULL, NULL, RAPPORT_PROVIDER_ERROR_RATE_LIMITED, 0 },
    { OVERRIDE_TRUNCATE, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
    { OVERRIDE_DROP, 0, NULL, NULL, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN, 0 },
  };
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();

  changes->fields = RAPPORT_TICKET_FIELD_PRIORITY;
  changes->priority = RAPPORT_TICKET_PRIORITY_HIGH;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WriteErrorCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTicket) ticket = NULL;

      g_test_message ("case %u: status %u, kind %d", i, c->status, c->kind);
      fake_rt_clear (f->rt);
      fake_rt_override (f->rt, "/REST/2.0/ticket/1", c->kind, c->status, ERROR_TYPE,
                        c->kind == OVERRIDE_RESPOND ? "{\"message\":\"No\"}" : "[\"Done\"]",
                        c->header_name, c->header_value);

      ticket = update (provider, "1", changes, &error);
      g_assert_null (ticket);
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, (gint) c->code);
      g_assert_cmpuint (rapport_provider_error_get_retry_after (error), ==, c->retry_after);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/rt-provider/post-reply", Fixture, NULL,
              fixture_set_up, test_post_reply, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-note", Fixture, NULL,
              fixture_set_up, test_post_note, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-empty", Fixture, NULL,
              fixture_set_up, test_post_empty, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-errors", Fixture, NULL,
              fixture_set_up, test_post_errors, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-timeout", Fixture, NULL,
              fixture_set_up, test_post_timeout, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/post-refused", Fixture, NULL,
              fixture_set_up, test_post_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update", Fixture, NULL,
              fixture_set_up, test_update, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-only-named", Fixture, NULL,
              fixture_set_up, test_update_only_named, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-refused", Fixture, NULL,
              fixture_set_up, test_update_refused, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/update-errors", Fixture, NULL,
              fixture_set_up, test_update_errors, fixture_tear_down);

  return g_test_run ();
}
