/* rapport-secrets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsecret/secret.h>

#include "rapport-account.h"

G_BEGIN_DECLS

/* API tokens in the user's keyring, through libsecret: the Secret Service (GNOME Keyring,
 * KWallet …) on the host; inside Flatpak, libsecret's file backend, whose key comes from the
 * Secret portal. Tokens are never written anywhere else (not SQLite, not GSettings, not logs).
 *
 * Schema "io.github.rapportdesk.Rapport.Token" (the same for development builds), in the
 * default collection, one token per account. The attributes, all strings, and where each
 * comes from:
 *
 *   "kind"  rapport_account_get_provider_kind ()   "rt"
 *   "url"   rapport_account_get_base_url ()        the normalized web address the connection
 *                                                  check returned: scheme, host, port when
 *                                                  not the default, path; no trailing slash,
 *                                                  no "/REST/2.0" ("https://rt.example.com",
 *                                                  "https://example.com/rt")
 *   "user"  rapport_account_get_user_remote_id ()  the signed-in user's id on the backend (for
 *                                                  RT its user Name, "sam.agent")
 *
 * A lookup uses all three, so an account finds its token again by its stored kind, base URL
 * and user remote id (its local id is not known when the token is stored). Storing again
 * with the same three replaces the token. The item's label (shown by Seahorse) is
 * "Rapport: <user> at <url>".
 *
 * Errors are libsecret's and D-Bus's (no keyring service, a locked keyring whose unlock prompt
 * was dismissed …), or G_IO_ERROR_INVALID_ARGUMENT for an account without a base URL or user
 * remote id (the demo account has no token). */
#define RAPPORT_SECRETS_SCHEMA_NAME "io.github.rapportdesk.Rapport.Token"

const SecretSchema *rapport_secrets_get_schema          (void);

/* The finish function reports what the keyring did, even after @cancellable fired: TRUE means
 * the token is stored. */
void                rapport_secrets_store_token_async   (RapportAccount       *account,
                                                         const char           *token,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            rapport_secrets_store_token_finish  (GAsyncResult         *result,
                                                         GError              **error);

/* Stores @token as @account's new token, then deletes every other item of the account's
 * attributes as rapport_secrets_clear_token_async() does (an old token the store did not
 * replace, kept in another collection, locked or not): no copy of the old token is left in
 * the keyring. Like the store, the finish function reports what the
 * keyring did even after @cancellable fired: TRUE means the new token is stored and the old
 * one gone; an error after the store leaves the new token stored. @stored (may be %NULL) says
 * whether the new token is stored, with or without an error. */
void                rapport_secrets_replace_token_async  (RapportAccount       *account,
                                                          const char           *token,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean            rapport_secrets_replace_token_finish (GAsyncResult         *result,
                                                          gboolean             *stored,
                                                          GError              **error);

/* Finishes with the token (free it with rapport_secrets_token_free(), which wipes it), or
 * %NULL and no error when the keyring holds none for @account. */
void                rapport_secrets_lookup_token_async  (RapportAccount       *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char               *rapport_secrets_lookup_token_finish (GAsyncResult         *result,
                                                         GError              **error);

/* Removes @account's token: every item of the account's attributes, in every collection,
 * the locked ones unlocked first (which may ask the user; an item whose unlock was refused
 * stays, and its deletion's error is reported). The finish function returns whether there
 * was one: %FALSE with @error set on failure, %FALSE without it when the keyring held none. */
void                rapport_secrets_clear_token_async   (RapportAccount       *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            rapport_secrets_clear_token_finish  (GAsyncResult         *result,
                                                         GError              **error);

/* Overwrites a token from rapport_secrets_lookup_token_finish() with zeros, then frees it.
 * %NULL is allowed. */
void                rapport_secrets_token_free          (char                 *token);

G_END_DECLS
