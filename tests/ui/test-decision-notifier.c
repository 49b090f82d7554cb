/* test-decision-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The notification of a decision on the agent's own request, as the desktop receives it (a
 * notification service on the test's session bus), and its click.
 */
#define G_LOG_DOMAIN "test-decision-notifier"

#include "config.h"

#include "rapport-decision-notifier.h"
#include "rapport-ui-test-util.h"
#include "rapport-workspace.h"

typedef struct
{
  char           *dir;
  RapportStore   *store;
  RapportAccount *account;
  RapportTicket  *ticket;
} Fixture;

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);
  tickets = rapport_test_load_open_tickets (fixture->store, fixture->account);
  g_assert_cmpuint (tickets->len, >, 0);
  fixture->ticket = g_object_ref (tickets->pdata[0]);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->ticket);
  g_clear_object (&fixture->account);
  rapport_test_release_and_wait (&fixture->store);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

typedef enum
{
  PENDING,
  APPROVED,
  REJECTED,
  BY_AN_AGENT,   /* "approved" by someone who is not a supervisor: not valid */
} Outcome;

/* A $75.00 refund the signed-in user requested, @remote_id, as a pull brings it, with its
 * @outcome (and the decider's @note). */
static void
pull_own_request (Fixture    *fixture,
                  const char *remote_id,
                  Outcome     outcome,
                  const char *note)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *approval_id = g_strconcat ("a-", remote_id, NULL);
  gint64 requested = g_get_real_time () - G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC;
  RapportMoney amount;

  g_assert_true (rapport_money_init (&amount, 7500, "USD", NULL));
  g_ptr_array_add (page->money_actions,
                   rapport_test_money_request_new (remote_id,
                                                   rapport_ticket_get_remote_id (fixture->ticket),
                                                   "chloe@example.com", 7500,
                                                   "Charged twice for March",
                                                   rapport_account_get_user_remote_id (fixture->account),
                                                   rapport_account_get_user_name (fixture->account),
                                                   requested));

  if (outcome != PENDING)
    {
      RapportApproval *approval = rapport_approval_new (approval_id, remote_id);

      rapport_approval_set_etag (approval, "\"2\"");
      rapport_approval_set_request (approval, &amount, "chloe@example.com");
      rapport_approval_set_decision (approval,
                                     outcome == REJECTED ? RAPPORT_DECISION_REJECT
                                                         : RAPPORT_DECISION_APPROVE,
                                     outcome == BY_AN_AGENT ? "lee.agent" : "dana.supervisor",
                                     outcome == BY_AN_AGENT ? "Lee Fontaine" : "Dana Lee",
                                     outcome != BY_AN_AGENT, requested + G_USEC_PER_SEC * 60,
                                     note);
      g_ptr_array_add (page->approvals, approval);
    }

  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), page,
                                           NULL, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------------------------------
 * The desktop's notification service (org.freedesktop.Notifications) on the test's bus
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  guint   n_notified;    /* the notifier's "notified" */
  guint   n_desktop;     /* notifications the desktop's service received */
  char   *title;
  char   *body;
  char  **actions;       /* the last notification's: pairs of action key and label */
  guint32 id;            /* the desktop's id of the last one */
  guint   n_opened;      /* app.open-ticket activations */
  gint64  opened_account;
  char   *opened_ticket; /* the helpdesk's id of the ticket */
} Notified;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static void
on_notifications_call_cb (GDBusConnection       *connection,
                          const char            *sender,
                          const char            *object_path,
                          const char            *interface_name,
                          const char            *method_name,
                          GVariant              *parameters,
                          GDBusMethodInvocation *invocation,
                          gpointer               user_data)
{
  Notified *n = user_data;

  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      g_free (n->title);
      g_free (n->body);
      g_strfreev (n->actions);
      g_variant_get (parameters, "(susss^asa{sv}i)", NULL, NULL, NULL, &n->title, &n->body,
                     &n->actions, NULL, NULL);
      n->n_desktop++;
      n->id = 100 + n->n_desktop;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *capabilities[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", capabilities));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "rapport", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_notified_cb (RapportDecisionNotifier *notifier,
                gint64                   action_id,
                const char              *title,
                const char              *body,
                Notified                *n)
{
  n->n_notified++;
}

static void
on_open_ticket_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   Notified      *n)
{
  n->n_opened++;
  g_clear_pointer (&n->opened_ticket, g_free);
  g_variant_get (parameter, "(xs)", &n->opened_account, &n->opened_ticket);
}

typedef struct
{
  Notified *n;
  guint     count;
} Count;

static gboolean
desktop_has (gpointer user_data)
{
  Count *c = user_data;

  return c->n->n_desktop >= c->count;
}

static gboolean
opened (gpointer user_data)
{
  return ((Notified *) user_data)->n_opened > 0;
}

/* Lets the store's change reach the notifier and its read come back (a notification would
 * have been sent by then). */
static void
let_store_settle (void)
{
  rapport_test_wait_ms (500);
}

/* Waits for the desktop's notification number @count. */
static void
wait_for_desktop (Notified *n,
                  guint     count)
{
  Count c = { n, count };

  rapport_test_wait_until (desktop_has, &c, 5000, "the desktop's notification");
  g_assert_cmpuint (n->n_desktop, ==, count);
  g_assert_cmpuint (n->n_notified, ==, count);
}

static void
test_decision_notification (void)
{
  Fixture fixture = { 0, };
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GSimpleAction) open_ticket = NULL;
  g_autoptr(RapportWorkspace) workspace = NULL;
  g_autoptr(RapportDecisionNotifier) notifier = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  static const GDBusInterfaceVTable vtable = { on_notifications_call_cb, NULL, NULL, { 0 } };
  Notified n = { 0, };
  guint object_id;
  guint name_id;

  fixture_set_up (&fixture);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                                 info->interfaces[0], &vtable, &n, NULL, &error);
  g_assert_no_error (error);
  name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                          G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);

  /* Rapport's action, as the click on a notification activates it. */
  application = g_application_new ("io.github.rapportdesk.RapportTest", G_APPLICATION_NON_UNIQUE);
  open_ticket = g_simple_action_new ("open-ticket", G_VARIANT_TYPE ("(xs)"));
  g_signal_connect (open_ticket, "activate", G_CALLBACK (on_open_ticket_cb), &n);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (open_ticket));
  g_assert_true (g_application_register (application, NULL, &error));
  g_assert_no_error (error);

  /* Decided before: seen, not told again. */
  pull_own_request (&fixture, "m-1", APPROVED, "Fine");
  workspace = rapport_test_create_demo_workspace (fixture.store, fixture.account);
  notifier = rapport_decision_notifier_new (application, workspace);
  g_signal_connect (notifier, "notified", G_CALLBACK (on_notified_cb), &n);

  /* A request waiting, then decided: told once, with the supervisor's note. */
  pull_own_request (&fixture, "m-2", PENDING, NULL);
  let_store_settle ();
  g_assert_cmpuint (n.n_desktop, ==, 0);
  pull_own_request (&fixture, "m-2", APPROVED, "Fine, long-time customer");
  wait_for_desktop (&n, 1);
  g_assert_cmpstr (n.title, ==, "Refund of $75.00 approved");
  g_assert_cmpstr (n.body, ==, "Dana Lee: Fine, long-time customer");

  /* A click opens the request's ticket: the default action with the account and the ticket. */
  g_assert_cmpstrv (n.actions, ((const char *[]) { "default", "", NULL }));
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", n.id, "default"), &error);
  g_assert_no_error (error);
  rapport_test_wait_until (opened, &n, 5000, "app.open-ticket");
  g_assert_cmpuint (n.n_opened, ==, 1);
  g_assert_cmpint (n.opened_account, ==, rapport_account_get_id (fixture.account));
  g_assert_cmpstr (n.opened_ticket, ==, rapport_ticket_get_remote_id (fixture.ticket));

  /* The same decision pulled again: nothing more. */
  pull_own_request (&fixture, "m-2", APPROVED, "Fine, long-time customer");
  let_store_settle ();
  g_assert_cmpuint (n.n_desktop, ==, 1);

  /* Rejected without a note: who decided. */
  pull_own_request (&fixture, "m-3", REJECTED, NULL);
  wait_for_desktop (&n, 2);
  g_assert_cmpstr (n.title, ==, "Refund of $75.00 rejected");
  g_assert_cmpstr (n.body, ==, "Decided by Dana Lee");
  g_assert_cmpstrv (n.actions, ((const char *[]) { "default", "", NULL }));

  /* Decided by someone who may not: not valid, and it says that no money moved. */
  pull_own_request (&fixture, "m-4", BY_AN_AGENT, "Sure");
  wait_for_desktop (&n, 3);
  g_assert_cmpstr (n.title, ==, "The decision on the $75.00 refund is not valid");
  g_assert_cmpstr (n.body, ==, "It did not pass verification: no money moves.");

  g_clear_object (&notifier);
  rapport_test_release_and_wait (&workspace);
  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_free (n.title);
  g_free (n.body);
  g_strfreev (n.actions);
  g_free (n.opened_ticket);
  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/decision-notifier/notification", test_decision_notification);

  return g_test_run ();
}
