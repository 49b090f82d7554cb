/* rapport-identity-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-identity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IDENTITY_ROW (rapport_identity_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportIdentityRow, rapport_identity_row, RAPPORT, IDENTITY_ROW, GtkListBoxRow)

/* One way to reach the customer: channel icon, address, channel name. */
GtkWidget       *rapport_identity_row_new          (RapportIdentity    *identity);
/* Shows @identity instead (a row kept for another customer's identity). */
void             rapport_identity_row_set_identity (RapportIdentityRow *self,
                                                    RapportIdentity    *identity);
RapportIdentity *rapport_identity_row_get_identity (RapportIdentityRow *self);

G_END_DECLS
