/* test-rt-money.c
 *
 * Money actions and approvals against a real Request Tracker 5 on 127.0.0.1 with
 * data/rt/rapport-authority.pl loaded (rt-money-setup.pl does what docs/administrators.md
 * asks of an administrator). Separate people, each with their own token and their own
 * RapportRtProvider: ana.agent (Rapport Agents), sol.senior (Rapport Seniors),
 * vic.supervisor and wes.supervisor (Rapport Supervisors). The tests run in order and share
 * the server.
 *
 * Within the limit the action is recorded and executed; over it RT asks for an approval, a
 * supervisor decides in Rapport and the agent's pull sees the verified decision, with the
 * note, from the decision record RT_System writes on the money ticket (one per decision, so
 * two approvals on one ticket each have theirs; a comment with the same words by the agent
 * does not count). The
 * decisions that must not count are tried too: by a non-supervisor (refused, or reopened by
 * RT's guard), by the requester themself, with a stale ETag; and an over-limit action made
 * directly over REST2 is pulled as waiting.
 *
 * Secrets: the API tokens are read from their 0600 files in the work dir; they are never
 * put on a command line, logged or printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-money"

#include "config.h"

#include "rapport-http.h"
#include "rapport-rt-provider.h"
#include "rt-test-util.h"

#include <string.h>

static struct
{
  RapportProvider *ana;
  RapportProvider *sol;
  RapportProvider *vic;
  RapportProvider *wes;
  char            *ana_token;
  char            *customer_ticket;
  char            *ana_cursor;
} world;

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */

static void
run_setup (const char *arg1,
           const char *arg2)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "rt-money-setup.pl", NULL);
  const char *argv[] = { "/usr/bin/perl", script, rapport_rt_test_get_workdir (), arg1, arg2,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("rt-money-setup.pl %s failed: %s\n%s%s", arg1, error->message, out, err);
}

static RapportProvider *
provider_for (const char *key)
{
  g_autofree char *name = g_strdup_printf ("token-%s", key);
  char *token = rapport_rt_test_read_secret (name);
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_rt_provider_new (rapport_rt_test_get_url (), token, &error);

  g_assert_no_error (error);
  if (strcmp (key, "ana") == 0)
    world.ana_token = token;
  else
    rapport_rt_test_free_secret (token);
  return provider;
}

static RapportMoneyAction *
create (RapportProvider  *provider,
        RapportMoneyKind  kind,
        const char       *amount_wire,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RapportMoney amount;

  g_assert_true (rapport_money_parse_wire (&amount, amount_wire, "USD", NULL));
  rapport_provider_create_money_action_async (provider, world.customer_ticket, kind, &amount,
                                              "Charged twice for order 1042", "1042",
                                              "chloe.money@example.com", NULL,
                                              rapport_rt_test_on_result_cb, &result);
  return rapport_provider_create_money_action_finish (provider,
                                                      rapport_rt_test_wait_for (&result), error);
}

static RapportApproval *
decide (RapportProvider  *provider,
        const char       *approval_id,
        RapportDecision   decision,
        const char       *note,
        const char       *etag,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_decide_approval_async (provider, approval_id, decision, note, etag, NULL,
                                          rapport_rt_test_on_result_cb, &result);
  return rapport_provider_decide_approval_finish (provider, rapport_rt_test_wait_for (&result),
                                                  error);
}

static RapportMoneyEvidence *
evidence (RapportProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RapportMoneyEvidence *found;

  rapport_provider_fetch_money_evidence_async (provider, world.customer_ticket, NULL,
                                               rapport_rt_test_on_result_cb, &result);
  found = rapport_provider_fetch_money_evidence_finish (provider,
                                                        rapport_rt_test_wait_for (&result),
                                                        &error);
  g_assert_no_error (error);
  return found;
}

static RapportApproval *
approval_in (RapportMoneyEvidence *found,
             const char           *approval_id)
{
  for (guint i = 0; i < found->approvals->len; i++)
    if (g_strcmp0 (rapport_approval_get_remote_id (found->approvals->pdata[i]), approval_id) == 0)
      return found->approvals->pdata[i];
  return NULL;
}

static RapportMoneyAction *
action_in (GPtrArray  *actions,
           const char *remote_id)
{
  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (rapport_money_action_get_remote_id (actions->pdata[i]), remote_id) == 0)
      return actions->pdata[i];
  return NULL;
}

/* The approval's ETag as a supervisor's Rapport reads it (evidence). */
static char *
approval_etag (RapportProvider *provider,
               const char      *approval_id)
{
  g_autoptr(RapportMoneyEvidence) found = evidence (provider);
  RapportApproval *approval = approval_in (found, approval_id);

  g_assert_nonnull (approval);
  g_assert_nonnull (rapport_approval_get_etag (approval));
  return g_strdup (rapport_approval_get_etag (approval));
}

/* ana's pulls from her last cursor until there is no more: every money action and approval
 * seen, newest last. Asserts that no ticket of the money queues comes as a customer's. */
static void
pull_as_ana (GPtrArray *actions,
             GPtrArray *approvals)
{
  gboolean more = TRUE;

  for (guint round = 0; more && round < 100; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = NULL;

      rapport_provider_pull_changes_async (world.ana, world.ana_cursor, NULL,
                                           rapport_rt_test_on_result_cb, &result);
      page = rapport_provider_pull_changes_finish (world.ana, rapport_rt_test_wait_for (&result),
                                                   &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->tickets->len; i++)
        {
          const char *queue = rapport_ticket_get_queue (page->tickets->pdata[i]);

          g_assert_cmpstr (queue, !=, "Money");
          g_assert_cmpstr (queue, !=, "___Approvals");
        }
      for (guint i = 0; i < page->money_actions->len; i++)
        g_ptr_array_add (actions, g_object_ref (page->money_actions->pdata[i]));
      for (guint i = 0; i < page->approvals->len; i++)
        g_ptr_array_add (approvals, g_object_ref (page->approvals->pdata[i]));

      g_free (world.ana_cursor);
      world.ana_cursor = g_strdup (page->next_cursor);
      more = page->has_more;
    }
  g_assert_false (more);
}

/* The newest of @actions with @remote_id. */
static RapportMoneyAction *
newest_action (GPtrArray  *actions,
               const char *remote_id)
{
  for (guint i = actions->len; i > 0; i--)
    if (g_strcmp0 (rapport_money_action_get_remote_id (actions->pdata[i - 1]), remote_id) == 0)
      return actions->pdata[i - 1];
  return NULL;
}

static RapportApproval *
newest_approval (GPtrArray  *approvals,
                 const char *remote_id)
{
  for (guint i = approvals->len; i > 0; i--)
    if (g_strcmp0 (rapport_approval_get_remote_id (approvals->pdata[i - 1]), remote_id) == 0)
      return approvals->pdata[i - 1];
  return NULL;
}

/* A REST2 request made with @token directly, not through Rapport; the answer's JSON. */
static JsonNode *
rest_as (const char *token,
         const char *method,
         const char *path,
         const char *body,
         guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (rapport_rt_test_get_url (), "/REST/2.0/", path, NULL);
  g_autofree char *authorization = g_strconcat ("token ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  rapport_http_wipe_secret (&authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  root = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  return root;
}

/* A money ticket made with @token directly over REST2, not through Rapport. */
static char *
create_directly (const char *token,
                 const char *amount_wire)
{
  g_autofree char *body = g_strdup_printf (
    "{\"Queue\":\"Money\",\"Subject\":\"Refund made in a script\",\"Content\":\"script\","
    "\"ContentType\":\"text/plain\",\"RefersTo\":%s,\"CustomFields\":{\"Money kind\":\"refund\","
    "\"Money amount\":\"%s\",\"Money currency\":\"USD\",\"Money reason\":\"script\","
    "\"Money customer\":\"chloe.money@example.com\"}}", world.customer_ticket, amount_wire);
  g_autoptr(JsonNode) root = rest_as (token, SOUP_METHOD_POST, "ticket", body, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

/* ------------------------------------------------------------------------------------ */
/* Tests                                                                                 */

static void
test_authority (void)
{
  struct { RapportProvider **provider; RapportRole role; gboolean decides; } people[] = {
    { &world.ana, RAPPORT_ROLE_AGENT, FALSE },
    { &world.sol, RAPPORT_ROLE_SENIOR, FALSE },
    { &world.vic, RAPPORT_ROLE_SUPERVISOR, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportAuthority) authority = NULL;

      rapport_provider_fetch_authority_async (*people[i].provider, NULL,
                                              rapport_rt_test_on_result_cb, &result);
      authority = rapport_provider_fetch_authority_finish (*people[i].provider,
                                                           rapport_rt_test_wait_for (&result),
                                                           &error);
      g_assert_no_error (error);
      g_assert_true (authority->has_role);
      g_assert_cmpint (authority->role, ==, people[i].role);
      g_assert_cmpint (authority->may_decide, ==, people[i].decides);
      g_assert_true (authority->enforced);
      g_assert_cmpint (authority->source, ==, RAPPORT_POLICY_SOURCE_SERVER);
      g_assert_nonnull (authority->policy);
      g_assert_cmpint (rapport_policy_get_limits (authority->policy, RAPPORT_ROLE_AGENT,
                                                  RAPPORT_MONEY_KIND_REFUND)->single, ==, 5000);
    }
}

static void
test_within_limit (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RapportMoneyAction *pulled;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "20.00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpint (rapport_money_action_get_verdict (action), ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpstr (rapport_money_action_get_requester_remote_id (action), ==, "ana.agent");
  g_assert_null (rapport_money_action_get_approval_remote_id (action));

  pull_as_ana (actions, approvals);
  pulled = newest_action (actions, rapport_money_action_get_remote_id (action));
  g_assert_nonnull (pulled);
  g_assert_cmpint (rapport_money_action_get_server_state (pulled), ==,
                   RAPPORT_ACTION_STATE_EXECUTED);
  g_assert_cmpstr (rapport_money_action_get_ticket_remote_id (pulled), ==, world.customer_ticket);
  g_assert_cmpint (rapport_money_action_get_amount (pulled)->minor, ==, 2000);
}

static void
test_over_limit_approved (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  RapportMoneyAction *pulled;
  RapportApproval *seen;
  const char *approval_id;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "60.00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict (action), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict_reason (action), ==,
                   RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  approval_id = rapport_money_action_get_approval_remote_id (action);
  g_assert_nonnull (approval_id);

  /* The agent's pull: waiting. */
  pull_as_ana (actions, approvals);
  pulled = newest_action (actions, rapport_money_action_get_remote_id (action));
  g_assert_cmpint (rapport_money_action_get_server_state (pulled), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);

  /* The supervisor decides with the ETag her Rapport read. */
  etag = approval_etag (world.vic, approval_id);
  decided = decide (world.vic, approval_id, RAPPORT_DECISION_APPROVE,
                    "Approved: the bank statement shows two charges", etag, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_approval_get_decision (decided), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (decided), ==, "vic.supervisor");
  g_assert_true (rapport_approval_get_decider_is_supervisor (decided));
  g_assert_cmpstr (rapport_approval_get_note (decided), ==,
                   "Approved: the bank statement shows two charges");
  g_assert_cmpint (rapport_approval_verify (decided, action), ==, RAPPORT_APPROVAL_CHECK_VALID);

  /* The agent's pull: approved, and the decision verifies. */
  g_ptr_array_set_size (actions, 0);
  g_ptr_array_set_size (approvals, 0);
  pull_as_ana (actions, approvals);
  pulled = newest_action (actions, rapport_money_action_get_remote_id (action));
  g_assert_nonnull (pulled);
  g_assert_cmpint (rapport_money_action_get_server_state (pulled), ==,
                   RAPPORT_ACTION_STATE_APPROVED);
  seen = newest_approval (approvals, approval_id);
  g_assert_nonnull (seen);
  g_assert_cmpint (rapport_approval_get_decision (seen), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (seen), ==, "vic.supervisor");
  g_assert_cmpint (rapport_approval_verify (seen, pulled), ==, RAPPORT_APPROVAL_CHECK_VALID);
  /* She cannot read the approval: all of it comes from the decision record RT_System wrote
   * on her money ticket, the supervisor's note included. */
  g_assert_true (rapport_approval_get_decider_is_supervisor (seen));
  g_assert_cmpstr (rapport_approval_get_decided_by_name (seen), ==, "Vic Supervisor");
  g_assert_cmpstr (rapport_approval_get_note (seen), ==,
                   "Approved: the bank statement shows two charges");
  g_assert_cmpint (rapport_approval_get_decided_at (seen), ==,
                   rapport_approval_get_decided_at (decided));
}

static void
test_over_limit_rejected (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *approval_id;
  RapportMoneyAction *now;

  action = create (world.ana, RAPPORT_MONEY_KIND_CREDIT, "30.00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  approval_id = rapport_money_action_get_approval_remote_id (action);

  etag = approval_etag (world.wes, approval_id);
  decided = decide (world.wes, approval_id, RAPPORT_DECISION_REJECT, "Rejected: no proof", etag,
                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_approval_get_decision (decided), ==, RAPPORT_DECISION_REJECT);

  found = evidence (world.ana);
  now = action_in (found->actions, rapport_money_action_get_remote_id (action));
  g_assert_cmpint (rapport_money_action_get_server_state (now), ==, RAPPORT_ACTION_STATE_REJECTED);
  g_assert_cmpint (rapport_approval_get_decision (approval_in (found, approval_id)), ==,
                   RAPPORT_DECISION_REJECT);
  g_assert_cmpint (rapport_approval_verify (approval_in (found, approval_id), now), ==,
                   RAPPORT_APPROVAL_CHECK_VALID);
  g_assert_cmpstr (rapport_approval_get_decided_by (approval_in (found, approval_id)), ==,
                   "wes.supervisor");
  g_assert_cmpstr (rapport_approval_get_decided_by_name (approval_in (found, approval_id)), ==,
                   "Wes Supervisor");
  g_assert_cmpstr (rapport_approval_get_note (approval_in (found, approval_id)), ==,
                   "Rejected: no proof");
}

static void
test_decision_by_non_supervisor (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *approval_id;
  RapportMoneyAction *now;
  RapportApproval *seen;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "55.00", &error);
  g_assert_no_error (error);
  approval_id = rapport_money_action_get_approval_remote_id (action);
  g_assert_nonnull (approval_id);
  etag = approval_etag (world.vic, approval_id);

  /* A senior has no right on approvals: refused, with and without a note. */
  decided = decide (world.sol, approval_id, RAPPORT_DECISION_APPROVE, NULL, etag, &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);
  decided = decide (world.sol, approval_id, RAPPORT_DECISION_APPROVE, "I approve", etag, &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Given ModifyTicket on ___Approvals by mistake, RT lets him, but its guard reopens the
   * approval, and the decision does not verify. */
  run_setup ("grant", "sol.senior");
  decided = decide (world.sol, approval_id, RAPPORT_DECISION_APPROVE, "I can do this too", etag,
                    &error);
  run_setup ("revoke", "sol.senior");
  g_assert_no_error (error);
  g_assert_cmpint (rapport_approval_get_decision (decided), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (decided), ==, "sol.senior");
  g_assert_false (rapport_approval_get_decider_is_supervisor (decided));
  g_assert_cmpint (rapport_approval_verify (decided, action), ==,
                   RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR);

  found = evidence (world.ana);
  now = action_in (found->actions, rapport_money_action_get_remote_id (action));
  g_assert_cmpint (rapport_money_action_get_server_state (now), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  /* The agent reads the decision record (written before the guard reopened the approval):
   * a decision by someone outside Rapport Supervisors, shown as one that does not count. */
  seen = approval_in (found, approval_id);
  g_assert_cmpint (rapport_approval_get_decision (seen), ==, RAPPORT_DECISION_APPROVE);
  g_assert_cmpstr (rapport_approval_get_decided_by (seen), ==, "sol.senior");
  g_assert_cmpstr (rapport_approval_get_note (seen), ==, "I can do this too");
  g_assert_false (rapport_approval_get_decider_is_supervisor (seen));
  g_assert_cmpint (rapport_approval_verify (seen, now), ==, RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR);

  /* Then a supervisor decides it: the newest record counts. */
  g_free (etag);
  etag = approval_etag (world.vic, approval_id);
  g_clear_object (&decided);
  decided = decide (world.vic, approval_id, RAPPORT_DECISION_APPROVE, "Approved after all", etag,
                    &error);
  g_assert_no_error (error);
  g_clear_pointer (&found, rapport_money_evidence_free);
  found = evidence (world.ana);
  now = action_in (found->actions, rapport_money_action_get_remote_id (action));
  seen = approval_in (found, approval_id);
  g_assert_cmpstr (rapport_approval_get_decided_by (seen), ==, "vic.supervisor");
  g_assert_cmpstr (rapport_approval_get_note (seen), ==, "Approved after all");
  g_assert_cmpint (rapport_approval_verify (seen, now), ==, RAPPORT_APPROVAL_CHECK_VALID);
}

static void
test_decision_by_requester (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *approval_id;

  /* Over a supervisor's own single limit (2000.00). */
  action = create (world.vic, RAPPORT_MONEY_KIND_REFUND, "2500.00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_money_action_get_server_state (action), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  approval_id = rapport_money_action_get_approval_remote_id (action);
  etag = approval_etag (world.vic, approval_id);

  decided = decide (world.vic, approval_id, RAPPORT_DECISION_APPROVE, "Approving my own", etag,
                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_approval_get_decided_by (decided), ==, "vic.supervisor");
  g_assert_cmpint (rapport_approval_verify (decided, action), ==,
                   RAPPORT_APPROVAL_CHECK_BY_REQUESTER);

  found = evidence (world.vic);
  g_assert_cmpint (rapport_money_action_get_server_state (
                     action_in (found->actions, rapport_money_action_get_remote_id (action))), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
}

static void
test_stale_etag (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) decided = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(JsonNode) said = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *path = NULL;
  const char *approval_id;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "65.00", &error);
  g_assert_no_error (error);
  approval_id = rapport_money_action_get_approval_remote_id (action);
  etag = approval_etag (world.vic, approval_id);

  /* Another supervisor writes on it meanwhile. */
  path = g_strdup_printf ("ticket/%s/correspond", approval_id);
  said = rapport_rt_test_request ("POST", path,
                                  "{\"Content\":\"Looking into it\",\"ContentType\":\"text/plain\"}",
                                  201, NULL);

  decided = decide (world.vic, approval_id, RAPPORT_DECISION_APPROVE, "ok", etag, &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_clear_error (&error);
  decided = decide (world.vic, approval_id, RAPPORT_DECISION_APPROVE, NULL, etag, &error);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_assert_null (decided);

  found = evidence (world.vic);
  g_assert_cmpint (rapport_approval_get_decision (approval_in (found, approval_id)), ==,
                   RAPPORT_DECISION_NONE);
}

static void
test_created_directly (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *id = create_directly (world.ana_token, "90.00");
  RapportMoneyAction *pulled;

  pull_as_ana (actions, approvals);
  pulled = newest_action (actions, id);
  g_assert_nonnull (pulled);
  g_assert_cmpint (rapport_money_action_get_server_state (pulled), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  g_assert_cmpint (rapport_money_action_get_verdict (pulled), ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_nonnull (rapport_money_action_get_approval_remote_id (pulled));
  g_assert_cmpstr (rapport_money_action_get_requester_remote_id (pulled), ==, "ana.agent");
}

/* Anyone who may comment on a money ticket can write a decision record's words: only
 * RT_System's comment counts. */
static void
test_forged_record (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(JsonNode) said = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  const char *approval_id;
  RapportApproval *seen;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "56.00", &error);
  g_assert_no_error (error);
  approval_id = rapport_money_action_get_approval_remote_id (action);
  g_assert_nonnull (approval_id);

  path = g_strdup_printf ("ticket/%s/comment", rapport_money_action_get_remote_id (action));
  body = g_strdup_printf ("{\"ContentType\":\"text/plain\",\"Content\":\"Rapport decision: "
                          "approved; approval %s; at 2030-01-01T00:00:00Z; by 1 vic.supervisor\\n"
                          "Decider: Vic Supervisor\\nNote:\\nfine\\n\"}", approval_id);
  said = rest_as (world.ana_token, SOUP_METHOD_POST, path, body, 201);

  found = evidence (world.ana);
  seen = approval_in (found, approval_id);
  g_assert_nonnull (seen);
  g_assert_cmpint (rapport_approval_get_decision (seen), ==, RAPPORT_DECISION_NONE);
  g_assert_cmpint (rapport_money_action_get_server_state (
                     action_in (found->actions, rapport_money_action_get_remote_id (action))), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
}

/* An approved amount raised afterwards asks again: two approvals on one money ticket, each
 * with its own record; the newest approval's is the one that counts. */
static void
test_two_approvals (void)
{
  g_autoptr(RapportMoneyAction) action = NULL;
  g_autoptr(RapportApproval) first_decided = NULL;
  g_autoptr(RapportApproval) second_decided = NULL;
  g_autoptr(RapportMoneyEvidence) found = NULL;
  g_autoptr(RapportMoneyEvidence) after = NULL;
  g_autoptr(JsonNode) said = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *path = NULL;
  const char *money_id;
  const char *second;
  RapportMoneyAction *now;
  RapportApproval *seen;

  action = create (world.ana, RAPPORT_MONEY_KIND_REFUND, "61.00", &error);
  g_assert_no_error (error);
  money_id = rapport_money_action_get_remote_id (action);
  first = g_strdup (rapport_money_action_get_approval_remote_id (action));
  etag = approval_etag (world.vic, first);
  first_decided = decide (world.vic, first, RAPPORT_DECISION_APPROVE, "First: fine", etag, &error);
  g_assert_no_error (error);

  /* An administrator raises the amount: RT asks again. */
  path = g_strdup_printf ("ticket/%s", money_id);
  said = rapport_rt_test_request ("PUT", path,
                                  "{\"CustomFields\":{\"Money amount\":\"72.00\"}}", 200, NULL);
  found = evidence (world.ana);
  now = action_in (found->actions, money_id);
  second = rapport_money_action_get_approval_remote_id (now);
  g_assert_nonnull (second);
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpint (rapport_money_action_get_server_state (now), ==,
                   RAPPORT_ACTION_STATE_PENDING_APPROVAL);
  seen = approval_in (found, second);
  g_assert_nonnull (seen);
  g_assert_cmpint (rapport_approval_get_decision (seen), ==, RAPPORT_DECISION_NONE);

  g_free (etag);
  etag = approval_etag (world.wes, second);
  second_decided = decide (world.wes, second, RAPPORT_DECISION_REJECT, "Second: 72.00 is too much",
                           etag, &error);
  g_assert_no_error (error);

  after = evidence (world.ana);
  now = action_in (after->actions, money_id);
  seen = approval_in (after, second);
  g_assert_nonnull (seen);
  g_assert_cmpint (rapport_approval_get_decision (seen), ==, RAPPORT_DECISION_REJECT);
  g_assert_cmpstr (rapport_approval_get_decided_by (seen), ==, "wes.supervisor");
  g_assert_cmpstr (rapport_approval_get_note (seen), ==, "Second: 72.00 is too much");
  g_assert_cmpint (rapport_approval_verify (seen, now), ==, RAPPORT_APPROVAL_CHECK_VALID);
  g_assert_cmpint (rapport_money_action_get_server_state (now), ==, RAPPORT_ACTION_STATE_REJECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *datafile = NULL;
  RapportRtTestTicket customer = { "chloe.money@example.com", "Chloé Money", "Charged twice",
                                   "I was charged twice for order 1042.", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  rapport_rt_test_start_server ();
  datafile = g_test_build_filename (G_TEST_DIST, "..", "data", "rt", "rapport-authority.pl",
                                    NULL);
  run_setup (datafile, NULL);
  world.ana = provider_for ("ana");
  world.sol = provider_for ("sol");
  world.vic = provider_for ("vic");
  world.wes = provider_for ("wes");
  rapport_rt_test_create_user (customer.email, customer.real_name);
  world.customer_ticket = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                           rapport_rt_test_create_ticket (&customer));

  g_test_add_func ("/rapport/rt-money/authority", test_authority);
  g_test_add_func ("/rapport/rt-money/within-limit", test_within_limit);
  g_test_add_func ("/rapport/rt-money/over-limit-approved", test_over_limit_approved);
  g_test_add_func ("/rapport/rt-money/over-limit-rejected", test_over_limit_rejected);
  g_test_add_func ("/rapport/rt-money/decision-by-non-supervisor",
                   test_decision_by_non_supervisor);
  g_test_add_func ("/rapport/rt-money/decision-by-requester", test_decision_by_requester);
  g_test_add_func ("/rapport/rt-money/stale-etag", test_stale_etag);
  g_test_add_func ("/rapport/rt-money/created-directly", test_created_directly);
  g_test_add_func ("/rapport/rt-money/forged-record", test_forged_record);
  g_test_add_func ("/rapport/rt-money/two-approvals", test_two_approvals);

  status = g_test_run ();

  g_clear_object (&world.ana);
  g_clear_object (&world.sol);
  g_clear_object (&world.vic);
  g_clear_object (&world.wes);
  rapport_rt_test_free_secret (g_steal_pointer (&world.ana_token));
  g_free (world.customer_ticket);
  g_free (world.ana_cursor);
  rapport_rt_test_stop_server ();
  return status;
}
