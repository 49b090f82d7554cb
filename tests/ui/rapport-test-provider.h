/* rapport-test-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"

G_BEGIN_DECLS

/* A scripted helpdesk for widget tests. Answers come back on the main context after a few
 * milliseconds, never at once.
 *   pull_changes(): the next page pushed with rapport_test_provider_push_page(), else an empty
 *     page;
 *   post_message(): fails with the next scripted fault, if any, else records the message as a
 *     server would (remote id "T-<n>", author the user given at construction, created now);
 *   fetch_ticket_history(): the messages posted to the ticket;
 *   update_ticket(): fails with the next scripted fault, if any, else returns a ticket with
 *     the remote id and the changed fields only.
 * Its capabilities: WRITES and PENDING_STATUS (an update reads back what it set).
 * The read-only variant has no write side (rapport_provider_can_write() is FALSE), and of the
 * capabilities only PENDING_STATUS. */
#define RAPPORT_TYPE_TEST_PROVIDER (rapport_test_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportTestProvider, rapport_test_provider, RAPPORT, TEST_PROVIDER, GObject)

#define RAPPORT_TYPE_TEST_READ_ONLY_PROVIDER (rapport_test_read_only_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportTestReadOnlyProvider, rapport_test_read_only_provider,
                      RAPPORT, TEST_READ_ONLY_PROVIDER, GObject)

RapportProvider *rapport_test_provider_new           (const char          *user_remote_id,
                                                      const char          *user_name);
RapportProvider *rapport_test_read_only_provider_new (void);

/* The next pull returns @page (transfer full). */
void             rapport_test_provider_push_page     (RapportTestProvider *self,
                                                      RapportSyncPage     *page);
/* The next write fails with @code (a RapportProviderError). */
void             rapport_test_provider_push_fault    (RapportTestProvider *self,
                                                      RapportProviderError code);
guint            rapport_test_provider_get_n_posts   (RapportTestProvider *self);
guint            rapport_test_provider_get_n_pulls   (RapportTestProvider *self);
/* The bodies of the messages posted successfully, in order. */
GPtrArray       *rapport_test_provider_get_posted    (RapportTestProvider *self);

G_END_DECLS
