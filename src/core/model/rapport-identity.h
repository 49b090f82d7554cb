/* rapport-identity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IDENTITY (rapport_identity_get_type ())
G_DECLARE_FINAL_TYPE (RapportIdentity, rapport_identity, RAPPORT, IDENTITY, GObject)

/* One way to reach a customer: an email address, a phone number, a chat handle or a
 * social handle. @address is what the backend gave; the normalized form is what links
 * identities of the same person (see rapport_identity_normalize()).
 *
 * Properties: "id" (int64, local row id, 0 when not stored), "channel", "address",
 * "normalized" (read-only, computed), "customer-id" (int64). */
RapportIdentity *rapport_identity_new            (RapportChannel   channel,
                                                  const char      *address);
gint64           rapport_identity_get_id          (RapportIdentity *self);
void             rapport_identity_set_id          (RapportIdentity *self,
                                                   gint64           id);
gint64           rapport_identity_get_customer_id (RapportIdentity *self);
void             rapport_identity_set_customer_id (RapportIdentity *self,
                                                   gint64           customer_id);
RapportChannel   rapport_identity_get_channel     (RapportIdentity *self);
const char      *rapport_identity_get_address     (RapportIdentity *self);
/* NULL when the address cannot be normalized (empty, or a phone number without country code). */
const char      *rapport_identity_get_normalized  (RapportIdentity *self);

/* Normalization rules (pure function, thread-safe):
 * - email: trimmed, lower-cased; must contain exactly one '@' with text on both sides, else NULL.
 * - phone: E.164: '+' followed by 8–15 digits. Spaces, dots, dashes, parentheses are dropped;
 *   a leading "00" becomes '+'. A number without '+'/"00" prefix returns NULL (no guessing of
 *   the country).
 * - chat, social: trimmed, lower-cased, one leading '@' dropped; NULL when empty.
 * - web: trimmed, lower-cased.
 * Identities link across channels only through email and phone; the "link key" of an
 * identity is "<channel>:<normalized>". */
char            *rapport_identity_normalize       (RapportChannel   channel,
                                                   const char      *address);

G_END_DECLS
