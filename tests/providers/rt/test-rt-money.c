/* test-rt-money.c
 *
 * RapportRtProvider's money actions and approvals against a fake Request Tracker
 * (rt-provider-fixture.c) serving answers captured from a real RT 5.0.3 with
 * data/rt/rapport-authority.pl loaded (tests/data/rt/money, see its README.md): creating
 * a money action within and over the limit, deciding an approval (with the client's ETag,
 * stale, forbidden), the user's authority, the evidence of a ticket, and a pull that meets
 * money tickets (set aside when they or their approval do not read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-provider"

#include "config.h"

#include "rt-provider-fixture.h"

#include "rapport-rt-money-parser.h"
#include "rapport-rt-parser.h"

#include <string.h>

#define API "/REST/2.0/"

/* Serves the captured answer tests/data/rt/money/@name.json at @path (with its ETag when
 * it had one). */
static void
serve (Fixture    *f,
       const char *path,
       guint       status,
       const char *name,
       const char *etag)
{
  g_autofree char *file = g_strdup_printf ("money/%s.json", name);
  g_autofree char *body = fixture_body (file);
  g_autofree char *quoted = etag != NULL ? g_strdup_printf ("\"%s\"", etag) : NULL;

  fake_rt_override (f->rt, path, OVERRIDE_RESPOND, status, JSON_TYPE, body,
                    etag != NULL ? "ETag" : NULL, quoted);
}

/* A money ticket with its history and texts. */
static void
serve_money_ticket (Fixture    *f,
                    const char *id,
                    const char *prefix,
                    const char *etag)
{
  g_autofree char *record = g_strdup_printf ("GET " API "ticket/%s", id);
  g_autofree char *history = g_strdup_printf (API "ticket/%s/history", id);
  g_autofree char *parts = g_strdup_printf (API "ticket/%s/attachments", id);
  g_autofree char *record_name = g_strdup_printf ("%s-ticket", prefix);
  g_autofree char *history_name = g_strdup_printf ("%s-history", prefix);
  g_autofree char *parts_name = g_strdup_printf ("%s-parts", prefix);

  serve (f, record, 200, record_name, etag);
  serve (f, history, 200, history_name, NULL);
  serve (f, parts, 200, parts_name, NULL);
}

static void
serve_supervisors (Fixture *f)
{
  serve (f, "POST " API "groups", 200, "groups-supervisors", NULL);
  serve (f, API "group/44", 200, "group-supervisors", NULL);
}

static RapportMoneyAction *
create (RapportProvider  *provider,
        const char       *amount_wire,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RapportMoney amount;

  g_assert_true (rapport_money_parse_wire (&amount, amount_wire, "USD", NULL));
  rapport_provider_create_money_action_async (provider, "1", RAPPORT_MONEY_KIND_REFUND, &amount,
                                              "Charged twice", "1042", "chloe@example.com",
                                              NULL, on_result_cb, &result);
  return rapport_provider_create_money_action_finish (provider, wait_for (&result), error);
}

static RapportApproval *
decide (RapportProvider  *provider,
        RapportDecision   decision,
        const char       *note,
        const char       *etag,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_decide_approval_async (provider, "4", decision, note, etag, NULL,
                                          on_result_cb, &result);
  return rapport_provider_decide_approval_finish (provider, wait_for (&result), error);
}

static Request *
find_request (Fixture    *f,
              const char *method,
              const char *path)
{
  g_autoptr(GPtrArray) requests = fake_rt_requests (f->rt);

  for (guint i = 0; i < requests->len; i++)
    {
      Request *r = requests->pdata[i];

      if (g_strcmp0 (r->method, method) == 0 && g_strcmp0 (r->path, path) == 0)
        return r;
    }
  return NULL;
}

/* create_money_action ------------------------------------------------------------------- */

static void
test_create_within_limit (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  JsonObject *body, *fields;
  Request *post;

  fake_rt_override (f->rt, "POST " API "ticket", OVERRIDE_RESPOND, 201, JSON_TYPE,
                    "{\"type\":\"ticket\",\"id\":\"2\"}", "Location", API "ticket/2");
  serve_money_ticket (f, "2", "allowed", "76");

  action = create (provider, "20.00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_money_action_get_remote_id (action), ==, "2");
  g_assert_cmpstr (rapport_money_action_get_ticket_remote_id (action), ==, "1");
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpint (rapport_money_action_get_verdict (action), ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpstr (rapport_money_action_get_requester_remote_id (action), ==, "ana.agent");
  g_assert_cmpstr (rapport_money_action_get_requester_name (action), ==, "Ana Agent");
  g_assert_cmpint (rapport_money_action_get_amount (action)->minor, ==, 2000);
  g_assert_cmpstr (rapport_money_action_get_amount (action)->currency, ==, "USD");
  g_assert_cmpstr (rapport_money_action_get_customer_key (action), ==, "chloe@example.com");
  g_assert_null (rapport_money_action_get_approval_remote_id (action));
  g_assert_cmpint (rapport_money_action_get_created_at (action), >, 0);

  /* What was sent: queue Money, the customer's ticket, the fields; never a Requestor. */
  post = find_request (f, "POST", API "ticket");
  g_assert_nonnull (post);
  g_assert_true (g_str_has_prefix (post->content_type, "application/json"));
  sent = json_from_string (post->body, &error);
  g_assert_no_error (error);
  body = json_node_get_object (sent);
  g_assert_cmpstr (json_object_get_string_member (body, "Queue"), ==, "Money");
  g_assert_cmpint (json_object_get_int_member (body, "RefersTo"), ==, 1);
  g_assert_false (json_object_has_member (body, "Requestor"));
  fields = json_object_get_object_member (body, "CustomFields");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money kind"), ==, "refund");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money amount"), ==, "20.00");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money currency"), ==, "USD");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money reason"), ==, "Charged twice");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money order reference"), ==, "1042");
  g_assert_cmpstr (json_object_get_string_member (fields, "Money customer"), ==,
                   "chloe@example.com");
  {
    g_autoptr(GPtrArray) requests = fake_rt_requests (f->rt);

    for (guint i = 0; i < requests->len; i++)
      g_assert_cmpstr (((Request *) requests->pdata[i])->authorization, ==, "token " TOKEN_SAM);
  }
}

static void
test_create_over_limit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(GError) error = NULL;

  fake_rt_override (f->rt, "POST " API "ticket", OVERRIDE_RESPOND, 201, JSON_TYPE,
                    "{\"type\":\"ticket\",\"id\":\"3\"}", "Location", API "ticket/3");
  serve_money_ticket (f, "3", "pending", "83");
  /* An agent may not read approvals. */
  serve (f, "GET " API "ticket/4", 403, "approval-forbidden", NULL);
  serve_supervisors (f);

  action = create (provider, "60.00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_money_action_get_remote_id (action), ==, "3");
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict (action), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict_reason (action), ==,
                   RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  g_assert_cmpstr (rapport_money_action_get_approval_remote_id (action), ==, "4");
  /* Stored "Chloe@Example.com " on the server: normalized. */
  g_assert_cmpstr (rapport_money_action_get_customer_key (action), ==, "chloe@example.com");
  g_assert_cmpstr (rapport_money_action_get_order_reference (action), ==, "1042");
  g_assert_true (rapport_money_action_awaits_decision (action));
}

static void
test_create_unknown_outcome (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(GError) error = NULL;

  /* RT failed while handling it: it may have recorded the ticket. */
  fake_rt_override (f->rt, "POST " API "ticket", OVERRIDE_RESPOND, 500, "text/html",
                    "<html>error</html>", NULL, NULL);
  action = create (provider, "20.00", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN);
  g_assert_null (action);
  g_clear_error (&error);

  /* The request went out and the connection closed without an answer. */
  fake_rt_override (f->rt, "POST " API "ticket", OVERRIDE_DROP, 0, NULL, NULL, NULL, NULL);
  action = create (provider, "20.00", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);

  /* Created, but the read-back failed. */
  fake_rt_override (f->rt, "POST " API "ticket", OVERRIDE_RESPOND, 201, JSON_TYPE,
                    "{\"type\":\"ticket\",\"id\":\"2\"}", "Location", API "ticket/2");
  fake_rt_override (f->rt, "GET " API "ticket/2", OVERRIDE_RESPOND, 500, "text/html", "",
                    NULL, NULL);
  action = create (provider, "20.00", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN);
  g_clear_error (&error);

  /* Refused before anything was sent: no amount. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    RapportMoney zero = { 0, "USD" };

    rapport_provider_create_money_action_async (provider, "1", RAPPORT_MONEY_KIND_REFUND, &zero,
                                                "x", NULL, "chloe@example.com", NULL,
                                                on_result_cb, &result);
    g_assert_null (rapport_provider_create_money_action_finish (provider, wait_for (&result),
                                                                &error));
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  }
}

/* decide_approval ----------------------------------------------------------------------- */

static void
serve_decided (Fixture    *f,
               const char *approval_etag)
{
  serve_money_ticket (f, "3", "approved", "98");
  serve (f, "GET " API "ticket/4", 200, "approved-approval-ticket", approval_etag);
  serve (f, API "ticket/4/history", 200, "approved-approval-history", NULL);
  serve (f, API "ticket/4/attachments", 200, "approved-approval-parts", NULL);
  serve_supervisors (f);
}

static void
test_decide_with_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportApproval) approval = NULL;
  g_autoptr(GError) error = NULL;
  Request *check, *note, *put;

  /* The approval still is at the ETag the client saw (90). */
  serve_decided (f, "90");
  serve (f, "POST " API "ticket/4/correspond", 201, "approval-note", NULL);
  fake_rt_override (f->rt, "POST " API "ticket/4/correspond", OVERRIDE_RESPOND, 201, JSON_TYPE,
                    "[\"Correspondence added\"]", "Location", API "transaction/92");
  serve (f, "PUT " API "ticket/4", 200, "approval-resolve", NULL);

  approval = decide (provider, RAPPORT_DECISION_APPROVE,
                     "Approved: charged twice, checked the bank statement", "90", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_approval_get_remote_id (approval), ==, "4");
  g_assert_cmpstr (rapport_approval_get_action_remote_id (approval), ==, "3");
  g_assert_cmpint (rapport_approval_get_decision (approval), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (approval), ==, "vic.supervisor");
  g_assert_cmpstr (rapport_approval_get_decided_by_name (approval), ==, "Vic Supervisor");
  g_assert_true (rapport_approval_get_decider_is_supervisor (approval));
  g_assert_cmpstr (rapport_approval_get_note (approval), ==,
                   "Approved: charged twice, checked the bank statement");
  g_assert_cmpint (rapport_approval_get_amount (approval)->minor, ==, 6000);
  g_assert_cmpint (rapport_approval_get_decided_at (approval), >, 0);

  /* The check names the client's ETag, the status change the note's transaction. */
  check = find_request (f, "GET", API "ticket/4");
  g_assert_nonnull (check);
  g_assert_cmpstr (check->if_none_match, ==, "\"90\"");
  note = find_request (f, "POST", API "ticket/4/correspond");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note->body, "checked the bank statement"));
  put = find_request (f, "PUT", API "ticket/4");
  g_assert_nonnull (put);
  g_assert_cmpstr (put->if_match, ==, "\"92\"");
  g_assert_nonnull (strstr (put->body, "\"resolved\""));
}

static void
test_decide_stale (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportApproval) approval = NULL;
  g_autoptr(GError) error = NULL;

  /* Changed since the client read it at 90: nothing is written. */
  serve_decided (f, "95");
  approval = decide (provider, RAPPORT_DECISION_APPROVE, "ok", "90", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_assert_null (approval);
  g_assert_null (find_request (f, "POST", API "ticket/4/correspond"));
  g_assert_null (find_request (f, "PUT", API "ticket/4"));
  g_clear_error (&error);

  /* Without a note the status goes with the client's ETag, and RT answers 412. */
  serve (f, "PUT " API "ticket/4", 412, "approval-stale", NULL);
  approval = decide (provider, RAPPORT_DECISION_REJECT, NULL, "90", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_assert_cmpstr (find_request (f, "PUT", API "ticket/4")->if_match, ==, "\"90\"");
  g_assert_nonnull (strstr (find_request (f, "PUT", API "ticket/4")->body, "\"rejected\""));
}

static void
test_decide_forbidden (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportApproval) approval = NULL;
  g_autoptr(GError) error = NULL;

  serve (f, "PUT " API "ticket/4", 403, "approval-put-forbidden", NULL);
  approval = decide (provider, RAPPORT_DECISION_APPROVE, NULL, "92", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* RT's other refusal: 200 with "Permission Denied". */
  fake_rt_override (f->rt, "PUT " API "ticket/4", OVERRIDE_RESPOND, 200, JSON_TYPE,
                    "[\"Ticket 4: Permission Denied\"]", NULL, NULL);
  approval = decide (provider, RAPPORT_DECISION_APPROVE, NULL, "92", &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_assert_null (approval);
}

/* fetch_authority ----------------------------------------------------------------------- */

static RapportAuthority *
authority (RapportProvider  *provider,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_authority_async (provider, NULL, on_result_cb, &result);
  return rapport_provider_fetch_authority_finish (provider, wait_for (&result), error);
}

static void
test_authority (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportAuthority) agent = NULL;
  g_autoptr(RapportAuthority) supervisor = NULL;
  g_autoptr(GError) error = NULL;

  serve (f, API "user/31", 200, "user-ana", NULL);
  serve (f, API "group/42", 200, "group-agents", NULL);
  serve (f, API "queue/Money", 200, "queue-money", NULL);

  agent = authority (provider, &error);
  g_assert_no_error (error);
  g_assert_true (agent->has_role);
  g_assert_cmpint (agent->role, ==, RAPPORT_ROLE_AGENT);
  g_assert_false (agent->may_decide);
  g_assert_true (agent->enforced);
  g_assert_cmpint (agent->source, ==, RAPPORT_POLICY_SOURCE_SERVER);
  g_assert_nonnull (agent->policy);
  g_assert_cmpstr (rapport_policy_get_currency (agent->policy), ==, "USD");
  g_assert_cmpint (rapport_policy_get_limits (agent->policy, RAPPORT_ROLE_AGENT,
                                              RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);
  g_assert_nonnull (strstr (agent->source_detail, "Rapport policy"));

  serve (f, API "user/31", 200, "user-vic", NULL);
  serve (f, API "group/44", 200, "group-supervisors", NULL);
  supervisor = authority (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpint (supervisor->role, ==, RAPPORT_ROLE_SUPERVISOR);
  g_assert_true (supervisor->may_decide);
}

/* The policy field holds JSON inside RT's JSON: it goes through the same gate. A policy that
 * json-glib alone would take (a comment before it) is refused and named; RT then asks for an
 * approval of every money action, as with any invalid policy. */
static void
test_authority_policy_not_json (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportAuthority) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = fixture_body ("money/queue-money.json");
  g_autoptr(JsonNode) queue = json_from_string (body, &error);
  g_autofree char *served = NULL;
  JsonArray *fields;

  g_assert_no_error (error);
  fields = json_object_get_array_member (json_node_get_object (queue), "CustomFields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      JsonArray *values = json_object_get_array_member (field, "values");
      g_autofree char *policy = NULL;

      if (!g_str_equal (json_object_get_string_member (field, "name"), "Rapport policy"))
        continue;
      policy = g_strconcat ("/* limits */ ", json_array_get_string_element (values, 0), NULL);
      json_array_remove_element (values, 0);
      json_array_add_string_element (values, policy);
    }
  served = json_to_string (queue, FALSE);

  serve (f, API "user/31", 200, "user-ana", NULL);
  serve (f, API "group/42", 200, "group-agents", NULL);
  fake_rt_override (f->rt, API "queue/Money", OVERRIDE_RESPOND, 200, JSON_TYPE, served, NULL,
                    NULL);

  agent = authority (provider, &error);
  g_assert_no_error (error);
  g_assert_true (agent->enforced);
  g_assert_null (agent->policy);
  g_assert_nonnull (strstr (agent->source_detail, "is invalid (The policy: malformed JSON "
                                                  "(comment at byte 0))"));
}

static void
test_authority_without_datafile (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportAuthority) none = NULL;
  g_autoptr(GError) error = NULL;

  /* The fake's sam.agent is in group 37 ("Supervisors", not a Rapport group) and RT has no
   * queue Money (404). */
  none = authority (provider, &error);
  g_assert_no_error (error);
  g_assert_false (none->has_role);
  g_assert_false (none->may_decide);
  g_assert_false (none->enforced);
  g_assert_null (none->policy);
  g_assert_nonnull (strstr (none->source_detail, "rapport-authority.pl is not installed"));
}

/* fetch_money_evidence ------------------------------------------------------------------ */

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RapportMoneyEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  RapportMoneyAction *waiting = NULL;
  RapportApproval *approval;
  Request *search;

  serve (f, API "tickets", 200, "evidence-search", NULL);
  serve_money_ticket (f, "2", "allowed", "76");
  serve_money_ticket (f, "3", "approved", "98");
  serve (f, "GET " API "ticket/4", 403, "approval-forbidden", NULL);
  serve_supervisors (f);

  rapport_provider_fetch_money_evidence_async (provider, "1", NULL, on_result_cb, &result);
  evidence = rapport_provider_fetch_money_evidence_finish (provider, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->actions->len, ==, 2);
  g_assert_cmpuint (evidence->approvals->len, ==, 1);

  search = find_request (f, "GET", API "tickets");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "query"), ==,
                   "Queue = 'Money' AND RefersTo = 1");

  for (guint i = 0; i < evidence->actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_remote_id (evidence->actions->pdata[i]), "3") == 0)
      waiting = evidence->actions->pdata[i];
  g_assert_nonnull (waiting);
  g_assert_cmpint (rapport_money_action_get_server_state (waiting), ==,
                   RAPPORT_ACTION_STATE_APPROVED);

  /* An agent cannot read the approval: the decision record RT_System wrote on the money
   * ticket stands in (RT's own English reply is not read), and the decider's membership comes
   * from the group. */
  approval = evidence->approvals->pdata[0];
  g_assert_cmpstr (rapport_approval_get_remote_id (approval), ==, "4");
  g_assert_cmpint (rapport_approval_get_decision (approval), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (approval), ==, "vic.supervisor");
  g_assert_cmpstr (rapport_approval_get_decided_by_name (approval), ==, "Vic Supervisor");
  g_assert_cmpstr (rapport_approval_get_note (approval), ==,
                   "Approved: charged twice, checked the bank statement");
  g_assert_cmpint (rapport_approval_get_decided_at (approval), ==,
                   G_GINT64_CONSTANT (1796591714) * G_USEC_PER_SEC);
  g_assert_true (rapport_approval_get_decider_is_supervisor (approval));
  g_assert_cmpint (rapport_approval_verify (approval, waiting), ==, RAPPORT_APPROVAL_CHECK_VALID);
}

/* pull ---------------------------------------------------------------------------------- */

static void
test_pull_money (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = fixture_body ("money/pending-ticket.json");
  g_autofree char *search = g_strdup_printf ("{\"count\":1,\"page\":1,\"per_page\":50,"
                                             "\"total\":1,\"pages\":1,\"items\":[%s]}", record);

  /* A first sync's search meets a money ticket: it is not a customer's ticket. */
  fake_rt_override (f->rt, API "tickets", OVERRIDE_RESPOND, 200, JSON_TYPE, search, NULL, NULL);
  serve_money_ticket (f, "3", "pending", "83");
  serve (f, "GET " API "ticket/4", 403, "approval-forbidden", NULL);
  serve_supervisors (f);

  page = pull (provider, "full:100:0", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 0);
  g_assert_cmpuint (page->messages->len, ==, 0);
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 0);
  g_assert_cmpuint (page->money_actions->len, ==, 1);
  g_assert_cmpuint (page->approvals->len, ==, 1);
  g_assert_cmpint (rapport_money_action_get_server_state (page->money_actions->pdata[0]), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_approval_get_decision (page->approvals->pdata[0]), ==,
                   RAPPORT_DECISION_NONE);

  /* Nor is its history a customer's. */
  {
    g_autoptr(GPtrArray) messages = fetch_history (provider, "3", &error);

    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
    g_assert_null (messages);
  }
}

/* Tickets 1 (a customer's), 2 and 3 (money records) as a first sync's search shows them,
 * with @edit applied to money record 2 (NULL: as captured). */
static char *
search_with_money (void (*edit) (JsonObject *record))
{
  g_autofree char *page = fixture_body ("search-page-1.json");
  g_autofree char *allowed = fixture_body ("money/allowed-ticket.json");
  g_autofree char *approved = fixture_body ("money/approved-ticket.json");
  g_autoptr(JsonNode) root = json_from_string (page, NULL);
  g_autoptr(JsonNode) money2 = json_from_string (allowed, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

  json_array_remove_element (items, 1);
  if (edit != NULL)
    edit (json_node_get_object (money2));
  json_array_add_element (items, g_steal_pointer (&money2));
  json_array_add_element (items, json_from_string (approved, NULL));
  json_object_set_int_member (json_node_get_object (root), "count", 3);
  json_object_set_int_member (json_node_get_object (root), "total", 3);

  return json_to_string (root, FALSE);
}

/* Money record 2 with an unknown currency (as RT serves it after the custom field is
 * edited). */
static void
unknown_currency (JsonObject *record)
{
  JsonArray *fields = json_object_get_array_member (record, "CustomFields");

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      if (g_strcmp0 (json_object_get_string_member (field, "name"), "Money currency") == 0)
        {
          JsonArray *values = json_array_new ();

          json_array_add_string_element (values, "ZZZ");
          json_object_set_array_member (field, "values", values);
        }
    }
}

static gboolean
page_has_action (RapportSyncPage *page,
                 const char      *remote_id)
{
  for (guint i = 0; i < page->money_actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_remote_id (page->money_actions->pdata[i]),
                   remote_id) == 0)
      return TRUE;

  return FALSE;
}

/* A pull whose page holds a customer's ticket and two money records, one of which does not
 * read (an unknown currency): the ticket and the good money record come through with its
 * verified approval, the cursor moves, the bad one is set aside with its reason and read again
 * by id until it reads. */
static void
test_pull_bad_money (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportSyncPage) retry = NULL;
  g_autoptr(RapportSyncPage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = search_with_money (unknown_currency);
  g_autofree char *money2 = edited_fixture ("money/allowed-ticket.json", -1, unknown_currency);
  RapportSetAside *record;

  fake_rt_override (f->rt, API "tickets", OVERRIDE_RESPOND, 200, JSON_TYPE, search, NULL, NULL);
  serve_money_ticket (f, "2", "allowed", "76");
  fake_rt_override (f->rt, "GET " API "ticket/2", OVERRIDE_RESPOND, 200, JSON_TYPE, money2,
                    NULL, NULL);
  serve_money_ticket (f, "3", "approved", "98");
  serve (f, "GET " API "ticket/4", 403, "approval-forbidden", NULL);
  serve_supervisors (f);

  page = pull (provider, "full:100:0", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->next_cursor, ==, "100");
  g_assert_true (page_has_ticket (page, "1"));
  g_assert_cmpuint (count_messages_of (page->messages, "1"), ==, 4);
  g_assert_cmpuint (page->money_actions->len, ==, 1);
  g_assert_true (page_has_action (page, "3"));
  g_assert_cmpuint (page->approvals->len, ==, 1);
  g_assert_cmpint (rapport_approval_verify (page->approvals->pdata[0],
                                            page->money_actions->pdata[0]), ==,
                   RAPPORT_APPROVAL_CHECK_VALID);
  g_assert_cmpuint (page->set_aside->len, ==, 1);
  record = find_set_aside (page->set_aside, RAPPORT_RECORD_MONEY, "2");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->reason, "ZZZ"));

  /* Read again by id through the money reader, still broken: it stays set aside. */
  retry = refetch (provider, page->set_aside, &error);
  g_assert_no_error (error);
  g_assert_null (retry->next_cursor);
  g_assert_cmpuint (retry->retried->len, ==, 1);
  g_assert_cmpuint (retry->set_aside->len, ==, 1);
  g_assert_nonnull (find_set_aside (retry->set_aside, RAPPORT_RECORD_MONEY, "2"));
  g_assert_cmpuint (retry->money_actions->len, ==, 0);
  g_assert_cmpuint (retry->tickets->len, ==, 0);

  /* Fixed: it reads, and nothing is set aside any more. */
  serve_money_ticket (f, "2", "allowed", "76");
  again = refetch (provider, retry->set_aside, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->retried->len, ==, 1);
  g_assert_cmpuint (again->set_aside->len, ==, 0);
  g_assert_cmpuint (again->money_actions->len, ==, 1);
  g_assert_true (page_has_action (again, "2"));
  g_assert_cmpint (rapport_money_action_get_server_state (again->money_actions->pdata[0]), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
}

/* An approval that does not read never leaves its money record looking approved: the record
 * is set aside whole, neither its action nor an approval in the page. */
static void
test_pull_bad_approval (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = search_with_money (NULL);
  RapportSetAside *record;

  fake_rt_override (f->rt, API "tickets", OVERRIDE_RESPOND, 200, JSON_TYPE, search, NULL, NULL);
  serve_money_ticket (f, "2", "allowed", "76");
  serve_money_ticket (f, "3", "approved", "98");
  /* A supervisor reads approval 4 itself; its history does not read. */
  serve (f, "GET " API "ticket/4", 200, "approved-approval-ticket", "97");
  fake_rt_override (f->rt, API "ticket/4/history", OVERRIDE_RESPOND, 200, JSON_TYPE,
                    "{\"count\":1,\"page\":1,\"per_page\":100,\"items\":"
                    "[{\"id\":\"90\",\"Type\":\"Status\",\"Created\":17}]}",
                    NULL, NULL);
  serve (f, API "ticket/4/attachments", 200, "approved-approval-parts", NULL);
  serve_supervisors (f);

  page = pull (provider, "full:100:0", &error);
  g_assert_no_error (error);
  g_assert_true (page_has_ticket (page, "1"));
  g_assert_cmpuint (page->money_actions->len, ==, 1);
  g_assert_true (page_has_action (page, "2"));
  g_assert_cmpuint (page->approvals->len, ==, 0);
  g_assert_cmpuint (page->set_aside->len, ==, 1);
  record = find_set_aside (page->set_aside, RAPPORT_RECORD_MONEY, "3");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->reason, "approval 4"));

  /* A money record the server fails on is no bad record: the pull stops, as for a ticket. */
  {
    g_autoptr(RapportSyncPage) failed = NULL;

    fake_rt_override (f->rt, "GET " API "ticket/2", OVERRIDE_RESPOND, 500, JSON_TYPE, "{}",
                      NULL, NULL);
    failed = pull (provider, "full:100:0", &error);
    g_assert_null (failed);
    g_assert_true (error != NULL && error->domain == RAPPORT_PROVIDER_ERROR);
    g_clear_error (&error);
  }

  /* Read again, the server failing on it alone keeps it set aside with that error. */
  {
    g_autoptr(GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
    g_autoptr(RapportSyncPage) retry = NULL;

    g_ptr_array_add (records, rapport_set_aside_new (RAPPORT_RECORD_MONEY, "2", NULL, "old"));
    retry = refetch (provider, records, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (retry->retried->len, ==, 1);
    g_assert_cmpuint (retry->set_aside->len, ==, 1);
    g_assert_cmpstr (((RapportSetAside *) retry->set_aside->pdata[0])->remote_id, ==, "2");
    g_assert_cmpstr (((RapportSetAside *) retry->set_aside->pdata[0])->reason, !=, "old");
    g_assert_cmpuint (retry->money_actions->len, ==, 0);
  }
}

/* The parser ------------------------------------------------------------------------- */

static void
test_parse_texts (void)
{
  RapportVerdict verdict = RAPPORT_VERDICT_ALLOWED;
  RapportVerdictReason reason = RAPPORT_VERDICT_REASON_NONE;

  g_assert_true (rapport_rt_money_parse_verdict ("Rapport policy verdict: needs_approval "
                                                 "(customer_window)\n\nOver the window.",
                                                 &verdict, &reason));
  g_assert_cmpint (verdict, ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  /* Server-only reasons have no client counterpart. */
  g_assert_true (rapport_rt_money_parse_verdict ("Rapport policy verdict: denied (record)",
                                                 &verdict, &reason));
  g_assert_cmpint (verdict, ==, RAPPORT_VERDICT_DENIED);
  g_assert_cmpint (reason, ==, RAPPORT_VERDICT_REASON_NONE);
  g_assert_false (rapport_rt_money_parse_verdict ("Rapport policy verdict: maybe (amount)",
                                                  &verdict, &reason));
  g_assert_false (rapport_rt_money_parse_verdict ("Rapport policy verdict: allowed",
                                                  &verdict, &reason));
  g_assert_false (rapport_rt_money_parse_verdict ("A reply quoting nothing", &verdict, &reason));
  g_assert_false (rapport_rt_money_parse_verdict (NULL, &verdict, &reason));
}

#define RECORD_HEAD "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; " \
                    "by 45 vic.supervisor\nDecider: Vic Supervisor\nNote:\n"

static void
test_parse_decision_record (void)
{
  static const char * const not_records[] = {
    /* RT's own reply (the template an administrator may translate) is not a record. */
    "Greetings,\n\nYour ticket has been approved by vic.supervisor.\n",
    " Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: granted; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 012; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12x; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-13-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06 21:15:14; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14+01:00; by 45 vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by vic\n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 \n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic \n"
    "Decider: Vic\nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Note:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: \nNote:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic\nNotes:\n",
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\n"
    "Decider: Vic",
    "Rapport decision: approved",
    "",
  };
  g_autoptr(RapportRtDecisionRecord) approved = NULL;
  g_autoptr(RapportRtDecisionRecord) rejected = NULL;
  g_autoptr(RapportRtDecisionRecord) crlf = NULL;

  approved = rapport_rt_money_parse_decision_record (RECORD_HEAD "Approved: two charges\n\n"
                                                     "Second reply\n");
  g_assert_nonnull (approved);
  g_assert_cmpint (approved->decision, ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (approved->approval_id, ==, "12");
  g_assert_cmpint (approved->decided_at, ==, G_GINT64_CONSTANT (1796591714));
  g_assert_cmpstr (approved->decider_uid, ==, "45");
  g_assert_cmpstr (approved->decider, ==, "vic.supervisor");
  g_assert_cmpstr (approved->decider_name, ==, "Vic Supervisor");
  g_assert_cmpstr (approved->note, ==, "Approved: two charges\n\nSecond reply");

  /* A name may hold spaces and semicolons; no note is NULL. */
  rejected = rapport_rt_money_parse_decision_record (
    "Rapport decision: rejected; approval 7; at 1970-01-01T00:00:01Z; by 3 Wes; Lee\n"
    "Decider: Wes Lee\nNote:\n  \n");
  g_assert_nonnull (rejected);
  g_assert_cmpint (rejected->decision, ==, RAPPORT_DECISION_REJECT);
  g_assert_cmpstr (rejected->approval_id, ==, "7");
  g_assert_cmpint (rejected->decided_at, ==, 1);
  g_assert_cmpstr (rejected->decider, ==, "Wes; Lee");
  g_assert_null (rejected->note);

  crlf = rapport_rt_money_parse_decision_record (
    "Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic\r\n"
    "Decider: Vic\r\nNote:\r\nfine\r\n");
  g_assert_nonnull (crlf);
  g_assert_cmpstr (crlf->decider, ==, "vic");
  g_assert_cmpstr (crlf->note, ==, "fine");

  for (guint i = 0; i < G_N_ELEMENTS (not_records); i++)
    {
      g_autoptr(RapportRtDecisionRecord) record =
        rapport_rt_money_parse_decision_record (not_records[i]);

      if (record != NULL)
        g_error ("not a decision record, but parsed: %s", not_records[i]);
    }
  g_assert_null (rapport_rt_money_parse_decision_record (NULL));
}

/* A history item with a text part in @bodies. */
static void
add_txn (GPtrArray  *history,
         GHashTable *bodies,
         guint64     id,
         const char *type,
         const char *creator,
         const char *text)
{
  RapportRtMoneyTxn *txn = g_new0 (RapportRtMoneyTxn, 1);
  RapportRtAttachment *part = g_new0 (RapportRtAttachment, 1);
  guint64 *key = g_new (guint64, 1);

  txn->id = id;
  txn->type = g_strdup (type);
  txn->creator = g_strdup (creator);
  txn->created = 1796591714;
  g_ptr_array_add (history, txn);

  part->id = id;
  part->transaction_id = id;
  part->content_type = g_strdup ("text/plain");
  part->content = g_bytes_new (text, strlen (text));
  *key = id;
  g_hash_table_replace (bodies, key, part);
}

static void
test_find_decision_record (void)
{
  g_autoptr(GPtrArray) history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(RapportRtDecisionRecord) first = NULL;
  g_autoptr(RapportRtDecisionRecord) second = NULL;
  g_autoptr(RapportRtDecisionRecord) none = NULL;
  g_autoptr(RapportRtDecisionRecord) forged = NULL;

  /* Two approvals on one money ticket (the amount was raised): approval 4 approved, then
   * approval 6 first approved by the requester (a record the guard made void by reopening
   * it), then rejected by a supervisor; the agent forged a record by commenting, and RT's
   * own reply is there too. */
  add_txn (history, bodies, 10, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport policy verdict: needs_approval (single_limit)\n\nOver.\n");
  add_txn (history, bodies, 20, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport decision: approved; approval 4; at 2026-12-06T21:15:14Z; by 45 vic\n"
           "Decider: Vic\nNote:\nfine\n");
  add_txn (history, bodies, 21, "Correspond", RAPPORT_RT_SYSTEM_USER,
           "Your ticket has been approved by vic.\n");
  add_txn (history, bodies, 30, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport decision: approved; approval 6; at 2026-12-06T21:20:00Z; by 40 ana\n"
           "Decider: Ana\nNote:\n");
  add_txn (history, bodies, 40, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport decision: rejected; approval 6; at 2026-12-06T21:30:00Z; by 46 wes\n"
           "Decider: Wes\nNote:\ntoo much\n");
  add_txn (history, bodies, 50, "Comment", "ana",
           "Rapport decision: approved; approval 6; at 2026-12-06T21:40:00Z; by 45 vic\n"
           "Decider: Vic\nNote:\nforged\n");
  add_txn (history, bodies, 51, "Correspond", "ana",
           "Rapport decision: approved; approval 9; at 2026-12-06T21:40:00Z; by 45 vic\n"
           "Decider: Vic\nNote:\nforged\n");

  first = rapport_rt_money_find_decision_record (history, bodies, "4");
  g_assert_nonnull (first);
  g_assert_cmpint (first->decision, ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (first->decider, ==, "vic");
  g_assert_cmpstr (first->note, ==, "fine");

  second = rapport_rt_money_find_decision_record (history, bodies, "6");
  g_assert_nonnull (second);
  g_assert_cmpint (second->decision, ==, RAPPORT_DECISION_REJECT);
  g_assert_cmpstr (second->decider, ==, "wes");
  g_assert_cmpstr (second->note, ==, "too much");

  /* Only RT_System's comments count. */
  none = rapport_rt_money_find_decision_record (history, bodies, "9");
  g_assert_null (none);
  g_ptr_array_remove_range (history, 1, 4);
  forged = rapport_rt_money_find_decision_record (history, bodies, "6");
  g_assert_null (forged);
  g_assert_null (rapport_rt_money_find_decision_record (history, bodies, NULL));
}

/* A decision the guard voided (decided by the requester or by someone outside the supervisors
 * group; the approval reopened) stays void, whatever the decider's groups are by now; the
 * next decision counts. */
static void
test_voided_decision (void)
{
  g_autoptr(GPtrArray) history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(GPtrArray) approval_history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  g_autoptr(RapportRtDecisionRecord) record = NULL;
  RapportRtMoneyTxn *txn;
  RapportDecision decision;
  gboolean voided;

  add_txn (history, bodies, 20, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport decision: approved; approval 6; at 2026-12-06T21:20:00Z; by 47 sol\n"
           "Decider: Sol\nNote:\n");
  add_txn (history, bodies, 22, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport: this approval does not count and was reopened (approval #16: x is not "
           "in Rapport Supervisors); this money action still waits.\n");
  /* Another approval's void leaves approval 6's decision alone... */
  record = rapport_rt_money_find_decision_record (history, bodies, "6");
  g_assert_nonnull (record);
  g_assert_false (record->voided);
  g_clear_pointer (&record, rapport_rt_decision_record_free);

  /* ...its own makes it void (still shown, as a decision that does not count). */
  add_txn (history, bodies, 23, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport: this approval does not count and was reopened (approval #4: a; "
           "approval #6: sol is not in Rapport Supervisors); this money action still "
           "waits.\n");
  record = rapport_rt_money_find_decision_record (history, bodies, "6");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->decider, ==, "sol");
  g_assert_true (record->voided);
  g_clear_pointer (&record, rapport_rt_decision_record_free);

  /* The same words from anyone but RT_System change nothing; the approval id is exact. */
  add_txn (history, bodies, 24, "Comment", "ana",
           "Rapport: this approval does not count and was reopened (approval #4: a); x\n");
  record = rapport_rt_money_find_decision_record (history, bodies, "4");
  g_assert_null (record);
  g_assert_true (rapport_rt_money_voids_approval (
    "Rapport: this approval does not count and was reopened (approval #6: why); x\n", "6"));
  g_assert_false (rapport_rt_money_voids_approval (
    "Rapport: this approval does not count and was reopened (approval #66: why); x\n", "6"));
  g_assert_false (rapport_rt_money_voids_approval (
    "Rapport: this approval does not count and was reopened (approval #16: why); x\n", "6"));
  g_assert_false (rapport_rt_money_voids_approval ("approval #6: why", "6"));
  g_assert_false (rapport_rt_money_voids_approval (NULL, "6"));

  /* A supervisor's decision after that counts. */
  add_txn (history, bodies, 30, "Comment", RAPPORT_RT_SYSTEM_USER,
           "Rapport decision: rejected; approval 6; at 2026-12-06T21:30:00Z; by 46 wes\n"
           "Decider: Wes\nNote:\nno\n");
  record = rapport_rt_money_find_decision_record (history, bodies, "6");
  g_assert_nonnull (record);
  g_assert_cmpint (record->decision, ==, RAPPORT_DECISION_REJECT);
  g_assert_cmpstr (record->decider, ==, "wes");
  g_assert_false (record->voided);

  /* The supervisor's side reads the approval's own history: resolved by sol, then opened
   * again by RT_System (the guard). */
  txn = g_new0 (RapportRtMoneyTxn, 1);
  txn->id = 20;
  txn->type = g_strdup ("Status");
  txn->creator = g_strdup ("sol");
  txn->new_value = g_strdup ("resolved");
  g_ptr_array_add (approval_history, txn);
  g_assert_true (rapport_rt_money_find_decision (approval_history, &decision, &voided) == txn);
  g_assert_cmpint (decision, ==, RAPPORT_DECISION_APPROVE);
  g_assert_false (voided);

  txn = g_new0 (RapportRtMoneyTxn, 1);
  txn->id = 21;
  txn->type = g_strdup ("Status");
  txn->creator = g_strdup (RAPPORT_RT_SYSTEM_USER);
  txn->new_value = g_strdup ("open");
  g_ptr_array_add (approval_history, txn);
  g_assert_nonnull (rapport_rt_money_find_decision (approval_history, &decision, &voided));
  g_assert_true (voided);

  txn = g_new0 (RapportRtMoneyTxn, 1);
  txn->id = 30;
  txn->type = g_strdup ("Status");
  txn->creator = g_strdup ("vic.supervisor");
  txn->new_value = g_strdup ("rejected");
  g_ptr_array_add (approval_history, txn);
  g_assert_true (rapport_rt_money_find_decision (approval_history, &decision, &voided) == txn);
  g_assert_cmpint (decision, ==, RAPPORT_DECISION_REJECT);
  g_assert_false (voided);

  /* Who counts as a supervisor for the check: a member, unless the guard voided their
   * decision; a voided decision by the requester stays theirs (it fails as the requester's). */
  {
    g_autoptr(GHashTable) supervisors = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(RapportMoneyAction) action = rapport_money_action_new ();

    rapport_money_action_set_requester (action, "ana", "Ana");
    g_hash_table_add (supervisors, (gpointer) "ana");
    g_hash_table_add (supervisors, (gpointer) "sol");
    g_assert_true (rapport_rt_money_decider_counts (supervisors, "sol", FALSE, action));
    g_assert_false (rapport_rt_money_decider_counts (supervisors, "sol", TRUE, action));
    g_assert_true (rapport_rt_money_decider_counts (supervisors, "ana", TRUE, action));
    g_assert_false (rapport_rt_money_decider_counts (supervisors, "zed", FALSE, action));
    g_assert_false (rapport_rt_money_decider_counts (NULL, "sol", FALSE, action));
  }
}

static void
test_approval_note (void)
{
  g_autoptr(GPtrArray) history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_money_txn_free);
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(GHashTable) supervisors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *body = fixture_body ("money/approval-ticket.json");
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autoptr(RapportRtMoneyRecord) record = rapport_rt_money_parse_record (node, NULL);
  g_autoptr(RapportApproval) approval = NULL;
  RapportRtMoneyTxn *decision;

  g_assert_nonnull (record);
  add_txn (history, bodies, 5, "Correspond", "vic", "Looking into it\n");
  add_txn (history, bodies, 6, "Correspond", "wes", "Someone else's reply");
  add_txn (history, bodies, 7, "Correspond", "vic", "  \n");
  add_txn (history, bodies, 8, "Correspond", "vic", "Approved: two charges");
  add_txn (history, bodies, 9, "Status", "vic", "");
  add_txn (history, bodies, 10, "Correspond", "vic", "Too late for the note");
  decision = history->pdata[4];
  decision->new_value = g_strdup ("resolved");
  g_hash_table_add (supervisors, g_strdup ("vic"));

  approval = rapport_rt_money_build_approval (record, "3", "95", history, bodies, supervisors,
                                              NULL);
  g_assert_cmpint (rapport_approval_get_decision (approval), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (approval), ==, "vic");
  g_assert_true (rapport_approval_get_decider_is_supervisor (approval));
  g_assert_cmpstr (rapport_approval_get_note (approval), ==,
                   "Looking into it\n\nApproved: two charges");
}

static void
test_parse_record (void)
{
  g_autofree char *body = fixture_body ("money/pending-ticket.json");
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autoptr(RapportRtMoneyRecord) record = NULL;
  g_autoptr(RapportRtMoneyRecord) broken = NULL;
  g_autoptr(JsonNode) no_creator = NULL;
  g_autoptr(GError) error = NULL;

  record = rapport_rt_money_parse_record (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->id, ==, "3");
  g_assert_cmpstr (record->queue, ==, "Money");
  g_assert_cmpstr (record->creator, ==, "ana.agent");
  g_assert_cmpstr (g_hash_table_lookup (record->fields, "Money amount"), ==, "60.00");
  g_assert_cmpuint (record->refers_to->len, ==, 1);
  g_assert_cmpstr (rapport_rt_money_record_get_approval (record), ==, "4");
  g_assert_true (rapport_rt_money_is_money_queue (record->queue));
  g_assert_true (rapport_rt_money_is_money_queue ("___Approvals"));
  g_assert_false (rapport_rt_money_is_money_queue ("Support"));

  no_creator = json_node_copy (node);
  json_object_remove_member (json_node_get_object (no_creator), "Creator");
  broken = rapport_rt_money_parse_record (no_creator, &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_null (broken);
}

/* A currency is read trimmed and in upper case (the trimmed copy once leaked; the sanitizer
 * run's LeakSanitizer would report it here). */
static void
test_build_action_currency (void)
{
  g_autofree char *body = fixture_body ("money/pending-ticket.json");
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autoptr(RapportRtMoneyRecord) record = NULL;
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(GError) error = NULL;

  record = rapport_rt_money_parse_record (node, &error);
  g_assert_no_error (error);
  g_hash_table_replace (record->fields, g_strdup ("Money currency"), g_strdup (" usd\t"));

  action = rapport_rt_money_build_action (record, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_money_action_get_amount (action)->currency, ==, "USD");
  g_assert_cmpint (rapport_money_action_get_amount (action)->minor, ==, 6000);
}

static void
test_capabilities (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 50);
  RapportProviderCapabilities caps = rapport_provider_get_capabilities (provider);

  g_assert_true ((caps & RAPPORT_PROVIDER_CAPABILITY_APPROVALS) != 0);
  g_assert_true ((caps & RAPPORT_PROVIDER_CAPABILITY_ENFORCES_LIMITS) != 0);
  g_assert_true (rapport_provider_can_handle_money (provider));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/rt-money/create-within-limit", Fixture, NULL,
              fixture_set_up, test_create_within_limit, fixture_tear_down);
  g_test_add ("/rapport/rt-money/create-over-limit", Fixture, NULL,
              fixture_set_up, test_create_over_limit, fixture_tear_down);
  g_test_add ("/rapport/rt-money/create-unknown-outcome", Fixture, NULL,
              fixture_set_up, test_create_unknown_outcome, fixture_tear_down);
  g_test_add ("/rapport/rt-money/decide-with-note", Fixture, NULL,
              fixture_set_up, test_decide_with_note, fixture_tear_down);
  g_test_add ("/rapport/rt-money/decide-stale", Fixture, NULL,
              fixture_set_up, test_decide_stale, fixture_tear_down);
  g_test_add ("/rapport/rt-money/decide-forbidden", Fixture, NULL,
              fixture_set_up, test_decide_forbidden, fixture_tear_down);
  g_test_add ("/rapport/rt-money/authority", Fixture, NULL,
              fixture_set_up, test_authority, fixture_tear_down);
  g_test_add ("/rapport/rt-money/authority-policy-not-json", Fixture, NULL,
              fixture_set_up, test_authority_policy_not_json, fixture_tear_down);
  g_test_add ("/rapport/rt-money/authority-without-datafile", Fixture, NULL,
              fixture_set_up, test_authority_without_datafile, fixture_tear_down);
  g_test_add ("/rapport/rt-money/evidence", Fixture, NULL,
              fixture_set_up, test_evidence, fixture_tear_down);
  g_test_add ("/rapport/rt-money/pull", Fixture, NULL,
              fixture_set_up, test_pull_money, fixture_tear_down);
  g_test_add ("/rapport/rt-money/pull-bad-money", Fixture, NULL,
              fixture_set_up, test_pull_bad_money, fixture_tear_down);
  g_test_add ("/rapport/rt-money/pull-bad-approval", Fixture, NULL,
              fixture_set_up, test_pull_bad_approval, fixture_tear_down);
  g_test_add_func ("/rapport/rt-money/parse-texts", test_parse_texts);
  g_test_add_func ("/rapport/rt-money/parse-decision-record", test_parse_decision_record);
  g_test_add_func ("/rapport/rt-money/find-decision-record", test_find_decision_record);
  g_test_add_func ("/rapport/rt-money/voided-decision", test_voided_decision);
  g_test_add_func ("/rapport/rt-money/approval-note", test_approval_note);
  g_test_add_func ("/rapport/rt-money/parse-record", test_parse_record);
  g_test_add_func ("/rapport/rt-money/build-action-currency", test_build_action_currency);
  g_test_add ("/rapport/rt-money/capabilities", Fixture, NULL,
              fixture_set_up, test_capabilities, fixture_tear_down);

  return g_test_run ();
}
