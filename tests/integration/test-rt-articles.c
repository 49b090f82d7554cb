/* test-rt-articles.c
 *
 * RT Articles against a real Request Tracker 5 (rt-server.sh, through rt-test-util): root
 * makes a class of canned responses and articles over REST2; sam.agent, through the RT
 * provider, first has no article right (nothing, no capability), then with SeeClass and
 * ShowArticle reads them as candidates, cannot link without ModifyArticle (RT answers 200 and
 * links nothing), and with it links an article to a ticket as RT's reply form does: the
 * ticket RefersTo the article, once however often it is linked, its other links kept. Then
 * the whole way in the app: a workspace pulls and stores the articles, the agent inserts one
 * into a reply on another ticket, and once the outbox has sent the reply the ticket refers to
 * the article on the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-articles"

#include "config.h"

#include <string.h>

#include "rapport-candidate.h"
#include "rapport-outbox.h"
#include "rapport-rt-provider.h"
#include "rapport-store-suggest.h"
#include "rapport-ticket-session.h"
#include "rapport-workspace.h"
#include "rt-test-util.h"

static struct
{
  guint64  ticket;
  guint64  other_ticket;
  char    *refund_id;     /* article in General */
  char    *hello_id;      /* article in "Canned responses" */
} world;

static void
grant (const char *rights)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "rt-articles-grant.pl", NULL);
  g_auto(GStrv) names = g_strsplit (rights, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "/usr/bin/perl");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) rapport_rt_test_get_workdir ());
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (argv, names[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("rt-articles-grant.pl %s failed: %s\n%s%s", rights, error->message, out, err);
}

static RapportProvider *
sam_provider (void)
{
  char *token = rapport_rt_test_read_secret ("token-sam");
  g_autoptr(GError) error = NULL;
  RapportProvider *provider = rapport_rt_provider_new (rapport_rt_test_get_url (), token, &error);

  rapport_rt_test_free_secret (token);
  g_assert_no_error (error);
  return provider;
}

static GPtrArray *
fetch (RapportProvider  *provider,
       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rapport_provider_fetch_canned_content_async (provider, NULL, rapport_rt_test_on_result_cb,
                                               &result);
  return rapport_provider_fetch_canned_content_finish (provider,
                                                       rapport_rt_test_wait_for (&result), error);
}

static gboolean
link_article (RapportProvider  *provider,
              guint64           ticket,
              const char       *article,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *ticket_id = g_strdup_printf ("%" G_GUINT64_FORMAT, ticket);

  rapport_provider_link_article_async (provider, ticket_id, article, NULL,
                                       rapport_rt_test_on_result_cb, &result);
  return rapport_provider_link_article_finish (provider, rapport_rt_test_wait_for (&result),
                                               error);
}

/* The ids of the links of @ref and @type on ticket @ticket, as root reads it. */
static GPtrArray *
links_of (guint64     ticket,
          const char *ref,
          const char *type)
{
  g_autofree char *path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, ticket);
  g_autoptr(JsonNode) root = rapport_rt_test_request ("GET", path, NULL, SOUP_STATUS_OK, NULL);
  JsonArray *links = json_object_get_array_member (json_node_get_object (root), "_hyperlinks");
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (link, "ref", ""), ref) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (link, "type", ""), type) == 0)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (link, "id")));
    }
  return ids;
}

static char *
create_article (const char *class_name,
                const char *name,
                const char *content)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "Summary");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "Class");
  json_builder_add_string_value (b, class_name);
  json_builder_set_member_name (b, "CustomFields");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Content");
  json_builder_add_string_value (b, content);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  text = json_to_string (body, FALSE);

  root = rapport_rt_test_request ("POST", "article", text, SOUP_STATUS_CREATED, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

static void
seed (void)
{
  static const RapportRtTestTicket tickets[] = {
    { "ines.moreau@example.com", "Inès Moreau", "Refund for a double charge",
      "I was charged twice for my March order.", "email", "sam.agent" },
    { "omar.haddad@example.com", "Omar Haddad", "Where is my parcel?",
      "It has been a week.", "chat", "sam.agent" },
  };
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *refers = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    rapport_rt_test_create_user (tickets[i].email, tickets[i].real_name);
  world.ticket = rapport_rt_test_create_ticket (&tickets[0]);
  world.other_ticket = rapport_rt_test_create_ticket (&tickets[1]);

  created = rapport_rt_test_request ("POST", "class",
                                     "{\"Name\":\"Canned responses\","
                                     "\"Description\":\"Replies the team reuses\"}",
                                     SOUP_STATUS_CREATED, NULL);
  world.refund_id = create_article ("General", "Refund policy",
                                    "Hi {{customer.first_name}},\n\nRefunds reach your card "
                                    "within 5 working days.");
  world.hello_id = create_article ("Canned responses", "Greeting",
                                   "Thanks for reaching out, {{customer.first_name}}!");

  /* The ticket already refers to the other ticket: linking an article must keep that. */
  refers = g_strdup_printf ("{\"RefersTo\":%" G_GUINT64_FORMAT "}", world.other_ticket);
  path = g_strdup_printf ("ticket/%" G_GUINT64_FORMAT, world.ticket);
  g_clear_pointer (&created, json_node_unref);
  created = rapport_rt_test_request ("PUT", path, refers, SOUP_STATUS_OK, NULL);
}

static void
test_articles (void)
{
  g_autoptr(RapportProvider) provider = sam_provider ();
  g_autoptr(RapportProvider) fresh = NULL;
  g_autoptr(RapportProvider) linker = NULL;
  g_autoptr(GPtrArray) content = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *other = g_strdup_printf ("%" G_GUINT64_FORMAT, world.other_ticket);
  RapportCandidate *refund = NULL;
  RapportCandidate *hello = NULL;

  /* No article right (rt-server.sh grants none): nothing, no capability; never an error. */
  g_assert_true (rapport_provider_can_fetch_canned_content (provider));
  content = fetch (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (content->len, ==, 0);
  g_assert_false (rapport_provider_can_fetch_canned_content (provider));
  g_clear_pointer (&content, g_ptr_array_unref);

  /* As an administrator gives agents the articles to read. */
  grant ("SeeClass ShowArticle");
  fresh = sam_provider ();
  content = fetch (fresh, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < content->len; i++)
    {
      RapportCandidate *candidate = content->pdata[i];

      if (g_strcmp0 (rapport_candidate_get_remote_id (candidate), world.refund_id) == 0)
        refund = candidate;
      else if (g_strcmp0 (rapport_candidate_get_remote_id (candidate), world.hello_id) == 0)
        hello = candidate;
    }
  g_assert_cmpuint (content->len, ==, 2);
  g_assert_nonnull (refund);
  g_assert_nonnull (hello);
  g_assert_cmpint (rapport_candidate_get_kind (refund), ==, RAPPORT_CANDIDATE_ARTICLE);
  g_assert_cmpint (rapport_candidate_get_kind (hello), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpstr (rapport_candidate_get_title (refund), ==, "Refund policy");
  g_assert_cmpstr (rapport_candidate_get_body (refund), ==,
                   "Hi {{customer.first_name}},\n\nRefunds reach your card within 5 working "
                   "days.");
  url = g_strdup_printf ("%s/Articles/Article/Display.html?id=%s", rapport_rt_test_get_url (),
                         world.refund_id);
  g_assert_cmpstr (rapport_candidate_get_url (refund), ==, url);
  g_assert_cmpint (rapport_candidate_get_account_id (refund), ==, 0);
  g_assert_cmpint (rapport_candidate_get_updated_at (refund), >, 0);
  g_assert_true (rapport_provider_can_link_articles (fresh));

  /* Reading is not linking: RT wants ModifyArticle on the article's class too
   * (StrictLinkACL), answers 200 with "Permission denied" and links nothing. */
  g_assert_false (link_article (fresh, world.ticket, world.refund_id, &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  g_print ("# refused link: %s\n", error->message);
  g_clear_error (&error);
  articles = links_of (world.ticket, "refers-to", "article");
  g_assert_cmpuint (articles->len, ==, 0);
  g_clear_pointer (&articles, g_ptr_array_unref);

  grant ("ModifyArticle");
  linker = sam_provider ();
  g_assert_true (link_article (linker, world.ticket, world.refund_id, &error));
  g_assert_no_error (error);
  /* Idempotent: "Link already exists". */
  g_assert_true (link_article (linker, world.ticket, world.refund_id, &error));
  g_assert_no_error (error);

  articles = links_of (world.ticket, "refers-to", "article");
  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_cmpstr (articles->pdata[0], ==, world.refund_id);
  tickets = links_of (world.ticket, "refers-to", "ticket");
  g_assert_cmpuint (tickets->len, ==, 1);
  g_assert_cmpstr (tickets->pdata[0], ==, other);

  /* The article shows the ticket, as RT's Links portlet does. */
  {
    g_autofree char *path = g_strdup_printf ("article/%s", world.refund_id);
    g_autofree char *ticket_id = g_strdup_printf ("%" G_GUINT64_FORMAT, world.ticket);
    g_autoptr(JsonNode) root = rapport_rt_test_request ("GET", path, NULL, SOUP_STATUS_OK, NULL);
    JsonArray *links = json_object_get_array_member (json_node_get_object (root),
                                                     "_hyperlinks");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (links); i++)
      {
        JsonObject *link = json_array_get_object_element (links, i);

        if (g_strcmp0 (json_object_get_string_member_with_default (link, "ref", ""),
                       "referred-to-by") == 0 &&
            g_strcmp0 (json_object_get_string_member_with_default (link, "id", ""),
                       ticket_id) == 0)
          found = TRUE;
      }
    g_assert_true (found);
  }

  /* An article that does not exist. */
  g_assert_false (link_article (linker, world.ticket, "9999", &error));
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
}

static void
on_sync_finished_cb (RapportWorkspace *workspace,
                     const GError     *error,
                     gpointer          user_data)
{
  guint *n_finished = user_data;

  g_assert_no_error (error);
  (*n_finished)++;
}

/* The account's stored candidate with remote id @remote_id, or NULL. */
static RapportCandidate *
stored_candidate (RapportStore *store,
                  gint64        account_id,
                  const char   *remote_id)
{
  g_autoptr(GPtrArray) candidates = rapport_store_list_candidates (store, NULL);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    if (rapport_candidate_get_account_id (candidates->pdata[i]) == account_id &&
        g_strcmp0 (rapport_candidate_get_remote_id (candidates->pdata[i]), remote_id) == 0)
      return g_object_ref (candidates->pdata[i]);
  return NULL;
}

static gboolean
ops_pending (RapportStore *store,
             gint64        ticket_id)
{
  g_autoptr(GPtrArray) ops = rapport_outbox_list_ops (store, ticket_id, NULL, NULL);

  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      RapportOutboxOp *op = ops->pdata[i];

      g_assert_cmpint (op->state, !=, RAPPORT_OUTBOX_STATE_FAILED);
      if (op->state != RAPPORT_OUTBOX_STATE_DONE)
        return TRUE;
    }
  return FALSE;
}

static void
test_reply_with_article (void)
{
  const char *text = "Hi Omar, refunds reach your card within 5 working days.";
  g_autofree char *dir = g_dir_make_tmp ("rapport-rt-articles-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(RapportStore) store = rapport_store_new (db);
  g_autoptr(RapportProvider) provider = sam_provider ();
  g_autoptr(RapportWorkspace) workspace = NULL;
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(RapportRtServerTicket) on_server = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) linked = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket;
  gint64 deadline;
  guint n_finished = 0;
  gboolean replied = FALSE;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  rapport_provider_whoami_async (provider, NULL, rapport_rt_test_on_result_cb, &result);
  account = rapport_provider_whoami_finish (provider, rapport_rt_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);

  /* The first pull brings the tickets, then the articles. */
  workspace = rapport_workspace_new (store, account, provider);
  g_signal_connect (workspace, "sync-finished", G_CALLBACK (on_sync_finished_cb), &n_finished);
  rapport_workspace_set_sync_interval (workspace, 3600);
  rapport_workspace_start (workspace);
  deadline = g_get_monotonic_time () + RAPPORT_RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  while (article == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      if (n_finished > 0)
        article = stored_candidate (store, rapport_account_get_id (account), world.refund_id);
    }
  g_assert_cmpint (rapport_candidate_get_kind (article), ==, RAPPORT_CANDIDATE_ARTICLE);

  tickets = rapport_rt_test_stored_tickets (store, rapport_account_get_id (account));
  ticket = rapport_rt_test_find_ticket (tickets, world.other_ticket);
  g_assert_nonnull (ticket);

  /* The agent inserts the article and sends. */
  session = rapport_ticket_session_new (workspace, ticket);
  rapport_ticket_session_use_candidate (session, article);
  g_clear_object (&result);
  rapport_ticket_session_enqueue_message_async (session, RAPPORT_VISIBILITY_PUBLIC, text, 0,
                                                NULL, rapport_rt_test_on_result_cb, &result);
  reply = rapport_ticket_session_enqueue_message_finish (session,
                                                         rapport_rt_test_wait_for (&result),
                                                         &error);
  g_assert_no_error (error);

  /* The reply, then the link (queued just after it); both done. */
  deadline = g_get_monotonic_time () + RAPPORT_RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  for (gint64 next_check = 0;;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_get_monotonic_time () >= next_check)
        {
          next_check = g_get_monotonic_time () + 250000;
          g_clear_pointer (&linked, g_ptr_array_unref);
          linked = links_of (world.other_ticket, "refers-to", "article");
          if (linked->len > 0 && !ops_pending (store, rapport_ticket_get_id (ticket)))
            break;
        }
      g_usleep (10000);
    }
  g_assert_cmpuint (linked->len, ==, 1);
  g_assert_cmpstr (linked->pdata[0], ==, world.refund_id);

  on_server = rapport_rt_test_read_ticket (world.other_ticket);
  for (guint i = 0; i < on_server->bodies->len; i++)
    if (g_strcmp0 (on_server->types->pdata[i], "Correspond") == 0 &&
        strstr (on_server->bodies->pdata[i], "refunds reach your card") != NULL)
      replied = TRUE;
  g_assert_true (replied);

  rapport_workspace_stop (workspace);
  g_clear_object (&session);
  g_clear_object (&workspace);
  rapport_store_close (store);
  rapport_rt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/integration/rt-articles/articles", test_articles);
  g_test_add_func ("/rapport/integration/rt-articles/reply-with-article",
                   test_reply_with_article);

  rapport_rt_test_start_server ();
  seed ();
  status = g_test_run ();
  rapport_rt_test_stop_server ();
  g_free (world.refund_id);
  g_free (world.hello_id);

  return status;
}
