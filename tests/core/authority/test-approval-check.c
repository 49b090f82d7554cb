/* test-approval-check.c
 *
 * The rule that decides whether a supervisor's decision counts (rapport_approval_check()):
 * one table of cases, each a valid decision with one or more facts changed, and what the
 * rule must say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-approval-check"

#include "config.h"

#include "rapport-approval-check.h"
#include "rapport-approval.h"
#include "rapport-money-action.h"

#define T0 ((gint64) 1763798400 * G_USEC_PER_SEC)

/* What a case changes on the valid request and decision below. */
typedef struct
{
  const char          *name;
  /* request */
  const char          *remote_id;
  const char          *requester;
  gint64               amount;
  const char          *currency;
  const char          *customer;
  gint64               requested_at;
  /* decision */
  RapportDecision      decision;
  const char          *decided_for;
  const char          *decided_by;
  gboolean             supervisor;
  gint64               decided_amount;
  const char          *decided_currency;
  const char          *decided_customer;
  gint64               decided_at;
  RapportApprovalCheck expect;
} Case;

/* Empty strings in the table mean "as in the valid case"; "-" means NULL. */
#define SAME NULL

static const Case cases[] = {
  { "valid approval", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, 0, RAPPORT_APPROVAL_CHECK_VALID },
  { "valid rejection", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_REJECT, SAME, SAME, TRUE, 0, SAME, SAME, 0, RAPPORT_APPROVAL_CHECK_VALID },
  { "not decided", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_NONE, SAME, SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_UNDECIDED },
  { "decision for another request", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, "M-2", SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_REQUEST },
  { "decision naming no request", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, "-", SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_REQUEST },
  { "request without a remote id", "-", SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_REQUEST },
  { "request ids differ only in case", "m-1", SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_REQUEST },
  { "nobody named as decider", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "-", TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NO_DECIDER },
  { "empty decider", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "", TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NO_DECIDER },
  { "decided by a non-supervisor", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "lee.agent", FALSE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR },
  { "rejected by a non-supervisor", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_REJECT, SAME, "lee.agent", FALSE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR },
  { "the requester, not a supervisor", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "sam.agent", FALSE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR },
  { "the requester, a supervisor", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "sam.agent", TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_BY_REQUESTER },
  { "the requester in other case", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "Sam.Agent", TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_BY_REQUESTER },
  { "a request without a requester", SAME, "-", 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_BY_REQUESTER },
  { "another currency", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, "EUR", SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_CURRENCY },
  { "another currency and amount", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 9000, "EUR", SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_CURRENCY },
  { "one minor unit less", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 7499, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT },
  { "one minor unit more", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 7501, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT },
  { "the request's amount was raised after the decision", SAME, SAME, 750000, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT },
  { "another customer", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, "liam@example.com", 0,
    RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER },
  { "the same customer, other case and spaces", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, "  Chloe@Example.COM ", 0,
    RAPPORT_APPROVAL_CHECK_VALID },
  { "a decision naming no customer", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, "", 0,
    RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER },
  { "a request naming no customer", SAME, SAME, 0, SAME, "", 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, "", 0,
    RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER },
  { "decided at the very instant of the request", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, T0,
    RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST },
  { "decided one microsecond after the request", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, T0 + 1,
    RAPPORT_APPROVAL_CHECK_VALID },
  { "decided before the request", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, SAME, T0 - G_USEC_PER_SEC,
    RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST },
  /* Several faults: the first rule in order is the one reported. */
  { "undecided beats everything", "M-9", "-", 1, "EUR", "", 0,
    RAPPORT_DECISION_NONE, "M-2", "-", FALSE, 2, "JPY", "x", T0 - 1,
    RAPPORT_APPROVAL_CHECK_UNDECIDED },
  { "another request beats the decider", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, "M-2", "sam.agent", FALSE, 0, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_OTHER_REQUEST },
  { "a non-supervisor beats the amount", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "lee.agent", FALSE, 1, SAME, SAME, 0,
    RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR },
  { "the requester beats the currency", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, "sam.agent", TRUE, 0, "EUR", SAME, 0,
    RAPPORT_APPROVAL_CHECK_BY_REQUESTER },
  { "the amount beats the customer and the time", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 1, SAME, "liam@example.com", T0 - 1,
    RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT },
  { "the customer beats the time", SAME, SAME, 0, SAME, SAME, 0,
    RAPPORT_DECISION_APPROVE, SAME, SAME, TRUE, 0, SAME, "liam@example.com", T0 - 1,
    RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER },
};

static const char *
pick (const char *value,
      const char *fallback)
{
  if (value == NULL)
    return fallback;
  if (g_strcmp0 (value, "-") == 0)
    return NULL;
  return value;
}

static void
fill (const Case                   *c,
      RapportApprovalRequestFacts  *request,
      RapportApprovalDecisionFacts *decision)
{
  request->remote_id = pick (c->remote_id, "M-1");
  request->requester = pick (c->requester, "sam.agent");
  request->amount.minor = c->amount != 0 ? c->amount : 7500;
  g_strlcpy (request->amount.currency, pick (c->currency, "USD"), 4);
  request->customer_key = pick (c->customer, "chloe@example.com");
  request->requested_at_us = c->requested_at != 0 ? c->requested_at : T0;

  decision->decision = c->decision;
  decision->request_remote_id = pick (c->decided_for, "M-1");
  decision->decided_by = pick (c->decided_by, "maya.supervisor");
  decision->decider_is_supervisor = c->supervisor;
  decision->amount.minor = c->decided_amount != 0 ? c->decided_amount : 7500;
  g_strlcpy (decision->amount.currency, pick (c->decided_currency, "USD"), 4);
  decision->customer_key = pick (c->decided_customer, "chloe@example.com");
  decision->decided_at_us = c->decided_at != 0 ? c->decided_at : T0 + 10 * 60 * G_USEC_PER_SEC;
}

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportApprovalRequestFacts request = { 0 };
      RapportApprovalDecisionFacts decision = { 0 };
      RapportApprovalCheck got;

      fill (&cases[i], &request, &decision);
      got = rapport_approval_check (&request, &decision);
      if (got != cases[i].expect)
        g_error ("Case “%s”: got %s, expected %s", cases[i].name,
                 rapport_approval_check_to_string (got),
                 rapport_approval_check_to_string (cases[i].expect));
    }
}

/* Every verdict of the enumeration is reached by some case of the table. */
static void
test_table_covers_every_check (void)
{
  for (guint check = RAPPORT_APPROVAL_CHECK_VALID;
       check <= RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST; check++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (cases) && !seen; i++)
        seen = cases[i].expect == check;
      if (!seen)
        g_error ("No case of the table expects %s", rapport_approval_check_to_string (check));
    }
}

/* The objects feed the same rule: the request's facts come from the action (the server's
 * record), the decision's from the approval. */
static void
test_objects (void)
{
  g_autoptr(RapportMoneyAction) action = rapport_money_action_new ();
  g_autoptr(RapportApproval) approval = rapport_approval_new ("A-1", "M-1");
  RapportMoney amount = { 7500, "USD" };
  RapportMoney other = { 7600, "USD" };

  rapport_money_action_set_remote_id (action, "M-1");
  rapport_money_action_set_requester (action, "sam.agent", "Sam Rivera");
  rapport_money_action_set_amount (action, &amount);
  rapport_money_action_set_customer_key (action, " Chloe@Example.com");
  rapport_money_action_set_created_at (action, T0);
  g_assert_cmpstr (rapport_money_action_get_customer_key (action), ==, "chloe@example.com");

  g_assert_cmpint (rapport_approval_verify (approval, action), ==,
                   RAPPORT_APPROVAL_CHECK_UNDECIDED);

  rapport_approval_set_request (approval, &amount, "chloe@example.com");
  rapport_approval_set_decision (approval, RAPPORT_DECISION_APPROVE, "maya.supervisor",
                                 "Maya", TRUE, T0 + 1, "ok");
  g_assert_cmpint (rapport_approval_verify (approval, action), ==, RAPPORT_APPROVAL_CHECK_VALID);

  rapport_approval_set_request (approval, &other, "chloe@example.com");
  g_assert_cmpint (rapport_approval_verify (approval, action), ==,
                   RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT);

  /* Clearing the decision clears who made it. */
  rapport_approval_set_decision (approval, RAPPORT_DECISION_NONE, "maya.supervisor", "Maya",
                                 TRUE, T0 + 1, "ok");
  g_assert_null (rapport_approval_get_decided_by (approval));
  g_assert_false (rapport_approval_get_decider_is_supervisor (approval));
}

static void
test_strings (void)
{
  RapportApprovalCheck check;
  RapportDecision decision;

  for (guint i = RAPPORT_APPROVAL_CHECK_VALID; i <= RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST; i++)
    {
      g_assert_true (rapport_approval_check_from_string (rapport_approval_check_to_string (i),
                                                         &check));
      g_assert_cmpint (check, ==, i);
    }
  for (guint i = RAPPORT_DECISION_NONE; i <= RAPPORT_DECISION_REJECT; i++)
    {
      g_assert_true (rapport_decision_from_string (rapport_decision_to_string (i), &decision));
      g_assert_cmpint (decision, ==, i);
    }
  g_assert_false (rapport_decision_from_string ("Approve", &decision));
  g_assert_false (rapport_approval_check_from_string (NULL, &check));

  {
    g_autofree char *key = rapport_customer_key_normalize ("\t ÉLODIE@Example.FR \n");

    g_assert_cmpstr (key, ==, "élodie@example.fr");
    g_assert_null (rapport_customer_key_normalize (NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/approval-check/table", test_table);
  g_test_add_func ("/approval-check/table-covers-every-check", test_table_covers_every_check);
  g_test_add_func ("/approval-check/objects", test_objects);
  g_test_add_func ("/approval-check/strings", test_strings);

  return g_test_run ();
}
