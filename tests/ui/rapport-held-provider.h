/* rapport-held-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-provider.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

/* A helpdesk whose pulls wait until the test answers them, for widgets that show how a sync
 * goes: each pull_changes() call waits, oldest first, for a page or an error from the test.
 * It has no write side. */
#define RAPPORT_TYPE_HELD_PROVIDER (rapport_held_provider_get_type ())
G_DECLARE_FINAL_TYPE (RapportHeldProvider, rapport_held_provider, RAPPORT, HELD_PROVIDER, GObject)

RapportProvider     *rapport_held_provider_new           (void);
guint                rapport_held_provider_get_n_waiting (RapportHeldProvider  *self);
/* Iterates the main context until a pull waits; fails the test after 5 s. */
void                 rapport_held_provider_wait_for_pull (RapportHeldProvider  *self);
/* Answers the oldest waiting pull with a page of @n_customers new customers, claiming
 * @total_hint records still to send from this page on, with more to come if @has_more. */
void                 rapport_held_provider_answer_page   (RapportHeldProvider  *self,
                                                          guint                 n_customers,
                                                          guint64               total_hint,
                                                          gboolean              has_more);
/* Answers the oldest waiting pull with the RapportProviderError @code. */
void                 rapport_held_provider_answer_error  (RapportHeldProvider  *self,
                                                          RapportProviderError  code);
/* Answers the oldest waiting pull with a copy of @error. */
void                 rapport_held_provider_answer_gerror (RapportHeldProvider  *self,
                                                          const GError         *error);
/* Answers every waiting pull with G_IO_ERROR_CANCELLED (after the workspace stopped). */
void                 rapport_held_provider_cancel_all    (RapportHeldProvider  *self);

/* A workspace (not started) over a held provider, for a new store in @dir with one account,
 * "Helpdesk Test", never synced. */
RapportWorkspace    *rapport_held_workspace_new          (const char           *dir);
RapportHeldProvider *rapport_held_workspace_get_provider (RapportWorkspace     *workspace);
/* Stops *@workspace, answers its waiting pulls, drops the caller's reference and waits until
 * the workspace, its provider and its store are finalized. */
void                 rapport_held_workspace_release      (RapportWorkspace    **workspace);

G_END_DECLS
