/* rapport-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACCOUNT (rapport_account_get_type ())
G_DECLARE_FINAL_TYPE (RapportAccount, rapport_account, RAPPORT, ACCOUNT, GObject)

/* A helpdesk account. The API token is never a property of this object: it lives in
 * libsecret, keyed by the account id.
 *
 * Properties: "id" int64 (local, 0 until stored), "provider-kind" ("demo", "rt", "zendesk"),
 *   "base-url" (NULL for demo), "display-name", "user-remote-id" (the signed-in agent's
 *   id on the backend; "My open" means assigned to this id), "user-name", "role"
 *   ("agent", "senior", "supervisor"). */
RapportAccount *rapport_account_new                (const char     *provider_kind,
                                                    const char     *base_url,
                                                    const char     *display_name);
gint64          rapport_account_get_id             (RapportAccount *self);
void            rapport_account_set_id             (RapportAccount *self,
                                                    gint64          id);
const char     *rapport_account_get_provider_kind  (RapportAccount *self);
const char     *rapport_account_get_base_url       (RapportAccount *self);
const char     *rapport_account_get_display_name   (RapportAccount *self);
const char     *rapport_account_get_user_remote_id (RapportAccount *self);
void            rapport_account_set_user_remote_id (RapportAccount *self,
                                                    const char     *remote_id);
const char     *rapport_account_get_user_name      (RapportAccount *self);
void            rapport_account_set_user_name      (RapportAccount *self,
                                                    const char     *name);
const char     *rapport_account_get_role           (RapportAccount *self);
void            rapport_account_set_role           (RapportAccount *self,
                                                    const char     *role);

/* Whether @self and @other are the same user on the same helpdesk: the same provider kind,
 * base URL and user remote id (their local ids, names and roles may differ). */
gboolean        rapport_account_same_remote        (RapportAccount *self,
                                                    RapportAccount *other);

G_END_DECLS
